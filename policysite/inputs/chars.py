"""Characters that make text mean something other than it shows, refused in every input.

- Control characters (C0, DEL, C1): a carriage return starts a new Markdown block, so a
  one-line name could add a heading; an escape sequence repaints a terminal.
- Line and paragraph separators (U+2028, U+2029, and NEL U+0085 among the controls):
  line breaks for YAML and JavaScript but not for Markdown or editors, so line numbers
  and blocks disagree.
- Format characters (Unicode category Cf): bidi overrides and isolates reorder what a
  reader sees ("Trojan Source"); zero-width spaces, word joiners, tag characters and
  invisible operators hide text or split a word so search misses it. Allowed: the soft
  hyphen; in Markdown also the zero-width (non-)joiners emoji and many scripts need, and
  the direction marks right-to-left text needs (marks cannot reorder letters, only
  overrides can). One-line values (names above all) hold none of these four: the PDF
  check looks for a school's name in the PDF's text, which drops them.
- Lone surrogates (half a UTF-16 pair, from a YAML escape such as "\\ud800") and
  noncharacters: not text at all; printing a surrogate crashes.

A YAML file can hold these raw or as escapes in a quoted value ("\\r", "\\u202e"), so the
schema's text types check values (`first_refused`) and yamlread checks raw files
(`RAW_REFUSED`); messages show them as U+FFFD (`printable`).
"""

from __future__ import annotations

import re
import unicodedata

_JOINERS_AND_MARKS = "\u061c\u200c\u200d\u200e\u200f"  # ALM, ZWNJ, ZWJ, LRM, RLM; and the soft hyphen U+00AD
BIDI = "\u202a-\u202e\u2066-\u2069"
# Unicode 14's category Cf without those (tests/test_chars.py checks it against
# unicodedata, so a newer Python's new format characters are noticed).
_FORMAT = (
    "\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b" + BIDI + "\u2060-\u2064\u206a-\u206f"
    "\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0, 0x110000, 0x10000))
_SEPARATORS = "\u2028\u2029"
_SURROGATES = "\ud800-\udfff"
_CONTROLS = "\x00-\x1f\x7f-\x9f"

ONE_LINE = re.compile(f"[{_CONTROLS}{_SEPARATORS}{_FORMAT}{_JOINERS_AND_MARKS}{_SURROGATES}{_NONCHARACTERS}]")
MULTI_LINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_SEPARATORS}{_FORMAT}{_SURROGATES}{_NONCHARACTERS}]")
# In a file as written: everything a value may never hold that a YAML or Markdown reader
# could also take for a line break, or that reorders the lines a reviewer reads.
RAW_REFUSED = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_SEPARATORS}{BIDI}{_NONCHARACTERS}]")
_SHOWN = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_SEPARATORS}{_FORMAT}{_SURROGATES}{_NONCHARACTERS}]")

# What shows nothing: whitespace, the characters a value may hold that are invisible, and
# letters drawn blank (Hangul fillers, the blank Braille pattern). A value of only these is empty.
BLANK = (
    " \t\n\r\f\v\u00a0\u00ad\u061c\u200c\u200d\u200e\u200f\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\u3164\u115f\u1160\uffa0\u2800"
)

_CONTROL_NAMES = {
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a carriage return",
    "\x0b": "a vertical tab",
    "\x0c": "a form feed",
    "\x1b": "an escape character",
    "\x00": "a null character",
    "\x85": "a next-line character",
}


def first_refused(text: str, multiline: bool = False) -> re.Match | None:
    """The first character `text` may not hold; tab and line feed are fine in Markdown."""
    return (MULTI_LINE if multiline else ONE_LINE).search(text)


def describe(char: str) -> str:
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`: which character, in words a reader can search for."""
    code = f"U+{ord(char):04X}"
    if char in _CONTROL_NAMES:
        return f"{code} ({_CONTROL_NAMES[char]})"
    if "\ud800" <= char <= "\udfff":
        return f"{code} (half of a surrogate pair, not a character)"
    name = unicodedata.name(char, "")
    return (
        f"{code} ({name})" if name else f"{code} (a control character)" if unicodedata.category(char) == "Cc" else code
    )


def hint(char: str) -> str:
    """How to get rid of it, by kind."""
    if re.match(f"[{BIDI}]", char):
        return (
            "Delete it: it changes the order in which the text is shown, so readers would not see "
            "what the file says. Retype the text around it if unsure."
        )
    if "\ud800" <= char <= "\udfff":
        return (
            'Write the character itself, or one escape for it such as "\\U0001F600": '
            '"\\ud83d"-style halves are not characters.'
        )
    if char in "\r\n" + _SEPARATORS or char == "\x85":
        return "Remove the line break; in a quoted value, delete the `\\r`, `\\n`, `\\L` or `\\P`."
    if char in _JOINERS_AND_MARKS:  # only one-line text refuses these
        return (
            "Delete it: one-line fields can't hold joiners or direction marks (an emoji sequence "
            "shows as its separate emoji; right-to-left words show rightly without a mark)."
        )
    if unicodedata.category(char) == "Cc":
        return "Delete it; in a quoted value, delete the `\\` escape that writes it (such as `\\t` or `\\x1b`)."
    return (
        "Delete it: it is invisible (often pasted from a web page or a word processor) and can hide "
        "or split words. Retype the text around it if unsure."
    )


def printable(text: str) -> str:
    """`text` safe to print on a terminal: every refused character, and tabs, as U+FFFD."""
    return _SHOWN.sub("\ufffd", text)


def one_line(text: str) -> str:
    """`printable`, with line breaks shown as U+FFFD too: for a file's name in a message."""
    return printable(text).replace("\n", "\ufffd")
