"""Emit stage: the only module that writes. Docs tree, PDFs, mkdocs build, then the swap.

Everything is written inside a staging folder beside site/; `publish` swaps it in with
renames only after every check passed, so a failed or killed build never leaves a
half-written site/.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import yaml  # PyYAML, which mkdocs itself uses: mkdocs.yml is ours and trusted

from .model import OUTPUT_PAGES, OUTPUT_PDFS, POLICY_DIR, RenderedOutput
from .render import md_escape

FEDERATION_PAGE = "federation/index.md"  # drift.py's report: how each school differs


def staging_dir(root: Path, site_dir: Path) -> Path:
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".site-build-", dir=site_dir.parent))


def safe_join(base: Path, relative: str) -> Path:
    """Every write goes through here: a path that escapes the output folder is a bug."""
    target = (base / relative).resolve()
    if not target.is_relative_to(base.resolve()):
        raise ValueError(f"refusing to write outside {base}: {relative}")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def write_text(base: Path, relative: str, text: str) -> Path:
    path = safe_join(base, relative)
    path.write_text(text, encoding="utf-8")
    return path


def page_source(rendered: RenderedOutput) -> str:
    """Where an output's Markdown goes in the docs tree."""
    return f"{rendered.school.slug}/{POLICY_DIR}/{OUTPUT_PAGES[rendered.output]}"


def pdf_path(rendered: RenderedOutput) -> str:
    """Where an output's PDF goes in site/."""
    return f"{rendered.school.slug}/{POLICY_DIR}/{OUTPUT_PDFS[rendered.output]}"


def write_home(docs: Path, site_name: str, schools: list[tuple[str, str]]) -> None:
    lines = [f"# {md_escape(site_name)}", "",
             "Each school's policy on using social media, the letter it sends to parents and carers, "
             "and the code of conduct for its staff, volunteers and governors.", "",
             "Federation leads: [how each school's version differs from the canonical policy](federation/index.md).",
             "", "## Schools", ""]
    for slug, name in schools:
        # Folder links, not .md: an incremental build renders only the schools that
        # changed, so the other schools' Markdown is not in this build's docs tree.
        base = f"{slug}/{POLICY_DIR}"
        lines.append(f"- **[{md_escape(name)}]({base}/)**: "
                     f"[letter to parents]({base}/parent-letter/), "
                     f"[staff code]({base}/staff-code/)")
    write_text(docs, "index.md", "\n".join(lines) + "\n")


def write_assets(docs: Path, templates_dir: Path) -> None:
    for name in ("paper.css", "site.css", "site.js"):
        write_text(docs, f"assets/{name}", (templates_dir / "assets" / name).read_text(encoding="utf-8"))


def site_settings(root: Path) -> dict:
    return yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))


def site_name(root: Path) -> str:
    return site_settings(root)["site_name"]


def mkdocs_config(root: Path, staging: Path) -> Path:
    """mkdocs.yml plus this build's folders. The site navigation holds the site's own pages
    only; each school's pages carry their own (see templates/mkdocs/partials/nav.html)."""
    config = site_settings(root)
    config["docs_dir"] = str(staging / "docs")
    config["site_dir"] = str(staging / "site")
    config["theme"]["custom_dir"] = str(root / "templates" / "mkdocs")
    config["nav"] = [{"Home": "index.md"}, {"How schools differ": FEDERATION_PAGE}]
    return write_text(staging, "mkdocs.yml", json.dumps(config, indent=1, sort_keys=False))


def run_mkdocs(config_path: Path, build_epoch: int) -> list[str]:
    """Build the site with mkdocs-material in-process; returns mkdocs' warnings."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    warnings: list[str] = []
    handler = _Collect(warnings)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        with _env("SOURCE_DATE_EPOCH", str(build_epoch)):
            config = load_config(config_file=str(config_path))
            build(config)
    finally:
        logger.removeHandler(handler)
    return warnings


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


def move_tree(source: Path, target: Path) -> None:
    """Move every file under source to the same place under target."""
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if path.is_file():
            destination = safe_join(target, str(path.relative_to(source)))
            path.rename(destination)


def drop_sitemap(site: Path) -> None:
    """mkdocs' sitemap needs `site_url` for its addresses and lists only the pages this
    build rendered; without a site_url it holds nothing useful, so it is left out."""
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (site / name).unlink(missing_ok=True)


def publish(staging_site: Path, site_dir: Path) -> None:
    """Swap the checked build in with one atomic exchange; the old site/ is removed after."""
    if site_dir.exists() and _exchange(staging_site, site_dir):
        shutil.rmtree(staging_site)  # now holds the previous site
        return
    # No exchange available (or first build): two renames; `recover` mends a kill between them.
    old = site_dir.with_name(site_dir.name + ".old")
    if site_dir.exists():
        site_dir.rename(old)
    staging_site.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def recover(site_dir: Path) -> None:
    """If a build was killed between the two fallback renames, put the old site/ back."""
    old = site_dir.with_name(site_dir.name + ".old")
    if old.exists() and not site_dir.exists():
        old.rename(site_dir)
    elif old.exists():
        shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swap two folders atomically."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
