"""The values of named copies (named.py): one page for each person and each page of the
document that has fields, holding only that person's values, each where its field is and in
the field's own font. WeasyPrint lays out all of them in one run: they are real text,
shaped and set in whatever font the name needs (Łukasz, Nguyễn, an Arabic name), which
drawing the text ourselves into the PDF would not be.

A value is left-aligned in its field, a little in from its left edge, its baseline a little
above the field's rule. A value too long for its field is laid out again, smaller (at least
MIN_SCALE of the field's size), and then wraps upwards onto a second line: two lines fit a
field, and hold a name of the length roster.py accepts (100 characters a forename and 100 a
surname). One too wide for two lines at MIN_SCALE (200 W's) is set smaller still, never on a
third line over the slip's text. A value is never cut off.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

PAD = 0.3  # em of the field's font: the value's gap from the field's left and right edges
GAP = 0.15  # em: between the value's line and the field's rule
LINE_HEIGHT = 1.2
MIN_SCALE = 0.5  # a value is set smaller than half its field's size only if two lines can't hold it
_GENERIC = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "math"})


@dataclass(frozen=True)
class Field:
    """A field on the laid-out page: its border box in CSS px from the page's top-left, the
    width of its rule (its bottom border) and its font."""

    id: str
    left: float
    top: float
    right: float
    bottom: float
    rule: float
    font_family: tuple[str, ...]
    font_size: float  # CSS px

    def place(self, page_height: float, scale: float = 1) -> str:
        """The inline style of a value set in this field: its box sits on the rule."""
        size = self.font_size * scale
        pad, gap = PAD * self.font_size, GAP * self.font_size
        families = ", ".join(name if name in _GENERIC else _quoted(name) for name in self.font_family)
        return (
            f"left:{self.left + pad:.3f}px;width:{self.right - self.left - 2 * pad:.3f}px;"
            f"bottom:{page_height - (self.bottom - self.rule - gap):.3f}px;"
            f"font-family:{families};font-size:{size:.3f}px"
        )


def _quoted(name: str) -> str:
    """A font family's name as a CSS string (it comes from our stylesheets, never a person)."""
    return '"' + name.replace("\\", "").replace('"', "").replace("\n", "") + '"'


PageFields = Sequence[tuple[Field, int]]  # the fields of one page, each with its value's index in a person's values


def values_pdf(
    pages: Sequence[PageFields], people: Sequence[Sequence[str]], size: tuple[float, float]
) -> tuple[bytes, tuple[int, ...]]:
    """The PDF of values_document (named.py lays out a large list's values in parts, one a
    core), or none when some of `people` have a value no installed font can draw: those, by
    index (unprintable). Found before the PDF is drawn, where WeasyPrint would log each
    missing letter, a letter of a name."""
    document = values_document(pages, people, size)
    missing = unprintable(document, len(pages))
    return (b"" if missing else document.write_pdf()), missing


def unprintable(document, per_person: int) -> tuple[int, ...]:
    """The people (by index) a value of whom has a character no font on this computer has:
    WeasyPrint would draw it as an empty box (.notdef), and say so only in its log."""
    from weasyprint.text.ffi import ffi, pango

    def missing(textbox) -> bool:
        layout = textbox.pango_layout
        layout.reactivate(textbox.style)  # laid out, WeasyPrint keeps the text, not its glyphs
        try:
            run = layout.get_first_line()[0].runs
            while run != ffi.NULL:
                glyphs = run.data.glyphs
                if any(info.glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG for info in glyphs.glyphs[0 : glyphs.num_glyphs]):
                    return True
                run = run.next
            return False
        finally:
            layout.deactivate()

    found = (
        index // per_person
        for index, page in enumerate(document.pages)
        if any(hasattr(box, "pango_layout") and missing(box) for box in descendants(page._page_box))
    )
    return tuple(dict.fromkeys(found))


def values_document(pages: Sequence[PageFields], people: Sequence[Sequence[str]], size: tuple[float, float]):
    """A WeasyPrint Document: for each person, one page per entry of `pages` (a page of the
    laid-out document with fields), holding the person's values in those fields. Its HTML
    loads nothing: the fetcher refuses every address."""
    from weasyprint import HTML

    from .fetch import ProjectFetcher

    fetcher = ProjectFetcher(())

    def render(chosen: Sequence[int], scales: dict[tuple[int, int, int], float]):
        sections = (
            _section(pages[page], people[person], size[1], _of(scales, person, page))
            for person in chosen
            for page in range(len(pages))
        )
        return HTML(string=_document(sections, size), url_fetcher=fetcher).render()

    everyone = range(len(people))
    document = render(everyone, {})
    scales = _scales(document, pages, everyone)
    if not scales:
        return document
    again = sorted({person for person, _, _ in scales})  # only the people with a value too long
    redone = iter(render(again, scales).pages)
    pages_by_person = [document.pages[i : i + len(pages)] for i in range(0, len(document.pages), len(pages))]
    for person in again:
        pages_by_person[person] = [next(redone) for _ in pages]
    return document.copy([page for person_pages in pages_by_person for page in person_pages])


def _of(scales: dict[tuple[int, int, int], float], person: int, page: int) -> dict[int, float]:
    return {field: scale for (who, where, field), scale in scales.items() if (who, where) == (person, page)}


def _document(sections, size: tuple[float, float]) -> str:
    width, height = size
    style = (
        f"@page {{ size: {width:.3f}px {height:.3f}px; margin: 0 }} body {{ margin: 0 }} "
        f"section {{ position: relative; height: {height:.3f}px }} section + section {{ break-before: page }} "
        f"p {{ position: absolute; margin: 0; padding: 0; line-height: {LINE_HEIGHT}; color: #000; "
        "white-space: nowrap; text-align: left } "
        "p.ps-wrap { white-space: normal; overflow-wrap: anywhere; line-height: 1.1 }"
    )
    head = f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>{style}</style></head><body>'
    return head + "".join(sections) + "</body></html>"


def _section(fields: PageFields, values: Sequence[str], height: float, scales: dict[int, float]) -> str:
    """One page: each value in its field, `scales` shrinking the ones too long (by field)."""
    paragraphs = []
    for number, (field, value) in enumerate(fields):
        text = values[value]
        if not text:
            paragraphs.append("<p></p>")  # keeps the count of paragraphs _scales reads back
            continue
        scale = scales.get(number, 1)
        wrap = ' class="ps-wrap"' if scale <= MIN_SCALE else ""
        paragraphs.append(f'<p{wrap} style="{html.escape(field.place(height, scale))}">{html.escape(text)}</p>')
    return "<section>" + "".join(paragraphs) + "</section>"


def _scales(document, pages: Sequence[PageFields], people: Sequence[int]) -> dict[tuple[int, int, int], float]:
    """(person, page, field) -> the scale a value wider than its field needs to fit it, at
    least MIN_SCALE (it then wraps), for every value too wide."""
    scales = {}
    rendered = iter(document.pages)
    for person in people:
        for page in range(len(pages)):
            paragraphs = _paragraphs(next(rendered)._page_box)
            for number, box in enumerate(paragraphs):
                needed = _text_width(box)
                if needed > box.width + 0.01:
                    scales[(person, page, number)] = _scale(needed, box.width)
    return scales


def _scale(needed: float, width: float) -> float:
    """The scale that fits a value `needed` wide on one line of `width`; under MIN_SCALE, the
    one that fits it on two lines (with room for where the lines break), never more: 200
    characters of W took three lines at MIN_SCALE, the third over the slip's own text."""
    one_line = width / needed * 0.98
    return one_line if one_line >= MIN_SCALE else min(MIN_SCALE, 2 * width / needed * 0.9)


def _paragraphs(page_box) -> list:
    """The page's paragraphs, in order: each element's first box (its line boxes say "p" too)."""
    first: dict[int, object] = {}
    for box in descendants(page_box):
        if box.element_tag == "p":
            first.setdefault(id(box.element), box)
    return list(first.values())


def _text_width(box) -> float:
    """How wide the text of a paragraph laid out on one line is (it may overflow the box)."""
    right = [child.position_x + child.margin_width() for line in box.children for child in line.children]
    left = [child.position_x for line in box.children for child in line.children]
    return max(right) - min(left) if right else 0.0


def descendants(box):
    """A laid-out box and every box inside it, in document order (WeasyPrint's own tree)."""
    yield box
    for child in getattr(box, "children", ()):
        yield from descendants(child)
