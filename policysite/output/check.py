"""Check stage: rules over the real outputs, as a list. Each rule reads files the build wrote.

The contract says which sections each output must contain. A section counts as present in
a web page when an element carries its id, and in a PDF when the PDF has a destination of
that id (WeasyPrint makes one per id) and the PDF's text holds the section's title;
the PDF half runs in the PDF workers (pdfs.py), right after each PDF is written.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import Finding, Location, error
from ..model import OUTPUT_URLS, Contract, RenderedOutput, output_folder

# Every id in the pages is written by nh3 (markup.py), mkdocs-material or our templates,
# all of which quote attributes with ": a regular expression reads them 20x faster than
# an HTML parser, which matters at a thousand schools.
ID_ATTRIBUTE = re.compile(r'\sid="([^"]+)"')


def html_ids(path: Path) -> set[str]:
    """The ids the templates wrote. Ids made from text a school wrote (its subheadings)
    always hold `--` (markup.SUBHEADING_ID), which no section id can: they never count."""
    return {id_ for id_ in ID_ATTRIBUTE.findall(path.read_text(encoding="utf-8")) if "--" not in id_}


def page_path(site: Path, slug: str, output: str, language: str = "en") -> Path:
    return site / output_folder(slug, language) / OUTPUT_URLS[output] / "index.html"


def check_page(site: Path, contract: Contract, rendered: RenderedOutput) -> list[Finding]:
    """The web page (in the output's language) exists and holds every required section id."""
    path = page_path(site, rendered.school.slug, rendered.output, rendered.language)
    where = Location(rendered.school.path)
    if not path.is_file():
        written, named = path.relative_to(site).as_posix(), f"{rendered.output} page{_in(rendered)}"
        return [error(where, f"{rendered.school.slug}: the {named} was not written ({written})")]
    return missing_sections(rendered, contract, html_ids(path), "web page")


def missing_sections(rendered: RenderedOutput, contract: Contract, ids: set[str], kind: str) -> list[Finding]:
    """One error per section the contract requires of this output that `ids` lacks."""
    label = f"school `{rendered.school.slug}`, output `{rendered.output}`{_in(rendered)} ({kind})"
    return missing(label, contract.required[rendered.output], contract.locations[rendered.output], ids)


def missing(label: str, required: tuple[str, ...], where: Location, ids: set[str]) -> list[Finding]:
    """The same check for callers that hold plain data (the PDF workers)."""
    return [
        error(
            where,
            f"{label}: required section `{section_id}` is missing",
            "Put the section back in the canonical content, or stop the school leaving it out; "
            "if it should be optional, remove it from the contract.",
        )
        for section_id in required
        if section_id not in ids
    ]


def _in(rendered: RenderedOutput) -> str:
    """A translation's outputs are named with their language: "output `letter` in `pl`"."""
    return "" if rendered.language == "en" else f" in `{rendered.language}`"


def normalise(text: str) -> str:
    """Compare text as a reader would: curly quotes, ligatures and line breaks don't matter."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans("’‘“”", "''\"\"", "\u00ad"))
    return re.sub(r"\s+", "", text).casefold()  # lower() makes a final capital sigma ς, or σ mid-text
