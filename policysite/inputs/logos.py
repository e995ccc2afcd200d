"""Reading one logo file safely: where it is, what it is, and how big.

A school file may be hostile, and its `logo:` names a file the build reads and publishes.
So the path must stay inside the project (`..` and links are resolved first), the file
must be a plain file (a named pipe would hang the build, a device never end), at most
MAX_LOGO_BYTES (it is not read past that), and hold what its extension says: a PNG that
Pillow decodes, of at most MAX_SIDE pixels a side, or an SVG that svg.py accepts.
"""

from __future__ import annotations

import io
import os
import posixpath
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..model import Image
from . import svg
from .svg import Refusal
from .textfile import _not_plain

MAX_LOGO_BYTES = 512 * 1024
MAX_SIDE = 4000  # pixels: a PNG logo's largest useful size; bigger only costs memory to decode
EXTENSIONS = {".svg": "image/svg+xml", ".png": "image/png"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHECK_FILE = "Check the file's name and folder: the path is read from the folder of the file that writes it."


@dataclass(frozen=True)
class Place:
    real: str  # the file's real path, every link resolved: one read per file, however named
    source: str  # the same, from the project's folder: schools/logos/cambois.svg
    media_type: str


def locate(root: Path, folder: str, written: str) -> Place | Refusal:
    """Where `written` (relative to the project's `folder`) really is, if inside `root`."""
    joined = posixpath.normpath(posixpath.join(folder, written))
    if joined == ".." or joined.startswith("../"):
        return Refusal(
            "leads out of the project's folder", "Keep the logo inside the project, such as in logos/ beside this file."
        )
    real = os.path.realpath(root / joined)
    if os.path.commonpath([real, str(root)]) != str(root):
        return Refusal(
            "is a link to a file outside the project's folder",
            "Copy the logo itself into the project: the build reads only the project's files.",
        )
    source = Path(real).relative_to(root).as_posix()
    return Place(real, source, EXTENSIONS[posixpath.splitext(written)[1].lower()])


def read_logo(place: Place) -> Image | Refusal:
    data = _read(place)
    if isinstance(data, Refusal):
        return data
    checked = _png(data) if place.media_type == "image/png" else svg.clean(data)
    if isinstance(checked, Refusal):
        return checked
    data, width, height = checked
    return Image(source=place.source, media_type=place.media_type, data=data, width=width, height=height)


def _read(place: Place) -> bytes | Refusal:
    try:  # O_NONBLOCK: a named pipe put there opens at once, and fstat says what it is
        descriptor = os.open(place.real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return Refusal(f"is not there: there is no file {place.source}", _CHECK_FILE)
    except OSError as exc:  # no permission; a link swapped in since realpath
        return Refusal(f"cannot be read ({place.source}): {exc.strerror or exc}", "Check that it is a plain file.")
    info = os.fstat(descriptor)
    kind = _not_plain(info.st_mode)
    if kind or info.st_size > MAX_LOGO_BYTES:
        os.close(descriptor)  # not as a file object: a folder cannot be one
        if kind:
            return Refusal(f"is {kind} ({place.source}), not an image file", _CHECK_FILE)
        return _too_big(place, info.st_size)
    with os.fdopen(descriptor, "rb") as file:
        data = file.read(MAX_LOGO_BYTES + 1)  # never past the cap: the file can grow after fstat
    return _too_big(place, len(data)) if len(data) > MAX_LOGO_BYTES else data


def _too_big(place: Place, size: int) -> Refusal:
    return Refusal(
        f"is {_kilobytes(size)} ({place.source}); a logo may be at most {MAX_LOGO_BYTES // 1024} KB",
        "Save a smaller version: an SVG, or a PNG about 512 pixels wide, is plenty for a letterhead.",
    )


def _kilobytes(size: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{-(-size // 1024)} KB"  # rounded up: 512.1 KB is not "512 KB"


def _png(data: bytes) -> tuple[bytes, int, int] | Refusal:
    if not data.startswith(PNG_SIGNATURE):
        return Refusal(f"is not a PNG image: {svg.looks_like(data)}", "Choose the PNG file itself, or save as PNG.")
    from PIL import Image as Pillow  # only when a school has a PNG logo: it takes a while to import

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # Pillow warns of a decompression bomb, of broken chunks
            with Pillow.open(io.BytesIO(data), formats=["PNG"]) as picture:
                width, height = picture.size
                if max(width, height) > MAX_SIDE or min(width, height) < 1:
                    return Refusal(
                        f"is {width} by {height} pixels; a logo may be at most {MAX_SIDE} by {MAX_SIDE}",
                        "Save it smaller: about 512 pixels wide is plenty for a page and a letterhead.",
                    )
                if getattr(picture, "n_frames", 1) > 1:
                    return Refusal("is an animated PNG", "Save one still picture as the logo.")
                picture.load()  # every pixel decoded: a broken or truncated file fails here
    except Exception as exc:  # noqa: BLE001 - Pillow has no one error for a bad file (OSError, SyntaxError...)
        return Refusal(f"is not a PNG image that can be read: {exc}", "Save it again as PNG, or use SVG.")
    return data, width, height
