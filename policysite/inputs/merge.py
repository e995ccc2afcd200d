"""Merge stage: built-in defaults <- federation defaults <- school file, remembering origins.

Rules, in one place:
- mappings merge key by key; lists and scalars replace (a school listing `values` states
  all of its values, it does not add to the federation's);
- an explicit empty value (`minimum_age:` with nothing after it) clears a default (text
  with a built-in wording, such as `headteacher_title`, falls back to that wording);
- `sections` changes must name a section of the content, and `omit` only an optional one
  (raw HTML in their Markdown is refused earlier, by fields.Markdown, where the source is known);
- a few values default to other values (short_name -> name, letter signer -> head); the
  letter's date never does: it is the day the letter goes home, and without it the letter
  prints a blank date line for the office (an approval date would send an old letter home).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ..errors import Finding, Location, error
from ..model import Content, School, SchoolFile
from .schema import POLICIES, SCHOOL, defaults_of

BUILT_IN = Location("policysite/inputs/schema.py")


def merge_school(content: Content, school: SchoolFile) -> tuple[School | None, list[Finding]]:
    origins: dict[tuple, Location] = {}
    data = _overlay(defaults_of(SCHOOL), {}, (), origins, BUILT_IN)
    # The defaults' own lines too: a warning about a default (rules.check_dates) points at it.
    data = _overlay(data, content.defaults, (), origins, Location(content.defaults_path), content.defaults_locations)
    data = _overlay(data, school.values, (), origins, Location(school.path), school.locations)
    # `sections` and `languages` are replaced whole, not merged; keep where each change and
    # each language was written, so a problem with one (render.py, translate.py) points at its line.
    if "languages" not in school.values:
        origins.update(_written(content.defaults_locations, "languages"))
    origins.update(_written(school.locations, "sections") | _written(school.locations, "languages"))
    findings = check_sections(content, school)
    if any(f.level == "error" for f in findings):
        return None, findings
    data = _derive(data)
    return School(slug=school.slug, path=school.path, data=_freeze(data), origins=MappingProxyType(origins)), findings


def _overlay(
    base: dict, top: Mapping, path: tuple, origins: dict, source: Location, locations: Mapping | None = None
) -> dict:
    out = dict(base)
    for key, value in top.items():
        here = path + (key,)
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping) and key != "sections":
            out[key] = _overlay(out[key], value, here, origins, source, locations)
            continue
        out[key] = value
        origins[here] = (locations or {}).get(here, source)
    if not path:  # remember the source of every untouched top-level default too
        for key in base:
            origins.setdefault((key,), source)
    return out


def _written(locations: Mapping, key: str) -> dict[tuple, Location]:
    """Where each value inside the top-level `key` was written."""
    return {path: where for path, where in locations.items() if path[:1] == (key,) and len(path) > 1}


def check_sections(content: Content, school: SchoolFile) -> list[Finding]:
    known = {s.id: output for output, doc in content.documents.items() for s in doc.sections}
    findings = []
    for section_id, change in (school.values.get("sections") or {}).items():
        where = school.locations.get(("sections", section_id, "<key>"), Location(school.path))
        if section_id not in known:
            near = difflib.get_close_matches(section_id, list(known), n=1)
            hint = f"Did you mean `{near[0]}`? " if near else ""
            findings.append(
                error(
                    where,
                    f"there is no section `{section_id}` in the canonical content",
                    hint + "Section ids are the `{#id}` after each `##` heading in content/.",
                )
            )
            continue
        if change.get("omit") and not content.contract.is_optional(section_id):
            findings.append(
                error(
                    where,
                    f"section `{section_id}` is required by the contract and cannot be left out",
                    f"Use `append:` or `replace:` instead, or change {content.contract.path}.",
                )
            )
    return findings


def _derive(data: dict) -> dict:
    data = dict(data)
    data["short_name"] = data.get("short_name") or data["name"]
    letter = dict(data["letter"])
    document = data["document_control"]
    letter["signed_by"] = letter.get("signed_by") or data.get("headteacher_name")
    letter["signer_role"] = letter.get("signer_role") or data.get("headteacher_title") or "Headteacher"
    data["letter"] = letter
    data["document_control"] = {**document, "versions": tuple(document.get("history") or ())}  # + git: history.py
    data["linked_policies"] = tuple(
        {**p, "title": p.get("title") or POLICIES[p["policy"]], "url": p.get("url")}
        for p in data.get("linked_policies") or ()
    )
    return data


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value
