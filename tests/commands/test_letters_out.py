"""Where `build.py letters` may write its PDF: never inside the site folder or the project
(pupils' names would reach git and the published site), however --out is spelt (links,
`..`), nor into a folder that isn't there; each refusal exits 2, having written nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..errors_support import run, seed_copy
from .test_letters import pupils_csv


def _refused(project: Path, out: str | Path, site: Path | None = None) -> tuple[str, list[Path]]:
    """Run letters with `out`; it must be refused (exit 2) before anything is written."""
    before = sorted(project.rglob("*"))
    csv = pupils_csv(project.parent)
    code, stdout, err = run(project, "letters", "cambois", "--pupils", str(csv), "--out", str(out), site=site)
    assert code == 2 and stdout == "", err
    assert "Not writing" in err and "--out ~/Documents/cambois-letters.pdf" in err
    return err, [path for path in sorted(project.rglob("*")) if path not in before]


@pytest.fixture
def built(tmp_path) -> Path:
    """A seed project of its own with a site/ folder, for the refusals to aim at."""
    project = seed_copy(tmp_path / "project")
    (project / "site" / "cambois").mkdir(parents=True)
    return project


def test_a_list_kept_in_the_project_is_warned_about(built, tmp_path):
    csv = pupils_csv(built / "schools")
    out = tmp_path / "letters.pdf"
    code, _, err = run(built, "letters", "cambois", "--pupils", str(csv), "--out", str(out))
    assert code == 0 and f"Warning: {csv} is in the project folder. Git would carry the names" in err
    assert "Smith-Jones" not in err and out.is_file()


def test_out_inside_the_site_folder_is_refused(built):
    err, made = _refused(built, built / "site" / "cambois" / "letters.pdf")
    assert "inside the site folder" in err and made == []


def test_out_inside_a_site_folder_given_with_site_dir_is_refused(built, tmp_path):
    site = tmp_path / "elsewhere" / "site"
    site.mkdir(parents=True)
    err, _ = _refused(built, site / "letters.pdf", site=site)
    assert "inside the site folder" in err and list(site.iterdir()) == []


def test_out_anywhere_in_the_project_is_refused(built):
    err, made = _refused(built, built / "schools" / "letters.pdf")
    assert "inside the project folder" in err and made == []
    err, made = _refused(built, built / "letters.pdf")
    assert "inside the project folder" in err and made == []


def test_out_through_a_link_into_the_site_is_refused(built, tmp_path):
    link = tmp_path / "Documents"
    link.symlink_to(built / "site" / "cambois", target_is_directory=True)
    err, made = _refused(built, link / "letters.pdf")
    assert "inside the site folder" in err and made == []


def test_out_that_is_a_link_into_the_project_is_refused(built, tmp_path):
    folder = tmp_path / "Documents"
    folder.mkdir()
    (folder / "letters.pdf").symlink_to(built / "schools" / "letters.pdf")
    err, made = _refused(built, folder / "letters.pdf")
    assert "inside the project folder" in err and made == []


def test_out_climbing_back_in_with_dot_dot_is_refused(built, tmp_path):
    # `site/cambois/..` is site/, whatever the text says; and a link's `..` is its target's parent.
    err, _ = _refused(built, tmp_path / "project" / "site" / "cambois" / ".." / "letters.pdf")
    assert "inside the site folder" in err
    link = tmp_path / "shortcut"
    link.symlink_to(built / "site" / "cambois", target_is_directory=True)
    err, _ = _refused(built, link / ".." / "letters.pdf")  # the text says tmp_path; the disk says site/
    assert "inside the site folder" in err and not (tmp_path / "letters.pdf").exists()


def test_out_in_a_folder_that_does_not_exist_is_refused(built, tmp_path):
    err, _ = _refused(built, tmp_path / "Documnets" / "letters.pdf")
    assert f"the folder {tmp_path / 'Documnets'} does not exist" in err
    assert not (tmp_path / "Documnets").exists()


def test_out_that_is_a_folder_is_refused(built, tmp_path):
    (tmp_path / "letters.pdf").mkdir()
    err, _ = _refused(built, tmp_path / "letters.pdf")
    assert "it is a folder" in err
