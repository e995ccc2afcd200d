"""Reading YAML the way non-programmers write it: YAML 1.2, positions kept, plain messages.

ruamel.yaml's round-trip loader keeps the line and column of every key and value; we turn
them into a `locations` map (key path -> Location) so every later finding can point at
`schools/x.yml:12:5`. Anchors, aliases and tags are refused in school files: they are
never needed there and make a file mean something other than it shows.
"""

from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from ..errors import Finding, Location, error, has_errors, split_lines, warning
from .textfile import read_text
from .yamlfast import fast_load

MAX_DEPTH = 10  # the schema nests four deep; more is a mistake or an attack on the parser
NOT_TEXT_RE = re.compile(r"(?i)[-+]?(\d[\d_.]*(e[-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+|true|false|null|~|\.inf|\.nan)")


class Locations(dict):
    """key path -> Location, remembering the file's lines so messages can quote them."""

    lines: tuple[str, ...] = ()


class _Constructor(RoundTripConstructor):
    """Dates stay text: the schema's Date type reads them, and says `use YYYY-MM-DD`
    instead of ruamel crashing on 2025-13-01."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node))


def _construct_int(self, node):
    try:
        return RoundTripConstructor.construct_yaml_int(self, node)
    except ValueError:  # Python reads at most 4,300 digits; say where, in words
        raise ConstructorError(None, None, "more than 4,300 digits", node.start_mark) from None


_Constructor.add_constructor("tag:yaml.org,2002:int", _construct_int)


def read_yaml(path: Path, shown: str) -> tuple[object, Locations, list[Finding]]:
    """Parse one YAML file. Returns (data or None, locations, findings)."""
    text, findings = read_text(path, shown)
    if text is None:
        return None, Locations(), findings
    findings += _pre_scan(text, shown)
    if has_errors(findings):
        return None, Locations(), findings
    locations = Locations()
    locations.lines = split_lines(text)
    done, data = fast_load(text, shown, locations)  # libyaml: ordinary files, 50x faster
    if not done:
        data, problems = _load_ruamel(text, shown, locations)
        findings += problems
        if has_errors(problems):
            return None, Locations(), findings
    return data, locations, findings + _comment_warnings(data, (), locations)


def _load_ruamel(text: str, shown: str, locations: Locations) -> tuple[object, list[Finding]]:
    """The careful path: every problem found, in words a school office can act on."""
    yaml = YAML(typ="rt")
    yaml.version = (1, 2)
    yaml.Constructor = _Constructor
    try:
        findings = _scan_events(yaml, text, shown)
        if has_errors(findings):
            return None, findings
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        return None, [_yaml_error(exc, shown, text)]
    except (YAMLError, ValueError, TypeError, OverflowError) as exc:  # no position, or a constructor's own error
        return None, [error(Location(shown), f"this file is not valid YAML: {exc}")]
    _walk(data, (), shown, locations)
    return data, findings


def _pre_scan(text: str, shown: str) -> list[Finding]:
    """Problems the YAML parser reports badly or not at all."""
    findings = []
    for number, line in enumerate(split_lines(text), start=1):
        if line.startswith("%YAML") and not re.match(r"%YAML\s+1\.2\s*$", line):
            findings.append(
                error(Location(shown, number, 1), "only YAML 1.2 is supported", "Delete this `%YAML` line.")
            )
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            findings.append(
                error(
                    Location(shown, number, indent.index("\t") + 1),
                    "a tab is used for indentation",
                    "Indent with spaces, not tabs.",
                )
            )
    return findings


def _scan_events(yaml: YAML, text: str, shown: str) -> list[Finding]:
    """Anchors, aliases, tags and deep nesting, found on the parser's events so each is
    reported where it is written (an alias of a scalar leaves no trace in the loaded data)."""
    findings, depth = [], 0
    for event in yaml.parse(text):
        where = Location(shown, event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, AliasEvent):
            findings.append(error(where, f"aliases (*{event.anchor}) are not allowed", "Write the value out in full."))
            continue
        if getattr(event, "anchor", None):
            findings.append(
                error(
                    where,
                    f"anchors (&{event.anchor}) are not allowed",
                    "Delete the `&name` and write each value out in full.",
                )
            )
        if getattr(event, "tag", None) is not None:
            tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
            findings.append(
                error(where, f"YAML tags such as `{tag}` are not allowed", "Delete the `!tag` before the value.")
            )
        depth += isinstance(event, CollectionStartEvent) - isinstance(event, CollectionEndEvent)
        if depth > MAX_DEPTH:
            return findings + [
                error(
                    where,
                    f"the file nests more than {MAX_DEPTH} levels deep",
                    "Check the indentation; school files are at most four levels deep.",
                )
            ]
    return findings


# ruamel's wording for common mistakes -> what a school office can act on.
_FRIENDLY = (
    ("'\\t'", "a tab is used here", "Use spaces, not tabs."),
    (
        "mapping values are not allowed",
        "a `: ` inside a value is read as a new field",
        'Put the value in quotes, for example: aims: "Learn: together".',
    ),
    (
        "could not find expected ':'",
        "a line is not a `field: value` line",
        "Check this line and the one above: each field needs a `:` and a space.",
    ),
    (
        "expected a single document",
        "the file holds more than one document",
        "Delete the second `---` line: a school file is one document.",
    ),
    ("end of stream", "a quote or bracket is not closed", "Close the quote or bracket on the same line."),
    ("4,300 digits", "a number is too long", "If it is text, such as a reference, put it in quotes."),
)


def _yaml_error(exc: MarkedYAMLError, shown: str, text: str = "") -> Finding:
    problem = (exc.problem or exc.context or "this is not valid YAML").strip()
    # An unclosed quote is found at the end of the file; where it was opened is more use.
    mark = exc.context_mark if "end of stream" in problem and exc.context_mark else exc.problem_mark or exc.context_mark
    location = Location(shown, mark.line + 1, mark.column + 1) if mark else Location(shown)
    hint = "Check the indentation and that every `key:` is followed by a space."
    if "duplicate key" in str(exc):
        key = re.search(r'duplicate key "(.*?)"', str(exc))
        start = exc.context_mark
        first = _first_key_line(text, key[1] if key else "", start, mark) if start and mark else "?"
        name = f"`{key[1]}`" if key else "a field"
        return error(
            location,
            f"{name} is written twice: on line {first} and on line {location.line}",
            "Keep one of the two lines and delete the other.",
        )
    for needle, message, advice in _FRIENDLY:
        if needle in f"{exc.context} {problem}":
            return error(location, f"{message} ({problem})", advice)
    return error(location, problem, hint)


def _first_key_line(text: str, key: str, start, duplicate) -> int:
    """The line the key is first written on. ruamel's context mark is where the mapping
    starts, which is the key's line only when it is the mapping's first: "`phone` is written
    twice: on line 1" pointed at `name:`. Searched from there, at the duplicate's column (a
    list item's `- ` before it)."""
    lines = text.split("\n")
    for number in range(start.line, min(duplicate.line, len(lines))):
        line, col = lines[number], duplicate.column
        if line[:col].strip(" -") == "" and re.match(rf"{re.escape(key)}\s*:", line[col:]):
            return number + 1
    return start.line + 1  # a key written in quotes, or in {braces}: the mapping's start


def _walk(node, path: tuple, shown: str, locations: Locations) -> None:
    """Record every key and value position that ruamel kept."""
    if isinstance(node, CommentedMap):
        for key in node:
            kline, kcol = node.lc.key(key)
            vline, vcol = node.lc.value(key)
            locations[path + (key, "<key>")] = Location(shown, kline + 1, kcol + 1)
            locations[path + (key,)] = Location(shown, vline + 1, vcol + 1)
            _walk(node[key], path + (key,), shown, locations)
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            line, col = node.lc.item(index)
            locations[path + (index,)] = Location(shown, line + 1, col + 1)
            _walk(item, path + (index,), shown, locations)


def _comment_warnings(node, path: tuple, locations: Locations) -> list[Finding]:
    """Walk the loaded data (from either path) for text values a `#` cut short."""
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    findings = []
    for key, value in children:
        here = path + (key,)
        if here in locations:
            findings += _comment_warning(value, locations[here], locations.lines)
        findings += _comment_warnings(value, here, locations)
    return findings


def _comment_warning(value, where: Location, lines: tuple[str, ...]) -> list[Finding]:
    """`name: St Mary #1 Primary` is `St Mary`: YAML reads ` #` as the start of a comment."""
    if not isinstance(value, str) or isinstance(value, (LiteralScalarString, FoldedScalarString)):
        return []
    rest = lines[where.line - 1][where.col - 1 :] if where.line <= len(lines) else ""
    if rest[:1] in ("'", '"') or not rest.startswith(value):
        return []  # quoted, or spread over several lines: `#` is not a comment there
    if NOT_TEXT_RE.fullmatch(value) or not re.match(r"\s+#", rest[len(value) :]):
        return []
    return [
        warning(
            Location(where.path, where.line, where.col + rest.index("#", len(value))),
            "`#` starts a comment, so the rest of this line is ignored",
            "If the `#` is part of the value, put the value in quotes.",
        )
    ]


class SourceMap:
    """`where(path, key=False)`: the Location of a value (or its key), falling back to parents.

    It also quotes the source, so types can say `phone: "01234567890"` as it was written
    and find an HTML tag inside a multi-line value."""

    def __init__(self, locations: dict, shown: str):
        self.locations, self.shown = locations, shown
        self.lines = getattr(locations, "lines", ())

    def __call__(self, path: tuple, key: bool = False) -> Location:
        if key and path + ("<key>",) in self.locations:
            return self.locations[path + ("<key>",)]
        probe = path
        while probe:
            if probe in self.locations:
                return self.locations[probe]
            probe = probe[:-1]
        return Location(self.shown, 1, 1)

    def raw(self, path: tuple) -> str:
        """The value as typed on its line, without a trailing comment ('' if unknown)."""
        if path not in self.locations:
            return ""
        where = self.locations[path]
        line = self.lines[where.line - 1] if 0 < where.line <= len(self.lines) else ""
        return re.split(r"\s#", line[where.col - 1 :], maxsplit=1)[0].strip()

    def find(self, path: tuple, needle: str, after: Location | None = None) -> Location | None:
        """Where `needle` is first written at or after the value's start (or after `after`);
        None when it is not written as such (a `\\u0073` escape in a quoted value)."""
        start = after or self(path)
        for number in range(start.line, len(self.lines) + 1):
            # On the first line: after the previous match, or from the value (not its key).
            offset = (start.col if after else start.col - 1) if number == start.line else 0
            col = self.lines[number - 1].find(needle, offset)
            if col >= 0:
                return Location(start.path, number, col + 1)
        return None


def where_in(locations: dict, shown: str) -> SourceMap:
    return SourceMap(locations, shown)
