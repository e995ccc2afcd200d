"""load.py's list of schools: every schools/*.yml but the files for people, whose names
start with `_` (schools/_template.yml), and hidden ones (`.`), which are never read, built
or listed."""

from __future__ import annotations

from pathlib import Path

from policysite.inputs.load import is_school_file, load_schools, school_files

from ..errors_support import make_project, run
from ..helpers import ROOT, SLUGS


def test_the_template_is_no_school_file():
    assert (ROOT / "schools" / "_template.yml").is_file()
    assert not is_school_file(Path("schools/_template.yml"))
    assert is_school_file(Path("schools/st-marys.yml")) and not is_school_file(Path("schools/st-marys.yaml"))
    assert "_template" not in SLUGS and len(SLUGS) >= 4  # the tests' list of real schools asks load.py


def test_files_starting_with_underscore_are_never_read(tmp_path):
    # Each would be an error as a school: a bad name, an empty file, a wrong ending, YAML that fails.
    folder = tmp_path / "schools"
    folder.mkdir()
    (folder / "oak.yml").write_text("name: Oak School\n")
    (folder / "_template.yml").write_text("# name: Example Primary School\n")
    (folder / "_Draft Copy.yml").write_text("name: [unclosed\n")
    (folder / "_notes.yaml").write_text("name: Notes\n")
    assert [path.name for path in school_files(folder)] == ["oak.yml"]
    schools, findings = load_schools(tmp_path)
    assert [school.slug for school in schools] == ["oak"] and findings == []


def test_hidden_files_an_editor_or_a_mac_leaves_are_no_school_files(tmp_path):
    """A Mac's `._oak.yml` (its metadata, on a shared drive) and an editor's lock `.#oak.yml`
    (a link to nowhere) are nobody's school: each used to stop the build as a bad file name."""
    project = make_project(tmp_path / "project")
    folder = project / "schools"
    (folder / "._good-school.yml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00")
    (folder / ".#good-school.yml").symlink_to("ann@office-pc.4242:1700000000")
    (folder / ".hidden.yml").write_text("name: [unclosed\n")
    assert [path.name for path in school_files(folder)] == ["good-school.yml"]
    code, _, err = run(project, "check")
    assert code == 0 and "._good" not in err and ".#good" not in err, err


def test_a_folder_of_only_templates_has_no_school_files(tmp_path):
    (tmp_path / "schools").mkdir()
    (tmp_path / "schools" / "_template.yml").write_text("name: Template\n")
    _, findings = load_schools(tmp_path)
    assert [f.message for f in findings] == ["there are no school files"]


def test_a_project_with_the_template_checks_and_builds_without_it(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "schools" / "_template.yml").write_bytes((ROOT / "schools" / "_template.yml").read_bytes())
    code, out, err = run(project, "--no-pdf")
    assert code == 0, err
    assert "Built 1 school(s)" in out and "_template" not in out + err
    assert not (project / "site" / "_template").exists() and (project / "site" / "good-school").is_dir()
