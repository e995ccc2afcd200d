"""Emit stage: where the build's files go, and the swap into site/ (mkdocs_run.py runs mkdocs).

Everything is written inside a staging folder beside site/; `publish` swaps it in with
renames only after every check passed, so a failed or killed build never leaves a
half-written site/. The previous site/ goes into the staging folder, never anywhere else,
so `discard` removes it with the rest, and nothing beside site/ but our own marked
staging folders (guard.py) is ever created or removed.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from .. import system
from ..inputs.catalogue import Catalogue, language
from ..model import OUTPUT_PAGES, OUTPUT_PDFS, OUTPUT_URLS, TRANSLATED_PDFS, RenderedOutput, output_folder
from ..pages.markup import Page
from . import guard, sitemap

# drift.py's report of how each school differs: for the federation's leads, not parents, so
# under a leads' path ("leads" is no school's name: load.RESERVED_SLUGS), in no navigation
# and not on the home page; docs/leads-tools.md and the build's last lines give its address.
DIFFERENCES_PAGE = "leads/differences/index.md"
DIFFERENCES_URL = DIFFERENCES_PAGE.removesuffix("index.md")
# In no navigation, so titled here; search engines are asked not to list it
# (templates/mkdocs/main.html prints `robots`), and the sitemap leaves it out.
DIFFERENCES_META = (("title", "How schools differ"), ("robots", "noindex"))
# Our search worker (templates/assets/search-worker.js), beside mkdocs-material's, which it
# runs: mkdocs-material's finds its language files from its own folder.
SEARCH_WORKER = "assets/javascripts/workers/policysite-search.js"
ENGLISH = (sitemap.ENGLISH, "English")  # the English pages' language tag (mkdocs.yml's theme.language) and name
_TRANS = re.compile(r"{%-? trans -?%}(.+?){%-? endtrans -?%}")  # site_labels: a word of the templates, one line
PREVIOUS = "previous-site"  # in a staging folder: site/ as it was, between the fallback's two renames
_locks: dict[Path, int] = {}  # staging folder -> the site lock its build holds (guard.lock_site)


def staging_dir(site_dir: Path, lock: int) -> Path:
    """A new staging folder beside site_dir, marked as this build's; it keeps the site's
    `lock` until `discard`."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=site_dir.parent))
    try:
        guard.mark(staging, site_dir)
    except BaseException:  # unmarked, no later build would clear it
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _locks[staging] = lock
    return staging


def safe_join(base: Path, relative: str) -> Path:
    """Every write goes through here: a path that escapes the output folder is a bug.

    Checked on the path's text, without asking the disk: every base is a folder this build
    made, holding no links, and resolving each of thousands of paths cost a second."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
        raise ValueError(f"refusing to write outside {base}: {relative}")
    target = base.joinpath(*parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def write_text(base: Path, relative: str, text: str) -> Path:
    path = safe_join(base, relative)
    path.write_text(text, encoding="utf-8")
    return path


def page_source(rendered: RenderedOutput) -> str:
    """Where an output's Markdown goes in the docs tree: its language's folder."""
    return output_folder(rendered.school.slug, rendered.language) + OUTPUT_PAGES[rendered.output]


def has_pdf(rendered: RenderedOutput) -> bool:
    """Whether the build makes a PDF of this output: every English one, and a translation's letter."""
    return rendered.output in OUTPUT_PDFS and (rendered.language == "en" or rendered.output in TRANSLATED_PDFS)


def pdf_path(rendered: RenderedOutput) -> str:
    """Where an output's PDF goes in site/: beside its language's pages."""
    return output_folder(rendered.school.slug, rendered.language) + OUTPUT_PDFS[rendered.output]


def site_labels(templates_dir: Path, catalogues: Mapping[str, Catalogue]) -> dict[str, dict[str, str]]:
    """The words of our mkdocs templates ({% trans %}...{% endtrans %} in templates/mkdocs:
    "All schools", the footer's links) in each language that translates them, as
    {code: {English: translation}}. mkdocs renders a whole site in one language, so each
    page carries its own (with_site_meta) and mkdocs_run gives its templates a gettext
    that reads them; the catalogue's strings that are fuzzy or empty stay English."""
    words = {
        match
        for path in sorted((templates_dir / "mkdocs").rglob("*.html"))
        for match in _TRANS.findall(path.read_text(encoding="utf-8"))
    }
    translated = {code: {w: cat.translation(None, w) for w in sorted(words)} for code, cat in catalogues.items()}
    return {code: {w: t for w, t in table.items() if t} for code, table in translated.items()}


def with_site_meta(page: Page, rendered: RenderedOutput, labels: Mapping[str, dict[str, str]]) -> Page:
    """The page with, in its front matter, its language's `labels` (site_labels) and, when
    its school publishes translations, `languages`: the same page in each language, English
    first, for the switcher (templates/mkdocs/partials/switcher.html; the head has no
    alternate links: main.html says why, and the sitemap names them). Each: the language's
    tag, its name in itself ("Polski", "اردو"), the page's address in it from the site's
    root, and whether it is this page.
    In the front matter, so a page group's key (incremental.py) changes with them."""
    meta = (*page.meta, ("labels", labels[rendered.language])) if labels.get(rendered.language) else page.meta
    codes = rendered.school.data.get("languages") or ()
    if not codes:
        return dataclasses.replace(page, meta=meta)
    named = [ENGLISH, *((code, language(code).name) for code in codes)]
    links = [
        {
            "code": tag,
            "name": name,
            "href": output_folder(rendered.school.slug, code) + OUTPUT_URLS[rendered.output],
            "current": code == rendered.language,
        }
        for (tag, name), code in zip(named, ["en", *codes], strict=True)
    ]
    return dataclasses.replace(page, meta=(*meta, ("languages", links)))


def assets(templates_dir: Path) -> dict[str, str]:
    """Our stylesheets, scripts and favicon, by their place in the docs tree."""
    ours = {
        f"assets/{name}": (templates_dir / "assets" / name).read_text(encoding="utf-8")
        for name in ("paper.css", "site.css", "site.js", "favicon.svg")
    }
    return ours | {SEARCH_WORKER: (templates_dir / "assets" / "search-worker.js").read_text(encoding="utf-8")}


def move_tree(source: Path, target: Path) -> None:
    """Move every file under source to the same place under target."""
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if path.is_file():
            destination = safe_join(target, str(path.relative_to(source)))
            path.rename(destination)


def publish(staging_site: Path, site_dir: Path) -> None:
    """Swap the checked build in with one atomic exchange; the previous site/ is left in
    the staging folder, which `discard` removes."""
    if os.path.lexists(site_dir) and system.exchange(staging_site, site_dir):
        return
    # No exchange on this system (macOS), or a first build: two renames; `recover` mends a
    # kill between them.
    previous = staging_site.parent / PREVIOUS
    if os.path.lexists(site_dir):
        site_dir.rename(previous)
    try:
        staging_site.rename(site_dir)
    except OSError:
        if previous.exists():  # put it back before discard removes the staging folder
            previous.rename(site_dir)
        raise


def recover(stale: Path, site_dir: Path) -> None:
    """If the build of the staging folder `stale` was killed between the fallback's two
    renames, put the previous site/ back."""
    previous = stale / PREVIOUS
    if previous.is_dir() and not previous.is_symlink() and not os.path.lexists(site_dir):
        previous.rename(site_dir)


def discard(staging: Path) -> None:
    """Remove a staging folder (and the previous site/ it may hold), then let the next
    build of the site start."""
    shutil.rmtree(staging, ignore_errors=True)
    lock = _locks.pop(staging, None)
    if lock is not None:
        guard.unlock(lock)
