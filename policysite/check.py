"""Check stage: rules over the real outputs, as a list. Each rule reads files the build wrote.

The contract says which sections each output must contain. A section counts as present in
a web page when an element carries its id, and in a PDF when the PDF has a destination of
that id (WeasyPrint makes one per id) and the PDF's text holds the section's title.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from .errors import Finding, Location, error
from .model import OUTPUT_PAGES, OUTPUT_PDFS, Contract, RenderedOutput
from .paper import plain_title

POLICY_DIR = "social-media"


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)


def html_ids(path: Path) -> set[str]:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.ids


def page_path(site: Path, slug: str, output: str) -> Path:
    page = OUTPUT_PAGES[output].removesuffix(".md")
    return site / slug / POLICY_DIR / ("index.html" if page == "index" else f"{page}/index.html")


def check_page(site: Path, contract: Contract, rendered: RenderedOutput) -> list[Finding]:
    """The web page exists and holds every required section id."""
    path = page_path(site, rendered.school.slug, rendered.output)
    where = Location(rendered.school.path)
    if not path.is_file():
        return [error(where, f"{rendered.school.slug}: the {rendered.output} page was not written ({path.name})")]
    return _missing(rendered, contract, html_ids(path), "web page")


def check_pdf(site: Path, contract: Contract, rendered: RenderedOutput) -> list[Finding]:
    """The PDF exists, has a destination per required section and every title in its text."""
    from pypdf import PdfReader

    path = site / rendered.school.slug / POLICY_DIR / OUTPUT_PDFS[rendered.output]
    where = Location(rendered.school.path)
    if not path.is_file():
        return [error(where, f"{rendered.school.slug}: {path.name} was not written")]
    reader = PdfReader(path)
    findings = _missing(rendered, contract, set(reader.named_destinations), "PDF")
    text = normalise(" ".join(page.extract_text() or "" for page in reader.pages))
    expected = [rendered.school.data["name"]] + [plain_title(s.title) for s in rendered.sections]
    for title in expected:
        if normalise(title) not in text:
            findings.append(error(where, f"{rendered.school.slug}: {path.name} does not show “{title}”",
                                  "A section title is missing from the PDF's text."))
    return findings


def _missing(rendered: RenderedOutput, contract: Contract, ids: set[str], kind: str) -> list[Finding]:
    findings = []
    for section_id in contract.required[rendered.output]:
        if section_id not in ids:
            findings.append(error(
                contract.locations[rendered.output],
                f"school `{rendered.school.slug}`, output `{rendered.output}` ({kind}): "
                f"required section `{section_id}` is missing",
                "Put the section back in the canonical content, or stop the school leaving it out; "
                "if it should be optional, remove it from the contract."))
    return findings


def normalise(text: str) -> str:
    """Compare text as a reader would: curly quotes, ligatures and line breaks don't matter."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00ad": ""}))
    return re.sub(r"\s+", "", text).lower()
