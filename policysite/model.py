"""Frozen objects handed from stage to stage. Each keeps where it came from.

load -> Content, SchoolFile;  merge -> School;  render -> RenderedOutput;
emit -> written files;  check -> findings.  Nothing here is filled in later.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .errors import Location

# The three outputs every school gets, in the order the site lists them.
OUTPUTS = ("policy", "letter", "staff-code")
OUTPUT_LABELS = MappingProxyType(
    {
        "policy": "Social media policy",
        "letter": "Letter to parents and carers",
        "staff-code": "Staff code of conduct",
    }
)
POLICY_DIR = "social-media"  # site/<slug>/social-media/: the policy's folder in each school's site
# Where each output lands, relative to site/<slug>/social-media/.
OUTPUT_PAGES = MappingProxyType({"policy": "index.md", "letter": "parent-letter.md", "staff-code": "staff-code.md"})
OUTPUT_PDFS = MappingProxyType({"policy": "policy.pdf", "letter": "parent-letter.pdf", "staff-code": "staff-code.pdf"})
# A translation's PDFs: only the letter, which families read and sign. The policy and the
# staff code are filed and signed in English, the school's own version (issue 16): their
# translated pages link the English PDF.
TRANSLATED_PDFS = frozenset({"letter"})
# Each output's web page address, relative to the same folder (mkdocs' use_directory_urls).
OUTPUT_URLS = MappingProxyType(
    {output: "" if page == "index.md" else page.removesuffix(".md") + "/" for output, page in OUTPUT_PAGES.items()}
)


LOGOS_DIR = "assets/logos"  # site/assets/logos/: every logo, once, named by its content


@dataclass(frozen=True)
class Image:
    """A school's or the federation's logo, checked and ready to publish (inputs/identity.py).

    `data` is what the site and the PDFs show: a PNG as read once checked, or an SVG written
    again from only the parts identity.py allows. It is named by its content, so 1,000
    schools sharing the federation's logo publish one file, and a changed logo a new name."""

    source: str  # the project's path of the file, as a message names it: "schools/logos/cambois.svg"
    media_type: str  # "image/svg+xml" or "image/png"
    data: bytes
    width: int  # CSS pixels (a PNG's size, an SVG's viewBox): width/height attributes, so nothing jumps
    height: int

    @property
    def name(self) -> str:
        extension = "svg" if self.media_type == "image/svg+xml" else "png"
        return f"{hashlib.sha256(self.data).hexdigest()[:16]}.{extension}"

    @property
    def site_path(self) -> str:
        """Its place in site/ (and in the docs tree mkdocs is handed)."""
        return f"{LOGOS_DIR}/{self.name}"


@dataclass(frozen=True)
class Federation:
    """The federation as defaults.yml describes it: the site's own identity and contact."""

    name: str | None  # defaults.yml `federation`
    logo: Image | None  # defaults.yml `logo`: the favicon, and every school's logo unless it has one
    colour: str | None  # defaults.yml `colour`, "#rrggbb"
    contact: Mapping[str, Any]  # defaults.yml `federation_contact` (email, phone, website, address...); empty: none


@dataclass(frozen=True)
class SectionSource:
    """One `## Title {#id}` section of a canonical document, before rendering."""

    id: str
    title: str  # Jinja source of the heading text
    body: str  # Jinja source of the Markdown body
    location: Location  # the heading line
    body_line: int  # first line of the body in the file, so template errors point at it


@dataclass(frozen=True)
class Document:
    """A canonical document: its page title and its sections in order."""

    output: str
    path: str
    title: str
    title_line: int
    sections: tuple[SectionSource, ...]


@dataclass(frozen=True)
class Contract:
    """Which sections each output must contain (content/<policy>/contract.yml)."""

    path: str
    documents: Mapping[str, str]  # output -> document file name
    required: Mapping[str, tuple[str, ...]]  # output -> section ids
    locations: Mapping[str, Location]  # output -> where its list is written

    def is_optional(self, section_id: str) -> bool:
        return not any(section_id in ids for ids in self.required.values())


@dataclass(frozen=True)
class Content:
    """Everything in content/<policy>/: documents, contract and federation defaults."""

    root: str
    documents: Mapping[str, Document]  # output -> document
    contract: Contract
    defaults: Mapping[str, Any]
    defaults_path: str
    # key path -> where defaults.yml writes it, so a warning about a default points at its line
    defaults_locations: Mapping[tuple, Location] = field(default_factory=lambda: MappingProxyType({}))
    federation: Federation = field(default_factory=lambda: Federation(None, None, None, MappingProxyType({})))
    # language code -> inputs.catalogue.Catalogue: the translations fit to render, read and
    # checked once a run (pipeline.prepare); every later stage takes them from here
    catalogues: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class SchoolFile:
    """A validated school file: its values and where each one was written."""

    slug: str
    path: str
    values: Mapping[str, Any]
    locations: Mapping[tuple, Location]  # key path -> location of its value
    lines: tuple[str, ...] = ()  # the file's lines, to find a word inside a long value (advice.py)


@dataclass(frozen=True)
class School:
    """Defaults merged with a school's own values; `origins` says which file set each value."""

    slug: str
    path: str
    data: Mapping[str, Any]
    origins: Mapping[tuple, Location]


@dataclass(frozen=True)
class RenderedSection:
    id: str
    title: str  # plain text, as shown
    markdown: str  # body Markdown, school values already escaped
    origin: str  # canonical | appended | replaced


@dataclass(frozen=True)
class RenderedOutput:
    school: School
    output: str
    title: str
    sections: tuple[RenderedSection, ...]
    language: str = "en"  # a code of `languages:` for a translation (pages/translate.py); "en": the canonical text


def output_folder(slug: str, language: str) -> str:
    """A school's outputs' folder in site/: its English ones, or a translation's beside them."""
    return f"{slug}/{POLICY_DIR}/" if language == "en" else f"{slug}/{POLICY_DIR}/{language}/"
