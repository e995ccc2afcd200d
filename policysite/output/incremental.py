"""Rebuild only what changed, and never serve a stale output.

Every group of web pages gets one key, and every PDF its own. A group is the pages of one
folder: a school's English pages (site/<slug>/social-media/), and each of its languages'
(.../social-media/pl/), so a translation's edit renders only that language's pages and
letter PDFs. A key is a hash of everything that shapes them — the page Markdown (content
and school values already merged in), the school's name (a PDF's also its footer's
version and approval date), and the toolchain (policysite's code, templates/, mkdocs.yml
and the versions of the libraries that render).
The keys live in a manifest inside site/, so the manifest always describes exactly the
site it sits in. An output whose key is in the previous manifest, and whose files are
there, is hard-linked from the previous site/ instead of being rendered again; everything
else is rendered.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import OUTPUT_URLS

if TYPE_CHECKING:
    from ..project import Project  # project.py imports guard.py, which imports this module

PACKAGE = Path(__file__).resolve().parent.parent  # policysite's code (this file is in output/): every .py under it
MANIFEST = ".policysite-manifest.json"
# A group's web pages, below its folder, and its own search index (search.INDEX: it is written
# from the pages mkdocs renders, so it is reused with them, and a group is rendered again if it is gone).
PAGE_FILES = (*(f"{url}index.html" for url in OUTPUT_URLS.values()), "search/search_index.json")
LIBRARIES = (
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "markdown",
    "weasyprint",
    "pydyf",
    "markdown-it-py",
    "jinja2",
    "nh3",  # the sanitiser writes every body, and the QR code drawn into it after the keys
    "segno",  # draws the letter's QR code, which the keys hold only as a slot (pages/online.py)
)


@dataclass(frozen=True)
class Plan:
    page_keys: dict  # a group's folder ("cambois/social-media/pl/") -> key of its web pages
    pdf_keys: dict  # relative pdf path -> key
    build_pages: frozenset  # folders whose pages mkdocs must render
    build_pdfs: frozenset  # relative pdf paths to render
    reuse: tuple  # relative paths to link from the previous site


def toolchain_key(project: Project, package: Path = PACKAGE) -> str:
    """Everything outside the inputs that changes what the outputs look like. Every module
    of the package counts, in sub-packages too: a change there must not serve a stale site."""
    digest = hashlib.sha256()
    files = {f"policysite/{path.relative_to(package).as_posix()}": path for path in package.rglob("*.py")}
    templates = project.templates_dir
    files |= {
        f"templates/{path.relative_to(templates).as_posix()}": path for path in templates.rglob("*") if path.is_file()
    }
    for name in sorted(files):  # by name in the project, so the project's folder doesn't matter
        digest.update(name.encode() + b"\0" + files[name].read_bytes())
    settings = json.dumps(dict(project.site_settings), sort_keys=True)  # mkdocs.yml as mkdocs is given it
    digest.update(b"mkdocs.yml\0" + settings.encode())
    for library in LIBRARIES:
        digest.update(f"{library}={_version(library)}".encode())
    return digest.hexdigest()


def key_of(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:32]


def plan(site_dir: Path, page_keys: dict, pdf_keys: dict) -> Plan:
    previous = read_manifest(site_dir)
    old_pages, old_pdfs = previous.get("pages", {}), previous.get("pdfs", {})
    reuse, build_pages, build_pdfs = [], set(), set()
    for folder, key in page_keys.items():
        files = [folder + name for name in PAGE_FILES]
        if old_pages.get(folder) == key and all((site_dir / f).is_file() for f in files):
            reuse += files
        else:
            build_pages.add(folder)
    for relative, key in pdf_keys.items():
        if old_pdfs.get(relative) == key and (site_dir / relative).is_file():
            reuse.append(relative)
        else:
            build_pdfs.add(relative)
    return Plan(
        page_keys=page_keys,
        pdf_keys=pdf_keys,
        build_pages=frozenset(build_pages),
        build_pdfs=frozenset(build_pdfs),
        reuse=tuple(sorted(reuse)),
    )


def reuse_previous(site_dir: Path, staging_site: Path, relatives: tuple) -> None:
    """Hard links cost no copying; nothing ever writes into a published file."""
    from .emit import safe_join  # every write stays inside the output folder

    for relative in relatives:
        target = safe_join(staging_site, relative)
        try:
            os.link(site_dir / relative, target)
        except OSError:  # another filesystem: copy instead
            target.write_bytes((site_dir / relative).read_bytes())


def read_manifest(site_dir: Path) -> dict:
    try:
        data = json.loads((site_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_manifest(staging_site: Path, build_plan: Plan) -> None:
    """Keys for the next build, and every file and folder this build wrote: a later build
    replaces the folder only if it holds nothing else (guard.py)."""
    data = {
        "pages": dict(sorted(build_plan.page_keys.items())),
        "pdfs": dict(sorted(build_plan.pdf_keys.items())),
        "files": sorted(site_listing(staging_site)),
    }
    (staging_site / MANIFEST).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def site_listing(site: Path) -> set[str]:
    """Every file, folder and link under `site` (links not followed), as relative paths,
    the manifest itself left out."""
    listing: set[str] = set()
    start = len(os.path.join(site, ""))  # plain strings: 3x faster than Path at 11,000 entries
    for folder, folders, files in os.walk(site):
        base = folder[start:] + "/" if len(folder) > start else ""
        listing.update(base + name for name in [*folders, *files])
    listing.discard(MANIFEST)
    return listing


def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "none"
