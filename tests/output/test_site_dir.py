"""Issue 10, item 4: a build writes only into a site folder it may replace — absent, empty,
or a site an earlier build wrote — and refuses anything else with exit 2 and one plain
paragraph, before it touches anything; what it clears beside the site is only its own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import policysite.output.emit
import policysite.output.mkdocs_run
import policysite.system
from policysite.output import guard
from policysite.output.incremental import MANIFEST
from policysite.output.pipeline import build

from ..errors_support import TEMPLATES, make_project, run, staging_leftovers, tree_hash
from ..helpers import options


def snapshot(folder: Path) -> tuple[dict, dict]:
    """Every file's bytes and every folder (tree_hash), and where every link points."""
    links = {str(p.relative_to(folder)): os.readlink(p) for p in folder.rglob("*") if p.is_symlink()}
    return tree_hash(folder), links


@pytest.fixture
def project(tmp_path) -> Path:
    """A project with real (copied) templates and a git repository, beside a folder `elsewhere`."""
    project = make_project(tmp_path / "project")
    (project / "templates").unlink()
    shutil.copytree(TEMPLATES, project / "templates")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    (tmp_path / "elsewhere").mkdir()
    return project


def _parent_link_into_schools(project: Path) -> str:
    (project / "out").symlink_to(project / "schools", target_is_directory=True)
    return "out/site"


def _symlinked_site(project: Path) -> str:
    (project.parent / "elsewhere" / "real-site").mkdir()
    (project / "site").symlink_to(project.parent / "elsewhere" / "real-site", target_is_directory=True)
    return "site"


def _file(project: Path) -> str:
    (project / "site").write_text("not a folder\n", encoding="utf-8")
    return "site"


def _other_files(project: Path) -> str:
    (project.parent / "elsewhere" / "notes.txt").write_text("mine\n", encoding="utf-8")
    return str(project.parent / "elsewhere")


def _planted_manifest_in_project(project: Path) -> str:
    (project / MANIFEST).write_text("{}\n", encoding="utf-8")  # a manifest does not make the project a site
    return "."


REFUSED = {
    "the project": (lambda p: ".", "is the project folder"),
    "an ancestor of the project": (lambda p: "..", "holds the project folder"),
    "the project with a manifest planted in it": (_planted_manifest_in_project, "is the project folder"),
    "schools": (lambda p: "schools", "is the project's schools/ folder"),
    "inside schools": (lambda p: "schools/site", "is inside the project's schools/ folder"),
    "content": (lambda p: "content", "is the project's content/ folder"),
    "inside content": (lambda p: "content/social-media", "is inside the project's content/ folder"),
    "templates": (lambda p: "templates", "is the project's templates/ folder"),
    ".git": (lambda p: ".git", "is the project's .git/ folder"),
    "inside .git": (lambda p: ".git/objects", "is inside the project's .git/ folder"),
    "a parent path through a link into schools": (_parent_link_into_schools, "is inside the project's schools/"),
    "a symbolic link": (_symlinked_site, "is a symbolic link"),
    "a regular file": (_file, "is a file, not a folder"),
    "a folder of other files": (_other_files, "holds files an earlier policysite build did not write"),
}


@pytest.mark.parametrize("command", ["build", "serve"])
@pytest.mark.parametrize("case", list(REFUSED))
def test_a_folder_the_build_must_not_replace_is_refused_before_anything_is_touched(project, case, command, monkeypatch):
    prepare, says = REFUSED[case]
    site = prepare(project)
    before = snapshot(project.parent)
    monkeypatch.chdir(project)  # --site-dir as typed, relative to the project
    code, out, err = run(project, command, site=Path(site))
    assert code == 2, err
    assert says in err and "--site-dir" in err and "Nothing was written." in err
    assert err.strip().count("\n") == 0, "one paragraph"
    assert "Traceback" not in out + err
    assert snapshot(project.parent) == before  # no lock file, no staging folder, nothing deleted


def test_the_build_itself_refuses_without_the_command_line(project):
    """The pipeline checks again when it claims the folder (serve and other callers)."""
    before = snapshot(project.parent)
    with pytest.raises(guard.Refused, match="is the project's schools/ folder"):
        build(options(project, project / "schools", today=None))
    assert snapshot(project.parent) == before


@pytest.mark.parametrize("where", ["absent", "absent, in new folders", "empty"])
def test_a_new_or_empty_folder_is_built_into(tmp_path, where):
    project = make_project(tmp_path / "project")
    site = {
        "absent": tmp_path / "site",
        "absent, in new folders": tmp_path / "a" / "b" / "site",
        "empty": tmp_path / "empty",
    }[where]
    if where == "empty":
        site.mkdir()
    code, _, err = run(project, "build", "--no-pdf", site=site)
    assert code == 0, err
    assert (site / MANIFEST).is_file() and (site / "index.html").is_file()
    assert staging_leftovers(site) == []
    code, _, err = run(project, "build", "--no-pdf", site=site)  # and again: now it is a site a build wrote
    assert code == 0, err


@pytest.mark.parametrize("added", ["NOTES.txt", ".git/HEAD", "good-school/social-media/minutes.pdf"])
def test_an_earlier_site_with_files_added_since_is_refused(tmp_path, added):
    """A site folder gains a file (notes, a .git for publishing): the next build would
    delete it with the old site, so it refuses, naming it, and touches nothing."""
    project = make_project(tmp_path / "project")
    site = tmp_path / "site"
    assert run(project, "build", "--no-pdf", site=site)[0] == 0
    (site / added).parent.mkdir(parents=True, exist_ok=True)
    (site / added).write_text("mine\n", encoding="utf-8")
    before = snapshot(tmp_path)
    code, _, err = run(project, "build", "--no-pdf", site=site)
    assert code == 2, err
    shown = ".git" if added.startswith(".git/") else added  # a new folder is named, not what it holds
    assert "files added since policysite wrote it" in err and f"({shown})" in err
    assert snapshot(tmp_path) == before
    shutil.rmtree(site / ".git") if shown == ".git" else (site / added).unlink()
    assert run(project, "build", "--no-pdf", site=site)[0] == 0  # files of its own removed: built again


def _marked(folder: Path, owner) -> Path:
    folder.mkdir()
    (folder / "keep.txt").write_text("keep\n", encoding="utf-8")
    if owner is not None:
        (folder / guard.OWNER).write_text(json.dumps(owner), encoding="utf-8")
    return folder


def _reaped() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_only_our_marked_leftovers_are_cleared(tmp_path):
    """Beside site/: a user's own `site.old` and `.site-build-*` folders, and one another
    live build of another site marked, stay; this site's and a dead build's are cleared."""
    project = make_project(tmp_path / "project")
    users = [
        _marked(project / "site.old", None),
        _marked(project / ".site-build-mine", None),
        _marked(project / ".site-build-unreadable-mark", "not json {"),
        _marked(project / ".site-build-other-site", {"pid": os.getpid(), "site": "other"}),
    ]
    kept = {folder.name: tree_hash(folder) for folder in users}
    ours = [
        _marked(project / ".site-build-killed", {"pid": _reaped(), "site": "site"}),
        _marked(project / ".site-build-pid-reused", {"pid": os.getpid(), "site": "site"}),
        _marked(project / ".site-build-old-style", _reaped()),
    ]
    code, _, err = run(project, "build", "--no-pdf")
    assert code == 0, err
    assert {folder.name: tree_hash(folder) for folder in users} == kept
    assert not any(folder.exists() for folder in ours)


def test_a_site_killed_between_the_fallback_renames_is_put_back(tmp_path, monkeypatch):
    """Without an atomic exchange, publish renames site/ into its staging folder, then the
    new site into place. Killed between the two, the next build puts the old site back
    first: here that build then fails late, so site/ must be the old one, whole."""
    project = make_project(tmp_path / "project")
    assert run(project, "build", "--no-pdf")[0] == 0
    before = tree_hash(project / "site")
    killed = _marked(project / ".site-build-killed", {"pid": _reaped(), "site": "site"})
    (project / "site").rename(killed / policysite.output.emit.PREVIOUS)
    real = policysite.output.mkdocs_run.run_mkdocs
    monkeypatch.setattr(policysite.output.mkdocs_run, "run_mkdocs", lambda *a: real(*a) + ["a late problem"])
    code, _, err = run(project, "build", "--no-pdf")
    assert code == 1 and "a late problem" in err
    assert tree_hash(project / "site") == before
    assert staging_leftovers(project / "site") == []


def test_the_fallback_publish_leaves_nothing_beside_the_site(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project")
    monkeypatch.setenv(policysite.system.MACOS_ON_LINUX, "1")  # no exchange: the two renames, as on macOS
    for name in ("First", "Second"):
        (project / "schools" / "good-school.yml").write_text(f"name: {name} School\n", encoding="utf-8")
        code, _, err = run(project, "build", "--no-pdf")
        assert code == 0, err
    assert "Second School" in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert staging_leftovers(project / "site") == []
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == [".site-build.lock"]
