"""A pupil (or staff) list as a school information system exports it (SIMS, Arbor, Bromcom,
ScholarPack, or Excel's Save as CSV), read into the names, classes, years and roles that
`letters` sets into the reply slips (or the staff code's declarations).

Privacy: a pupil's name is personal data. Only the columns a slip needs are kept (data
minimisation): DOB, UPN, address and every other column are never stored, only counted.
No message holds a name or any value of a row, and no finding quotes a line of the file;
nothing is written anywhere. docs/pupil-lists.md is the office's guide to this module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import BuildFailed, Finding
from .chars import BLANK, describe, first_refused, hint, one_line
from .csvtext import SAVE_AS, Record, problem, read_csv_text, records
from .rosterheads import Columns, find_columns, has_name_column, repeats_header

Kind = Literal["pupils", "staff"]
MAX_ROWS = 5000  # a large secondary school has 2,000; more is the wrong file
MAX_LINES = 2 * MAX_ROWS  # blank rows included
MAX_VALUE = 100  # characters in one name, class, year or role: a slip has one line for each
MAX_FINDINGS = 50  # a wrong file has a problem on every line: the first 50 say what is wrong
# Combining marks in a row after one letter: Hebrew points and Tibetan stacks need up to 3 or
# 4. A flood of them ("Zalgo" text, 99 on one letter) drew upwards out of the slip's field,
# over the slip's text and past the cut line; 4 stay clear of the line above the field.
MAX_MARKS = 4
_SEPARATORS = (",", ";", "\t")  # Excel in some locales writes ";"; its "Text" format tabs


@dataclass(frozen=True)
class Person:
    line: int  # where the row starts in the file, for messages
    forename: str  # the whole name, as written, when the list has one "Name" column
    surname: str
    group: str  # the class (registration group, form…)
    year: str
    role: str

    @property
    def name(self) -> str:
        return f"{self.forename} {self.surname}".strip()


@dataclass(frozen=True)
class Roster:
    source: str
    kind: Kind
    people: tuple[Person, ...]
    columns: tuple[tuple[str, str], ...]  # ("forename", "Legal Forename"): what was read, from which header
    passed_over: tuple[str, ...] = ()  # name headers not used ("Forename" when there is a "Name")
    ignored: int = 0  # other columns: counted, never read
    encoding: str = "UTF-8"
    separator: str = ","


def read_roster(path: Path, kind: Kind, shown_as: str) -> Roster:
    """Every person of the file, in its order; BuildFailed with every problem of the file."""
    text, encoding, findings = read_csv_text(path, shown_as)
    if text is None:
        raise BuildFailed(tuple(findings))
    separator, rows = _rows(text, shown_as)
    header = next(rows, None)
    if header is None:  # only empty cells: ",,,\n,,,"
        raise BuildFailed((problem(shown_as, 1, 1, "the file is empty: it has only empty cells", SAVE_AS),))
    columns, findings = find_columns(header, kind, shown_as)
    if columns is None:
        raise BuildFailed(tuple(findings))
    people = _people(rows, columns, shown_as, findings)
    if not people and not findings:
        findings.append(problem(shown_as, header.line, 1, f"the file names its columns but lists no {kind}"))
    if findings:
        raise BuildFailed(tuple(findings[:MAX_FINDINGS]))
    return Roster(
        shown_as, kind, tuple(people), columns.used, columns.passed_over, columns.ignored, encoding, separator
    )


def _rows(text: str, shown: str) -> tuple[str, Iterator[Record]]:
    """The records that are not blank, with their separator: a comma, unless the header row
    names a name column only when split at semicolons (Excel in some locales) or tabs."""
    for separator in _SEPARATORS:
        header = next((row for row in records(text, separator, shown) if not row.blank()), None)
        if header is not None and has_name_column(header):
            break
    else:
        separator = ","
    return separator, _not_blank(records(text, separator, shown), shown)


def _not_blank(rows: Iterator[Record], shown: str) -> Iterator[Record]:
    """The rows that are not blank; after MAX_LINES rows, blank or not, a row with a problem
    and no more (five million blank lines took 20 s to skip)."""
    for count, row in enumerate(rows, 1):
        if count > MAX_LINES:
            yield Record(row.line, (), problem(shown, row.line, 1, f"the file has more than {MAX_LINES:,} rows"))
            return
        if not row.blank():
            yield row


def _people(rows: Iterator[Record], columns: Columns, shown: str, findings: list[Finding]) -> list[Person]:
    people: list[Person] = []
    for row in rows:
        if len(people) == MAX_ROWS:
            findings.append(
                problem(shown, row.line, 1, f"the list has more than {MAX_ROWS:,} rows", "Is this the right file?")
            )
            break
        person = _person(row, columns, shown, findings)
        if person is not None:
            people.append(person)
        if len(findings) >= MAX_FINDINGS:
            break
    return people


def _person(row: Record, columns: Columns, shown: str, findings: list[Finding]) -> Person | None:
    if row.problem:
        findings.append(row.problem)
        return None
    extra = next((field for field in row.fields[columns.width :] if field.value.strip()), None)
    if extra:  # empty cells past the last column ("Zoë,3B,,") are harmless
        message = f"this row has {len(row.fields)} values but the header names {columns.width} columns"
        findings.append(problem(shown, extra.line, extra.col, message, _COMMA_HINT))
        return None
    values = {key: _value(row, index, key, shown, findings) for key, index in columns.index.items()}
    if None in values.values():
        return None
    if repeats_header(values, columns):
        message, advice = "this row repeats the header row", "Were two lists pasted into one? Delete this row."
        findings.append(problem(shown, row.line, 1, message, advice))
        return None
    get = values.get
    forename = get("name") or get("forename") or get("legal forename") or ""
    person = Person(row.line, forename, get("surname") or get("legal surname") or "", *_rest(values))
    if not person.name:
        findings.append(problem(shown, row.line, 1, "this row has no name", "Fill in the name, or delete the row."))
        return None
    return person


def _rest(values: dict[str, str | None]) -> tuple[str, str, str]:
    return values.get("group") or "", values.get("year") or "", values.get("role") or ""


_COMMA_HINT = (
    "A value holding a comma must be written in double quotes (Excel does this when it saves as CSV); "
    "or a column has no header. " + SAVE_AS
)


def _value(row: Record, index: int, key: str, shown: str, findings: list[Finding]) -> str | None:
    """The cell trimmed and NFC-normalised ("" when the row is short); None, with a
    finding, when it holds a character that would print as something it isn't."""
    if index >= len(row.fields):
        return ""
    field = row.fields[index]
    value = unicodedata.normalize("NFC", field.value.strip())
    what = "name" if key == "name" else key.replace("group", "class")
    bad = first_refused(value)
    if bad:
        char = bad[0]
        cell = "Edit that cell in the spreadsheet, then save as CSV again."
        advice = cell if unicodedata.category(char) in ("Cc", "Zl", "Zp") else hint(char)
        findings.append(problem(shown, field.line, field.col, f"the {what} holds {describe(char)}", advice))
        return None
    if len(value) > MAX_VALUE:
        message = f"the {what} is {len(value):,} characters long; at most {MAX_VALUE} fit on a slip"
        findings.append(problem(shown, field.line, field.col, message, "Is this the right column?"))
        return None
    stacked = _most_marks(value)
    if stacked > MAX_MARKS:
        message = f"the {what} has {stacked} accents or marks stacked on one letter; at most {MAX_MARKS} fit on a slip"
        findings.append(problem(shown, field.line, field.col, message, "Retype that cell in the spreadsheet."))
        return None
    return value if value.strip(BLANK) else ""


def _most_marks(value: str) -> int:
    """The most combining marks (Unicode's Mn and Me) in a row after one letter."""
    most = run = 0
    for char in value:
        run = run + 1 if unicodedata.category(char) in ("Mn", "Me") else 0
        most = max(most, run)
    return most


def sort_by_class(people: Iterable[Person]) -> tuple[Person, ...]:
    """By class, then surname, then forename, ignoring case and accents, numbers in number
    order ("3B" before "10A", "Year 2" before "Year 10"); no class last; ties keep their order."""
    return tuple(
        sorted(people, key=lambda p: (not p.group, _natural(p.group), _natural(p.surname), _natural(p.forename)))
    )


# Letters whose stroke or ligature is no accent Unicode can take off (NFKD leaves them whole):
# Łukasz sorted after Zak. Folded as an English class list reads them.
_UNACCENTED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "\u0131": "i"})


def _natural(text: str) -> list[str | int]:
    """Text to compare: casefolded, accents dropped, digits as numbers. re.split with a group
    puts text at even places and numbers at odd ones, so two keys always compare."""
    folded = unicodedata.normalize("NFKD", text.casefold()).translate(_UNACCENTED)
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return [int(part) if index % 2 else part for index, part in enumerate(re.split(r"(\d+)", plain))]


def describe_columns(roster: Roster) -> str:
    """One line for the office: how many people, and which column gave what."""
    count = len(roster.people)
    people = ("member of staff" if count == 1 else "staff") if roster.kind == "staff" else f"pupil{'s' * (count != 1)}"
    # one_line: a header matched through its spaces may hold any of Python's (\x1c-\x1f, \x85)
    return one_line(f"Read {count} {people}: " + "; ".join(_parts(roster)) + ".")


def _parts(roster: Roster) -> Iterator[str]:
    headers = dict(roster.columns)
    if "name" in headers:
        yield f"names from “{headers['name']}”, as written"
    else:
        yield "names from " + " and ".join(_name_from(headers, part) for part in ("forename", "surname"))
    if roster.passed_over:
        yield " and ".join(f"“{header}”" for header in roster.passed_over) + " not used"
    for key in ("group", "year") if roster.kind == "pupils" else ("role",):
        yield f"{_WHAT[key]} from “{headers[key]}”" if key in headers else _MISSING[key]
    if roster.ignored:
        yield f"{roster.ignored} other column{'s' * (roster.ignored != 1)} ignored"
    if roster.separator != ",":
        yield f"separated by {_SEPARATOR_WORDS[roster.separator]}"
    if roster.encoding != "UTF-8":
        yield f"read as {roster.encoding}"


def _name_from(headers: dict[str, str], part: str) -> str:
    legal = headers.get(f"legal {part}")
    return f"“{headers[part]}”" + (f" (“{legal}” where that is empty)" if legal else "")


_SEPARATOR_WORDS = {";": "semicolons", "\t": "tabs"}
_WHAT = {"group": "class", "year": "year", "role": "role"}
# A list without a class (or role) column is still a class set: the slip's field is left
# blank for the family (or the member of staff) to fill in by hand.
_MISSING = {
    "group": "no class column, so the slips' Class is left blank",
    "year": "no year column",
    "role": "no role column, so the Role is left blank to write by hand",
}
