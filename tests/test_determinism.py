"""Issue 3, deterministic: the same inputs give the same bytes, in every file of site/ and
in every PDF, whatever the clock, the folder or the previous site."""

from __future__ import annotations

import pytest

from tests.errors_support import make_project, run, tree_hash

SCHOOLS = {
    "second-school": "name: Second School\nletter:\n  date: 2025-09-01\nlogo: logos/second.svg\n",
    "third-school": "name: Third School\naddress:\n  - 1 High Street\noptions:\n  friending_staff: true\n"
    "logo: logos/third.png\n",
}
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect width="40" height="20" fill="#1a5c3a"/></svg>'


def _project(target):
    """The fixture project with SCHOOLS, whose logos (an SVG and a PNG) go in every header,
    letterhead, PDF and the home page."""
    from PIL import Image

    project = make_project(target, SCHOOLS)
    (project / "schools" / "logos").mkdir()
    (project / "schools" / "logos" / "second.svg").write_text(SVG, encoding="utf-8")
    Image.new("RGB", (30, 20), (120, 20, 60)).save(project / "schools" / "logos" / "third.png")
    return project


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    """One fresh build, kept for every comparison below."""
    project = _project(tmp_path_factory.mktemp("det") / "project")
    code, _, err = run(project, "build", site=project / "out-a" / "site")
    assert code == 0, err
    return project, tree_hash(project / "out-a" / "site")


def _differences(a: dict, b: dict) -> list[str]:
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def test_two_fresh_builds_are_byte_identical(first):
    project, expected = first
    code, _, err = run(project, "build", site=project / "out-b" / "site")
    assert code == 0, err
    assert _differences(expected, tree_hash(project / "out-b" / "site")) == []
    assert any(name.endswith(".pdf") for name in expected)
    assert sum(name.startswith("assets/logos/") for name in expected) == 2


def test_neither_the_clock_nor_source_date_epoch_changes_a_byte(first, monkeypatch):
    """Nothing published carries the build's time: another SOURCE_DATE_EPOCH and another
    `--today` (which only changes warnings) give the same bytes. This project has no
    site_url: with one, SOURCE_DATE_EPOCH dates the sitemap's pages that have no date of
    their own (tests/output/test_sitemap.py)."""
    project, expected = first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")
    code, _, err = run(project, "build", site=project / "out-c" / "site", today="2031-01-01")
    assert code == 0, err
    assert _differences(expected, tree_hash(project / "out-c" / "site")) == []


def test_another_folder_gives_the_same_bytes(first, tmp_path):
    _, expected = first
    elsewhere = _project(tmp_path / "somewhere" / "else")
    code, _, err = run(elsewhere, "build")
    assert code == 0, err
    assert _differences(expected, tree_hash(elsewhere / "site")) == []


def test_rebuilding_over_a_site_gives_the_same_bytes(first, tmp_path):
    """A second build over an existing site/ (which may reuse parts of it) equals a fresh one,
    also after an input changed and changed back."""
    _, expected = first
    project = _project(tmp_path / "project")
    third = project / "schools" / "third-school.yml"
    original = third.read_text(encoding="utf-8")
    for text in (original, original.replace("Third School", "Changed School"), original):
        third.write_text(text, encoding="utf-8")
        code, _, err = run(project, "build")
        assert code == 0, err
    assert _differences(expected, tree_hash(project / "site")) == []


def test_a_logo_changed_in_place_is_published_and_drawn_then_changed_back_gives_the_same_bytes(first, tmp_path):
    """The same logo path with new bytes: the school's pages and PDFs are made again with the
    new file (published under its new name, the old one gone), and the old bytes again give
    the fresh build's site."""
    _, expected = first
    project = _project(tmp_path / "project")
    logo = project / "schools" / "logos" / "second.svg"
    for text in (SVG, SVG.replace("#1a5c3a", "#5c1a3a"), SVG):
        logo.write_text(text, encoding="utf-8")
        code, _, err = run(project, "build")
        assert code == 0, err
        if text != SVG:
            changed = _differences(expected, tree_hash(project / "site"))
            assert {"second-school/social-media/parent-letter.pdf", "second-school/social-media/staff-code.pdf"} <= set(
                changed
            )
            assert "third-school/social-media/parent-letter.pdf" not in changed
            assert sum(name.startswith("assets/logos/") for name in tree_hash(project / "site")) == 2
    assert _differences(expected, tree_hash(project / "site")) == []
