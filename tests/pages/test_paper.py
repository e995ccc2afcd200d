"""The paper documents say which document they are: every page of the policy, letter and
staff-code PDFs ends with a footer naming the document, the school, the policy's latest version and its
approval date (or, for a document that gives only a publication date, that); the staff
code's declaration names the same version and date.

One build of three schools makes the nine PDFs read here, with pdfium: its text and where each
character sits on the page. "signed" has a version table, an approval date (and a later
publication date, which the approval date outranks) and a name far too long for one line,
with markup in it; "bare" has neither version nor approval date nor `letter.date`;
"published" has only a publication date, as Heathfields' seed. All append text, so that
every PDF runs over more than one page.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from policysite.pages.paper import VERSION_CHARS, version_label

from .. import helpers
from ..helpers import PDFS, build_site, mini_copy, page_path, pdf_path, squash, visible_text

MM = 72 / 25.4  # points per millimetre
PAGE_MARGIN = {"side": 18 * MM, "bottom": 16 * MM}  # templates/print/pdf.css
TITLES = {  # the mini h1s
    "policy": "Social Media Policy",
    "letter": "A letter about social media",
    "staff-code": "Staff code of conduct",
}
# Markup, quotes and an ampersand, in a name some 250 characters long: data, never markup.
SIGNED_NAME = '<script>alert("x")</script> St Mary\'s & "Holy" ' + "Very Long Federated School Name " * 7
FILLER = "".join(
    f"Paragraph {n}: appended text that makes this document run over more than one page.\n\n" for n in range(45)
)
SCHOOLS = {
    "signed": f"""name: {json.dumps(SIGNED_NAME)}
document_control:
  approved_on: 2021-11-12
  published_on: 2021-12-01
  history:
    - version: "1"
      date: 2019-09-01
      summary: First version.
    - version: "3"
      date: 2021-11-12
      summary: Approved by the governors.
""",
    "bare": "name: Bare Primary School\n",
    "published": "name: Published Primary School\ndocument_control:\n  published_on: 2020-09\n",
}
SIGNED_WHEN = "Version 3 · Approved 12 November 2021"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    sections = "sections:\n" + "".join(
        f"  {section}:\n    append: |\n" + "".join(f"      {line}\n" for line in FILLER.splitlines())
        for section in ("intro", "letter-body", "staff-rules")
    )
    schools = {slug: text + sections for slug, text in SCHOOLS.items()}
    root = mini_copy(tmp_path_factory.mktemp("paper") / "project", schools)
    build_site(root, root / "site", pdfs=True)
    return root / "site"


def pdf_pages(path):
    """Each page as (its footer's text, its footer's characters as (char, left, bottom, right, top))."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        return [_footer(page) for page in document]
    finally:
        document.close()


def _footer(page):
    width, _ = page.get_size()
    text = page.get_textpage()
    chars = []
    for index in range(text.count_chars()):
        box = text.get_charbox(index, loose=True)
        char = text.get_text_range(index, 1)
        if box[3] <= PAGE_MARGIN["bottom"] and char.strip():
            chars.append((char, *box))
    return squash(text.get_text_bounded(0, 0, width, PAGE_MARGIN["bottom"])), chars, width


@pytest.mark.parametrize("output", list(PDFS))
def test_every_page_footer_names_document_school_version_and_approval(site, output):
    pages = pdf_pages(pdf_path(site, "signed", output))
    assert len(pages) >= 2, "the fixture's text should run over more than one page"
    for number, (footer, _, _) in enumerate(pages, start=1):
        assert footer.startswith(f"{TITLES[output]} · {squash(SIGNED_NAME)[:40]}"), (number, footer)
        assert footer.endswith(f"· {SIGNED_WHEN} Page {number} of {len(pages)}"), (number, footer)


@pytest.mark.parametrize("output", list(PDFS))
def test_footer_without_version_or_approval_date_leaves_them_out(site, output):
    pages = pdf_pages(pdf_path(site, "bare", output))
    assert len(pages) >= 2, "the fixture's text should run over more than one page"
    for number, (footer, _, _) in enumerate(pages, start=1):
        assert footer == f"{TITLES[output]} · Bare Primary School Page {number} of {len(pages)}"


@pytest.mark.parametrize("output", list(PDFS))
def test_footer_reads_in_order_in_the_pdf_text(site, output):
    """Copied or read aloud, the footer says the title first and the page number last (the
    text as pypdf reads it: in the order it is drawn, not where it sits)."""
    pages = helpers.pdf_pages(pdf_path(site, "bare", output))
    for number, text in enumerate(pages, start=1):
        footer = f"{TITLES[output]} · Bare Primary School Page {number} of {len(pages)}"
        assert squash(text).endswith(footer), (number, squash(text)[-120:])


@pytest.mark.parametrize("slug", list(SCHOOLS))
@pytest.mark.parametrize("output", list(PDFS))
def test_footer_is_one_line_inside_the_page_margins(site, output, slug):
    """The signed school's name is far wider than the line: it is cut, and nothing else is."""
    for number, (_, chars, width) in enumerate(pdf_pages(pdf_path(site, slug, output)), start=1):
        assert chars, f"page {number} has no footer"
        lefts, bottoms, rights, tops = ([c[i] for c in chars] for i in range(1, 5))
        assert max(tops) - min(tops) < 1 and max(bottoms) - min(bottoms) < 1, f"page {number}: more than one line"
        assert min(lefts) >= PAGE_MARGIN["side"] - 0.5, f"page {number}: the footer starts in the left margin"
        assert max(rights) <= width - PAGE_MARGIN["side"] + 0.5, f"page {number}: the footer runs off the page"


def test_declaration_names_the_version_and_approval_date_on_page_and_pdf(site):
    said = '"Staff code of conduct" (Version 3, approved on 12 November 2021). I will follow it'
    page = visible_text(page_path(site, "signed", "staff-code").read_text(encoding="utf-8"))
    assert said in squash(page)
    assert said in helpers.pdf_text(pdf_path(site, "signed", "staff-code"))


@pytest.mark.parametrize("output", list(PDFS))
def test_footer_of_a_document_only_published_says_published_not_approved(site, output):
    """Heathfields' seed gives a "Publication Date" and no approval date: the footer must not
    claim an approval date the school never gave."""
    pages = pdf_pages(pdf_path(site, "published", output))
    for number, (footer, _, _) in enumerate(pages, start=1):
        assert footer == (
            f"{TITLES[output]} · Published Primary School · Published September 2020 Page {number} of {len(pages)}"
        )


def test_declaration_names_the_publication_date_when_there_is_no_approval_date(site):
    said = '"Staff code of conduct" (published in September 2020). I will follow it'
    page = visible_text(page_path(site, "published", "staff-code").read_text(encoding="utf-8"))
    assert said in squash(page)
    assert said in helpers.pdf_text(pdf_path(site, "published", "staff-code"))
    assert "approved" not in helpers.pdf_text(pdf_path(site, "published", "staff-code")).lower()


def test_declaration_without_version_or_approval_date_reads_cleanly(site):
    said = 'I have read and understood "Staff code of conduct". I will follow it'
    assert said in helpers.pdf_text(pdf_path(site, "bare", "staff-code"))


def test_letter_without_a_date_has_a_line_to_write_it_on(site):
    """`Date:` and then a drawn line, on the same baseline, wide enough for a handwritten date."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(pdf_path(site, "bare", "letter"))
    try:
        page = document[0]
        text = page.get_textpage()
        found = text.search("Date:", match_case=True).get_next()
        assert found, "the letter shows no `Date:`"
        _, baseline, date_right, _ = text.get_charbox(found[0] + found[1] - 1)
        paths = [obj.get_bounds() for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH])]
        lines = [
            (left, bottom, right, top) for left, bottom, right, top in paths if top - bottom <= 2 and right - left >= 80
        ]
    finally:
        document.close()
    assert [box for box in lines if box[0] >= date_right and abs(box[1] - baseline) <= 4], (
        "no line to write the date on right of `Date:`"
    )


def test_version_label():
    assert version_label("3") == "Version 3"
    assert version_label("2.1") == "Version 2.1"
    assert version_label("v4") == "v4"  # a label, not a bare number: as the school wrote it
    long = version_label("Draft for consultation with staff, governors and the parents' forum")
    assert len(long) == VERSION_CHARS and long.endswith("\u2026")


def test_a_new_version_or_approval_date_makes_the_letter_pdf_again(mini_project, tmp_path):
    """The letter's text does not change with the policy's version, but its footer does: a
    rebuild must not keep the previous letter PDF (output/incremental.py's keys)."""
    school = "name: Kept School\ndocument_control:\n  approved_on: {approved}\n  history:\n{rows}"
    row = '    - version: "{0}"\n      date: 2021-0{0}-01\n      summary: Version {0}.\n'
    root = mini_project(school.format(approved="2021-01", rows=row.format(1)), slug="kept")
    build_site(root, tmp_path / "site", pdfs=True)
    (root / "schools" / "kept.yml").write_text(school.format(approved="2021-02", rows=row.format(1) + row.format(2)))
    build_site(root, tmp_path / "site", pdfs=True)
    footer, _, _ = pdf_pages(pdf_path(tmp_path / "site", "kept", "letter"))[0]
    assert footer.endswith("· Version 2 · Approved February 2021 Page 1 of 3"), footer  # 3: the slip on page 3


def test_a_new_publication_date_makes_the_letter_pdf_again(mini_project, tmp_path):
    """The publication date is in the letter's footer too, so it is in the PDF's key."""
    school = "name: Kept School\ndocument_control:\n  published_on: {}\n"
    root = mini_project(school.format("2021-01"), slug="kept")
    build_site(root, tmp_path / "site", pdfs=True)
    (root / "schools" / "kept.yml").write_text(school.format("2021-02"))
    build_site(root, tmp_path / "site", pdfs=True)
    footer, _, _ = pdf_pages(pdf_path(tmp_path / "site", "kept", "letter"))[0]
    assert footer.endswith("· Published February 2021 Page 1 of 3"), footer  # the slip: page 3


class _PdfLinks(HTMLParser):
    """Every link to a PDF on a page: its href and its download attribute."""

    def __init__(self):
        super().__init__()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "a" and (found.get("href") or "").endswith(".pdf"):
            self.links.append(found)


@pytest.mark.parametrize("slug", sorted(SCHOOLS))
@pytest.mark.parametrize("output", PDFS)
def test_pdf_link_saves_under_a_name_with_the_school_and_the_document(site, output, slug):
    """An office that serves two schools gets cambois-parent-letter.pdf and
    heathfields-parent-letter.pdf, not parent-letter (1).pdf; the link's address is unchanged."""
    page = page_path(site, slug, output)
    parser = _PdfLinks()
    parser.feed(page.read_text(encoding="utf-8"))
    assert parser.links, f"no PDF link on {page}"
    for link in parser.links:
        assert link.get("download") == f"{slug}-{PDFS[output]}"
        assert (page.parent / str(link["href"])).resolve() == pdf_path(site, slug, output).resolve()
