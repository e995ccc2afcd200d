"""output/named_values.py, on its own: the values pages of named copies. It reads WeasyPrint's
laid-out boxes and Pango's glyphs, which are no public API; these tests run on any machine,
whatever fonts it has, so that a WeasyPrint upgrade that changes them fails here, not in a
school office as a class set of letters with empty boxes for names."""

from __future__ import annotations

import pypdfium2 as pdfium

from policysite.output.named_values import Field, values_pdf

FIELD = Field("ps_slip_child", 40.0, 100.0, 400.0, 130.0, 1.0, ("serif",), 16.0)
A4 = (793.7, 1122.5)  # CSS px
# The last code point of Unicode's second private-use plane: no font maps it, so Pango has
# no glyph for it on any machine (the Chinese name of test_named.py is skipped where a CJK
# font is installed, and so could not catch the check going blind there).
NO_FONT = "\U0010fffd"


def test_a_value_with_a_letter_no_font_has_is_found_whatever_fonts_are_installed():
    people = [("Zoë O'Brien",), ("Ann" + NO_FONT,), ("Łukasz Nowak",), (NO_FONT,)]
    pdf, missing = values_pdf([[(FIELD, 0)]], people, A4)
    assert missing == (1, 3) and pdf == b""


def test_values_every_font_can_print_give_one_page_each_holding_the_value():
    people = [("Zoë O'Brien",), ("Łukasz Nowak",)]
    pdf, missing = values_pdf([[(FIELD, 0)]], people, A4)
    assert missing == ()
    document = pdfium.PdfDocument(pdf)
    assert [document[i].get_textpage().get_text_range().strip() for i in range(len(document))] == [
        "Zoë O'Brien",
        "Łukasz Nowak",
    ]
