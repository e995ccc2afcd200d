"""A fast path for ordinary YAML files: libyaml's C parser, YAML 1.2 rules, same result.

ruamel.yaml reads a school file in about 20 ms of pure Python, twice over (events, then
data): 40 s for a thousand schools. libyaml parses the same file in well under a
millisecond. This module builds exactly what yamlread's ruamel path builds — plain dicts,
lists and scalars resolved by the YAML 1.2 core schema, block text as ruamel's string
types, and a Location for every key and value — but only for files with nothing unusual
in them. Anything it is not sure of (an anchor, alias or tag, a duplicate or non-text
key, a second document, a number it would not read the way ruamel does, any parser
error) returns None, and yamlread takes the ruamel path, whose messages are tuned for
people. tests/test_yamlfast.py checks the two paths agree.
"""

from __future__ import annotations

import re

import yaml
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from ..errors import Location

MAX_DEPTH = 10
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")  # no leading zeros: 0123 goes to ruamel
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)\.[0-9]+")
# Plain text that some YAML reader might take for a number, a date-time or a special value:
# leave those to ruamel so both paths always agree.
_UNSURE = re.compile(
    r"[-+]?([0-9][0-9_.:]*([eE][-+]?[0-9]+)?|0[xob][0-9a-f_]+|\.(inf|nan)|\.[0-9]+)"
    r"|\d{4}-\d\d?-\d\d?([Tt ].*)?",
    re.IGNORECASE,
)


class _Unsure(Exception):
    """Raised inside the builder: hand this file to the ruamel path."""


def fast_load(text: str, shown: str, locations: dict) -> tuple[bool, object]:
    """(True, data) when the fast path read the file, filling `locations`; else (False, None)."""
    try:
        events = yaml.parse(text, Loader=yaml.CSafeLoader)
        builder = _Builder(shown, locations)
        return True, builder.document(events)
    except (_Unsure, yaml.YAMLError, ValueError, RecursionError):
        locations.clear()
        return False, None


class _Builder:
    def __init__(self, shown: str, locations: dict):
        self.shown, self.locations = shown, locations

    def document(self, events) -> object:
        data, documents = None, 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Unsure
                data = self.node(next(events), events, (), 1)
        return data

    def node(self, event, events, path: tuple, depth: int) -> object:
        if depth > MAX_DEPTH or isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Unsure
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event)
        if getattr(event, "tag", None) is not None:
            raise _Unsure
        if isinstance(event, yaml.SequenceStartEvent):
            return self.sequence(events, path, depth)
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(events, path, depth)
        raise _Unsure

    def sequence(self, events, path: tuple, depth: int) -> list:
        items: list = []
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                return items
            here = path + (len(items),)
            self.locations[here] = self.at(event)
            items.append(self.node(event, events, here, depth + 1))
        raise _Unsure

    def mapping(self, events, path: tuple, depth: int) -> dict:
        values: dict = {}
        for event in events:
            if isinstance(event, yaml.MappingEndEvent):
                return values
            key = self.scalar(event) if isinstance(event, yaml.ScalarEvent) and not event.anchor else None
            if not isinstance(key, str) or key in values:
                raise _Unsure  # a duplicate or odd key: ruamel words the error well
            value_event = next(events)
            here = path + (key,)
            self.locations[here + ("<key>",)] = self.at(event)
            self.locations[here] = self.at(value_event)
            values[key] = self.node(value_event, events, here, depth + 1)
        raise _Unsure

    def scalar(self, event) -> object:
        if event.tag is not None:
            raise _Unsure
        value, style = event.value, event.style
        if style == "|":
            return LiteralScalarString(value)
        if style == ">":
            return FoldedScalarString(value)
        if style:  # quoted: always text
            return value
        return _resolve_plain(value)

    def at(self, event) -> Location:
        return Location(self.shown, event.start_mark.line + 1, event.start_mark.column + 1)


def _resolve_plain(value: str) -> object:
    """The YAML 1.2 core schema, for the forms school files use."""
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    if _UNSURE.fullmatch(value) and not _is_plain_date(value):
        raise _Unsure
    return value


def _is_plain_date(value: str) -> bool:
    """2025-09-01 and 2025-09 stay text on both paths (yamlread keeps dates as text)."""
    return bool(re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value))
