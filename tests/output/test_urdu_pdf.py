"""An Urdu letter as a real PDF: right to left, its fonts embedded, its text shaped and readable.

One build (with PDFs) of the mini project with a school that publishes Urdu
(`languages: [ur]`) and a ur.po this module writes: the letter's units and a few frame strings
in Urdu, X-Reviewed-By empty. Its site/mini/social-media/ur/parent-letter.pdf is read back:

- its HTML (as the build gives WeasyPrint) opens `<html lang="ur" dir="rtl">`, and the PDF's
  catalogue says /Lang ur;
- every font it uses is embedded (a FontFile2/FontFile3 stream), the Urdu one Noto Naskh
  Arabic (print/pdf.css: Noto Nastaliq Urdu reads back from the PDF as jumbled letters);
- pdfium reads each Urdu title, paragraph and frame string back as written, in logical order;
- no glyph it draws is glyph 0, .notdef, the empty box a font draws for a character it lacks
  (read from the content stream: each 2-byte code of a Type0/Identity-H font is a glyph id),
  and a character no installed font has is found by the same reading;
- the page as a picture (pdfium, 80 dpi): the box pdfium gives for the Urdu title ends at
  the right margin (right to left), and at least a tenth of its pixels are ink (drawn, not blank).
"""

# ruff: noqa: RUF001 - Urdu's full stop (U+06D4) is meant
from __future__ import annotations

import re
from typing import Any

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from policysite.inputs.pofile import PoCatalog, po_bytes
from policysite.output.pipeline import print_inputs
from policysite.pages.paper import Paper

from ..helpers import build_site, check_project, mini_copy, squash

TITLE = "سوشل میڈیا کے بارے میں ایک خط"
UNITS = {  # the mini letter's units (tests/fixtures/mini/letter.md), by context and English
    ("letter", "A letter about social media"): TITLE,
    ("letter-body", "Why we are writing"): "ہم کیوں لکھ رہے ہیں",
    ("letter-body", "Please post kindly about {{ school.short_name }}."): (
        "براہ کرم {{ school.short_name }} کے بارے میں مہربانی سے لکھیں۔"
    ),
    ("letter-help", "More help"): "مزید مدد",
    ("letter-help", "Read the advice on cyberbullying."): "سائبر بدمعاشی کے بارے میں مشورہ پڑھیں۔",
}
FRAME = {
    "Dear Parent/Carer,": "محترم والدین / سرپرست،",
    "Reply slip": "جوابی پرچی",
    "Page %(page)s of %(pages)s": "صفحہ %(page)s از %(pages)s",
}
SCHOOL = "name: Mini Primary\nlanguages: [ur]\nletter:\n  date: 2025-09-19\n"
MM = 72 / 25.4
RIGHT_MARGIN = 18 * MM  # print/pdf.css's side margin, + the body's 8 px
DPI = 80


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = mini_copy(tmp_path_factory.mktemp("urdu") / "project", {"mini": SCHOOL})
    catalog = PoCatalog(locale="ur", fuzzy=False)
    for (context, english), urdu in UNITS.items():
        catalog.add(english, urdu, context=context)
    for english, urdu in FRAME.items():
        catalog.add(english, urdu, flags=("python-format",) if "%(" in english else ())
    folder = root / "content" / "social-media" / "translations"
    folder.mkdir(parents=True)
    (folder / "ur.po").write_bytes(po_bytes(catalog))
    return root


@pytest.fixture(scope="module")
def pdf(project):
    site = project.parent / "site"
    build_site(project, site, pdfs=True)
    return site / "mini" / "social-media" / "ur" / "parent-letter.pdf"


def test_the_pdfs_html_and_catalogue_say_urdu_right_to_left(project, pdf):
    result = check_project(project)
    letter = next(r for r in result.outputs if (r.language, r.output) == ("ur", "letter"))
    [catalogue] = _catalogues(project)
    paper = Paper(project / "templates", None, catalogue)
    html, _, _ = print_inputs(paper, letter, paper.page(letter), project / "templates")
    assert html.startswith('<!DOCTYPE html>\n<html lang="ur" dir="rtl">\n')
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "ur"


def test_every_font_is_embedded_and_the_urdu_one_is_noto_naskh(pdf):
    fonts = _fonts(PdfReader(pdf))
    assert fonts and all(embedded for embedded in fonts.values()), fonts
    assert any("Noto-Naskh-Arabic" in name for name in fonts), fonts


def test_pdfium_reads_the_urdu_back_as_written_in_logical_order(pdf):
    text = squash(" ".join(_pdfium_text(pdf)))
    # Each title and frame string, and the paragraph without a school's name: whole, in order.
    urdu = [s for s in (*UNITS.values(), *FRAME.values()) if "{{" not in s and "%(" not in s]
    # The paragraph that names the school: its Urdu on either side of the (English) name.
    urdu += ["براہ کرم", "کے بارے میں مہربانی سے لکھیں۔"]
    for shown in urdu:
        assert squash(shown) in text, shown
    assert "صفحہ 1 از 2" in text  # the footer's page numbers, in Urdu (chrome.page_numbers_css)


def test_no_glyph_drawn_is_notdef(pdf):
    assert _notdef_glyphs(PdfReader(pdf)) == []


def test_a_character_no_font_has_is_found_drawn_as_notdef(tmp_path):
    """The check above can fail: WeasyPrint draws glyph 0 for U+10FFFD, which no font maps."""
    from weasyprint import HTML

    target = tmp_path / "missing.pdf"
    HTML(string='<html lang="ur"><p>سوشل \U0010fffd میڈیا</p></html>').write_pdf(target)
    assert _notdef_glyphs(PdfReader(target))


def test_the_pictures_urdu_title_is_drawn_at_the_right_margin(pdf):
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        width, height = page.get_size()
        left, bottom, right, top = _text_box(page, TITLE)
        assert right > width - RIGHT_MARGIN - 12  # right to left: the title ends at the right margin
        assert left > width / 2  # and is short: it starts in the right half
        scale = DPI / 72
        picture = page.render(scale=scale).to_pil().convert("L")
        box = picture.crop([int(v * scale) for v in (left, height - top, right, height - bottom)])
        histogram = box.histogram()  # the box's pixels by grey level, 0 (black) to 255 (white)
        assert sum(histogram[:128]) >= sum(histogram) / 10  # ink: the glyphs are drawn
    finally:
        document.close()


def _catalogues(root):
    from policysite.inputs.catalogue import read_catalogues

    catalogues, findings = read_catalogues(root)
    assert not findings
    return list(catalogues.values())


def _fonts(reader: PdfReader) -> dict[str, bool]:
    """BaseFont -> whether its file is in the PDF, for every font of every page."""
    fonts = {}
    for page in reader.pages:
        resources: Any = page["/Resources"]  # pypdf's dictionaries, typed as any PDF object
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font).get(
                "/FontDescriptor"
            )
            descriptor = descriptor.get_object() if descriptor else {}
            fonts[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def _notdef_glyphs(reader: PdfReader) -> list[tuple[int, str]]:
    """(page, font) of each glyph 0 a page draws. WeasyPrint's fonts are Type0 with 2-byte
    codes; each code is a CID by the font's encoding (Identity-H, or its own CMap stream),
    and each CID its glyph id (CIDToGIDMap /Identity)."""
    found = []
    for number, page in enumerate(reader.pages, start=1):
        resources: Any = page["/Resources"]
        fonts = resources.get("/Font") or {}
        cids: dict[int, int] | None = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                font = fonts[operands[0]].get_object()
                cids, name = _code_to_cid(font), str(font["/BaseFont"])
            elif operator in (b"Tj", b"TJ") and cids is not None:
                strings: list[Any] = operands[0] if operator == b"TJ" else [operands[0]]
                for string in strings:
                    if hasattr(string, "original_bytes"):  # a string's bytes, not a TJ's spacing numbers
                        data: bytes = string.original_bytes
                        codes = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
                        found += [(number, name) for code in codes if cids.get(code, code) == 0]
    return found


_CID_CHAR = re.compile(rb"<([0-9a-fA-F]+)>\s+(\d+)")
_CID_RANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s+(\d+)")


def _code_to_cid(font) -> dict[int, int]:
    """The codes an encoding CMap stream maps to other CIDs; {} for Identity-H (each code is its CID)."""
    encoding = _resolved(font.get("/Encoding"))
    assert font["/Subtype"] == "/Type0" and font["/DescendantFonts"][0].get_object()["/CIDToGIDMap"] == "/Identity"
    if encoding == "/Identity-H":
        return {}
    cmap = encoding.get_data()
    table = {}
    for block in re.findall(rb"begincidrange(.*?)endcidrange", cmap, re.S):
        for low, high, cid in _CID_RANGE.findall(block):
            for offset in range(int(high, 16) - int(low, 16) + 1):
                table[int(low, 16) + offset] = int(cid) + offset
    for block in re.findall(rb"begincidchar(.*?)endcidchar", cmap, re.S):
        table |= {int(code, 16): int(cid) for code, cid in _CID_CHAR.findall(block)}
    return table


def _resolved(value):
    return value.get_object() if value is not None else None


def _pdfium_text(path) -> list[str]:
    document = pdfium.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def _text_box(page, text: str) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top, in points) around the characters pdfium finds as `text`."""
    textpage = page.get_textpage()
    found = textpage.search(text).get_next()
    assert found, f"pdfium does not find {text!r} on the page"
    start, count = found
    boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)
