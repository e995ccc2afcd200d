"""Run mkdocs-material on documents held in memory, on every core when that pays.

The build already holds every page's Markdown; writing thousands of files into a docs
folder only for mkdocs to read them back (and for us to delete them after) cost about a
tenth of a 1,000-school build. mkdocs 1.6's `File.generated` takes the text directly, so
the docs folder mkdocs is given stays empty.

mkdocs renders one page at a time. A school's pages depend on nothing but themselves and
the site's own pages (home, the leads' report), so a large site is split: each of several mkdocs
processes builds the site's own pages and every n-th school, and the schools' folders are
then moved into one site; search.py merges their search indexes.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import system
from ..model import Federation
from ..pages import markup, shell
from ..pages.markup import Page
from .pdfs import die_with_parent
from .search import INDEX

if TYPE_CHECKING:
    from ..project import Project

# Each mkdocs process is worth starting only for 5 or more schools: below 10 schools a
# second process costs about what it saves (measured with --no-pdf on 2 cores: 4 schools
# 0.73 s either way; 10 schools 0.93 s on one process, 0.84 s on two; 60 schools 2.1 s
# and 1.6 s).
SCHOOLS_PER_PART = 5
PARALLEL_FROM = 2 * SCHOOLS_PER_PART
THEME_LANGUAGES = "policysite_theme_languages"  # config.extra key: theme_languages()


@dataclass(frozen=True)
class SiteBuild:
    warnings: tuple[str, ...]  # mkdocs' warnings, from every part
    search_indexes: tuple[Path, ...]  # the first part's (in the site), then the others'


def parts_for(schools: int, cores: int, making_pdfs: bool) -> int:
    """How many mkdocs processes to run: one when PDF workers already keep every core busy,
    else one per core, each with at least SCHOOLS_PER_PART schools."""
    return 1 if making_pdfs else max(1, min(cores, schools // SCHOOLS_PER_PART))


def build_site(
    project: Project,
    staging: Path,
    build_epoch: int,
    shared: dict[str, str | bytes | Page],
    by_school: dict[str, dict[str, Page]],
    parts: int,
    federation: Federation | None = None,
) -> SiteBuild:
    """Build staging/site from the shared documents and each school's, with `parts`
    processes; part 0 runs here while the others run in worker processes. `federation`:
    the site's own logo, colour and favicon (config_values)."""
    chunks = [sorted(by_school)[index::parts] for index in range(parts)]
    custom_dir = project.templates_dir / "mkdocs"
    configs = [
        mkdocs_config(project.site_settings, custom_dir, staging, _site(index), federation) for index in range(parts)
    ]

    def documents(chunk: list[str]) -> dict[str, str | bytes | Page]:
        return shared | {path: text for slug in chunk for path, text in by_school[slug].items()}

    warnings: list[str] = []
    context = system.process_context()  # forked on Linux: the workers start with everything loaded
    with ProcessPoolExecutor(max(1, parts - 1), mp_context=context, initializer=die_with_parent) as pool:
        others = [
            pool.submit(run_mkdocs, configs[index], build_epoch, documents(chunks[index])) for index in range(1, parts)
        ]
        warnings += run_mkdocs(configs[0], build_epoch, documents(chunks[0]))
        for future in others:
            warnings += future.result()
    site = staging / "site"
    for index in range(1, parts):
        for slug in chunks[index]:
            (staging / f"site-part-{index}" / slug).rename(site / slug)
    indexes = [site / INDEX, *(staging / f"site-part-{index}" / INDEX for index in range(1, parts))]
    return SiteBuild(tuple(warnings), tuple(indexes))


def _site(index: int) -> str:
    return "site" if index == 0 else f"site-part-{index}"


def site_nav() -> list[dict[str, str] | str]:
    """The site navigation: the home page, the accessibility statement and the privacy note
    (titled by their own first line); each school's pages carry their own (see
    templates/mkdocs/partials/nav.html), and the leads' report (emit.DIFFERENCES_PAGE) is
    for leads, not parents: mkdocs only notes, not warns, that a page is in no navigation."""
    return [{"Home": "index.md"}, *map(shell.statement_path, shell.STATEMENTS)]


def mkdocs_config(
    settings: Mapping[str, Any], custom_dir: Path, staging: Path, site: str, federation: Federation | None = None
) -> Path:
    """The configuration (config_values) written into staging for mkdocs to load."""
    config = config_values(settings, custom_dir, staging, site, federation)
    path = staging / f"mkdocs-{site}.yml"
    path.write_text(json.dumps(config, indent=1, sort_keys=False), encoding="utf-8")
    return path


def config_values(
    settings: Mapping[str, Any], custom_dir: Path, staging: Path, site: str, federation: Federation | None = None
) -> dict[str, Any]:
    """mkdocs.yml's `settings` plus this build's folders, navigation and our theme
    overrides (`custom_dir`); with the `federation` (a build's, not `check`'s validation),
    its logo as the favicon and its logo and colour for the site's own pages' header."""
    (staging / "docs").mkdir(parents=True, exist_ok=True)  # mkdocs wants it to exist
    config = {
        **settings,
        "docs_dir": str(staging / "docs"),
        "site_dir": str(staging / site),
        "nav": site_nav(),
        "markdown_extensions": [],  # mkdocs renders nothing: markup.py does
        "theme": {**settings["theme"], "custom_dir": str(custom_dir)},
    }
    if federation is not None:  # settings passed mkdocs' validation: `extra` is a mapping
        config["extra"] = {
            **(settings.get("extra") or {}),
            shell.SITE_IDENTITY: shell.site_identity(federation),
            THEME_LANGUAGES: theme_languages(custom_dir),
        }
        if federation.logo is not None:
            config["theme"]["favicon"] = shell.favicon(federation)
    return config


def theme_languages(custom_dir: Path) -> list[str]:
    """The languages mkdocs-material has its strings in (its partials/languages/<code>.html,
    and ours): a translated page gets the theme's strings in its language when they are
    here (templates/mkdocs/partials/language.html), else the site's."""
    import material

    folders = (Path(material.__file__).parent / "templates", custom_dir)
    return sorted({path.stem for folder in folders for path in (folder / "partials" / "languages").glob("*.html")})


def run_mkdocs(config_path: Path, build_epoch: int, documents: dict[str, str | bytes | Page]) -> list[str]:
    """Build the site from `documents` (path in the docs tree -> text); returns mkdocs'
    warnings, which the build treats as errors."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    warnings: list[str] = []
    handler = _Collect(warnings)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        with _env("SOURCE_DATE_EPOCH", str(build_epoch)):
            config = load_config(config_file=str(config_path))
            config.plugins["policysite-documents"] = _documents_plugin(documents)
            build(config)
    finally:
        logger.removeHandler(handler)
    return warnings


def _documents_plugin(documents: dict[str, str | bytes | Page]):
    from mkdocs.plugins import BasePlugin, event_priority
    from mkdocs.structure.files import File, Files, file_sort_key
    from mkdocs.structure.toc import TableOfContents

    pages = {path: doc for path, doc in documents.items() if isinstance(doc, Page)}

    class Documents(BasePlugin):
        """Hands mkdocs the documents, in the order its own folder walk would give, and
        puts our HTML in place of what mkdocs' own Markdown renderer made of nothing."""

        def on_files(self, files: Files, config) -> Files:
            generated = [
                File.generated(config, path, content=doc.source() if isinstance(doc, Page) else doc)
                for path, doc in documents.items()
            ]
            return Files(sorted([*files, *generated], key=file_sort_key))

        def on_page_context(self, context, page, config, nav):
            """Our templates' words ({% trans %}) in the page's language: its front matter's
            `labels` (emit.site_labels), escaped, as mkdocs prints them as HTML."""
            labels = (page.meta or {}).get("labels") or {}
            context["gettext"] = lambda word: html_escape(labels.get(word, word))
            return context

        @event_priority(100)  # before any other plugin sees the page's content
        def on_page_content(self, html: str, page, config, files) -> str:
            ours = pages[page.file.src_uri]
            page.toc = TableOfContents([_anchor(entry) for entry in markup.toc(ours.body.headings)])
            if page.toc.items:
                page.toc.items[0].active = True  # as mkdocs marks it
            return ours.body.html

    return Documents()


def _anchor(entry: markup.Heading):
    from mkdocs.structure.toc import AnchorLink

    link = AnchorLink(entry.title, entry.id, entry.level)
    link.children = [_anchor(child) for child in entry.children]
    return link


class _Collect(logging.Handler):
    def __init__(self, sink: list[str]):
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())


@contextmanager
def _env(name: str, value: str):
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old
