"""What WeasyPrint may load while it makes a PDF: files under the project's templates/
folder (and any other folder the build names), the school's logo, nothing else.

WeasyPrint's own fetcher opens any file: or http(s): address a document names, so an
image in a letter could read a file of the build machine into the PDF, or make the build
connect to any host. This one serves plain files below its roots and refuses, and
remembers, everything else; pdfs.py turns each refusal into an error.

A logo is named in the PDF's HTML by an address the same in every folder
(`file:///policysite/assets/logos/<hash>.svg`, paper.PDF_LOGOS), which is no file of the
project: it is served from the table the job was given (the checked model.Image's bytes),
by its name, never read from the disk.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..errors import Location
from ..model import LOGOS_DIR


class ProjectFetcher(URLFetcher):
    def __init__(self, roots: tuple[Path, ...], logos: Mapping[str, tuple[bytes, str]] | None = None):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.roots = tuple(Path(os.path.realpath(root)) for root in roots)
        self.logos = dict(logos or {})  # name ("<hash>.svg") -> (data, media type)
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        logo = self._logo(url)
        if logo is not None:
            return URLFetcherResponse(url, logo[0], {"Content-Type": logo[1]})
        path = self._allowed(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"policysite does not load {url!r} into a PDF")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})

    def _logo(self, url: str) -> tuple[bytes, str] | None:
        """The table's logo a file: address ending in assets/logos/<name> names, if any."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        folder, _, name = unquote(parts.path).rpartition("/")
        return self.logos.get(name) if folder.endswith("/" + LOGOS_DIR) else None

    def _allowed(self, url: str) -> Path | None:
        """The file `url` names, if it is a plain file below a root once links are resolved."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(os.path.realpath(unquote(parts.path)))
        inside = any(path.is_relative_to(root) for root in self.roots)
        return path if inside and path.is_file() else None


def where_named(templates_dir: Path, url: str, shown_as: str = "templates") -> Location:
    """The line of templates/ that names `url` (as written, or by its file name, since
    WeasyPrint resolves relative addresses first), or the folder when none does."""
    name = unquote(urlsplit(url).path).rsplit("/", 1)[-1] or url
    for path in sorted(templates_dir.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            for needle in (url, name):
                if needle and needle in line:
                    relative = path.relative_to(templates_dir).as_posix()
                    return Location(f"{shown_as}/{relative}", number, line.index(needle) + 1)
    return Location(shown_as)
