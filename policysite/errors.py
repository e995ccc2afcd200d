"""Locations and findings: every problem the build reports points at a file, line and column.

Stages never raise on bad input; they return findings. The pipeline collects them and
aborts once, so a federation lead sees every problem of a run together.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .inputs.chars import one_line, printable

Level = Literal["error", "warning"]
MAX_QUOTED_FILE = 1024 * 1024  # a source line is quoted from files at most this large
QUOTED_WIDTH = 100  # characters of a long source line shown around the column


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file. Lines and columns count from 1, as editors show them."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.col or 1}"


@dataclass(frozen=True)
class Finding:
    """One problem: what is wrong, where, and how to fix it."""

    level: Level
    location: Location | None
    message: str
    hint: str = ""
    # False for a file of personal data (a pupil list): its lines must not be printed.
    quote: bool = True

    def __post_init__(self):
        # Values reach messages ("unknown field `k\ud800`"): whoever prints one, to a terminal
        # or a page, must get text it can encode and that cannot repaint or reorder a screen.
        object.__setattr__(self, "message", printable(self.message))
        object.__setattr__(self, "hint", printable(self.hint))

    def format(self, root: Path | None = None) -> str:
        """`path:line:col: error: message`, the offending line with a caret, then the hint."""
        where = f"{one_line(str(self.location))}: " if self.location else ""  # a file name can hold "\n"
        lines = [f"{where}{self.level}: {self.message}"]
        source = _source_line(self.location, root) if self.location and self.quote else None
        if self.location and source is not None:
            shown, col = _excerpt(source, max(self.location.col, 1))
            lines.append(f"    {shown}")
            lines.append("    " + " " * (col - 1) + "^")
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        # The quoted line and the path can hold such characters too (a file named "\x1b[2J.yml").
        return printable("\n".join(lines))


def _excerpt(line: str, col: int) -> tuple[str, int]:
    """A long line (a whole paragraph on one line) as the part around `col`, and where `col`
    is in it: 19,000 findings on one 19,000-character line printed 700 MB."""
    if len(line) <= QUOTED_WIDTH:
        return line, col
    start = max(0, min(col - 1 - QUOTED_WIDTH // 2, len(line) - QUOTED_WIDTH))
    before, after = ("…" if start else ""), ("…" if start + QUOTED_WIDTH < len(line) else "")
    return before + line[start : start + QUOTED_WIDTH] + after, col - start + len(before)


def error(location: Location | None, message: str, hint: str = "") -> Finding:
    return Finding("error", location, message, hint)


def warning(location: Location | None, message: str, hint: str = "") -> Finding:
    return Finding("warning", location, message, hint)


def has_errors(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    return any(f.level == "error" for f in findings)


class BuildFailed(Exception):
    """Raised once, after a stage has collected every finding, to stop the pipeline."""

    def __init__(self, findings: tuple[Finding, ...]):
        super().__init__(f"{sum(f.level == 'error' for f in findings)} error(s)")
        self.findings = findings


def _source_line(location: Location | None, root: Path | None) -> str | None:
    if location is None or not location.line:
        return None
    path = Path(location.path)
    if root is not None and not path.is_absolute():
        path = root / path
    try:  # never a symlink (its target could be any file), a FIFO (would hang) or a huge file
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_QUOTED_FILE:
            return None
        lines = _lines(str(path), (info.st_ino, info.st_size, info.st_mtime_ns))
    except OSError:
        return None
    if location.line > len(lines):
        return None
    # Tabs would shift the caret; show them as single spaces so the caret lines up.
    return lines[location.line - 1].replace("\t", " ")


@functools.lru_cache(maxsize=8)
def _lines(path: str, version: tuple) -> tuple[str, ...]:
    """A file's lines, read once for all its findings (thousands, for a file of unknown
    keys); `version` makes an edited file read again, as `serve` rebuilds."""
    return split_lines(Path(path).read_bytes().decode("utf-8", errors="replace"))


def split_lines(text: str) -> tuple[str, ...]:
    """Lines as YAML and Jinja count them: only CR, LF and CRLF end a line (str.splitlines
    would also split at U+2028 and friends, and every later line number would be off)."""
    if not text:
        return ()
    return tuple(re.split(r"\r\n|\r|\n", text.removesuffix("\n").removesuffix("\r")))
