"""Issue 3, the rows that need more than `check`: school values shown literally in every
output, errors in content/ templates, exit codes and crashes."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

import policysite.cli
from tests.errors_support import add_bad, finding, make_project, run

NAME = "<b>Bold</b> *Stars* {{ 7*7 }} School"
SHORT = "<i>Ital</i> {{ 7*7 }}"


class _Page(HTMLParser):
    """The text a reader sees, and every element, of one HTML page."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self._skip = 0
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    def words(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text))


@pytest.fixture(scope="module")
def markup_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("markup") / "project")
    add_bad(project, "markup-name")
    code, _, err = run(project, "build")
    assert code == 0, err
    assert "looks like template code" in err  # the warning, shown with a successful build
    return project / "site"


@pytest.mark.parametrize("page", ["index.html", "parent-letter/index.html", "staff-code/index.html"])
def test_markup_in_a_name_is_shown_literally_on_pages(markup_site, page):
    parsed = _Page(markup_site / "markup-name" / "social-media" / page)
    words = parsed.words()
    assert NAME in words or SHORT in words
    assert "49" not in words  # {{ 7*7 }} is never evaluated
    assert "i" not in parsed.tags and "b" not in parsed.tags  # escaped, not markup


def test_markup_in_a_name_is_shown_literally_on_the_home_page(markup_site):
    assert NAME in _Page(markup_site / "index.html").words()


def test_markup_in_a_name_is_shown_literally_in_the_letter_page(markup_site):
    words = _Page(markup_site / "markup-name" / "social-media" / "parent-letter" / "index.html").words()
    assert f"We write to the parents of {NAME} about social media." in words
    assert re.search(r"I have read the letter .* from " + re.escape(NAME + "."), words)  # the reply slip


@pytest.mark.parametrize("pdf", ["parent-letter.pdf", "staff-code.pdf"])
def test_markup_in_a_name_is_shown_literally_in_pdfs(markup_site, pdf):
    reader = PdfReader(markup_site / "markup-name" / "social-media" / pdf)
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert NAME in text
    assert "49" not in text


def _content_error(tmp_path, addition: str) -> tuple[int, str]:
    project = make_project(tmp_path / "project", {"second-school": "name: Second School\n"})
    letter = project / "content" / "social-media" / "letter.md"
    letter.write_text(letter.read_text(encoding="utf-8") + addition, encoding="utf-8")
    code, _, err = run(project, "check")
    return code, err


def test_undefined_variable_in_content(tmp_path):
    code, err = _content_error(tmp_path, "\nSigned for {{ school.nmae }}.\n")
    assert code == 1
    block = finding(err, "content/social-media/letter.md:7:1", "error", "undefined variable")
    assert "nmae" in block.splitlines()[0]
    assert err.count("letter.md:7:1: error") == 1  # two schools render it; reported once


def test_undefined_name_in_content(tmp_path):
    code, err = _content_error(tmp_path, "\n\nColour: {{ colour }}\n")
    assert code == 1
    assert "'colour' is undefined" in finding(err, "content/social-media/letter.md:8:1", "error", "colour")


def test_template_syntax_error_in_content(tmp_path):
    code, err = _content_error(tmp_path, "\n{% if school.phone %}\nCall us.\n")
    assert code == 1
    block = finding(err, "content/social-media/letter.md:7:1", "error", "endif")  # the unclosed `if`
    assert "{% endif %}" in block


def test_content_file_not_utf8(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "content" / "social-media" / "staff-code.md").write_bytes(b"# Code\n\n## A {#staff-who}\n\n\xff\n")
    code, _, err = run(project, "check")
    assert code == 1
    finding(err, "content/social-media/staff-code.md:5:1", "error", "not saved as UTF-8")


@pytest.mark.parametrize("argv", [["--bogus"], ["lint"], ["check", "--today", "01/09/2025"]])
def test_usage_errors_exit_2(tmp_path, argv):
    code, _, err = run(make_project(tmp_path / "project"), *argv, today=None)
    assert code == 2
    assert "usage:" in err and "Traceback" not in err


def _crash(*args, **kwargs):
    raise ZeroDivisionError("a bug")


def test_crash_is_one_line_and_exit_3(tmp_path, monkeypatch):
    monkeypatch.setattr(policysite.cli, "build", _crash)
    code, out, err = run(make_project(tmp_path / "project"), "check")
    assert code == 3
    assert "Traceback" not in out + err
    assert err.strip().count("\n") == 0 and "Please report this" in err


def test_crash_with_debug_shows_the_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(policysite.cli, "build", _crash)
    code, _, err = run(make_project(tmp_path / "project"), "check", "--debug")
    assert code == 3
    assert "Traceback" in err and "ZeroDivisionError: a bug" in err


def test_warnings_do_not_fail_a_build_but_fail_a_strict_one(tmp_path):
    project = make_project(tmp_path / "project")
    add_bad(project, "hash-comment")
    assert run(project, "check")[0] == 0
    code, _, err = run(project, "check", "--strict")
    assert code == 1
    finding(err, "schools/hash-comment.yml:1:15", "error", "`#` starts a comment")
    assert not (project / "site").exists()


def test_review_date_uses_today_option(tmp_path):
    project = make_project(tmp_path / "project")
    add_bad(project, "review-overdue")
    code, _, err = run(project, "check", today="2021-03-01")
    assert code == 0 and "overdue" not in err
    _, _, err = run(project, "check", today="2021-03-31")
    finding(err, "schools/review-overdue.yml:3:14", "warning", "is 30 days overdue")
