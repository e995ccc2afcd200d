"""Translatable units of a canonical document: the blocks a translator translates one by one.

A unit is the document's title, a section's title, or one block of a section's body: a
paragraph, a list item, a heading or a table cell. Its source is the text exactly as
written (Markdown and Jinja kept, line breaks inside a paragraph included) without its
block marker (`- `, `1. `, `### `, the table's pipes), so a catalogue entry's msgid is
what the author wrote and a translation can replace `text[start:end]` and nothing else.

Jinja is structure where it decides which blocks exist: a line holding only statement
tags or comments (`{% if x -%}`, `{%- endif %}`) is never part of a unit and ends the
block above it, and tags that open a line starting a block (`{% if x %}- item`) stay
outside the unit. A line continuing a paragraph keeps its tags, even at its start
(`{%- if x %} In a serious case...`): they are inside the sentence.

A block with no letters outside Jinja (`{{ school.aims }}`, a cell `{{ dc.reference }}`)
is not a unit: it shows the school's own values, which are never translated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..errors import Location
from ..model import Document

KINDS = ("title", "heading", "paragraph", "item", "cell")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
# Statement tags and comments: what decides the blocks. Written so a tag cannot run on into
# the next one (`[^%]|%(?!})`): with `.*?` a line of tags that failed to match would be tried
# split every possible way, 2**n of them.
STATEMENT = r"\{%(?:[^%]|%(?!\}))*%\}"  # one `{% ... %}` tag (translate.py's trailing tags too)
_STRUCTURE = rf"{STATEMENT}|\{{#(?:[^#]|#(?!\}}))*#\}}"
_TAG_ONLY = re.compile(rf"\s*(?:(?:{_STRUCTURE})\s*)+")
_PREFIX = re.compile(rf"\s*(?:(?:{_STRUCTURE})\s*)*")
_HEADING = re.compile(r"#{1,6}(?: +|$)")
_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?: +|$)")
_QUOTE = re.compile(r"> ?")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*")  # a setext heading's second line
_RULE = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})")
_OPENER = re.compile(r"\{[{%#]")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
_DELIMITER_CELL = re.compile(r"\s*:?-+:?\s*")


def jinja_spans(text: str) -> tuple[list[tuple[int, int]], bool]:
    """(start, end) of each Jinja tag in `text`, in order, and whether the last one is left
    open. One pass with str.find: a regex would try each `{{` of `{{{{...` against the whole
    rest of the text (school text and translations are input, up to a megabyte)."""
    spans: list[tuple[int, int]] = []
    at = 0
    while opener := _OPENER.search(text, at):
        end = text.find(_CLOSER[opener[0]], opener.end())
        if end < 0:
            return spans, True
        spans.append((opener.start(), end + 2))
        at = end + 2
    return spans, False


def after_structure(line: str) -> str:
    """The line after the statement tags, comments and spaces that open it."""
    return line[_structure_end(line) :]


def _structure_end(line: str) -> int:
    """Where the statement tags, comments and spaces that open `line` end (0 if none)."""
    found = _PREFIX.match(line)
    if found is None:  # cannot happen: every part of _PREFIX may match nothing
        raise AssertionError(f"_PREFIX did not match {line!r}")
    return found.end()


def without_tags(text: str, by: str = "") -> str:
    """`text` with each Jinja tag replaced by `by`."""
    pieces, at = [], 0
    for start, end in jinja_spans(text)[0]:
        pieces += [text[at:start], by]
        at = end
    return "".join(pieces) + text[at:]


@dataclass(frozen=True)
class Unit:
    context: str  # the section id; for a document's title, its output name
    source: str  # exactly as written, without its block marker
    location: Location  # where the source starts in the document file
    kind: str  # "title" | "heading" | "paragraph" | "item" | "cell"
    start: int
    end: int  # source == text[start:end] of the text units_of was given


def has_words(source: str) -> bool:
    """Whether there is anything to translate outside the Jinja tags."""
    return any(char.isalpha() for char in without_tags(source))


def units_of(text: str, context: str, path: str, first_line: int, kind: str | None = None) -> tuple[Unit, ...]:
    """The units of a section body (`text` starts at `first_line` of `path`); with `kind`
    (a title), the whole of `text` is one unit."""
    if kind is not None:
        found = [Unit(context, text, Location(path, first_line, 1), kind, 0, len(text))]
    else:
        found = list(_body_units(text, context, path, first_line))
    return tuple(unit for unit in found if unit.source.strip() and has_words(unit.source))


def document_units(document: Document) -> tuple[Unit, ...]:
    """The document's title, then each section's title and body units, in reading order."""
    units = _title(document.title, document.output, document, document.title_line, "# ")
    for section in document.sections:
        units += _title(section.title, section.id, document, section.location.line, "## ")
        units += units_of(section.body, section.id, document.path, section.body_line)
    return tuple(units)


def _title(text: str, context: str, document: Document, line: int, marker: str) -> tuple[Unit, ...]:
    """A title's unit, located at its first character after the `# ` or `## ` marker."""
    at = Location(document.path, line, len(marker) + 1)
    return tuple(replace(unit, location=at) for unit in units_of(text, context, document.path, line, "title"))


class _Open:
    """The paragraph or list item being read: where it starts, and its last line's end."""

    def __init__(self, kind: str, start: int, line: int, col: int, end: int):
        self.kind, self.start, self.line, self.col, self.end = kind, start, line, col, end


def _body_units(text: str, context: str, path: str, first_line: int):
    block: _Open | None = None

    def close():
        nonlocal block
        if block is not None:
            source = text[block.start : block.end]
            yield Unit(context, source, Location(path, block.line, block.col), block.kind, block.start, block.end)
        block = None

    fence = ""  # the fence of the code block being read: code is not translated
    for number, (offset, line) in enumerate(_lines(text)):
        line_no = first_line + number
        opening = _FENCE.match(line)
        if fence or opening:
            yield from close()
            if opening is not None:  # a line inside a code block that is no fence changes nothing
                closes = fence and opening[1][0] == fence[0] and len(opening[1]) >= len(fence)
                fence = "" if closes else fence or opening[1]
            continue
        if block is not None and block.kind == "paragraph" and _UNDERLINE.fullmatch(line):
            block.kind = "heading"  # the paragraph above is a heading, its underline no part of it
            yield from close()
            continue
        if not line.strip() or _TAG_ONLY.fullmatch(line) or _RULE.fullmatch(line):
            yield from close()
            continue
        prefix = _structure_end(line)
        rest = line[prefix:]
        marker = _HEADING.match(rest) or _ITEM.match(rest) or _QUOTE.match(rest)
        if block is not None and not marker and not rest.startswith("|"):
            block.end = offset + len(line.rstrip())  # a continuation line, tags at its start included
            continue
        yield from close()
        if rest.startswith("|"):
            yield from _cells(text, offset + prefix, rest, context, path, line_no)
            continue
        kind = "paragraph" if not marker or marker.re is _QUOTE else "heading" if marker.re is _HEADING else "item"
        start = offset + prefix + (marker.end() if marker else 0)
        start += len(text[start : offset + len(line)]) - len(text[start : offset + len(line)].lstrip())
        if kind == "heading":
            end = offset + len(line.rstrip())
            yield Unit(context, text[start:end], Location(path, line_no, start - offset + 1), kind, start, end)
        else:
            block = _Open(kind, start, line_no, start - offset + 1, offset + len(line.rstrip()))
    yield from close()


def _lines(text: str):
    """(offset, line without its ending) of each line, as split_lines counts them."""
    for match in _LINE.finditer(text):
        if match.start() == len(text) and match.start():
            break
        yield match.start(), match[0].rstrip("\r\n")


def _cells(text: str, offset: int, row: str, context: str, path: str, line_no: int):
    """One unit per cell of a table row (`row` starts at `text[offset]`, with its first
    pipe); the delimiter row (`|---|---|`) has none. A `|` that is escaped or inside a Jinja
    tag (`{{ x | join }}`) is not a cell's end."""
    inside = jinja_spans(row)[0]
    bounds, start, at, tag = [], 1, 1, 0
    while at < len(row):
        while tag < len(inside) and inside[tag][1] <= at:
            tag += 1
        if tag < len(inside) and inside[tag][0] <= at:
            at = inside[tag][1]
        elif row[at] == "\\":
            at += 2
        else:
            if row[at] == "|":
                bounds.append((start, at))
                start = at + 1
            at += 1
    bounds.append((start, len(row)))
    if all(_DELIMITER_CELL.fullmatch(row[a:b]) or not row[a:b].strip() for a, b in bounds):
        return
    line_start = _line_start(text, offset)
    for a, b in bounds:
        cell = row[a:b]
        begin, end = offset + a + len(cell) - len(cell.lstrip()), offset + b - (len(cell) - len(cell.rstrip()))
        if begin < end:
            where = Location(path, line_no, begin - line_start + 1)
            yield Unit(context, text[begin:end], where, "cell", begin, end)


def _line_start(text: str, index: int) -> int:
    return max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
