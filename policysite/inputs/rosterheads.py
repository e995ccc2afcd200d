"""Which columns of a pupil or staff list hold what: the header row's names, as SIMS, Arbor,
Bromcom, ScholarPack and people write them, matched whatever their case, spaces,
underscores, dots or hyphens ("Legal_Forename", "First Name", "Reg. Group")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from ..errors import Finding
from .csvtext import Field, Record, problem

# What each column gives, by its header squashed (see _squash). A preferred name is what the
# family calls the child, so it wins over the legal one when a list has both.
HEADERS = {
    "forename": (
        *("forename", "forenames", "firstname", "firstnames", "legalforename", "legalfirstname"),
        *("givenname", "givennames"),
    ),
    "preferred forename": ("preferredforename", "preferredfirstname"),
    "surname": ("surname", "lastname", "legalsurname", "legallastname", "familyname"),
    "preferred surname": ("preferredsurname", "preferredlastname"),
    "name": ("name", "fullname", "pupilname", "studentname", "staffname"),
    # Arbor calls a class a registration form; SIMS's year column is "Year Taught In"
    "group": (
        *("class", "classname", "reggroup", "registrationgroup", "form", "formgroup", "tutorgroup"),
        *("regform", "registrationform"),
    ),
    "year": ("year", "yeargroup", "ncyear", "nationalcurriculumyear", "yeartaughtin"),
    "role": ("role", "jobtitle", "post", "position"),
}
_NAMES = ("forename", "preferred forename", "surname", "preferred surname", "name")
# Only what a slip shows is read (data minimisation): a pupil's class and year, a person's role.
READ = {"pupils": (*_NAMES, "group", "year"), "staff": (*_NAMES, "role")}
_KEY = {squashed: key for key, names in HEADERS.items() for squashed in names}
_HINT = (
    "The first line must name the columns: Forename and Surname (or First name and Last name, Legal "
    "Forename and Legal Surname…), or one Name column; {more}. See docs/pupil-lists.md."
)
_MORE = {"pupils": "Class and Year are read too", "staff": "Role is read too"}


@dataclass(frozen=True)
class Columns:
    index: dict[str, int]  # "forename", "legal forename"… "name", "group", "year", "role" -> column number
    used: tuple[tuple[str, str], ...]  # the same keys with their headers as written
    passed_over: tuple[str, ...]  # name headers found but not used
    ignored: int  # every other column
    width: int  # columns in the header row


def _squash(header: str) -> str:
    return re.sub(r"[\s_.\-\ufeff]+", "", unicodedata.normalize("NFKC", header).casefold())


def repeats_header(values: dict[str, str | None], columns: Columns) -> bool:
    """A row whose every column read holds its own header: two exports pasted into one
    file would otherwise give a pupil called "Forename Surname"."""
    return all(_squash(values.get(key) or "") == _squash(header) for key, header in columns.used)


def has_name_column(header: Record) -> bool:
    return any(_KEY.get(_squash(field.value)) in _NAMES for field in header.fields)


def find_columns(header: Record, kind: Literal["pupils", "staff"], shown: str) -> tuple[Columns | None, list[Finding]]:
    """The columns to read, or None and why not (no name column, one column twice)."""
    if header.problem:
        return None, [header.problem]
    found: dict[str, list[Field]] = {}
    for field in header.fields:
        key = _KEY.get(_squash(field.value))
        if key in READ[kind]:
            found.setdefault(key, []).append(field)
    findings = [_twice(key, fields, shown) for key, fields in found.items() if len(fields) > 1]
    chosen, passed_over = _names(found)
    if not chosen:
        findings.append(_no_names(found, header, kind, shown))
    if findings:
        return None, findings
    chosen += [(key, found[key][0]) for key in ("group", "year", "role") if key in found]
    index = {key: header.fields.index(field) for key, field in chosen}
    used = tuple((key, field.value.strip()) for key, field in chosen)
    ignored = len(header.fields) - len(used) - len(passed_over)
    return Columns(index, used, tuple(passed_over), ignored, len(header.fields)), []


def _names(found: dict[str, list[Field]]) -> tuple[list[tuple[str, Field]], list[str]]:
    """forename and surname, else one name column; and the name headers left unused.
    Nothing when there is only one of forename and surname. A preferred name is read with
    the legal one beside it, for the rows where the preferred one is empty."""
    chosen: list[tuple[str, Field]] = []
    for part in ("forename", "surname"):
        preferred, legal = found.get(f"preferred {part}"), found.get(part)
        chosen += [(part, preferred[0])] if preferred else []
        chosen += [(f"legal {part}" if preferred else part, legal[0])] if legal else []
    halves = {key.removeprefix("legal ") for key, _ in chosen}
    if len(halves) < 2 and "name" in found:  # "Name" and "Forename": the whole name wins over half
        return [("name", found["name"][0])], [field.value.strip() for _, field in chosen]
    if len(halves) == 1:
        return [], []
    return chosen, [found["name"][0].value.strip()] if "name" in found else []


def _twice(key: str, fields: list[Field], shown: str) -> Finding:
    first, second = fields[0], fields[1]
    what = "class" if key == "group" else key
    message = f"“{second.value.strip()}” is a second {what} column (the first is “{first.value.strip()}”)"
    return problem(shown, second.line, second.col, message, "Delete one of the two columns, or rename it.")


def _no_names(found: dict[str, list[Field]], header: Record, kind: str, shown: str) -> Finding:
    hint = _HINT.format(more=_MORE[kind])
    has = [part for part in ("forename", "surname") if part in found or f"preferred {part}" in found]
    if has:  # "Surname" and "Forenames (legal)": half a name on every slip would go unnoticed
        other = "surname" if has[0] == "forename" else "forename"
        return problem(shown, header.line, 1, f"there is a {has[0]} column but no {other} column", hint)
    return problem(shown, header.line, 1, "none of the columns in the header row is a name column", hint)
