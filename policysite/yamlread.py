"""Reading YAML the way non-programmers write it: YAML 1.2, positions kept, plain messages.

ruamel.yaml's round-trip loader keeps the line and column of every key and value; we turn
them into a `locations` map (key path -> Location) so every later finding can point at
`schools/x.yml:12:5`. Anchors, aliases and tags are refused in school files: they are
never needed there and make a file mean something other than it shows.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import Finding, Location, error, warning

MAX_FILE_BYTES = 256 * 1024


def read_yaml(path: Path, shown: str) -> tuple[object, dict, list[Finding]]:
    """Parse one YAML file. Returns (data or None, locations, findings)."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        return None, {}, [error(Location(shown), f"file is {len(raw) // 1024} KB; at most "
                                f"{MAX_FILE_BYTES // 1024} KB is allowed", "Is this the right file?")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, {}, [error(Location(shown, line, col), "the file is not saved as UTF-8",
                                "Open it in your editor and save it as UTF-8 (Unicode).")]
    findings = _pre_scan(text, shown)
    if any(f.level == "error" for f in findings):
        return None, {}, findings
    yaml = YAML(typ="rt")
    yaml.version = (1, 2)
    try:
        data = yaml.load(io.StringIO(text))
    except MarkedYAMLError as exc:
        return None, {}, findings + [_yaml_error(exc, shown, text)]
    except YAMLError as exc:  # errors without a position
        return None, {}, findings + [error(Location(shown), f"this file is not valid YAML: {exc}")]
    locations: dict = {}
    findings += _walk(data, (), shown, locations, text)
    return data, locations, findings


def _pre_scan(text: str, shown: str) -> list[Finding]:
    """Problems the YAML parser reports badly or not at all."""
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("%YAML") and not line.startswith("%YAML 1.2"):
            findings.append(error(Location(shown, number, 1), "only YAML 1.2 is supported",
                                  "Delete this `%YAML` line."))
        indent = re.match(r"[ \t]*", line).group(0)
        if "\t" in indent and line.strip():
            findings.append(error(Location(shown, number, indent.index("\t") + 1),
                                  "a tab is used for indentation", "Indent with spaces, not tabs."))
        comment = re.search(r"^\s*[\w-]+:\s+[^'\"#\n][^#\n]*\s#", line)
        if comment:
            findings.append(warning(Location(shown, number, comment.end()),
                                    "`#` starts a comment, so the rest of this line is ignored",
                                    "If the `#` is part of the value, put the value in quotes."))
    return findings


def _yaml_error(exc: MarkedYAMLError, shown: str, text: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    location = Location(shown, mark.line + 1, mark.column + 1) if mark else Location(shown)
    problem = (exc.problem or exc.context or "this is not valid YAML").strip()
    hint = "Check the indentation and that every `key:` is followed by a space."
    if "duplicate key" in problem or "found duplicate key" in str(exc):
        first = exc.context_mark
        problem = f"a field is written twice (first on line {first.line + 1})" if first else "a field is written twice"
        hint = "Keep one of the two lines and delete the other."
    elif "\\t" in problem or "tab" in problem:
        hint = "Indent with spaces, not tabs."
    return error(location, problem, hint)


def _walk(node, path: tuple, shown: str, locations: dict, text: str) -> list[Finding]:
    """Record every key and value position; refuse anchors, aliases and tags."""
    findings = []
    if getattr(node, "anchor", None) is not None and getattr(node.anchor, "value", None):
        findings.append(error(locations.get(path, Location(shown, 1, 1)), "anchors (&name) are not allowed",
                              "Write the value out in full."))
    if isinstance(node, CommentedMap):
        for key in node:
            kline, kcol = node.lc.key(key)
            vline, vcol = node.lc.value(key)
            locations[path + (key,)] = Location(shown, vline + 1, vcol + 1)
            locations[path + (key, "<key>")] = Location(shown, kline + 1, kcol + 1)
            findings += _walk(node[key], path + (key,), shown, locations, text)
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            line, col = node.lc.item(index)
            locations[path + (index,)] = Location(shown, line + 1, col + 1)
            findings += _walk(item, path + (index,), shown, locations, text)
    elif getattr(node, "tag", None) is not None and getattr(node.tag, "value", None):
        findings.append(error(locations.get(path, Location(shown, 1, 1)), "YAML tags (!name) are not allowed",
                              "Delete the `!tag` before the value."))
    return findings


def where_in(locations: dict, shown: str):
    """A `where(path, key=False)` function over a locations map, falling back to parents."""

    def where(path: tuple, key: bool = False) -> Location:
        if key and path + ("<key>",) in locations:
            return locations[path + ("<key>",)]
        probe = path
        while probe:
            if probe in locations:
                return locations[probe]
            probe = probe[:-1]
        return Location(shown, 1, 1)

    return where
