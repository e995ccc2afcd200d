"""The contract holds the real canonical content to account; a failed build leaves site/ alone."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from policysite.errors import Location
from policysite.inputs.load import school_files

from ..helpers import (
    CONTENT,
    SCHOOL_FILES,
    build_errors,
    build_site,
    check_errors,
    project_skeleton,
    read_yaml,
    required_sections,
)

REQUIRED = required_sections()
DOCUMENTS = {output: entry["document"] for output, entry in read_yaml(CONTENT / "contract.yml").items()}
TEST_SCHOOL = "name: Test School\nheadteacher_name: Ms Test\n"


def first_written_section(output: str) -> str:
    """The first required section of an output that its .md document writes (not the frame)."""
    text = (CONTENT / DOCUMENTS[output]).read_text(encoding="utf-8")
    return next(s for s in REQUIRED[output] if f"{{#{s}}}" in text)


@pytest.fixture
def real_project(tmp_path):
    """A project with a copy of the real content/ and the test school, plus every real school
    that does not change the given section (a school changing a missing section fails earlier)."""

    def make(without_changes_to: str = "") -> Path:
        root = project_skeleton(tmp_path / "project")
        shutil.copytree(CONTENT, root / "content" / "social-media")
        (root / "schools" / "test-school.yml").write_text(TEST_SCHOOL, encoding="utf-8")
        for path in SCHOOL_FILES:
            if not without_changes_to or f"{without_changes_to}:" not in path.read_text(encoding="utf-8"):
                shutil.copy(path, root / "schools" / path.name)
        shutil.copytree(SCHOOL_FILES[0].parent / "logos", root / "schools" / "logos")  # the files' `logo:` paths
        return root

    return make


def document(root: Path, output: str) -> Path:
    return root / "content" / "social-media" / DOCUMENTS[output]


def remove_section(path: Path, section: str) -> None:
    text = path.read_text(encoding="utf-8")
    pattern = rf"^## [^\n]*\{{#{re.escape(section)}\}}[^\n]*\n.*?(?=^## |\Z)"
    shorter = re.sub(pattern, "", text, count=1, flags=re.S | re.M)
    assert shorter != text, f"no section {section} in {path.name}"
    path.write_text(shorter, encoding="utf-8")


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("output", list(REQUIRED))
def test_missing_required_section_names_school_output_and_section(real_project, tmp_path, output):
    section = first_written_section(output)
    root = real_project(without_changes_to=section)
    remove_section(document(root, output), section)
    errors = build_errors(root, tmp_path / "site")
    slugs = [p.stem for p in school_files(root / "schools")]
    for slug in slugs:
        named = [e.message for e in errors if f"`{slug}`" in e.message]
        assert named, f"no error names {slug}: {[e.message for e in errors]}"
        assert all(f"`{output}`" in m and f"`{section}`" in m for m in named), named
    assert {e.location.path for e in errors} == {"content/social-media/contract.yml"}


@pytest.mark.parametrize("output", list(REQUIRED))
def test_undefined_variable_fails_at_the_content_line(real_project, output):
    root = real_project()
    path = document(root, output)
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("## ")) + 2  # the section's first body line
    lines.insert(at, "Our head is {{ school.headteacher_nmae }}.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = check_errors(root)
    assert errors and all("headteacher_nmae" in e.message for e in errors), [e.format() for e in errors]
    shown = f"content/social-media/{DOCUMENTS[output]}"
    assert {e.location for e in errors} == {Location(shown, at + 1, 1)}


def test_undefined_top_level_name_is_reported(real_project):
    root = real_project()
    path = document(root, "policy")
    path.write_text(path.read_text(encoding="utf-8") + "\nSigned, {{ shcool.name }}.\n", encoding="utf-8")
    last_line = len(path.read_text(encoding="utf-8").splitlines())
    assert any("shcool" in f.message and f.location.line == last_line for f in check_errors(root))


def test_failed_build_leaves_the_previous_site_untouched(real_project, tmp_path):
    section = first_written_section("policy")
    root = real_project(without_changes_to=section)
    site = tmp_path / "site"
    build_site(root, site)
    before = snapshot(site)
    remove_section(document(root, "policy"), section)
    assert build_errors(root, site)
    assert snapshot(site) == before
    assert sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".site-build-")) == []
