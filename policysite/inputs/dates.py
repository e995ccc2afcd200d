"""Policy dates as schools write them: a day (2025-09-01), a month (2022-11) or a school
term (Autumn 2024), and how each reads from a school file.

UK schools date reviews by term, so `approved_on`, `review_on` and history dates take a
term too (fields.Date(terms=True)). A term is read in any case, with or without the word
"term" ("autumn term 2024"), and always shown in one spelling: "Autumn 2024". Whenever the
question is "is it past yet?" (overdue reviews, reviews due soon, re-approval, the site's
date), a value means its last day: a month its last day, Autumn 31 December, Spring
31 March and Summer 31 August.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

# A term's first and last month. Together they cover the school year, so every day is in one.
TERMS = {"Autumn": (9, 12), "Spring": (1, 3), "Summer": (4, 8)}
# A policy's dates are this century's; 2205 is a typo (and past 2106 a page's gzip date overflows).
FIRST_YEAR, LAST_YEAR = 1990, 2099

DAY_RE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?", re.ASCII)
# A word, an optional "term", then digits: "Autumn 2024", "autumn term 2024", "Winter 24",
# and a school year's "Autumn 2024/25"; "term" may come last too ("Autumn 2024 term").
WORD_YEAR_RE = re.compile(r"([a-z]+)(?:\s+term)?\s+(\d+)(/\d+)?(?:\s+term)?", re.ASCII | re.IGNORECASE)
# Dashes a word processor puts for "-" (hyphen, non-breaking hyphen, figure dash, en dash, minus).
DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2212", "-"))
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

DATE_HINT = "Write the date as YYYY-MM-DD, for example 2025-09-01 (or YYYY-MM, such as 2025-09, for a month)."
TERM_ENDS = "Autumn ends on 31 December, Spring on 31 March and Summer on 31 August"
TERM_DATE_HINT = (
    "Write a day as YYYY-MM-DD (2025-09-01), a month as YYYY-MM (2025-09), or a school term with "
    f"its year: Autumn 2024, Spring 2025 or Summer 2025 ({TERM_ENDS})."
)


@functools.total_ordering
@dataclass(frozen=True)
class PolicyDate:
    """A day (2025-09-01), a month (2022-11: `day` is None) or a term (Autumn 2024: `term`
    is its name and `month` its first month). Dates sort by the day they begin, then by
    the day they end, so a day comes before the month it begins, and that month before
    the term it begins."""

    year: int
    month: int
    day: int | None = None
    term: str | None = None

    def __post_init__(self) -> None:
        if self.term is not None and (self.term not in TERMS or self.day or self.month != TERMS[self.term][0]):
            raise ValueError(f"not a term: {self!r}; use PolicyDate.of_term")

    @classmethod
    def of_term(cls, term: str, year: int) -> PolicyDate:
        return cls(year, TERMS[term][0], None, term)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    def last_day(self) -> dt.date:
        """The latest calendar day the value can mean: 'November 2022' ends on the 30th,
        'Autumn 2024' on 31 December 2024. Overdue and due-soon are measured from it."""
        if self.day:
            return dt.date(self.year, self.month, self.day)
        month = TERMS[self.term][1] if self.term else self.month
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        """ISO 8601, a valid HTML `datetime` value: 2025-09-01, 2022-11; ISO has no school
        terms, so a term gives its year (2024), which HTML also takes."""
        if self.term:
            return f"{self.year:04d}"
        base = f"{self.year:04d}-{self.month:02d}"
        return f"{base}-{self.day:02d}" if self.day else base

    def as_written(self) -> str:
        """As a school file writes it: 2025-09-01, 2022-11, Autumn 2024."""
        return f"{self.term} {self.year}" if self.term else self.iso()

    def __str__(self) -> str:
        """As the pages show it: 1 September 2025, November 2022, Autumn 2024."""
        if self.term:
            return f"{self.term} {self.year}"
        month = calendar.month_name[self.month]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PolicyDate):
            return NotImplemented
        return (self.first_day(), self.last_day()) < (other.first_day(), other.last_day())


class Unreadable(NamedTuple):
    """Why a text is not a date: `message` follows "`field` is `text`" in the error."""

    message: str
    hint: str


def read_date(text: str, terms: bool) -> PolicyDate | Unreadable:
    """A day, a month, or (with `terms`) a term, from the text of a school file. The year
    is not range-checked here (fields._in_range is, for every way a date arrives).

    Read as it looks, not as it is typed: a value pasted from a web page or a word processor
    often holds a no-break space ("Autumn\u00a02024"), full-width digits or an en dash, and
    refusing it with a message that shows "Autumn 2024" would leave nothing to correct. NFKC
    makes those spaces and digits plain ones; the dashes become "-"."""
    text = " ".join(unicodedata.normalize("NFKC", text).translate(DASHES).split())
    day = DAY_RE.fullmatch(text)
    if day:
        return _day(int(day[1]), int(day[2]), int(day[3]) if day[3] else None, terms)
    words = WORD_YEAR_RE.fullmatch(text)
    if words:
        return _word_and_year(words[1], words[2], terms, school_year=bool(words[3]))
    return Unreadable(_use(terms), TERM_DATE_HINT if terms else DATE_HINT)


def _day(year: int, month: int, day: int | None, terms: bool) -> PolicyDate | Unreadable:
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return Unreadable(f", which is not a real date{_use(terms)}", TERM_DATE_HINT if terms else DATE_HINT)
    return PolicyDate(year, month, day)


def _word_and_year(word: str, digits: str, terms: bool, school_year: bool) -> PolicyDate | Unreadable:
    """'Autumn 2024', or a near miss with a hint: a month's name, a misspelt term, a short
    year, a school year (2024/25: its Autumn is in 2024, its Spring and Summer in 2025)."""
    key, name = word.lower(), word.capitalize()
    if key in MONTHS:
        example = f"{digits}-{MONTHS[key]:02d}" if len(digits) == 4 else "2025-09"
        return Unreadable(_use(terms), f"Write a month as YYYY-MM, such as {example}.")
    if not terms:
        refused = ": a term cannot be used here; use YYYY-MM-DD" if name in TERMS else _use(terms)
        return Unreadable(refused, DATE_HINT)
    if name not in TERMS:
        near = difflib.get_close_matches(name, list(TERMS), n=1)
        guess = f"Did you mean `{near[0]} {digits}`? " if near else ""
        return Unreadable(f": {word} is not a school term; use Autumn, Spring or Summer", guess + TERM_DATE_HINT)
    year = _full_year(digits, name, school_year)
    if school_year:
        return Unreadable(
            ": write the term's own year, not the school year",
            f"Did you mean `{name} {year}`? A school year's Autumn term is in its first year, "
            "Spring and Summer in its second.",
        )
    if len(digits) != 4:
        return Unreadable(f": write the year in full, such as {name} {year}", TERM_DATE_HINT)
    return PolicyDate.of_term(name, int(digits))


def _full_year(digits: str, term: str, school_year: bool) -> int:
    """The year a term's year most likely means: '24' is 2024; in a school year '2024/25'
    Autumn is in 2024, Spring and Summer in 2025. Any other length: 2024, as an example."""
    year = int(digits) if len(digits) == 4 else 2000 + int(digits) if len(digits) == 2 else 2024
    return year + (1 if school_year and term != "Autumn" else 0)


def _use(terms: bool) -> str:
    return ": use YYYY-MM-DD, YYYY-MM or a term such as Autumn 2024" if terms else ": use YYYY-MM-DD"
