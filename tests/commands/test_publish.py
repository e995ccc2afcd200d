"""`build.py publish --to DIR`: the last good site/ copied to a folder, with real builds and
real folders. Only what changed is written (an unchanged file keeps its inode and date),
what the site no longer has is removed, and a folder that is not empty or an earlier copy,
or that stands in the project or the site, is refused (exit 2) with nothing written."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from policysite.commands.publish import SCRATCH
from policysite.output.incremental import MANIFEST

from ..errors_support import make_project, run, tree_hash
from ..helpers import ROOT
from ..test_disk import BUILD, in_namespace

SUMMARY = re.compile(r"^Published (\S+) to (\S+): (\d+) file\(s\) copied, (\d+) removed, (\d+) unchanged\.$")


@pytest.fixture
def project(tmp_path) -> Path:
    """The small fixture project with two schools, its site built (web pages only: a
    publish copies whatever files the build wrote)."""
    project = make_project(tmp_path / "project", {"second-school": "name: Second School\n"})
    assert build(project) == 0
    return project


def build(project: Path) -> int:
    code, _, err = run(project, "build", "--no-pdf")
    assert code == 0, err
    return code


def publish(project: Path, to: Path, site: Path | None = None) -> tuple[int, str, str]:
    return run(project, "publish", "--to", str(to), site=site)


def counts(out: str) -> tuple[int, int, int]:
    found = SUMMARY.match(out.strip())
    assert found, out
    return int(found[3]), int(found[4]), int(found[5])


def files_of(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's (inode, modification time): what a rewrite changes and a skip keeps."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def site_files(project: Path) -> int:
    return sum(1 for p in (project / "site").rglob("*") if p.is_file() and p.name != MANIFEST)


def test_first_publish_copies_the_whole_site(project, tmp_path):
    code, out, err = publish(project, tmp_path / "share")
    assert code == 0, err
    assert counts(out) == (site_files(project), 0, 0)
    assert out.startswith(f"Published site/ to {tmp_path / 'share'}: ")
    assert tree_hash(tmp_path / "share") == tree_hash(project / "site")


def test_an_empty_folder_is_published_into(project, tmp_path):
    (tmp_path / "share").mkdir()
    assert publish(project, tmp_path / "share")[0] == 0
    assert tree_hash(tmp_path / "share") == tree_hash(project / "site")


def test_a_second_publish_writes_only_the_files_that_changed(project, tmp_path):
    share = tmp_path / "share"
    assert publish(project, share)[0] == 0
    before_site, before_share = tree_hash(project / "site"), files_of(share)
    (project / "schools" / "second-school.yml").write_text("name: Second Renamed School\n", encoding="utf-8")
    build(project)
    after_site = tree_hash(project / "site")
    changed = {name for name, digest in after_site.items() if digest != "<dir>" and before_site.get(name) != digest}
    assert changed and "good-school/social-media/index.html" not in changed  # one school's pages changed
    changed.discard(MANIFEST)

    code, out, err = publish(project, share)
    assert code == 0, err
    assert counts(out) == (len(changed), 0, site_files(project) - len(changed))
    after_share = files_of(share)
    kept = {name for name in before_share if name not in changed and name != MANIFEST}
    assert kept and {name: after_share[name] for name in kept} == {name: before_share[name] for name in kept}
    assert all(after_share[name] != before_share.get(name) for name in changed)
    assert tree_hash(share) == after_site


def test_files_the_site_no_longer_has_are_removed(project, tmp_path):
    share = tmp_path / "share"
    assert publish(project, share)[0] == 0
    gone = [p for p in (share / "second-school").rglob("*") if p.is_file()]
    (project / "schools" / "second-school.yml").unlink()
    build(project)
    code, out, err = publish(project, share)
    assert code == 0, err
    assert counts(out)[1] == len(gone) > 0
    assert not (share / "second-school").exists()
    assert tree_hash(share) == tree_hash(project / "site")


def test_a_publish_again_with_nothing_changed_touches_nothing(project, tmp_path):
    share = tmp_path / "share"
    assert publish(project, share)[0] == 0
    before = files_of(share)
    code, out, _ = publish(project, share)
    assert (code, counts(out)) == (0, (0, 0, site_files(project)))
    assert files_of(share) == before


def test_a_link_inside_an_earlier_copy_is_replaced_not_followed(project, tmp_path):
    """A listed folder of the copy turned into a link to another folder: publishing puts a
    real folder back and writes nothing through the link."""
    share, elsewhere = tmp_path / "share", tmp_path / "elsewhere"
    assert publish(project, share)[0] == 0
    shutil.copytree(share / "second-school", elsewhere)
    shutil.rmtree(share / "second-school")
    (share / "second-school").symlink_to(elsewhere, target_is_directory=True)
    untouched = files_of(elsewhere)
    code, _out, err = publish(project, share)
    assert code == 0, err
    assert not (share / "second-school").is_symlink() and files_of(elsewhere) == untouched
    assert tree_hash(share) == tree_hash(project / "site")


def _foreign_folder(project: Path, share: Path) -> Path:
    share.mkdir()
    (share / "index.html").write_text("the school's old website\n", encoding="utf-8")
    return share


def _a_file(project: Path, share: Path) -> Path:
    share.write_text("not a folder\n", encoding="utf-8")
    return share


def _a_link(project: Path, share: Path) -> Path:
    (share.parent / "real").mkdir()
    share.symlink_to(share.parent / "real", target_is_directory=True)
    return share


def _gained_a_file(project: Path, share: Path) -> Path:
    assert publish(project, share)[0] == 0
    (share / "minutes").mkdir()
    (share / "minutes" / "2025.pdf").write_bytes(b"%PDF- not ours\n")
    return share


def _unlisted_manifest(project: Path, share: Path) -> Path:
    """A manifest that lists no files can't tell an earlier copy from a folder of files."""
    _foreign_folder(project, share)
    (share / MANIFEST).write_text("{}\n", encoding="utf-8")
    return share


def _no_parent(project: Path, share: Path) -> Path:
    return share / "not-mounted" / "policies"


REFUSED = {
    "a folder of other files": (_foreign_folder, "it holds files an earlier publish did not write"),
    "a file": (_a_file, "it is a file, not a folder, and publishing would delete it."),
    "a symbolic link": (_a_link, "it is a symbolic link (to "),
    "an earlier copy that gained files since": (
        _gained_a_file,
        "it is an earlier site with files added since policysite wrote it (minutes), and publishing replaces",
    ),
    "a manifest listing no files": (_unlisted_manifest, "it holds files an earlier publish did not write"),
    "inside the project": (lambda project, share: project / "public", "it is inside the project folder ("),
    "the project": (lambda project, share: project, "it is the project folder ("),
    "inside site/": (lambda project, share: project / "site" / "copy", "it is inside the site folder ("),
    "site/ itself": (lambda project, share: project / "site", "it is the site folder ("),
    "a folder that holds the project": (lambda project, share: project.parent, "it holds the site folder ("),
    "a folder whose parent is missing": (_no_parent, "does not exist. Check the path (is the share mounted?)"),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_a_folder_publish_may_not_replace_is_refused_and_nothing_is_written(project, tmp_path, case):
    make, says = REFUSED[case]
    to = make(project, tmp_path / "share")
    before = tree_hash(tmp_path)
    code, out, err = publish(project, to)
    assert code == 2, err
    assert err.startswith(f"Not publishing to {to}: ") and says in err, err
    assert err.rstrip().endswith("Nothing was written.") and err.count("\n") == 1 and out == ""
    assert tree_hash(tmp_path) == before


def test_a_site_outside_the_project_inside_the_folder_is_refused(tmp_path):
    project = make_project(tmp_path / "project")
    site = tmp_path / "web" / "site"
    assert run(project, "build", "--no-pdf", site=site)[0] == 0
    code, _, err = publish(project, tmp_path / "web", site=site)
    assert code == 2 and f"it holds the site folder ({site})" in err, err


@pytest.mark.parametrize("state", ["never built", "an empty folder", "a folder no build finished"])
def test_no_finished_build_is_refused_with_make_site_as_the_way_on(tmp_path, state):
    project = make_project(tmp_path / "project")
    if state != "never built":
        (project / "site").mkdir()
    if state == "a folder no build finished":
        (project / "site" / "index.html").write_text("half\n", encoding="utf-8")
    code, _, err = publish(project, tmp_path / "share")
    assert code == 2, err
    assert err.strip() == (
        f"Not publishing to {tmp_path / 'share'}: there is no finished build in site/ to copy. "
        "Run make site (or python build.py) first, then publish. Nothing was written."
    )
    assert not (tmp_path / "share").exists()


def test_a_site_changed_since_its_build_is_a_located_problem(project, tmp_path):
    """Files added to or gone from site/ since its build: not the site a build checked."""
    (project / "site" / "notes.txt").write_text("mine\n", encoding="utf-8")
    (project / "site" / "good-school" / "social-media" / "index.html").unlink()
    code, out, err = publish(project, tmp_path / "share")
    assert code == 1 and out == "", err
    assert "site/notes.txt: error: added since the build that wrote site/." in err
    assert "site/good-school/social-media/index.html: error: missing, but its build wrote it." in err
    assert "hint: Build again (make site), then publish" in err
    assert err.rstrip().endswith("Stopped: 2 problem(s). Nothing was written.")
    assert not (tmp_path / "share").exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [(["publish"], "publish needs --to DIR"), (["build", "--to", "x"], "--to is for publish")],
)
def test_to_belongs_to_publish_and_publish_needs_it(tmp_path, args, says):
    code, _, err = run(make_project(tmp_path / "project"), *args)
    assert code == 2 and says in err, err


def test_a_publish_stopped_by_a_full_share_is_finished_by_the_next(project, tmp_path):
    """A real full disk (a tiny tmpfs mounted as the share, in a namespace of its own) stops
    the first publish part-way (exit 1, naming the file); the copy left is recognised as an
    earlier one, and the next publish, with room, makes it the site."""
    share, out = tmp_path / "share", tmp_path / "out"
    share.mkdir(), out.mkdir()
    publish_command = f'{BUILD} publish --root "{project}" --to "{share}"'
    in_namespace(f'''
        mount -t tmpfs -o size=64k tmpfs "{share}"
        set +e
        {publish_command} > "{out}/first.out" 2> "{out}/first.err"
        echo $? > "{out}/first.code"
        set -e
        ls -A "{share}" > "{out}/partial"
        cat "{share}/{MANIFEST}" > "{out}/partial-manifest"
        mount -o remount,size=64m tmpfs "{share}"
        {publish_command} > "{out}/second.out" 2> "{out}/second.err"
        cp -a "{share}" "{out}/copy"
    ''')
    first = (out / "first.err").read_text(encoding="utf-8")
    assert (out / "first.code").read_text().strip() == "1", first
    assert re.search(
        rf"^{re.escape(str(share))}/\S+: error: could not write it: No space left on device\.$", first, re.M
    )
    assert SCRATCH not in first and first.rstrip().endswith(f"{share} holds part of the new site: publish again.")
    assert json.loads((out / "partial-manifest").read_text())["unfinished"] is True
    assert len((out / "partial").read_text().split()) > 1  # part of the site was written
    second = (out / "second.err").read_text(encoding="utf-8")
    assert "The last publish to" in second and "was stopped part-way: this one finishes it." in second
    assert SUMMARY.match((out / "second.out").read_text().strip())
    assert tree_hash(out / "copy") == tree_hash(project / "site")


def test_the_docs_show_publish_as_it_prints():
    """leads-tools.md's sample run of a publish has the real summary's words (its numbers
    are a site's); the refusal beside it is rerun by test_docs."""
    section = (ROOT / "docs" / "leads-tools.md").read_text(encoding="utf-8").split("## Publishing", 1)[1]
    sample = [line for line in section.splitlines() if line.startswith("Published ")]
    assert sample and all(SUMMARY.match(line) for line in sample), sample
    assert "$ python build.py publish --to" in section
