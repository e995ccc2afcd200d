"""Emit stage: where the build's files go, and the swap into site/ (mkdocs_run.py runs mkdocs).

Everything is written inside a staging folder beside site/; `publish` swaps it in with
renames only after every check passed, so a failed or killed build never leaves a
half-written site/.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from .model import OUTPUT_PAGES, OUTPUT_PDFS, POLICY_DIR, RenderedOutput
from .render import md_escape

FEDERATION_PAGE = "federation/index.md"  # drift.py's report: how each school differs


def staging_dir(root: Path, site_dir: Path) -> Path:
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".site-build-", dir=site_dir.parent))


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
    """Where an output's Markdown goes in the docs tree."""
    return f"{rendered.school.slug}/{POLICY_DIR}/{OUTPUT_PAGES[rendered.output]}"


def pdf_path(rendered: RenderedOutput) -> str:
    """Where an output's PDF goes in site/."""
    return f"{rendered.school.slug}/{POLICY_DIR}/{OUTPUT_PDFS[rendered.output]}"


def home_markdown(site_name: str, schools: list[tuple[str, str]]) -> str:
    lines = [f"# {md_escape(site_name)}", "",
             "Each school's policy on using social media, the letter it sends to parents and carers, "
             "and the code of conduct for its staff, volunteers and governors.", "",
             "Federation leads: [how each school's version differs from the canonical policy](federation/).",
             "", "## Schools", ""]
    for slug, name in schools:
        # Folder links, not .md: an incremental build renders only the schools that
        # changed, so the other schools' Markdown is not in this build's docs tree.
        base = f"{slug}/{POLICY_DIR}"
        lines.append(f"- **[{md_escape(name)}]({base}/)**: "
                     f"[letter to parents]({base}/parent-letter/), "
                     f"[staff code]({base}/staff-code/)")
    return "\n".join(lines) + "\n"


def assets(templates_dir: Path) -> dict[str, str]:
    """Our stylesheets and script, by their place in the docs tree."""
    return {f"assets/{name}": (templates_dir / "assets" / name).read_text(encoding="utf-8")
            for name in ("paper.css", "site.css", "site.js")}


def move_tree(source: Path, target: Path) -> None:
    """Move every file under source to the same place under target."""
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if path.is_file():
            destination = safe_join(target, str(path.relative_to(source)))
            path.rename(destination)


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
