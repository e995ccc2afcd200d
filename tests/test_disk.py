"""Issue 10, item 6: when the machine says no — a full disk, a read-only disk, a folder
this user may not write — the build says so plainly, naming the folder and what to do,
and site/ is as it was; never "failed unexpectedly".

The disks are real: each test runs the build in its own mount namespace (`unshare`), with
a tiny tmpfs or a read-only bind mount that no other process sees and that ends with it.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import policysite.output.emit
from tests.errors_support import TODAY, make_project, run, staging_leftovers, tree_hash

REPO = Path(__file__).resolve().parent.parent
BUILD = f'"{sys.executable}" "{REPO / "build.py"}" --today {TODAY}'
HASH = (
    f'"{sys.executable}" -c "import json, sys, pathlib; from tests.errors_support import tree_hash; '
    f'print(json.dumps(tree_hash(pathlib.Path(sys.argv[1]))))"'
)


def in_namespace(script: str, mount: bool = True) -> subprocess.CompletedProcess:
    """Run a shell script as root of a new user (and mount) namespace."""
    command = ["unshare", "--map-root-user", *(["--mount"] if mount else []), "sh", "-euc", script]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, cwd=REPO, timeout=600, env={**os.environ, "PYTHONPATH": str(REPO)}
        )
    except FileNotFoundError:
        pytest.skip("no `unshare` here (util-linux): can't make a private disk for this test")
    if done.returncode and "unshare failed" in done.stderr:
        pytest.skip(f"this machine allows no user namespaces: {done.stderr.strip()}")
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_a_full_disk_is_a_plain_message_and_the_site_is_as_it_was(tmp_path):
    project = make_project(tmp_path / "project", {"second-school": "name: Second School\n"})
    assert run(project, "build", site=tmp_path / "prebuilt")[0] == 0
    for school in (project / "schools").glob("*.yml"):  # so that nothing can be reused
        school.write_text(f"name: Renamed {school.stem}\n", encoding="utf-8")
    disk, out = tmp_path / "disk", tmp_path / "out"
    disk.mkdir(), out.mkdir()
    in_namespace(f'''
        mount -t tmpfs -o size=64m tmpfs "{disk}"
        cp -a "{tmp_path / "prebuilt"}" "{disk}/site"
        used=$(df -k --output=used "{disk}" | tail -n 1)
        # room for a quarter of a site more: the new site, written beside the old, can't fit
        mount -o remount,size=$((used + used / 4 + 64))k tmpfs "{disk}"
        {HASH} "{disk}/site" > "{out}/before.json"
        set +e
        {BUILD} --root "{project}" --site-dir "{disk}/site" --jobs 2 > "{out}/stdout" 2> "{out}/stderr"
        echo $? > "{out}/code"
        set -e
        {HASH} "{disk}/site" > "{out}/after.json"
        ls -A "{disk}" > "{out}/beside"
    ''')
    err = (out / "stderr").read_text(encoding="utf-8")
    assert (out / "code").read_text().strip() == "1", err
    last = err.strip().splitlines()[-1]
    assert last.startswith(f"The disk holding {disk} is full"), err
    assert f"{disk}/site is as it was" in last and "Free some space" in last
    assert f"could not write a file ({disk}/.site-build-" in last  # where it was writing, not what it read
    assert "unexpectedly" not in err and "Traceback" not in err
    assert json.loads((out / "after.json").read_text()) == json.loads((out / "before.json").read_text())
    assert (out / "beside").read_text().split() == [".site-build.lock", "site"]  # no staging left


def test_a_read_only_project_refuses_its_site_folder_and_builds_elsewhere(tmp_path):
    """The default site/ is in the project: refused (exit 2) before anything is done. With
    --site-dir elsewhere the build works: it writes nothing into the project."""
    project = make_project(tmp_path / "project")
    out = tmp_path / "out"
    out.mkdir()
    in_namespace(f'''
        mount --bind "{project}" "{project}"
        mount -o remount,bind,ro "{project}"
        set +e
        {BUILD} --root "{project}" > /dev/null 2> "{out}/refused.err"
        echo $? > "{out}/refused.code"
        {BUILD} --root "{project}" --site-dir "{out}/site" > /dev/null 2> "{out}/elsewhere.err"
        echo $? > "{out}/elsewhere.code"
    ''')
    refused = (out / "refused.err").read_text(encoding="utf-8")
    assert (out / "refused.code").read_text().strip() == "2", refused
    assert refused.strip() == (
        f"Not building into {project}/site: {project} is on a read-only file system. "
        "Give --site-dir a folder you can write to. Nothing was written."
    )
    elsewhere = (out / "elsewhere.err").read_text(encoding="utf-8")
    assert (out / "elsewhere.code").read_text().strip() == "0", elsewhere
    assert (out / "site" / "index.html").is_file()


def test_a_folder_this_user_may_not_write_is_refused(tmp_path):
    """Root may write anywhere, so as root the folder belongs to a user the build's user
    namespace does not map, which its root has no rights over (a real EACCES)."""
    project = make_project(tmp_path / "project")
    locked, out = tmp_path / "locked", tmp_path / "out"
    locked.mkdir(mode=0o755), out.mkdir()
    command = (
        f'{BUILD} --root "{project}" --site-dir "{locked}/site" > /dev/null 2> "{out}/err"; echo $? > "{out}/code"'
    )
    if os.geteuid() == 0:
        os.chown(locked, 12345, 12345)
        in_namespace(f"set +e\n{command}", mount=False)
    else:
        locked.chmod(0o555)
        subprocess.run(["sh", "-c", command], check=True, cwd=REPO)
    err = (out / "err").read_text(encoding="utf-8")
    assert (out / "code").read_text().strip() == "2", err
    assert err.strip() == (
        f"Not building into {locked}/site: {locked} is not writable by this user. "
        "Give --site-dir a folder you can write to. Nothing was written."
    )
    assert list(locked.iterdir()) == []


def test_a_site_folder_that_is_a_mount_point_is_refused(tmp_path):
    """A container's volume mounted as site/: a build swaps sites by renaming folders, and
    a mount point can't be renamed (EBUSY, exit 3 before); refused at once instead."""
    project = make_project(tmp_path / "project")
    volume, out = tmp_path / "volume", tmp_path / "out"
    volume.mkdir(), out.mkdir(), (project / "site").mkdir()
    in_namespace(f'''
        mount --bind "{volume}" "{project}/site"
        set +e
        {BUILD} --root "{project}" > /dev/null 2> "{out}/err"
        echo $? > "{out}/code"
    ''')
    err = (out / "err").read_text(encoding="utf-8")
    assert (out / "code").read_text().strip() == "2", err
    assert "it is a mount point" in err and "Mount the folder that holds it instead" in err
    assert err.strip().count("\n") == 0
    assert list(volume.iterdir()) == [] and sorted(p.name for p in project.iterdir()) == [
        "content",
        "mkdocs.yml",
        "schools",
        "site",
        "templates",
    ]


@pytest.mark.parametrize(
    "number, says, todo",
    [
        (errno.EROFS, "the disk is read-only", "Give --site-dir a folder on a writable disk"),
        (errno.EACCES, "was not allowed to use", "Give this user the rights it needs there"),
        (errno.EPERM, "was not allowed to use", "Give this user the rights it needs there"),
        (errno.EDQUOT, "is full", "Free some space"),
    ],
)
def test_a_write_refused_part_way_is_exit_1_and_leaves_the_site(tmp_path, monkeypatch, number, says, todo):
    """The message and exit code only: the folder checks above refuse these before a build
    starts, so during a build they come from a disk changed under it, which no test here
    can time without guessing. So the error is raised where a real build publishes, as
    the kernel would raise it there, wrapped as mkdocs wraps its own."""
    project = make_project(tmp_path / "project")
    assert run(project, "build", "--no-pdf")[0] == 0
    before = tree_hash(project / "site")
    target = project / "site"

    def refused(staging_site, site_dir):
        try:
            raise OSError(number, os.strerror(number), str(target))
        except OSError as exc:
            raise RuntimeError("Error building page") from exc

    monkeypatch.setattr(policysite.output.emit, "publish", refused)
    (project / "schools" / "good-school.yml").write_text("name: Renamed School\n", encoding="utf-8")
    code, _, err = run(project, "build", "--no-pdf")
    assert code == 1, err
    last = err.strip().splitlines()[-1]
    assert says in last and todo in last and str(target) in last and f"{target} is as it was" in last
    assert "unexpectedly" not in err
    assert tree_hash(project / "site") == before
    assert staging_leftovers(project / "site") == []
