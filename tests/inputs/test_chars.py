"""Issue 10: which characters a value may hold, and that messages can always be printed."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from policysite.inputs.chars import RAW_REFUSED, describe, first_refused, one_line, printable

# Format characters a school's Markdown may hold: they cannot hide or reorder words. One-line
# text holds only the soft hyphen (the PDF's text, where the name is looked for, drops the rest).
ALLOWED_FORMAT = {"\u00ad", "\u061c", "\u200c", "\u200d", "\u200e", "\u200f"}

REFUSED_EVERYWHERE = [
    "\x00",
    "\x07",
    "\x0b",
    "\x0c",
    "\r",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9b",  # C0, DEL, C1 (NEL, CSI)
    "\u2028",
    "\u2029",  # line and paragraph separators
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",  # bidi
    "\u200b",
    "\u2060",
    "\u2062",
    "\ufeff",
    "\u180e",
    "\ufff9",
    "\U000e0041",
    "\U000e0001",  # invisible
    "\ud800",
    "\udbff",
    "\udc00",
    "\udfff",  # lone surrogates
    "\ufdd0",
    "\ufffe",
    "\uffff",
    "\U0001fffe",
    "\U0010ffff",  # noncharacters
]
ALLOWED = [
    "é",
    "ŵ",
    "Ø",
    "\u00a0",
    "\u00ad",
    "😀",
    "\u05e9\u05dc\u05d5\u05dd",
    "\u3000",
    "中文",
    "\U0001f3f4",
    "a\u0301",
]
ALLOWED_IN_MARKDOWN = ["👨\u200d👩\u200d👧", "\u05e9\u05dc\u05d5\u05dd\u200f", "ن\u200cا", "\u200e1\u200e"]


def test_refused_format_characters_are_unicodes_own_list():
    """chars.py writes the Cf characters out; a Python with a newer Unicode must not let new ones in."""
    every_format = {chr(cp) for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Cf"}
    assert {char for char in every_format if first_refused(char, multiline=True)} == every_format - ALLOWED_FORMAT
    assert {char for char in every_format if first_refused(char)} == every_format - {"\u00ad"}


def test_every_control_character_is_refused_in_one_line_text():
    controls = [chr(cp) for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Cc"]
    assert len(controls) == 65
    assert all(first_refused(f"Oak{char}School") for char in controls)


@pytest.mark.parametrize("char", REFUSED_EVERYWHERE, ids=lambda c: f"U+{ord(c):04X}")
def test_refused_in_one_line_and_markdown_text(char):
    found = first_refused(f"Oak {char}School")
    assert found and found.start() == 4
    assert first_refused(f"First line\nOak {char}School", multiline=True).start() == 15


@pytest.mark.parametrize("text", ALLOWED)
def test_letters_emoji_and_right_to_left_text_are_allowed(text):
    assert first_refused(text) is None and first_refused(text, multiline=True) is None


@pytest.mark.parametrize("text", ALLOWED_IN_MARKDOWN)
def test_joiners_and_direction_marks_are_for_markdown_only(text):
    assert first_refused(text, multiline=True) is None
    assert first_refused(text)


def test_markdown_may_hold_tabs_and_line_feeds_but_not_carriage_returns():
    assert first_refused("- a\n\t- b\n", multiline=True) is None
    assert first_refused("a\tb") and first_refused("a\nb")  # one-line text: neither
    assert first_refused("a\r\nb", multiline=True).group() == "\r"


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029", "\u202e", "\u2066", "\x1b", "\ufffe"])
def test_raw_files_refuse_what_moves_lines_or_reorders_them(char):
    assert RAW_REFUSED.search(f"name: Oak {char}School\n")


def test_raw_files_keep_line_ends_tabs_and_zero_width_characters_for_the_value_check():
    # CR, LF and CRLF end lines; a zero-width space in a comment hides nothing, and in a value
    # the schema says where it is.
    assert RAW_REFUSED.search("name: Oak\r\nx: 1\ry: 2\n\tz: 3 # \u200b\n") is None


@pytest.mark.parametrize("char", REFUSED_EVERYWHERE + ["\t"], ids=lambda c: f"U+{ord(c):04X}")
def test_printable_text_can_always_be_written_to_a_terminal(char):
    shown = printable(f"unknown field `a{char}b`\nnext line")
    assert shown == "unknown field `a\ufffdb`\nnext line"
    shown.encode("utf-8")  # a lone surrogate would raise here, as it did on stderr


def test_one_line_shows_a_line_break_in_a_file_name_as_a_mark():
    assert one_line("schools/a\nb.yml") == "schools/a\ufffdb.yml"


@pytest.mark.parametrize(
    "char, words",
    [
        ("\r", "U+000D (a carriage return)"),
        ("\x1b", "U+001B (an escape character)"),
        ("\x07", "U+0007 (a control character)"),
        ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("\ud800", "U+D800 (half of a surrogate pair, not a character)"),
        ("\ufffe", "U+FFFE"),
    ],
)
def test_describe_names_the_character(char, words):
    assert describe(char) == words
