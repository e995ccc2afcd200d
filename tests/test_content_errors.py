"""Issue 10: what the federation's own files (content/, templates/, mkdocs.yml) can't do,
each a located error from `check` as from `build`, never exit 3."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .errors_support import TEMPLATES, finding, make_project, run, tree_hash

POLICY = "content/social-media/policy.md"


@pytest.fixture
def project(tmp_path) -> Path:
    project = make_project(tmp_path / "project")
    (project / "templates").unlink()  # the fixture links the real templates: these tests edit a copy
    shutil.copytree(TEMPLATES, project / "templates")
    return project


def append_line(path: Path, text: str) -> int:
    """Add `text` as a new last line; returns its line number."""
    before = path.read_text(encoding="utf-8")
    path.write_text(before.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
    return len(before.rstrip("\n").split("\n")) + 2


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize(
    "text, message",
    [
        ('{% include "letter.md" %}', "`{% include %}` is not allowed in content"),
        ('{% import "letter.md" as other %}', "`{% import %}` is not allowed in content"),
        ('{% from "letter.md" import x %}', "`{% from ... import %}` is not allowed in content"),
        ('{% extends "letter.md" %}', "`{% extends %}` is not allowed in content"),
        ("{{ 1/0 }}", "this expression fails: ZeroDivisionError"),
        ('{{ "%d" % "x" }}', "this expression fails: TypeError"),
        ("See [the old page](contact.md).", "this link can't work on the published site: `contact.md`"),
        ("See [the old page](/contact/).", "this link can't work on the published site: `/contact/`"),
    ],
)
def test_content_that_reads_files_or_fails_is_a_located_error(project, command, text, message):
    line = append_line(project / POLICY, text)
    code, out, err = run(project, command)
    assert code == 1 and "Traceback" not in out + err and "unexpectedly" not in err
    finding(err, f"{POLICY}:{line}:1", "error", message)
    assert not (project / "site").exists()


def test_content_may_link_to_a_section_of_its_page_and_to_the_web(project):
    append_line(project / POLICY, "See [how to raise a concern](#raising-concerns) and [GOV.UK](https://www.gov.uk/).")
    code, _, err = run(project, "build", "--no-pdf")
    assert code == 0, err
    page = (project / "site/good-school/social-media/index.html").read_text(encoding="utf-8")
    assert '<a href="#raising-concerns">how to raise a concern</a>' in page


@pytest.mark.parametrize(
    "markdown, shows",
    [
        ("", False),
        (" \n\t", False),
        ("&#8203;", False),
        ("&nbsp;&#x200D;", False),
        ("\u2060", False),
        ("-", False),
        ("- a", True),
        ("x", True),
        ("&amp;", True),
    ],
)
def test_render_knows_a_section_that_shows_nothing(markdown, shows):
    """The second wall behind the input check (which refuses these characters as written and
    as references): a required section whose Markdown shows no text is an error."""
    from policysite.pages.render import visible

    assert visible(markdown) is shows


def test_a_school_heading_named_like_a_required_section_does_not_stand_in_for_it(project):
    """The id a school's heading gets always holds `--`: it can never pass for a section."""
    (project / "schools" / "heading.yml").write_text(
        "name: Heading School\nsections:\n  overview:\n    append: |\n      ### Police and law\n", encoding="utf-8"
    )
    code, _, err = run(project, "build", "--no-pdf")
    assert code == 0, err
    page = (project / "site/heading/social-media/index.html").read_text(encoding="utf-8")
    assert 'id="overview--police-and-law"' in page
    from policysite.output.check import html_ids

    ids = html_ids(project / "site/heading/social-media/index.html")
    assert "overview--police-and-law" not in ids and "police-and-law" not in ids


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_broken_letter_frame_is_a_located_error(project, command):
    frame = project / "templates" / "print" / "frame.html"
    line = append_line(frame, "{% macro broken( %}")
    code, out, err = run(project, command)
    assert code == 1 and "Traceback" not in out + err
    finding(err, f"templates/print/frame.html:{line}:1", "error", "expected token")


def test_a_frame_that_fails_as_it_runs_points_at_its_line(project):
    frame = project / "templates" / "print" / "frame.html"
    text = frame.read_text(encoding="utf-8")
    frame.write_text(
        text.replace("{% endif %}{{ school.name }}</p>", "{% endif %}{{ school.nmae }}</p>"),  # the banner's
        encoding="utf-8",
    )
    line = next(n for n, row in enumerate(frame.read_text(encoding="utf-8").splitlines(), 1) if "nmae" in row)
    code, _, err = run(project, "check")
    assert code == 1
    finding(err, f"templates/print/frame.html:{line}:1", "error", "this template fails: UndefinedError")


@pytest.mark.parametrize("missing", ["assets/site.css", "assets/paper.css", "print/document.html"])
def test_a_deleted_template_file_is_named(project, missing):
    (project / "templates" / missing).unlink()
    code, out, err = run(project, "check")
    assert code == 1 and "Traceback" not in out + err
    assert f"templates/{missing}: error:" in err, err


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize(
    "edit, key, message",
    [
        (("  - search", "  - serch"), "plugins", 'The "serch" plugin is not installed'),
        (("name: material", "name: materia"), "theme", "Unrecognised theme name: 'materia'"),
        (("site_name: Our schools' policies", "site_name: <img src=x onerror=alert(1)>"), "site_name", "can't hold <"),
    ],
)
def test_mkdocs_settings_mkdocs_would_refuse_are_located_errors(project, command, edit, key, message):
    settings = project / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    line = next(
        n for n, row in enumerate(settings.read_text(encoding="utf-8").splitlines(), 1) if row.startswith(f"{key}:")
    )
    code, out, err = run(project, command)
    assert code == 1 and "Traceback" not in out + err
    assert f"mkdocs.yml:{line}:" in err and message in err, err


def test_markdown_extensions_are_refused_as_unused(project):
    line = append_line(project / "mkdocs.yml", "markdown_extensions:\n  - attr_list")
    code, _, err = run(project, "check")
    assert code == 1
    finding(err, f"mkdocs.yml:{line}:1", "error", "`markdown_extensions` are not used by policysite")


def test_a_failed_check_of_the_settings_leaves_the_site_as_it_was(project):
    assert run(project, "build", "--no-pdf")[0] == 0
    before = tree_hash(project / "site")
    settings = project / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("  - search", "  - serch"), encoding="utf-8")
    assert run(project, "build", "--no-pdf")[0] == 1
    assert tree_hash(project / "site") == before
