"""A school's identity: its logo, its colour, and the federation's own (defaults.yml).

The schema's `Logo` and `Colour` check a value as written; `Identity.resolve` then reads
each logo file (logos.py), once per build however many files name it, and puts the checked
`model.Image` in the value's place, so merge hands on an Image like any other value.
A logo path is relative to the file that writes it: `logos/cambois.svg` in
schools/cambois.yml is schools/logos/cambois.svg, in defaults.yml content/<policy>/logos/.
"""

from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import Finding, Location, error
from ..model import Federation, Image
from . import logos
from .fields import Text, Where, _dotted

COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}")
MIN_CONTRAST = 4.5  # WCAG 2.2 AA for body text: white on the colour, and the colour on white
DEFAULTS_ONLY = ("federation_contact",)  # the federation's own: no school file may set them
SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # https:, data:, C: (a Windows drive)
# `colour: #1a5c3a` unquoted: YAML reads `#` after a space as a comment, so the value is empty.
COMMENT_COLOUR_RE = re.compile(r"\s*(#[0-9a-fA-F]{3,8})\b")


@dataclass(frozen=True)
class Logo:
    """A logo file's path as written: checked here for its shape; read by Identity.resolve."""

    doc_type: str = "path of an .svg or .png file"

    def check(self, node, where: Where, path: tuple = ()):
        value, problems = Text().check(node, where, path)
        if problems:
            return None, problems
        problem = _path_problem(value)
        if problem:
            message, hint = problem
            return None, [error(where(path), f"`{_dotted(path)}` {message}", hint)]
        return value, []


def _path_problem(value: str) -> tuple[str, str] | None:
    relative = "Write the path from this file's folder, such as logos/our-school.svg."
    if SCHEME_RE.match(value):
        return f"is `{value}`, which is not a file of the project", "Save the logo in the project. " + relative
    if value.startswith(("/", "~")):
        return f"is `{value}`: a logo's path must be relative to this file", relative
    if "\\" in value:
        return f"is `{value}`: write `/` between folders, not `\\`", "For example: logos/our-school.svg."
    if posixpath.splitext(value)[1].lower() not in logos.EXTENSIONS:
        return (
            f"is `{value}`: a logo must be an .svg or .png file",
            "Save the logo as SVG (best: sharp at any size) or PNG, and write that file's name.",
        )
    return None


@dataclass(frozen=True)
class Colour:
    """`#rrggbb`, dark enough for white text on it (and for it as a link colour on white)."""

    doc_type: str = "colour (#rrggbb, in quotes)"

    def check(self, node, where: Where, path: tuple = ()):
        value, problems = Text().check(node, where, path)
        if problems:
            return None, problems
        if not COLOUR_RE.fullmatch(value):
            return None, [
                error(
                    where(path),
                    f"`{_dotted(path)}` is `{value}`, which is not a colour written as #rrggbb",
                    f'Write # and six hexadecimal digits (0-9, a-f), in quotes: {path[-1]}: "#1a5c3a".',
                )
            ]
        value = value.lower()
        ratio = contrast_with_white(value)
        if ratio < MIN_CONTRAST:
            darker = passing_shade(value)
            return None, [
                error(
                    where(path),
                    f"`{_dotted(path)}` {value} gives white text {shown_ratio(ratio)}:1, below the "
                    f"{MIN_CONTRAST}:1 pages need; {darker} would pass",
                    f"Use a darker shade, such as {darker} (white text on it {shown_ratio(contrast_with_white(darker))}"
                    ":1). The header shows white text on this colour, and links use it on white.",
                )
            ]
        return value, []


def contrast_with_white(colour: str) -> float:
    """WCAG 2.2's contrast ratio of white against `#rrggbb`."""
    return 1.05 / (_luminance(colour) + 0.05)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def passing_shade(colour: str) -> str:
    """The lightest shade of `colour` (the same hue mixed with black: each channel scaled
    down alike) that white text on it reaches MIN_CONTRAST, as #rrggbb."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))

    def shade(k: float) -> str:
        return "#" + "".join(f"{math.floor(c * k):02x}" for c in (red, green, blue))

    low, high = 0.0, 1.0  # shade(0) is black, 21:1; luminance grows with k
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if contrast_with_white(shade(middle)) >= MIN_CONTRAST else (low, middle)
    return shade(low)


def shown_ratio(ratio: float) -> str:
    """One decimal, rounded down: 4.48 is "4.4", never a "4.5" that fails."""
    return f"{math.floor(ratio * 10) / 10:.1f}"


class Identity:
    """Reads the logos of one build, each distinct file once (keyed by where it really is)."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self._read: dict[str, Image | logos.Refusal] = {}  # the file's real path -> what it holds
        self._places: dict[tuple[str, str], logos.Place | logos.Refusal] = {}  # as written -> where

    def resolve(self, values: dict, where: Where, shown: str, *, defaults: bool) -> tuple[dict, list[Finding]]:
        """`values` of the file `shown` with its logo read; problems at their lines."""
        findings = _unquoted_colour(values, where) + ([] if defaults else _defaults_only(values, where))
        written = values.get("logo")
        if not isinstance(written, str):
            return values, findings
        image = self.read(posixpath.dirname(shown), written)
        if isinstance(image, logos.Refusal):
            findings.append(error(where(("logo",)), f"the logo `{written}` {image.message}", image.hint))
            return {**values, "logo": None}, findings
        return {**values, "logo": image}, findings

    def read(self, folder: str, written: str) -> Image | logos.Refusal:
        if (folder, written) not in self._places:  # 1,000 schools writing the same path: one realpath
            self._places[folder, written] = logos.locate(self.root, folder, written)
        place = self._places[folder, written]
        if isinstance(place, logos.Refusal):
            return place
        if place.real not in self._read:
            self._read[place.real] = logos.read_logo(place)
        return self._read[place.real]


def _unquoted_colour(values: dict, where: Where) -> list[Finding]:
    if "colour" not in values or values["colour"] is not None:
        return []
    at = where(("colour",))
    lines = getattr(where, "lines", ())
    rest = lines[at.line - 1][at.col - 1 :] if 0 < at.line <= len(lines) else ""
    found = COMMENT_COLOUR_RE.match(rest)  # an empty value's place is the space before the comment
    if not found:
        return []
    return [
        error(
            Location(at.path, at.line, at.col + found.start(1)),
            f"`colour` is empty: YAML reads `{found[1]}` after a space as a comment",
            f'Put the colour in quotes: colour: "{found[1]}".',
        )
    ]


def _defaults_only(values: dict, where: Where) -> list[Finding]:
    return [
        error(
            where((name,), key=True),
            f"`{name}` belongs in the federation's defaults.yml, not in a school file",
            "Move it to content/social-media/defaults.yml: it is the federation's, the same on every page.",
        )
        for name in DEFAULTS_ONLY
        if name in values
    ]


def federation(defaults: Mapping[str, Any]) -> Federation:
    """defaults.yml's identity, as model.Federation (Content.federation)."""
    logo = defaults.get("logo")
    return Federation(
        name=defaults.get("federation"),
        logo=logo if isinstance(logo, Image) else None,
        colour=defaults.get("colour"),
        contact=MappingProxyType(dict(defaults.get("federation_contact") or {})),
    )
