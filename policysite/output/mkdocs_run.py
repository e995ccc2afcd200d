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

import copy
import json
import logging
import os
import re
import tempfile
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import system
from ..errors import Finding, Location, error, has_errors
from ..inputs.yamlread import read_yaml, where_in
from ..model import Federation
from ..pages import markup, shell
from ..pages.markup import Page
from . import sitemap
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
# Settings mkdocs-material prints into every page without escaping them: the header's
# aria-label, <meta content="...">, the footer (as HTML), and tooltips it builds as HTML.
THEME_PRINTS_AS_HTML = ("site_name", "site_description", "site_author", "copyright")
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


def read_settings(path: Path, custom_dir: Path) -> tuple[dict[str, Any] | None, list[Finding]]:
    """mkdocs.yml holds the site's name and theme; a lead may edit it, or lose the file.
    Read once (project.py), and checked with mkdocs' own validation, so `check` finds what
    `build` would trip on; None with errors. `custom_dir`: our theme overrides."""
    if not path.is_file():
        return None, [
            error(
                Location("mkdocs.yml"),
                "mkdocs.yml is missing: it holds the site's name and theme",
                "Put it back from git (`git checkout mkdocs.yml`), or copy it from another project.",
            )
        ]
    data, locations, findings = read_yaml(path, "mkdocs.yml")
    if has_errors(findings):
        return None, findings
    if not isinstance(data, dict):
        return None, [
            error(
                Location("mkdocs.yml", 1, 1),
                "mkdocs.yml should be a group of `key: value` lines",
                "Put it back from git (`git checkout mkdocs.yml`).",
            )
        ]
    where = where_in(locations, "mkdocs.yml")
    name = data.get("site_name")
    if not isinstance(name, str) or not name.strip():
        findings.append(
            error(
                Location("mkdocs.yml", 1, 1),
                "mkdocs.yml does not give the site a name",
                "Add a line such as `site_name: Our schools' policies`.",
            )
        )
    theme = data["theme"] if isinstance(data.get("theme"), dict) else {}
    if "logo" in theme:
        findings.append(_theme_logo(where))
    printed = [((key,), data.get(key)) for key in THEME_PRINTS_AS_HTML]
    for keys, value in [*printed, (("theme", "favicon"), theme.get("favicon"))]:
        if isinstance(value, str) and re.search(r'[<>"]', value):
            findings.append(
                error(
                    where(keys),
                    f"mkdocs.yml: `{'.'.join(keys)}` can't hold <, > or \"",
                    "Write it as plain text: the theme puts it into every page as it is "
                    "written, in attributes and tooltips too.",
                )
            )
    findings += sitemap.check_site_url(data, where)
    if "markdown_extensions" in data:
        findings.append(
            error(
                where(("markdown_extensions",), key=True),
                "mkdocs.yml: `markdown_extensions` are not used by policysite",
                "policysite renders every page with one Markdown renderer and a sanitiser "
                "(docs/security.md); remove the `markdown_extensions:` block.",
            )
        )
    if not has_errors(findings):
        findings += _mkdocs_validation(custom_dir, data, where)
    return (None if has_errors(findings) else data), findings


def _theme_logo(where) -> Finding:
    """theme.logo would be one logo for every school, and a wrong path a broken image
    without a word: the header shows each school's logo from its own file instead."""
    return error(
        where(("theme", "logo"), key=True),
        "mkdocs.yml: `theme.logo` is not used by policysite",
        "Remove this line, and set `logo:` in content/social-media/defaults.yml (the "
        "federation's logo, shown on every school without its own, and the browser tab's icon) "
        "or in a school's file (docs/school-files.md).",
    )


def _mkdocs_validation(custom_dir: Path, settings: dict, where) -> list[Finding]:
    """mkdocs' own checks (theme, plugins, every other setting), each at its key's line."""
    from mkdocs.config.defaults import MkDocsConfig

    with tempfile.TemporaryDirectory(prefix="policysite-check-") as folder:
        staging = Path(folder)
        loaded = MkDocsConfig(config_file_path=str(staging / "mkdocs.yml"))
        # A copy: mkdocs' validation takes each plugin's options out of the mapping it is
        # given (`- search: {lang: en}` came back `{}`), and the build uses `settings` again.
        loaded.load_dict(config_values(copy.deepcopy(settings), custom_dir, staging, "site"))
        errors: list[tuple[str, Exception | str]]
        try:
            errors, warnings = loaded.validate()  # type: ignore[assignment]  # ours may hold a message
        except Exception as exc:  # noqa: BLE001 - a plugin that fails as it loads: still the settings' problem
            errors, warnings = [("plugins", f"{type(exc).__name__}: {exc}")], []
    findings = []
    for key, problem in [*errors, *warnings]:
        place = where((key,), key=True) if key in settings else Location("mkdocs.yml", 1, 1)
        findings.append(
            error(
                place,
                f"mkdocs.yml: `{key}`: {problem}",
                "Check the spelling against mkdocs' and mkdocs-material's documentation, "
                "or put the line back from git.",
            )
        )
    return findings


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
