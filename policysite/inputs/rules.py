"""Input rules: checks on a valid school file that are about its meaning, not its shape.

Each rule is a small function `rule(school, today) -> findings`; RULES lists them. They
only warn: the build can go on, but a school office should look. `--strict` turns every
warning of a run into an error (see `settle`), for CI that must not publish a stale policy.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from ..errors import BuildFailed, Finding, Location, has_errors, warning
from ..model import SchoolFile
from .fields import PolicyDate, _dotted

TEMPLATE_CODE = re.compile(r"\{\{|\{%|\{#")
LETTER_DATE_MONTHS = 6  # a letter dated longer ago than this was not written for this term


def review_date(school: SchoolFile, today: dt.date) -> list[Finding]:
    """A policy past its review date is still published, but someone should know."""
    due = (school.values.get("document_control") or {}).get("review_on")
    if not isinstance(due, PolicyDate) or due.last_day() >= today:
        return []
    name = school.values.get("name") or school.slug
    where = school.locations.get(("document_control", "review_on"), Location(school.path))
    return [
        warning(
            where,
            f"{name}: the policy was due for review {'on' if due.day else 'in'} {due} "
            f"and is {overdue(due.last_day(), today)} overdue",
            "Review the policy, then set `review_on:` to the next review date.",
        )
    ]


def letter_date(school: SchoolFile, today: dt.date) -> list[Finding]:
    """A letter is dated the day it goes home: one dated over 6 months ago would reach
    parents with an old date (often copied from an old letter or an approval date)."""
    dated = (school.values.get("letter") or {}).get("date")
    if not isinstance(dated, PolicyDate) or dated.last_day() >= months_before(today, LETTER_DATE_MONTHS):
        return []
    name = school.values.get("name") or school.slug
    where = school.locations.get(("letter", "date"), Location(school.path))
    return [
        warning(
            where,
            f"{name}: the parent letter is dated {dated}, {overdue(dated.last_day(), today)} ago",
            "Set `letter.date:` to the day the letter goes home, or delete it to print a blank "
            "date line for the office to fill in.",
        )
    ]


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (31 August -> 28 or 29 February)."""
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
RULES: tuple[Rule, ...] = (review_date, letter_date, template_code)


def check_schools(schools: tuple[SchoolFile, ...], today: dt.date | None = None) -> list[Finding]:
    """Every rule over every school. `today` is injectable (`--today`) so tests are stable;
    the clock is fine here because these are warnings about inputs, never output."""
    today = today or dt.date.today()
    return [finding for school in schools for rule in RULES for finding in rule(school, today)]


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
