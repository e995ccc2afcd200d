"""On paper a link prints its address after its text (paper.css). In a right-to-left letter
the address is isolated and left to right: before, its "/" and "(" moved to the Urdu side
("/https://…/uploads(" on one line), and a parent copying it from paper got it wrong."""

import pypdfium2 as pdfium

ADDRESS_START = "https://www.gov.uk/government/uploads/system/uploads/"  # letter.md's DfE link


def _text(path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return text.replace("\r\n", "")  # a long address wraps: its lines joined


def test_the_urdu_letters_printed_address_reads_left_to_right(built_site):
    site, _ = built_site
    text = _text(site / "cumbria-futures/social-media/ur/parent-letter.pdf")
    assert ADDRESS_START in text  # its last "/" still after "uploads", as written
    assert "/" + ADDRESS_START not in text


def test_the_english_letters_printed_address_is_as_before(built_site):
    site, _ = built_site
    assert ADDRESS_START in _text(site / "cumbria-futures/social-media/parent-letter.pdf")
