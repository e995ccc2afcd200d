"""Value types of the school-file schema: each checks one YAML node and says how to fix it.

A type's `check(node, where)` returns `(value, findings)`: the plain Python value the
templates see, and any problems, each at the node's own location. `where(path)` maps a
key path to its Location, so nested types can point at their own children.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import Finding, Location, error
from .chars import BLANK, describe, first_refused
from .chars import hint as character_hint
from .dates import FIRST_YEAR, LAST_YEAR, PolicyDate, read_date
from .mdscan import LINK_HINT, link_problem, markdown_problems

Where = Callable[..., Location]  # where(path, key=False) -> Location of that value (or key)
MAX_TEXT = 300
MAX_MARKDOWN = 20_000
BOOL_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


def _type_name(node: Any) -> str:
    if isinstance(node, bool):
        return "true/false"
    if isinstance(node, int):
        return "a number"
    if isinstance(node, float):
        return "a decimal number"
    if isinstance(node, (dt.date, dt.datetime)):
        return "a date"
    if isinstance(node, dict):
        return "a group of fields"
    if isinstance(node, list):
        return "a list"
    if node is None:
        return "nothing"
    return "text"


@dataclass(frozen=True)
class Text:
    doc_type: str = "text"

    def check(self, node, where: Where, path: tuple = ()):
        if isinstance(node, str) and not isinstance(node, bool):
            value = node.strip()  # a space, tab or line break at either end is dropped, not refused
            if "\n" in value:
                return None, [
                    error(
                        where(path),
                        f"`{_dotted(path)}` must be one line of text",
                        "Remove the line break, or shorten the value.",
                    )
                ]
            problem = _refused_character(value, where, path, multiline=False)
            if problem:
                return None, [problem]
            if not value.strip(BLANK):  # `name: ""` would print nothing where the page needs a name
                what = "is empty" if not value else "shows nothing: it holds only blank or invisible characters"
                return None, [
                    error(
                        where(path),
                        f"`{_dotted(path)}` {what}",
                        "Write a value, or delete the line to use the default.",
                    )
                ]
            if len(value) > MAX_TEXT:
                return None, [
                    error(
                        where(path),
                        f"`{_dotted(path)}` is {len(value)} characters long; at most {MAX_TEXT} are allowed",
                        "Shorten the value.",
                    )
                ]
            return value, []
        return None, [_wrong_type(node, where, path, "text", quote=True)]


@dataclass(frozen=True)
class Markdown(Text):
    doc_type: str = "Markdown text"

    def check(self, node, where: Where, path: tuple = ()):
        if not isinstance(node, str):
            return None, [_wrong_type(node, where, path, "Markdown text", quote=True)]
        if len(node) > MAX_MARKDOWN:
            return None, [
                error(where(path), f"`{_dotted(path)}` is longer than {MAX_MARKDOWN} characters", "Shorten the text.")
            ]
        problem = _refused_character(node, where, path, multiline=True)
        if problem:
            return None, [problem]
        return str(node), markdown_problems(node, where, path, _dotted(path))


def _refused_character(value: str, where: Where, path: tuple, multiline: bool) -> Finding | None:
    """A control, invisible or direction-changing character (see chars.py), at the column it
    is typed at when it is typed as itself, else at the value (a `\\u202e` escape)."""
    bad = first_refused(value, multiline) or _FALLBACK_MARK.search(value)
    if not bad:
        return None
    if multiline:
        find = getattr(where, "find", None)  # plain where() callables cannot search
        at = (find(path, bad[0]) if find else None) or where(path)
    else:
        at = _on_value_line(where, path, bad[0])
    return error(
        at,
        f"`{_dotted(path)}` contains {describe(bad[0])}, which is not allowed in "
        f"{'Markdown' if multiline else 'one-line'} text",
        character_hint(bad[0]),
    )


# The two private-use characters pages/fallback.py puts around English kept in a translation:
# a value holding one could make its own text look like such English.
_FALLBACK_MARK = re.compile("[\ue000\ue001]")


def key_problem(key, where: Where, path: tuple, noun: str = "field name") -> Finding | None:
    """A field name or section id as written: the same characters as one-line text."""
    bad = first_refused(key) if isinstance(key, str) else None
    if not bad:
        return None
    return error(
        where(path, key=True),
        f"the {noun} `{key}` contains {describe(bad[0])}, which is not allowed",
        character_hint(bad[0]),
    )


def _on_value_line(where: Where, path: tuple, char: str) -> Location:
    at = where(path)
    lines = getattr(where, "lines", ())
    line = lines[at.line - 1] if 0 < at.line <= len(lines) else ""
    col = line.find(char, max(at.col - 1, 0))
    return Location(at.path, at.line, col + 1) if col >= 0 else at


@dataclass(frozen=True)
class Integer:
    low: int = 0
    high: int = 99
    doc_type: str = "whole number"

    def check(self, node, where: Where, path: tuple = ()):
        if isinstance(node, bool) or not isinstance(node, int):
            return None, [_wrong_type(node, where, path, f"a whole number from {self.low} to {self.high}")]
        if not self.low <= node <= self.high:
            return None, [error(where(path), f"`{_dotted(path)}` is {node}; it must be from {self.low} to {self.high}")]
        return int(node), []


@dataclass(frozen=True)
class Boolean:
    doc_type: str = "true or false"

    def check(self, node, where: Where, path: tuple = ()):
        if isinstance(node, bool):
            return bool(node), []
        if isinstance(node, str) and node.strip().lower() in BOOL_WORDS:
            return None, [
                error(
                    where(path),
                    f"`{_dotted(path)}` is `{node}`; use true or false",
                    "Write true or false in lower case: words like yes, no, on and off are text in YAML 1.2.",
                )
            ]
        return None, [_wrong_type(node, where, path, "true or false")]


@dataclass(frozen=True)
class Date:
    """A day (2025-09-01) or a month (2025-09); with `terms`, also a school term (Autumn
    2024). dates.py reads the text and says what a term means."""

    terms: bool = False

    @property
    def doc_type(self) -> str:
        if self.terms:
            return "date (YYYY-MM-DD, YYYY-MM for a month, or a term: Autumn 2024, Spring 2025, Summer 2025)"
        return "date (YYYY-MM-DD, or YYYY-MM for a month)"

    def check(self, node, where: Where, path: tuple = ()):
        if isinstance(node, dt.date):  # only from Python callers: yamlread keeps dates as text
            return _in_range(PolicyDate(node.year, node.month, node.day), where, path)
        shown = _raw(where, path) or node
        read = read_date(node if isinstance(node, str) else "", self.terms)  # a number or a list: no date
        if isinstance(read, PolicyDate):
            return _in_range(read, where, path)
        return None, [error(where(path), f"`{_dotted(path)}` is `{shown}`{read.message}", read.hint)]


def _in_range(date: PolicyDate, where: Where, path: tuple):
    if FIRST_YEAR <= date.year <= LAST_YEAR:
        return date, []
    return None, [
        error(
            where(path),
            f"`{_dotted(path)}` is in the year {date.year}; policy dates must be from {FIRST_YEAR} to {LAST_YEAR}",
            "Check the year: is it a typing slip?",
        )
    ]


@dataclass(frozen=True)
class Url:
    doc_type: str = "link (https:, mailto: or tel:)"

    def check(self, node, where: Where, path: tuple = ()):
        value, problems = Text().check(node, where, path)
        if problems:
            return None, problems
        problem = link_problem(value)
        if problem:
            return None, [
                error(where(path), f"`{_dotted(path)}` is not an allowed link: `{value}`: {problem}", LINK_HINT)
            ]
        return value, []


# Nothing that could end a mailto: link or an attribute, nor what a mailto: link reads in
# the name (`?` starts headers such as cc=, `#` a fragment, `%40` an @): the link writes to
# the address the text shows. The domain is words and dots.
EMAIL_RE = re.compile(r"[^@\s<>\"'`()\[\]\\,;:?#%]+@[\w-]+(\.[\w-]+)+")


@dataclass(frozen=True)
class Email:
    doc_type: str = "email address"

    def check(self, node, where: Where, path: tuple = ()):
        value, problems = Text().check(node, where, path)
        if problems:
            return None, problems
        if not EMAIL_RE.fullmatch(value):
            return None, [
                error(
                    where(path),
                    f"`{_dotted(path)}` is not an email address: `{value}`",
                    "Write it as name@example.org.",
                )
            ]
        return value, []


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of ids, each with the label the pages show."""

    labels: dict = field(hash=False)
    noun: str = "value"
    doc_type: str = "one of a fixed list"

    def check(self, node, where: Where, path: tuple = ()):
        if isinstance(node, str) and node in self.labels:
            return str(node), []
        known = ", ".join(self.labels)
        near = difflib.get_close_matches(str(node), list(self.labels), n=1)
        hint = f"Did you mean `{near[0]}`? " if near else ""
        return None, [error(where(path), f"unknown {self.noun} `{node}`", f"{hint}Known: {known}.")]


@dataclass(frozen=True)
class ListOf:
    item: Any
    max_items: int = 60
    doc_type: str = "list"

    def check(self, node, where: Where, path: tuple = ()):
        if not isinstance(node, list):
            return None, [_wrong_type(node, where, path, "a list (one `- item` a line)")]
        if len(node) > self.max_items:
            return None, [error(where(path), f"`{_dotted(path)}` has {len(node)} items; at most {self.max_items}")]
        values, findings = [], []
        for index, child in enumerate(node):
            value, problems = self.item.check(child, where, path + (index,))
            values.append(value)
            findings += problems
        return tuple(values), findings


def _wrong_type(node, where: Where, path: tuple, expected: str, quote: bool = False) -> Finding:
    hint = f"Write {expected} here."
    raw = _raw(where, path)
    # A number, date or true/false, or `{...}`/`[...]` typed on the key's line, was meant as text.
    if quote and (isinstance(node, (int, float, bool, dt.date)) or raw[:1] in ("{", "[")):
        typed = (raw or str(node)).replace('"', '\\"')
        hint = f'Put the value in quotes so it is read as text, for example: {path[-1] if path else "value"}: "{typed}"'
    return error(where(path), f"`{_dotted(path)}` should be {expected}, but it is {_type_name(node)}", hint)


def _raw(where: Where, path: tuple) -> str:
    """The value as typed in the file, when `where` can quote it."""
    raw = getattr(where, "raw", None)
    return raw(path) if raw else ""


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "file"
