"""A CSV file as office software saves it, read as text and split into located records.

Excel's "CSV UTF-8" writes UTF-8 with a byte-order mark; its plain "CSV" on a UK Windows
machine writes Windows-1252; other systems write UTF-8 without a mark. Lines end in CRLF,
LF or (old Macs) CR. A quoted field may hold commas, doubled quotes and line breaks, so a
record can span lines: every field keeps the physical line and column an editor shows.

The file may hold personal data (a pupil list), so no finding made here quotes its lines
(`Finding.quote`) or any value.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import Finding, Location
from .textfile import _read_plain_file

MAX_CSV_BYTES = 5 * 1024 * 1024  # a school of 3,000 pupils exports about 300 KB
MAX_FIELDS = 500  # values in one row: SIMS's widest export has about 150 columns
SAVE_AS = "In Excel: File > Save As, and choose “CSV UTF-8 (Comma delimited)”."
# Files that are not text, by their first bytes: what they are, in words an office knows.
_MAGIC = (
    (b"PK\x03\x04", "this is an Excel workbook (a zip file), not a CSV file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "this is an Excel 97–2003 workbook, not a CSV file"),
    (b"\xff\xfe", "this file is saved as Unicode text (UTF-16), not as CSV"),
    (b"\xfe\xff", "this file is saved as Unicode text (UTF-16), not as CSV"),
    (b"%PDF", "this is a PDF, not a CSV file"),
)
_BREAK = re.compile(r"\r\n|\r|\n")
SEPARATOR_NAMES = {",": "a comma", ";": "a semicolon", "\t": "a tab"}


def problem(shown: str, line: int, col: int, message: str, hint: str = "") -> Finding:
    """An error in a file of personal data: located, and its line never quoted."""
    return Finding("error", Location(shown, line, col), message, hint, quote=False)


def read_csv_text(path: Path, shown: str) -> tuple[str | None, str, list[Finding]]:
    """The file's text and the encoding it was read in ("UTF-8" or "Windows-1252")."""
    raw, refused = _read_plain_file(path, shown, MAX_CSV_BYTES)
    if raw is None:  # a folder, a link, a pipe, missing, or over the size cap (not read past it)
        assert refused is not None
        if "plain file" in refused.message:
            refused = dataclasses.replace(refused, hint="Give the path of the CSV file itself.")
        return None, "", [refused]
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            return None, "", [problem(shown, 1, 1, what, SAVE_AS)]
    if b"\x00" in raw:
        line = _byte_line(raw, raw.index(b"\x00"))
        return None, "", [problem(shown, line, 1, "this is not a text file: it holds NUL bytes", SAVE_AS)]
    text, encoding, bad = _decode(raw)
    if text is None:
        message = "this is neither UTF-8 nor Windows-1252 text"
        return None, "", [problem(shown, _byte_line(raw, bad), 1, message, SAVE_AS)]
    if not text.strip():
        return None, "", [problem(shown, 1, 1, "the file is empty", "Export the list again. " + SAVE_AS)]
    return text, encoding, []


def _decode(raw: bytes) -> tuple[str | None, str, int]:
    """UTF-8 (a byte-order mark dropped) when the bytes are valid UTF-8, else Windows-1252;
    else None and the offset of the first byte that is neither."""
    try:
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8"), "UTF-8", 0
    except UnicodeDecodeError:
        pass
    try:  # five bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) mean nothing in Windows-1252
        return raw.removeprefix(b"\xef\xbb\xbf").decode("cp1252"), "Windows-1252", 0
    except UnicodeDecodeError as exc:
        return None, "", exc.start


def _byte_line(raw: bytes, offset: int) -> int:
    return len(_BREAK.findall(raw[:offset].decode("latin-1"))) + 1


@dataclass(frozen=True)
class Field:
    value: str
    line: int
    col: int


@dataclass(frozen=True)
class Record:
    """One row: its fields, the line it starts on, and what is wrong with its quotes (the
    fields read before the problem are kept; the rest of its line is skipped)."""

    line: int
    fields: tuple[Field, ...]
    problem: Finding | None = None

    def blank(self) -> bool:
        """A blank line, or a row of empty cells (Excel writes ",,," for a cleared row)."""
        return self.problem is None and all(not field.value.strip() for field in self.fields)


class _Cursor:
    """A position in the text, with the line and column an editor shows for it."""

    def __init__(self, text: str):
        self.text, self.pos, self.line, self.line_start = text, 0, 1, 0

    def here(self) -> tuple[int, int]:
        return self.line, self.pos - self.line_start + 1

    def advance(self, to: int) -> None:
        if "\n" not in self.text[self.pos : to] and "\r" not in self.text[self.pos : to]:
            self.pos = to  # most fields: no line break to count
            return
        for found in _BREAK.finditer(self.text, self.pos, to):
            self.line, self.line_start = self.line + 1, found.end()
        self.pos = to

    def past_line_end(self) -> None:
        found = _BREAK.search(self.text, self.pos)
        self.advance(found.end() if found else len(self.text))


def records(text: str, separator: str, shown: str) -> Iterator[Record]:
    """Every record of `text`, each field located where it starts."""
    cell = re.escape(separator) + r"\r\n"
    # A quoted field ("" is a quote), or an unquoted one, which may hold a quote after its
    # first character, as Python's csv allows. Possessive (*+): nothing to backtrack into, so
    # sre keeps no state per "" pair (5 MB of quotes took 350 MB and 2 s; now 15 MB, 0.2 s).
    pattern = re.compile(f'"([^"]*+(?:""[^"]*+)*+)"|((?:[^"{cell}][^{cell}]*+)?)')
    cursor = _Cursor(text)
    while cursor.pos < len(text):
        yield _record(pattern, separator, cursor, shown)


def _record(pattern: re.Pattern[str], separator: str, cursor: _Cursor, shown: str) -> Record:
    text, start, fields = cursor.text, cursor.line, []
    while True:
        found = pattern.match(text, cursor.pos)
        assert found is not None  # the unquoted branch matches the empty string
        value = found[2] if found[1] is None else found[1].replace('""', '"')
        fields.append(Field(value, *cursor.here()))
        cursor.advance(found.end())
        if len(fields) > MAX_FIELDS:  # a line of a million commas: a million fields
            message = f"this row has more than {MAX_FIELDS} values"
            too_many = problem(shown, *cursor.here(), message, "Is this the right file?")
            cursor.past_line_end()
            return Record(start, tuple(fields), too_many)
        if cursor.pos == len(text):
            return Record(start, tuple(fields))
        if text[cursor.pos] == separator:
            cursor.advance(cursor.pos + 1)
        elif text[cursor.pos] in "\r\n":
            cursor.past_line_end()
            return Record(start, tuple(fields))
        else:
            line, col = cursor.here()
            cursor.past_line_end()
            return Record(start, tuple(fields), _quote_problem(shown, line, col, found[1] is None, separator))


def _quote_problem(shown: str, line: int, col: int, unclosed: bool, separator: str) -> Finding:
    hint = (
        "A value holding a quote, a comma or a line break must be written in double quotes, "
        'its own quotes doubled ("O""Brien"). Excel does this when it saves as CSV: export the list again.'
    )
    if unclosed:
        return problem(shown, line, col, "a quote opens a value here but never closes it", hint)
    message = f"after a quoted value's closing quote, {SEPARATOR_NAMES[separator]} or the end of the line should follow"
    return problem(shown, line, col, message, hint)
