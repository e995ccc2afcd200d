"""English shown in a translation: the marks translate.py puts around it, read back here.

A unit whose translation is missing or out of date (fuzzy) keeps its English source in
the translated document, between FALLBACK_OPEN and FALLBACK_CLOSE (private-use
characters: no text or value can hold them, fields.py and render.md_escape see to it).
Once rendered, a block (paragraph, list item, heading, table cell) whose whole text is
between the two marks gets `lang="en" class="ps-fallback"`, so a screen reader reads it
as English and the page marks it; the marks themselves never reach a page.

The test is on the block's source (markdown-it's inline token's `content`), where a
school value's mark would be an entity (`&#57344;`), never the character.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

FALLBACK_OPEN = "\ue000"
FALLBACK_CLOSE = "\ue001"
MARKS = FALLBACK_OPEN + FALLBACK_CLOSE
# dir: English in a right-to-left page is laid out left to right, its full stop and a list
# item's bullet where English puts them (WeasyPrint reads no unicode-bidi: plaintext).
ATTRIBUTES = {"lang": "en", "dir": "ltr", "class": "ps-fallback"}
TAGS = frozenset({"p", "li", "td", "th", *(f"h{n}" for n in range(1, 7))})
_STRIP = str.maketrans("", "", MARKS)
# Two English units in one block (a paragraph joined by `{%- if %}`): one English block.
_JOINED = re.compile(f"{FALLBACK_CLOSE}\\s*{FALLBACK_OPEN}")
_EMPTY = re.compile(f"{FALLBACK_OPEN}(\\s*){FALLBACK_CLOSE}")
_LONE = re.compile(f"^[ \\t{MARKS}]*[{MARKS}][ \\t{MARKS}]*$", re.MULTILINE)
_OPENERS = ("paragraph_open", "heading_open", "td_open", "th_open")


def is_english(text: str) -> bool:
    """Whether all of `text` (a block's source, or a title's HTML) is one English unit."""
    joined = _JOINED.sub("", text.strip())
    return (
        joined.startswith(FALLBACK_OPEN)
        and joined.endswith(FALLBACK_CLOSE)
        and joined.count(FALLBACK_OPEN) == 1
        and joined.count(FALLBACK_CLOSE) == 1
    )


def tidy(markdown: str) -> str:
    """A rendered translation without marks around nothing (an English unit whose `{% if %}`
    showed no text) and lines holding only marks: else an option that empties a section in
    English would leave a heading over an empty block in the translation."""
    if FALLBACK_OPEN not in markdown and FALLBACK_CLOSE not in markdown:
        return markdown
    return _LONE.sub("", _EMPTY.sub(r"\1", markdown))


def strip_marks(text: str) -> str:
    return text.translate(_STRIP) if FALLBACK_OPEN in text or FALLBACK_CLOSE in text else text


def mark_blocks(tokens: list[Token]) -> None:
    """Give every English block's opening token the attributes (markup.text_html)."""
    for index, token in enumerate(tokens):
        if token.type != "inline" or index == 0 or not is_english(token.content):
            continue
        opener = tokens[index - 1]
        if opener.type not in _OPENERS:
            continue
        if opener.hidden:  # a tight list's item: its paragraph is not written, the li is
            if index < 2 or tokens[index - 2].type != "list_item_open":
                continue
            opener = tokens[index - 2]
        for name, value in ATTRIBUTES.items():
            opener.attrSet(name, value)


def heading_attributes(inner_html: str) -> tuple[str, str]:
    """(attributes, inner HTML without marks) for a title's h1/h2 (markup.heading)."""
    if not is_english(inner_html):
        return "", strip_marks(inner_html)
    return "".join(f' {name}="{value}"' for name, value in ATTRIBUTES.items()), strip_marks(inner_html)


def attribute(tag: str, name: str, value: str) -> str | None:
    """The sanitiser's verdict on `lang`/`dir`/`class` of a block tag: exactly ours, or dropped."""
    return value if tag in TAGS and ATTRIBUTES.get(name) == value else None
