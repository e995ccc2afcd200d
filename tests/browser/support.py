"""What the browser tests share: the site's pages, the browser's settings, text helpers."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from policysite.inputs.load import school_files

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SLUGS = [path.stem for path in school_files(ROOT / "schools")]

# Each school's pages, as folders under site/<slug>/ (use_directory_urls), and its PDFs.
KINDS = {"policy": "social-media/", "letter": "social-media/parent-letter/", "staff-code": "social-media/staff-code/"}
PRINTABLE = ("letter", "staff-code")
PDFS = {
    "policy": "social-media/policy.pdf",
    "letter": "social-media/parent-letter.pdf",
    "staff-code": "social-media/staff-code.pdf",
}
# Pages that belong to no school, by URL path below the site root.
SITE_PAGES = {"home": "", "differences": "leads/differences/", "accessibility": "accessibility/", "privacy": "privacy/"}
# Every page of the site: (page, None) for the site's own pages and (kind, slug) for each school.
PAGES = [(kind, None) for kind in SITE_PAGES] + [(kind, slug) for slug in SLUGS for kind in KINDS]

# Debian's chromium, never a downloaded browser; nothing it does leaves this machine.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Every request that is not to our own server on 127.0.0.1 is aborted: nothing leaves the machine.
NOT_LOCAL = re.compile(r"^(?!http://127\.0\.0\.1:\d+/|data:|blob:|about:)")

A4_POINTS = (595.28, 841.89)
# The printable width of A4 with site.css's @page margins (18 mm each side), in CSS px.
PRINTABLE_WIDTH_PX = (210 - 2 * 18) / 25.4 * 96


def page_id(page: tuple[str, str | None]) -> str:
    kind, slug = page
    return kind if slug is None else f"{slug}-{kind}"


def page_path(kind: str, slug: str | None) -> str:
    """The page's URL path below the site root ("" for the home page)."""
    return SITE_PAGES[kind] if slug is None else f"{slug}/{KINDS[kind]}"


def page_file(site: Path, kind: str, slug: str | None) -> Path:
    return site / page_path(kind, slug) / "index.html"


def require(tool: str, why: str) -> str:
    """The path of a program the tests need: missing fails on CI, else skips with one line."""
    found = tool if Path(tool).is_absolute() and Path(tool).exists() else shutil.which(tool)
    if found:
        return found
    message = f"{tool} not found: {why}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def school(slug: str) -> dict:
    return yaml.safe_load((ROOT / "schools" / f"{slug}.yml").read_text(encoding="utf-8"))


def required_sections(output: str) -> list[str]:
    contract = yaml.safe_load((ROOT / "content" / "social-media" / "contract.yml").read_text(encoding="utf-8"))
    return list(contract[output]["required"])


def normalise(text: str) -> str:
    """Text as a reader compares it: case, spacing, line breaks and curly quotes don't matter."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(
        str.maketrans("\u2019\u2018\u201c\u201d", "''\"\"", "\u00ad\u00b6")  # quotes; soft hyphen, pilcrow out
    )
    return re.sub(r"\s+", "", text).lower()


def pdf_text(reader) -> str:
    return "\n".join(page.extract_text() or "" for page in reader.pages)


@dataclass
class Part:
    """An element with an id: its tag, its visible text and the text of its first heading."""

    tag: str
    text: str = ""
    heading: str = ""
    heading_done: bool = False

    @property
    def title(self) -> str:
        """What a reader sees as this part's title: the heading, or the part's own text."""
        return self.text if self.tag in _HEADINGS else (self.heading or self.text)


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Parts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: dict[str, Part] = {}
        self.stack: list[tuple[str, str | None, bool]] = []  # (tag, id, hidden)

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        attrs = dict(attrs)
        hidden = (
            "headerlink" in (attrs.get("class") or "").split()
            or tag in ("script", "style")
            or bool(self.stack and self.stack[-1][2])
        )
        self.stack.append((tag, attrs.get("id"), hidden))
        if attrs.get("id"):
            self.parts[attrs["id"]] = Part(tag)

    def handle_endtag(self, tag):
        if not any(open_tag == tag for open_tag, _, _ in self.stack):
            return  # a stray end tag
        while self.stack:
            closed = self.stack.pop()[0]
            if closed in _HEADINGS:  # a part's heading is the first heading inside it
                for _, element_id, _ in self.stack:
                    if element_id and self.parts[element_id].heading:
                        self.parts[element_id].heading_done = True
            if closed == tag:
                break

    def handle_data(self, data):
        if not self.stack or self.stack[-1][2]:
            return
        heading = next((t for t, _, _ in reversed(self.stack) if t in _HEADINGS), None)
        for open_tag, element_id, _ in self.stack:
            if element_id:
                part = self.parts[element_id]
                part.text += data
                if heading and open_tag not in _HEADINGS and not part.heading_done:
                    part.heading += data

    def close(self):
        super().close()
        for part in self.parts.values():
            part.text, part.heading = " ".join(part.text.split()), " ".join(part.heading.split())


def html_parts(path: Path) -> dict[str, Part]:
    """id -> Part for every element of an HTML file that has an id."""
    parser = _Parts()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.parts


@dataclass(frozen=True)
class Allowed:
    """One allow-list line: what it matches (two fields) and why it is allowed."""

    line: int
    what: str
    where: str
    reason: str


def allow_list(name: str) -> list[Allowed]:
    """Read tests/browser/<name>: `what | where | reason` a line; # starts a comment line.

    Every field is required: an entry names one problem in one piece of markup, and says
    why it can't be fixed here. There is no wildcard.
    """
    entries = []
    for number, raw in enumerate((HERE / name).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [field.strip() for field in line.split(" | ")]
        if len(fields) != 3 or not all(fields) or len(fields[2]) < 20:
            raise ValueError(f"{name}:{number}: expected `what | where | reason` with a real reason: {raw!r}")
        entries.append(Allowed(number, *fields))
    return entries


def build(*args: str, cwd: Path = ROOT) -> None:
    """build.py in its own process, as a person runs it; a failed build fails the test with
    what build.py printed."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"build.py failed ({done.returncode}):\n{done.stdout}\n{done.stderr}", pytrace=False)
