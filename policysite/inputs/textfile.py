"""Reading an input file as text: only plain files, of bounded size, in UTF-8, without
characters that hide or move text (chars.py). Every school file, content file and
mkdocs.yml is read here, so none of them can make the build read anything else.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

from ..errors import Finding, Location, error, split_lines
from .chars import RAW_REFUSED, describe, hint

MAX_FILE_BYTES = 256 * 1024


def read_text(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> tuple[str | None, list[Finding]]:
    """A plain UTF-8 file of at most `limit` bytes, without characters that hide or move text."""
    raw, problem = _read_plain_file(path, shown, limit)
    if raw is None:
        return None, [problem] if problem else []
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")  # Notepad's byte-order mark is harmless
    except UnicodeDecodeError as exc:
        return None, [
            error(
                _byte_location(raw, exc.start, shown),
                "the file is not saved as UTF-8",
                "Open it in your editor and save it as UTF-8 (Unicode).",
            )
        ]
    bad = RAW_REFUSED.search(text)
    if bad:
        char, where = bad[0], _text_location(text, bad.start(), shown)
        if unicodedata.category(char) == "Cc":
            return None, [
                error(
                    where,
                    f"the file contains an invisible control character (U+{ord(char):04X})",
                    "Delete it; retype the line if unsure.",
                )
            ]
        return None, [error(where, f"the file contains {describe(char)}, which is not allowed", hint(char))]
    return text, []


def _read_plain_file(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> tuple[bytes | None, Finding | None]:
    """The bytes of a regular file, refusing anything else before it is opened: a symbolic
    link could point at any file on the machine (and messages quote the lines they point
    at), a named pipe would hang the build, a device could be endless. Every link is
    refused, even one inside the project: one rule is simpler to explain than two."""
    try:
        kind = _not_plain(os.lstat(path).st_mode)
        if kind:
            return None, error(
                Location(shown),
                f"this is {kind}, not a plain file, so it is not read",
                "Replace it with the file itself."
                if kind.endswith("link")
                else "Move it away; school files and content are plain text files.",
            )
        # O_NOFOLLOW and O_NONBLOCK: it could have been swapped for a link or a pipe since.
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(descriptor, "rb") as file:
            info = os.fstat(file.fileno())
            raw = file.read(limit + 1) if stat.S_ISREG(info.st_mode) else None
    except OSError as exc:  # a missing defaults.yml, no permission, a link swapped in
        return None, error(
            Location(shown),
            f"the file cannot be read: {exc.strerror or exc}",
            "Check that it exists and is a plain file.",
        )
    if raw is None:
        return None, error(Location(shown), "this is not a plain file, so it is not read", "Move it away.")
    if len(raw) > limit:  # checked on what was read: a file can grow after fstat
        return None, error(
            Location(shown),
            f"file is {max(info.st_size, len(raw)) // 1024} KB; at most {limit // 1024} KB is allowed",
            "Is this the right file?",
        )
    return raw, None


def _not_plain(mode: int) -> str:
    for test, kind in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    ):
        if test(mode):
            return kind
    return "" if stat.S_ISREG(mode) else "a special file"


def _text_location(text: str, offset: int, shown: str) -> Location:
    """Line and column as split_lines counts them (CR, LF and CRLF end a line)."""
    before = split_lines(text[:offset] + "x")  # "x": a line break just before offset starts a line
    return Location(shown, len(before), len(before[-1]))


def _byte_location(raw: bytes, offset: int, shown: str) -> Location:
    line = raw[:offset].count(b"\n") + 1
    return Location(shown, line, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1)
