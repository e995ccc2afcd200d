"""A letter's date is the day it goes home (merge.py): `letter.date` when the school sets
it, else a blank "Date:" line for the office, never the approval date. Checked where
parents see it, on the letter's page and in its PDF, from one real build with PDFs."""

from __future__ import annotations

import re

import pytest

from ..helpers import build_site, mini_copy, page_path, pdf_pages, pdf_path, visible_text

APPROVED = "document_control:\n  approved_on: 2020-09\n"  # September 2020, as Heathfields' seed
SCHOOLS = {
    "undated": "name: Undated School\n" + APPROVED,
    "dated": "name: Dated School\n" + APPROVED + "letter:\n  date: 2025-09-01\n",
}
DATE_LINE = re.compile(r'<p[^>]*\bid="letter-date"[^>]*>(.*?)</p>', re.S)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = mini_copy(tmp_path_factory.mktemp("letter-date") / "project", SCHOOLS)
    build_site(root, root / "site", pdfs=True)
    return root / "site"


def date_line(site, slug: str) -> str:
    """The HTML inside the letter page's date paragraph."""
    html = page_path(site, slug, "letter").read_text(encoding="utf-8")
    found = DATE_LINE.search(html)
    assert found, html
    return found.group(1)


def pdf_line(site, slug: str, start: str) -> str | None:
    """The first line of the letter PDF's text that starts with `start`."""
    lines = [line.strip() for page in pdf_pages(pdf_path(site, slug, "letter")) for line in page.splitlines()]
    return next((line for line in lines if line.startswith(start)), None)


def test_without_a_letter_date_the_page_has_a_blank_date_line(site):
    line = date_line(site, "undated")
    assert visible_text(line) == "Date:"
    assert "ps-blank" in line and "<time" not in line


def test_without_a_letter_date_the_pdf_has_a_blank_date_line_not_the_approval_date(site):
    assert pdf_line(site, "undated", "Date:") == "Date:"


def test_a_schools_letter_date_is_printed_on_the_page_and_in_the_pdf(site):
    line = date_line(site, "dated")
    assert visible_text(line) == "1 September 2025"
    assert 'datetime="2025-09-01"' in line
    assert pdf_line(site, "dated", "1 September 2025") == "1 September 2025"
