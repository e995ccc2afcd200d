"""The reply slip cuts cleanly (paper.css `break-before: right`), measured from the letter
PDF's page geometry: the slip's page holds nothing of the letter above or below its cut
line, only the slip and the running footer; it is a front (odd) page and the letter's last,
so printed double-sided the other side of its sheet is blank. Every seed school, and the
mini letter, short enough that the page before the slip is left blank."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from ..helpers import SLUGS, build_site, pdf_path

MM = 72 / 25.4
FOOTER_TOP = 16 * MM  # pdf.css: the bottom margin, where only the running footer is drawn
CUT_NOTE = "Please cut here and return this part to school."
SLIP_END = "Date"  # the slip's last field (frame.html `reply_slip`)


def body_text(page) -> str:
    """The page's text above the footer's margin."""
    width, height = page.get_size()
    return page.get_textpage().get_text_bounded(0, FOOTER_TOP, width, height).strip()


def cut_line(page) -> float:
    """The y of the slip's dashed top edge: just above its cut note (.5em of padding)."""
    text = page.get_textpage()
    found = text.search("Please cut here").get_next()
    assert found, "no cut note on the slip's page"
    return text.get_charbox(found[0])[3] + 8


def slip_page(document) -> int:
    [index] = [i for i, page in enumerate(document) if "Reply slip" in body_text(page)]
    return index


def assert_slip_cuts_cleanly(path) -> None:
    document = pdfium.PdfDocument(path)
    index = slip_page(document)
    page = document[index]
    width, height = page.get_size()
    cut = cut_line(page)
    above = page.get_textpage().get_text_bounded(0, cut, width, height).strip()
    assert above == "", f"letter text above the cut on the slip's page: {above!r}"
    below = body_text(page)
    # All the body text below the cut is the slip's: it starts with the cut note, and the
    # slip is the letter's last part, so what follows the note to the page's end is the slip.
    assert below.startswith(CUT_NOTE) and below.endswith(SLIP_END), below
    assert "Yours sincerely" not in below
    assert index % 2 == 0, f"the slip is on page {index + 1}, a back side: its front is letter text"
    back = document[index + 1] if index + 1 < len(document) else None
    assert back is None or body_text(back) == "", "text printed on the back of the slip"


@pytest.mark.parametrize("slug", SLUGS)
def test_cutting_off_the_slip_cuts_away_no_letter_text_on_either_side(built_site, slug):
    site, _ = built_site
    assert_slip_cuts_cleanly(pdf_path(site, slug, "letter"))


def test_a_one_page_letter_leaves_the_back_of_its_page_blank_and_the_slip_on_a_front(mini_project):
    root = mini_project("name: Mini School\n")
    build_site(root, root / "site", pdfs=True)
    path = pdf_path(root / "site", "mini", "letter")
    assert_slip_cuts_cleanly(path)
    document = pdfium.PdfDocument(path)
    assert len(document) == 3 and body_text(document[1]) == ""  # the letter's page 1 stands alone
