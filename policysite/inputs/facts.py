"""Facts that go stale: the minimum ages of social media sites, dated, in content/platform-ages.yml.

`check` warns when a school quotes a `minimum_age` that differs from the sites it names
(or, naming none the file knows, from the UK's age of digital consent), and when the
file's `as_of` date is more than a year before today. Warnings only: a school's page is
still right to quote what its policy says, but someone should look.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import Finding, Location, warning
from ..model import School
from .fields import Date, Integer, ListOf, PolicyDate, Text
from .rules import overdue
from .schema import Field, Record
from .yamlread import read_yaml, where_in

AGES_FILE = "content/platform-ages.yml"
STALE_AFTER = dt.timedelta(days=365)

PLATFORM = Record(
    (
        Field("name", Text(), None, "The site's name.", True),
        Field("also", ListOf(Text(), 10), (), "Other names schools use for it."),
        Field("minimum_age", Integer(0, 21), None, "Its minimum age in the UK.", True),
        Field("note", Text(), None, "What changed, and when."),
    )
)
PLATFORM_AGES = Record(
    (
        Field("as_of", Date(), None, "The day these facts were last checked.", True),
        Field("digital_consent_age", Integer(0, 21), None, "The UK GDPR age of digital consent.", True),
        Field("platforms", ListOf(PLATFORM, 100), (), "Each site and its minimum age."),
    )
)


@dataclass(frozen=True)
class PlatformAges:
    as_of: PolicyDate
    as_of_at: Location
    consent_age: int
    ages: Mapping[str, tuple[str, int]]  # lower-case name or other name -> (name, minimum age)

    def age_of(self, platform: str) -> tuple[str, int] | None:
        return self.ages.get(platform.strip().lower())


def load_platform_ages(path: Path) -> tuple[PlatformAges | None, list[Finding]]:
    """The data file (AGES_FILE in the project, read once by project.py), validated like a
    school file; (None, []) if the project has none."""
    if not path.is_file():
        return None, []
    data, locations, findings = read_yaml(path, AGES_FILE)
    if data is None:
        return None, findings
    where = where_in(locations, AGES_FILE)
    values, problems = PLATFORM_AGES.check(data, where, ())
    findings += problems
    if values is None or any(f.level == "error" for f in findings):
        return None, findings
    ages = {}
    for entry in values.get("platforms") or ():
        for name in (entry["name"], *(entry.get("also") or ())):
            ages[name.lower()] = (entry["name"], entry["minimum_age"])
    return PlatformAges(
        as_of=values["as_of"], as_of_at=where(("as_of",)), consent_age=values["digital_consent_age"], ages=ages
    ), findings


def check_facts(facts: PlatformAges | None, schools: tuple[School, ...], today: dt.date) -> list[Finding]:
    """The project's platform ages (project.py) against the clock and each school."""
    if facts is None:
        return []
    findings = stale(facts, today)
    for school in schools:
        findings += quoted_age(facts, school)
    return findings


def stale(facts: PlatformAges, today: dt.date) -> list[Finding]:
    checked = facts.as_of.last_day()
    if today - checked <= STALE_AFTER:
        return []
    return [
        warning(
            facts.as_of_at,
            f"the platform ages were last checked on {facts.as_of.iso()}, "
            f"{overdue(checked, today)} ago, and sites change their minimum ages",
            "Check each site's minimum age in the UK, correct the file, then set `as_of:` to today.",
        )
    ]


def quoted_age(facts: PlatformAges, school: School) -> list[Finding]:
    """A school quoting 14 while naming Facebook (13) tells parents something untrue."""
    quoted = school.data.get("minimum_age")
    if quoted is None:
        return []
    named = [(name, found[1]) for name in school.data.get("platforms") or () if (found := facts.age_of(name))]
    if not named:
        named = [("the UK's age of digital consent", facts.consent_age)]
    differ = [(name, age) for name, age in named if age != quoted]
    if not differ:
        return []
    where = school.origins.get(("minimum_age",), Location(school.path))
    return [
        warning(
            where,
            f"{school.data['name']} quotes a minimum age of {quoted}, but "
            f"{_ages(differ)} ({AGES_FILE}, as of {facts.as_of.iso()})",
            f"Set `minimum_age: {differ[0][1]}`, or correct {AGES_FILE} if a site has changed its age.",
        )
    ]


def _ages(differ: list[tuple[str, int]]) -> str:
    """'Facebook and Twitter require 13'; 'TikTok requires 13 and Foo requires 16'."""
    by_age: dict[int, list[str]] = {}
    for name, age in differ:
        by_age.setdefault(age, []).append(name)
    parts = []
    for age, names in by_age.items():
        verb = "is" if names[0].startswith("the UK") else "requires" if len(names) == 1 else "require"
        parts.append(f"{_and(names)} {verb} {age}")
    return _and(parts)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
