"""Advice: warnings about a school file copied from another school's, or missing a fact.

Copying a school's file is the quickest way to add a school, and the easiest way to publish
another school's words ("At Cambois, it is the Governing Body…") or to leave out what a
parent needs. These checks run on every school once it is merged with the federation's
defaults, so a value the defaults give counts as given. They only warn; `--strict` makes
them errors (rules.settle).

Which names count. A school is known by its `name`, its `short_name` and its name without
the words every school has at its end (`Cambois Primary School` -> `Cambois`), and on the
way each shorter name that still ends in a kind of school (`St Mary's Catholic Primary`).
Each is matched as whole words, in any case, across line breaks, but a mention in lower
case only in a web or email address: names are written with capitals, and "parking on the
avenue" is not The Avenue. A name of one word shorter than 5 letters, or made only of words
such as "Primary School" or "St", is left out: "Oaks" or "High School" would be found in
ordinary sentences. A school's own names, and its `federation`'s, are never another
school's. A school that names a partner on purpose ("shared with The Avenue") is warned all
the same: a person should look at it once.

Made-up values. schools/_template.yml's examples are made up so a copy publishes nothing
of another school's; a copy that keeps one (office@example.org, an 01632 number) would
publish it, so each is warned at its place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import Finding, Location, warning
from ..model import School, SchoolFile
from .fields import _dotted
from .rules import _strings
from .yamlread import SourceMap

# Words at the end of many schools' names: dropped to find the name people use in text.
GENERIC = frozenset(
    {
        *("school", "schools", "primary", "academy", "infant", "infants", "junior", "juniors", "nursery"),
        *("federation", "trust", "college", "first", "middle", "secondary", "high", "community"),
        *("church", "of", "england", "c", "e", "ce", "cofe", "rc", "catholic", "&"),  # "and" is "&" (normalise)
    }
)
NOT_A_NAME = GENERIC | {"the", "a", "an", "st", "st.", "saint"}  # a name needs a word besides these
# A shortened name ending in one of these is still a school's ("St Mary's Catholic Primary"),
# unlike "St Mary's Catholic", which may be the parish church.
KINDS = frozenset({"school", "primary", "academy", "infant", "infants", "junior", "juniors", "nursery", "college"})
MIN_LETTERS = 5  # a one-word name shorter than this is too often an ordinary word
APOSTROPHES = "'\u2019\u2018\u02bc"  # typed, a word processor's, a misturned one, a modifier letter
# The made-up values of schools/_template.yml (keep them in step): its domain, Ofcom's drama
# numbers, its reference, postcode, town, road, names and placeholder text.
MADE_UP = re.compile(
    r"(?:@|//)(?:www\.)?example\.(?:org|com)\b|\b01632 ?\d{6}\b|\bEX-01\b|\bEX1 2MP\b|\bExampletown\b"
    r"|\bExample (?:Primary|Federation|Road)\b|\bMrs A Example\b|\bMr B Example\b"
    r"|Write the school's own words here"
)


def advise(files: Iterable[SchoolFile], schools: Iterable[School]) -> list[Finding]:
    """Every school's advice: missing facts, the template's made-up values, then names of
    other schools in its text."""
    pairs = [(file, school) for file, school in zip(files, schools, strict=True)]
    findings = [finding for file, school in pairs for finding in missing_facts(file, school) + made_up(file, school)]
    return findings + other_schools_named(pairs)


def made_up(file: SchoolFile, school: School) -> list[Finding]:
    """Each value of the school's file still holding one of the template's made-up values."""
    findings = []
    for path, text in _strings(file.values, ()):
        found = MADE_UP.search(text)
        if found:
            findings.append(
                warning(
                    _find(file, path, found.group().lstrip("@/"), None),
                    f"{school.data['name']}: `{_dotted(path)}` holds “{found.group().lstrip('@/')}”, "
                    "an example from schools/_template.yml",
                    "Write the school's own value here, or delete the line to use the federation's: the "
                    "template's examples (example.org, 01632 numbers, 'Example' names) are made up.",
                )
            )
    return findings


def missing_facts(file: SchoolFile, school: School) -> list[Finding]:
    """What a parent needs and the merged school does not give."""
    data, name, at = school.data, school.data["name"], _locator(file)
    findings = []
    if not data["document_control"].get("review_on"):
        findings.append(
            warning(
                at(("document_control", "review_on"), ("document_control", "<key>")),
                f"{name}: there is no review date (`document_control.review_on`)",
                "Add `review_on:` under `document_control:` with the date the policy is next due for "
                "review (such as 2026-09-01, 2026-09 for a month, or Autumn 2026 for a term), so readers know "
                "it is kept up to date.",
            )
        )
    if not data["contacts"]:
        findings.append(
            warning(
                at(("contacts",)),
                f"{name}: the policy names nobody parents can speak to (`contacts` is empty)",
                "List them in order, such as `contacts: [class_teacher, headteacher]` (the roles are in "
                "docs/school-files.md), or delete `contacts:` to use the federation's.",
            )
        )
    if not data["letter"].get("signed_by"):
        findings.append(
            warning(
                at(("letter", "signed_by"), ("headteacher_name",)),
                f"{name}: nobody signs the letter to parents (no `letter.signed_by` and no `headteacher_name`)",
                "Add `headteacher_name:` with the head's name as it should appear under the letter, "
                "or `signed_by:` under `letter:` if someone else signs it.",
            )
        )
    own_list = "linked_policies" in file.values  # else the list is the federation's (defaults.yml)
    for index, linked in enumerate(data["linked_policies"]):
        if not linked.get("url"):
            where = at(("linked_policies", index)) if own_list else school.origins.get(("linked_policies",))
            findings.append(
                warning(
                    where,
                    f"{name}: the {linked['title']} (`linked_policies[{index}]`) has no `url`, so parents "
                    "see its name but cannot open it",
                    f"Add `url:` under `policy: {linked['policy']}` with the web address where "
                    "parents can read it, starting https://.",
                )
            )
    return findings


def _locator(file: SchoolFile):
    """at(path, fallback…): where the first of these paths is written, else the file itself."""

    def at(*paths: tuple) -> Location:
        return next((file.locations[p] for p in paths if p in file.locations), Location(file.path))

    return at


def other_schools_named(pairs: list[tuple[SchoolFile, School]]) -> list[Finding]:
    """Each place a school's own text (every string of its file) names another school, with
    one regex of every school's names, so a thousand schools cost one pass over their text."""
    owners: dict[str, list[School]] = {}
    for _, school in pairs:
        for variant in names_of(school.data["name"], school.data.get("short_name")):
            owners.setdefault(variant, []).append(school)
    findings = _same_names(pairs)
    if not owners:
        return findings
    pattern = re.compile(r"(?<!\w)" + _trie_pattern(sorted(owners)) + r"(?!\w)", re.IGNORECASE)
    for file, school in pairs:
        own = names_of(school.data["name"], school.data.get("short_name"), school.data.get("federation"))
        for path, text in _strings(file.values, ()):
            after = None
            for match in pattern.finditer(text):
                key = normalise(match.group())
                others = [] if key in own or not _as_a_name(text, match) else owners.get(key, [])
                others = [s for s in others if s is not school]
                if others:
                    after = _find(file, path, match.group(), after)
                    findings.append(_names_warning(school, path, match.group(), others, after))
    return findings


def _names_warning(school: School, path: tuple, said: str, others: list[School], where: Location) -> Finding:
    who = "; ".join(f"{other.data['name']}, {other.path}" for other in others[:3])
    return warning(
        where,
        f"{school.data['name']}: `{_dotted(path)}` names “{' '.join(said.split())}”, another school "
        f"of the federation ({who})",
        "Was this copied from that school's file? Write this school's own words instead. If it means "
        "the other school on purpose, check the sentence is right for this school.",
    )


def _as_a_name(text: str, match: re.Match) -> bool:
    """A mention with a capital (or in a script without case) in its own words, not only in
    "The" or "St": "parking on the avenue" and "The avenue of trees" are not The Avenue.
    In lower case it counts in a web or email address (https://cambois.example.sch.uk/
    copied from that school's file), where names are written so."""
    words = [w for w in match.group().split() if normalise(w) not in NOT_A_NAME]
    if any(not word[:1].islower() for word in words):
        return True
    before = re.search(r"\S*$", text[max(0, match.start() - 100) : match.start()])
    after = re.match(r"\S*", text[match.end() : match.end() + 100])
    token = (before[0] if before else "") + (after[0] if after else "")  # the address around it, if any
    return "://" in token or "@" in token or "www." in token


def _same_names(pairs: list[tuple[SchoolFile, School]]) -> list[Finding]:
    """A copy whose `name:` was never changed: two schools the site lists under one name."""
    by_name: dict[str, list[School]] = {}
    for _, school in pairs:
        by_name.setdefault(normalise(school.data["name"]), []).append(school)
    return [
        warning(
            file.locations.get(("name",), Location(file.path)),
            f"{school.data['name']}: another school has the same name "
            f"({', '.join(other.path for other in by_name[key] if other is not school)})",
            "Each school needs its own `name:`. If this file was copied from that school's, change the name "
            "and the text that is about the other school.",
        )
        for file, school in pairs
        if len(by_name[key := normalise(school.data["name"])]) > 1
    ]


def names_of(*names: str | None) -> set[str]:
    """The names a school is known by in text (see the module's docstring), normalised."""
    found = set()
    for name in filter(None, names):
        words = normalise(name).split()
        found.add(" ".join(words))
        while words and words[-1] in GENERIC:  # "cambois primary school" -> "cambois"
            words.pop()
            if words and words[-1] in KINDS:  # "st mary's catholic primary", on the way
                found.add(" ".join(words))
        found.add(" ".join(words))
    return {v for v in found if _distinctive(v)}


def _distinctive(variant: str) -> bool:
    words = variant.split()
    if all(word in NOT_A_NAME for word in words):
        return False
    return len(words) >= 2 or sum(c.isalnum() for c in variant) >= MIN_LETTERS


def normalise(text: str) -> str:
    """Lower case, one space between words, any apostrophe as ' and "and" as "&", as names are compared."""
    words = re.sub(f"[{APOSTROPHES}]", "'", text.lower()).split()
    return " ".join("&" if word == "and" else word for word in words)


def _trie_pattern(variants: list[str]) -> str:
    """One regex for many names, sharing their common beginnings (`cambois(?:\\s+primary…)?`):
    the regex engine then tries a few letters at each place in the text, not every name."""
    trie: dict = {}
    for variant in variants:
        node = trie
        for char in variant:
            node = node.setdefault(char, {})
        node[""] = {}  # a name ends here

    def pattern(node: dict) -> str:
        branches = [_char(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longest name first

    return pattern(trie)


def _char(char: str) -> str:
    return {" ": r"\s+", "&": "(?:&|and)", "'": f"[{APOSTROPHES}]"}.get(char, re.escape(char))


def _find(file: SchoolFile, path: tuple, said: str, after: Location | None) -> Location:
    """Where `said` is written in the value at `path`, after the previous match if any: its
    first word, so a name broken over two lines of a paragraph is found too."""
    source = SourceMap(dict(file.locations), file.path)  # only for the few values that name a school
    source.lines = file.lines
    return source.find(path, said.split()[0], after) or file.locations.get(path, Location(file.path))
