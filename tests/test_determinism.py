"""Issue 3, deterministic: the same inputs give the same bytes, in every file of site/ and
in every PDF, whatever the clock, the folder or the previous site."""

from __future__ import annotations

import pytest

from tests.errors_support import make_project, run, tree_hash

SCHOOLS = {
    "second-school": "name: Second School\nletter:\n  date: 2025-09-01\n",
    "third-school": "name: Third School\naddress:\n  - 1 High Street\noptions:\n  friending_staff: true\n",
}


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    """One fresh build, kept for every comparison below."""
    project = make_project(tmp_path_factory.mktemp("det") / "project", SCHOOLS)
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
    elsewhere = make_project(tmp_path / "somewhere" / "else", SCHOOLS)
    code, _, err = run(elsewhere, "build")
    assert code == 0, err
    assert _differences(expected, tree_hash(elsewhere / "site")) == []


def test_rebuilding_over_a_site_gives_the_same_bytes(first, tmp_path):
    """A second build over an existing site/ (which may reuse parts of it) equals a fresh one,
    also after an input changed and changed back."""
    _, expected = first
    project = make_project(tmp_path / "project", SCHOOLS)
    third = project / "schools" / "third-school.yml"
    original = third.read_text(encoding="utf-8")
    for text in (original, original.replace("Third School", "Changed School"), original):
        third.write_text(text, encoding="utf-8")
        code, _, err = run(project, "build")
        assert code == 0, err
    assert _differences(expected, tree_hash(project / "site")) == []
