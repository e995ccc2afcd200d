"""Shared helpers: paths of the project and of built outputs, visible text of pages and PDFs."""

from __future__ import annotations

import os
import re
import shutil
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from ruamel.yaml import YAML

from policysite.inputs.load import school_files

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content" / "social-media"
SCHOOL_FILES = school_files(ROOT / "schools")  # not schools/_template.yml
SLUGS = [path.stem for path in SCHOOL_FILES]
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"

# Where each output lands under site/<slug>/social-media/ (what the README promises).
PAGES = {"policy": "index.html", "letter": "parent-letter/index.html", "staff-code": "staff-code/index.html"}
PDFS = {"policy": "policy.pdf", "letter": "parent-letter.pdf", "staff-code": "staff-code.pdf"}
_HIDDEN = {"script", "style", "head", "template", "svg"}
# Tags that start a new line of text; inline tags (a, strong, time) join their neighbours.
_BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "button",
    "dd",
    "div",
    "dl",
    "dt",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "label",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
}


def read_yaml(path: Path):
    return YAML(typ="safe", pure=True).load(Path(path).read_text(encoding="utf-8"))


def required_sections(root: Path = ROOT) -> dict[str, list[str]]:
    """output -> required section ids, read straight from the contract file."""
    data = read_yaml(root / "content" / "social-media" / "contract.yml")
    return {output: list(entry["required"]) for output, entry in data.items()}


def page_path(site: Path, slug: str, output: str) -> Path:
    return site / slug / "social-media" / PAGES[output]


def pdf_path(site: Path, slug: str, output: str) -> Path:
    return site / slug / "social-media" / PDFS[output]


def squash(text: str) -> str:
    """Whitespace runs as one space; typographic quotes as plain ones."""
    text = text.translate(
        str.maketrans("\u2019\u2018\u201c\u201d\u00a0", "''\"\" ", "\u00ad")  # quotes, no-break space; soft hyphen out
    )
    return re.sub(r"\s+", " ", text).strip()


class _Page(HTMLParser):
    """Visible text, element ids, and the links and text inside each <nav>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.ids: set[str] = set()
        self.navs: list[list[str]] = []
        self._hidden = 0
        self._nav_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag in _HIDDEN:
            self._hidden += 1
        if tag == "nav":
            if not self._nav_depth:
                self.navs.append([])
            self._nav_depth += 1
        if self._nav_depth and attrs.get("href"):
            self.navs[-1].append(attrs["href"])
        if tag in _BLOCKS:
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag in _HIDDEN and self._hidden:
            self._hidden -= 1
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1
        if tag in _BLOCKS:
            self.text.append(" ")

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)
        if self._nav_depth:
            self.navs[-1].append(data)


def parse_page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def visible_text(html: str) -> str:
    """The text a reader sees: tags stripped, entities decoded, whitespace squashed."""
    return squash("".join(parse_page(html).text))


def element_ids(html: str) -> set[str]:
    return parse_page(html).ids


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


def pdf_text(path: Path) -> str:
    return squash(" ".join(pdf_pages(path)))


# Builds in tests are reproducible: dates from the inputs, not SOURCE_DATE_EPOCH, and no
# version rows from git (they would change the pages with every commit).
REPRODUCIBLE_ENV = {"SOURCE_DATE_EPOCH": None, "POLICYSITE_NO_GIT_HISTORY": "1"}


@contextmanager
def reproducible_env():
    """Set REPRODUCIBLE_ENV for the block (None unsets), then put os.environ back as it was."""
    saved = {name: os.environ.get(name) for name in REPRODUCIBLE_ENV}
    try:
        _set_env(REPRODUCIBLE_ENV)
        yield
    finally:
        _set_env(saved)


def _set_env(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def options(root: Path, site_dir: Path | None = None, **settings):
    """BuildOptions for the project in `root` (raises BuildFailed if its settings are bad)."""
    from policysite.output.pipeline import BuildOptions
    from policysite.project import open_project

    return BuildOptions(project=open_project(root, site_dir), **settings)


def build_site(root: Path, site_dir: Path, pdfs: bool = False):
    """Build a project folder into site_dir; returns the BuildResult (raises BuildFailed).

    Web pages only unless the test is about PDFs (pdfs=True): they are most of a build's time.
    """
    from policysite.output.pipeline import build

    with reproducible_env():
        return build(options(root, site_dir, write=True, pdfs=pdfs))


def check_project(root: Path):
    """Validate and render a project without writing anything; returns the BuildResult."""
    from policysite.output.pipeline import build

    return build(options(root, write=False))


def project_skeleton(dest: Path, link_templates: bool = True) -> Path:
    """A project folder sharing this repo's templates (symlinked), mkdocs.yml and the site's
    own pages (content/site: the accessibility statement and privacy note), copied."""
    dest.mkdir(parents=True, exist_ok=True)
    if link_templates:
        (dest / "templates").symlink_to(ROOT / "templates", target_is_directory=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "content" / "site", dest / "content" / "site", dirs_exist_ok=True)
    (dest / "schools").mkdir(exist_ok=True)
    return dest


def mini_copy(dest: Path, schools: dict[str, str]) -> Path:
    """project_skeleton with tests/fixtures/mini as content/social-media/ and the school
    files {slug: text}: the small project most page and PDF tests build."""
    project_skeleton(dest)
    shutil.copytree(MINI, dest / "content" / "social-media")
    for slug, text in schools.items():
        (dest / "schools" / f"{slug}.yml").write_text(text, encoding="utf-8")
    return dest


def check_errors(root: Path) -> list:
    """The error findings of a project whose `check` must fail."""
    return _errors(check_project, root)


def build_errors(root: Path, site_dir: Path) -> list:
    """The error findings of a project whose build must fail."""
    return _errors(build_site, root, site_dir)


def _errors(run, *args) -> list:
    from policysite.errors import BuildFailed

    try:
        run(*args)
    except BuildFailed as failed:
        return [finding for finding in failed.findings if finding.level == "error"]
    raise AssertionError(f"{run.__name__} passed, but it should have failed")
