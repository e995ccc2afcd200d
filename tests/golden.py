"""Whole-site golden files: `python -m tests.golden` (or `make golden`) rewrites tests/golden/site/.

`python -m tests.golden DIR` writes the tree to DIR instead (the tests use this).

The golden tree is what we generate, not mkdocs-material's chrome around it, so that a
theme upgrade is a small diff: of every page but 404.html, the links of our school
navigation (templates/mkdocs/partials/nav.html, as `nav: title -> address` lines) and the
article region, where our HTML goes; every PDF as `<name>.pdf.txt` (its text, page by
page); and sitemap.xml. Lines are stripped of trailing spaces and blank lines are dropped,
so a diff shows what a reader would see change. tests/test_golden.py compares a fresh
build with it.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from .helpers import ROOT, build_site, pdf_pages

GOLDEN = Path(__file__).resolve().parent / "golden" / "site"
SKIPPED_DIRS = ("assets", "search")  # mkdocs-material's own files
SKIPPED_FILES = ("404.html",)
ARTICLE = re.compile(
    r'<article class="md-content__inner md-typeset">.*?</article>', re.S
)  # our HTML, in the theme's page


class _NavLinks(HTMLParser):
    """The links of the primary navigation, leaving out the table of contents the theme
    nests in it (its entries are the article's own headings)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[list[str]] = []  # [title, address]
        self._navs: list[bool] = []  # for each open <nav>: is it the primary one
        self._in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "nav":
            self._navs.append("md-nav--primary" in classes)
        elif tag == "a" and self._navs == [True] and "md-nav__link" in classes:
            self.links.append(["", dict(attrs).get("href") or ""])
            self._in_link = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._navs:
            self._navs.pop()
        elif tag == "a":
            self._in_link = False

    def handle_data(self, data: str) -> None:
        if self._in_link:
            self.links[-1][0] += data


def _ours(page: str) -> str:
    """A page's school navigation and its article region, without the theme around them."""
    parser = _NavLinks()
    parser.feed(page)
    nav = "".join(f"nav: {' '.join(title.split())} -> {href}\n" for title, href in parser.links)
    article = ARTICLE.search(page)
    return nav + (article[0] if article else page)


def _tidy(text: str) -> str:
    lines = (line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def _pdf_as_text(path: Path) -> str:
    return "".join(f"=== page {n} ===\n{_tidy(text)}" for n, text in enumerate(pdf_pages(path), start=1))


def normalised_tree(site: Path) -> dict[str, str]:
    """relative path -> normalised text, for every file the golden tree keeps."""
    tree = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or relative.split("/")[0] in SKIPPED_DIRS or relative in SKIPPED_FILES:
            continue
        if path.suffix == ".html":
            tree[relative] = _tidy(_ours(path.read_text(encoding="utf-8")))
        elif relative == "sitemap.xml":
            tree[relative] = _tidy(path.read_text(encoding="utf-8"))
        elif path.suffix == ".pdf":
            tree[relative + ".txt"] = _pdf_as_text(path)
    return tree


def read_tree(folder: Path = GOLDEN) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write_tree(tree: dict[str, str], folder: Path = GOLDEN) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for relative, text in tree.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def build_tree(root: Path = ROOT) -> dict[str, str]:
    """Build the project into a temporary folder and return its normalised tree."""
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp:
        build_site(root, Path(tmp) / "site", pdfs=True)
        return normalised_tree(Path(tmp) / "site")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    dest = Path(args[0]).resolve() if args else GOLDEN
    tree = build_tree()
    write_tree(tree, dest)
    shown = dest.relative_to(ROOT) if dest.is_relative_to(ROOT) else dest
    print(f"Wrote {len(tree)} files to {shown}/. Review the change with: git diff --stat tests/golden/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
