"""Input rules: checks on a valid school file that are about its meaning, not its shape.

Each rule is a small function. RULES (`rule(school_file, today) -> findings`) read what a
school file says; DATE_RULES (`rule(value, today) -> Dated | None`) read a school's dates
as it publishes them, from its file or else from the federation's defaults.yml, so a stale
`letter.date` or an overdue `review_on` there is warned too: once, at its line there,
naming the schools that use it. They run on the files as loaded, before merging, so they
are reported with any error of the same run. They only warn: the build can go on, but a
school office should look. `--strict` turns every warning of a run into an error (see
`settle`), for CI that must not publish a stale policy.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any, NamedTuple

from ..errors import BuildFailed, Finding, Location, has_errors, warning
from ..model import Content, SchoolFile
from .fields import PolicyDate, _dotted

TEMPLATE_CODE = re.compile(r"\{\{|\{%|\{#")
LETTER_DATE_MONTHS = 6  # a letter dated longer ago than this was not written for this term
# A letter may be dated ahead, for the day it goes home (a September letter made before the
# summer holiday); one dated further ahead is a wrong year, as wrong as a stale one.
LETTER_AHEAD_MONTHS = 2
LETTER_HINT = (
    "Set `letter.date:` to the day the letter goes home, or delete it to print a blank "
    "date line for the office to fill in."
)


class Dated(NamedTuple):
    """A date rule's finding, before it knows where the date was written (a school's file or
    the federation's defaults) and which schools it is about."""

    path: tuple  # the value's key path, such as ("letter", "date")
    message: str  # follows "<school's name>: "
    hint: str


Value = Callable[[tuple], Any]  # a school's value at a key path, from its file or the defaults


def review_date(value: Value, today: dt.date) -> Dated | None:
    """A policy past its review date is still published, but someone should know."""
    due = value(("document_control", "review_on"))
    if not isinstance(due, PolicyDate) or due.last_day() >= today:
        return None
    return Dated(
        ("document_control", "review_on"),
        f"the policy was due for review {'on' if due.day else 'in'} {due} "
        f"and is {overdue(due.last_day(), today)} overdue",
        "Review the policy, then set `review_on:` to the next review date.",
    )


def letter_date(value: Value, today: dt.date) -> Dated | None:
    """A letter is dated the day it goes home: one dated over 6 months ago would reach
    parents with an old date (often copied from an old letter or an approval date), one
    dated over 2 months ahead with a wrong year."""
    dated = value(("letter", "date"))
    if not isinstance(dated, PolicyDate):
        return None
    if dated.last_day() < months_before(today, LETTER_DATE_MONTHS):
        return Dated(
            ("letter", "date"),
            f"the parent letter is dated {dated}, {overdue(dated.last_day(), today)} ago",
            LETTER_HINT,
        )
    if dated.first_day() > months_before(today, -LETTER_AHEAD_MONTHS):  # that many months on
        return Dated(
            ("letter", "date"),
            f"the parent letter is dated {dated}, more than {LETTER_AHEAD_MONTHS} months ahead",
            "Is the year right? " + LETTER_HINT,
        )
    return None


def reply_by_date(value: Value, today: dt.date) -> Dated | None:
    """A slip due back before the letter goes home cannot be returned in time: a wrong year
    or a date copied from last year's letter."""
    reply_by, dated = value(("letter", "reply_by")), value(("letter", "date"))
    if not (isinstance(reply_by, PolicyDate) and isinstance(dated, PolicyDate)):
        return None
    if reply_by.last_day() >= dated.first_day():
        return None
    return Dated(
        ("letter", "reply_by"),
        f"the reply slip is due back by {reply_by}, before the letter's date, {dated}",
        "Set `reply_by:` to a day after `letter.date:`, or delete it to print no return date.",
    )


def approval_date(value: Value, today: dt.date) -> Dated | None:
    """`approved_on` still to come says governors approved a text they have not seen, and
    hides every re-approval warning (approval.py) until that day: a typo such as 2052 would
    hide them for decades."""
    return _still_to_come(value, today, "approved_on", "the governors approved this policy")


def publication_date(value: Value, today: dt.date) -> Dated | None:
    """`published_on` stands in for `approved_on` when a school gives only that (approval.py):
    a date still to come would hide the re-approval warnings in the same way."""
    return _still_to_come(value, today, "published_on", "the school published this policy")


def _still_to_come(value: Value, today: dt.date, key: str, when: str) -> Dated | None:
    date = value(("document_control", key))
    if not isinstance(date, PolicyDate) or date.first_day() <= today:
        return None
    return Dated(
        ("document_control", key),
        f"`{key}` is {date}, a date still to come",
        f"Set `{key}:` to the day {when}; until then, leave it out.",
    )


DATE_RULES = (review_date, letter_date, reply_by_date, approval_date, publication_date)


def check_dates(schools: tuple[SchoolFile, ...], content: Content | None, today: dt.date) -> list[Finding]:
    """DATE_RULES over every school: a date set in defaults.yml for several schools is one
    warning at its line there, naming the schools (three, then how many more)."""
    found: dict[tuple[Location, str, str], list[str]] = {}
    for school in schools:
        for rule in DATE_RULES:
            dated = rule(functools.partial(_value, school, content), today)
            if dated:
                where = _lookup(school, content, dated.path)[1]
                found.setdefault((where, dated.message, dated.hint), []).append(
                    school.values.get("name") or school.slug
                )
    return [warning(where, f"{_names(names)}: {message}", hint) for (where, message, hint), names in found.items()]


def _value(school: SchoolFile, content: Content | None, path: tuple) -> Any:
    return _lookup(school, content, path)[0]


def _lookup(school: SchoolFile, content: Content | None, path: tuple) -> tuple[Any, Location]:
    """The school's value at `path` and where it is written: in its file (`review_on:` left
    empty is written, and clears the default, as in merge.py), else in the defaults."""
    written, value = _written(school.values, path)
    if written or content is None:
        return value, school.locations.get(path, Location(school.path))
    return _written(content.defaults, path)[1], content.defaults_locations.get(path, Location(content.defaults_path))


def _written(values: Mapping, path: tuple) -> tuple[bool, Any]:
    parent: Any = values
    for key in path[:-1]:
        parent = parent.get(key)
        if not isinstance(parent, Mapping):
            return False, None
    return path[-1] in parent, parent.get(path[-1])


def _names(names: list[str]) -> str:
    return ", ".join(names) if len(names) <= 3 else f"{', '.join(names[:2])} and {len(names) - 2} other schools"


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (31 August -> 28 or 29 February);
    later for a negative `months`."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def overdue(due: dt.date, today: dt.date) -> str:
    """How late, in the largest whole unit: '4 years', '7 months', '12 days'."""
    months = (today.year - due.year) * 12 + today.month - due.month - (today.day < due.day)
    if months >= 12:
        return _count(months // 12, "year")
    if months >= 1:
        return _count(months, "month")
    return _count((today - due).days, "day")


def template_code(school: SchoolFile, today: dt.date) -> list[Finding]:
    """`{{ 7*7 }}` in a school file is shown as written, never run: say so, in case it was
    meant to work (and so nobody thinks the site is 'vulnerable' when it shows literally)."""
    findings = []
    for path, value in _strings(school.values, ()):
        if TEMPLATE_CODE.search(value):
            where = school.locations.get(path, Location(school.path))
            findings.append(
                warning(
                    where,
                    f"`{_dotted(path)}` looks like template code; it is shown as written",
                    "School files hold plain text and Markdown: `{{ }}` and `{% %}` do nothing here.",
                )
            )
    return findings


def _strings(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, path + (key,))
    elif isinstance(value, (list, tuple)):
        for index, child in enumerate(value):
            yield from _strings(child, path + (index,))


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}" + ("" if n == 1 else "s")


Rule = Callable[[SchoolFile, dt.date], list[Finding]]
RULES: tuple[Rule, ...] = (template_code,)


def check_schools(
    schools: tuple[SchoolFile, ...], today: dt.date | None = None, content: Content | None = None
) -> list[Finding]:
    """Every rule over every school file, and the date rules with `content`'s defaults. `today`
    is injectable (`--today`) so tests are stable; the clock is fine here because these are
    warnings about inputs, never output."""
    today = today or dt.date.today()
    findings = [finding for school in schools for rule in RULES for finding in rule(school, today)]
    return findings + check_dates(schools, content, today)


def settle(findings: list[Finding], strict: bool) -> list[Finding]:
    """The run's verdict, given once it has every warning: with `--strict` each warning is an
    error, and any error stops the run (BuildFailed). `check` settles after its own checks;
    `build` settles the warnings of loading and rendering before it writes (no minutes of PDFs
    for a run that will fail), then its writing's own before it publishes, so a failure never
    touches site/."""
    if strict:
        findings = [replace(f, level="error") if f.level == "warning" else f for f in findings]
    if has_errors(findings):
        raise BuildFailed(tuple(findings))
    return findings
