"""The site's address (`site_url` in mkdocs.yml) and what it gives: sitemap.xml.

With `site_url`, mkdocs gives every page a canonical link and the 404 page addresses that
work below the site's path (GitHub Pages serves a project's site under /<repo>/). The
sitemap is written here rather than by mkdocs: mkdocs lists only the pages one mkdocs
process rendered, and a build renders each school in one of several processes
(mkdocs_run.py), or not at all when the previous site's pages are reused (incremental.py).
Here every page is listed on every build, from the inputs alone, so a full build and an
incremental one write the same bytes.

Each page's <lastmod> is the newest date the school file and the version history give it
(a version, the approval or publication, and for the letter its date): when the text last changed, as
the school records it. A page with no date of its own takes SOURCE_DATE_EPOCH's day, or
has no <lastmod>; the home page, which changes with any school, takes
SOURCE_DATE_EPOCH's day or the newest school page's. Never the clock.

A school that publishes translations (`languages:`) has each page listed in each language
too, with the same date (the school's dates are the text's; a translation follows it), and
every version of a page names the others (<xhtml:link rel="alternate" hreflang>, the
English one as x-default too), as search engines read them to show a reader the page in
their own language. Only here: the pages' heads don't (templates/mkdocs/main.html says why).
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..errors import Finding, error
from ..inputs.dates import PolicyDate
from ..model import OUTPUT_URLS, OUTPUTS, School, output_folder

KEY = "site_url"
FILES = ("sitemap.xml", "sitemap.xml.gz")  # mkdocs' names; the .gz for crawlers that ask for it
# The site's own pages, below its address: the home page. Not the leads' report
# (emit.DIFFERENCES_PAGE): it asks search engines not to list it.
SITE_PAGES = ("",)
_QUOTE = {'"': "&quot;"}  # escape() leaves quotes, which end an attribute
ENGLISH = "en-GB"  # the English pages' language tag, as mkdocs.yml's theme.language gives <html lang>
# An address a browser and a crawler read the same way, which the theme can print as it is:
# http(s), a host name or IP address in ASCII, a port, and a path of plain characters.
_ADDRESS = re.compile(
    r"(?P<scheme>https?)://"
    r"(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])"
    r"(?::[0-9]{1,5})?"
    r"(?:/(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})*)*"
)
_THIS_COMPUTER = {"localhost", "127.0.0.1", "[::1]"}
NOTE_WITHOUT = (
    "mkdocs.yml has no `site_url`: no sitemap.xml or canonical links, 404.html is styled "
    "only at the root of a web address, and letters print no address or QR code of their "
    "policy page. Set `site_url:` in mkdocs.yml once you know the "
    "site's address (docs/output.md)."
)


def site_url(settings: Mapping[str, Any]) -> str | None:
    """The site's address ending in /, as mkdocs makes it; None when mkdocs.yml has none."""
    value = settings.get(KEY)
    if not isinstance(value, str) or not value:
        return None
    return value if value.endswith("/") else value + "/"


def check_site_url(settings: Mapping[str, Any], where) -> list[Finding]:
    """`site_url` is printed into every page's head as it is written, and names where the
    site lives: a plain http(s) address, https unless it is this computer (for testing)."""
    value = settings.get(KEY)
    if value is None or value == "":
        return []
    match = _ADDRESS.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return [
            error(
                where((KEY,)),
                "mkdocs.yml: `site_url` is not a web address policysite can use",
                "Write the address the site is published at, such as https://policies.example.org/ "
                "or https://example.github.io/policies/: https:// and a host name, then a path of letters, "
                "digits and - . _ ~ (no spaces, quotes, ?query or #fragment).",
            )
        ]
    if match["scheme"] == "http" and match["host"].lower() not in _THIS_COMPUTER:
        return [
            error(
                where((KEY,)),
                "mkdocs.yml: `site_url` starts with http://",
                "Publish the site over https:// and write that address; http:// is only for this "
                "computer (http://localhost:8000/, http://127.0.0.1/) when testing.",
            )
        ]
    return []


def note(settings: Mapping[str, Any]) -> str | None:
    """What the build says once when the site has no address."""
    return None if site_url(settings) else NOTE_WITHOUT


def write_sitemap(site: Path, settings: Mapping[str, Any], schools: tuple[School, ...], epoch: int | None) -> None:
    """site/sitemap.xml and .gz listing every page with its date (above), in place of
    mkdocs' partial ones; without `site_url` there is no address to list, so none.
    `epoch`: SOURCE_DATE_EPOCH, or None."""
    for name in FILES:
        (site / name).unlink(missing_ok=True)
    base = site_url(settings)
    if base is None:
        return
    fallback = dt.datetime.fromtimestamp(epoch, dt.UTC).date() if epoch is not None else None
    pages = [
        (path, _day(date) or fallback, versions)
        for school in schools
        for output, date in page_dates(school).items()
        for path, versions in page_versions(school, output)
    ]
    newest = max((day for _, day, _ in pages if day), default=None)
    entries = [(path, fallback or newest, ()) for path in SITE_PAGES] + pages
    xml = sitemap_xml(base, entries).encode("utf-8")
    (site / FILES[0]).write_bytes(xml)
    (site / FILES[1]).write_bytes(gzip.compress(xml, mtime=0))  # mtime 0: no time in the file


def page_dates(school: School) -> dict[str, PolicyDate | None]:
    """Each output's newest date: the version history's rows, the approval and publication
    for every page; the letter's own date for the letter too."""
    control = school.data["document_control"]
    dates = [row["date"] for row in control.get("versions") or ()]
    dates += [control.get("approved_on"), control.get("published_on")]
    letter = school.data["letter"]["date"]
    return {
        output: max((d for d in (*dates, letter if output == "letter" else None) if d), default=None)
        for output in OUTPUTS
    }


def page_versions(school: School, output: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """Each language's address of a school's page (English first), with every language's
    (hreflang, address) and the English one's as x-default, or none for a school with no
    translations."""
    codes = [("en", ENGLISH), *((code, code) for code in school.data.get("languages") or ())]
    addresses = tuple((tag, output_folder(school.slug, code) + OUTPUT_URLS[output]) for code, tag in codes)
    versions = (*addresses, ("x-default", addresses[0][1])) if len(addresses) > 1 else ()
    return [(path, versions) for _, path in addresses]


def _day(date: PolicyDate | None) -> dt.date | None:
    """A sitemap's day for a policy date: its first day, when a month or a term ('Autumn
    2024') began; its last day may still be to come, and crawlers ignore dates in the future."""
    return date.first_day() if date else None


def sitemap_xml(base: str, entries: list[tuple[str, dt.date | None, tuple[tuple[str, str], ...]]]) -> str:
    """The sitemaps.org 0.9 document: one <url> per (path below `base`, last-changed day,
    its versions in other languages as (hreflang, path), itself included)."""
    namespaces = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    if any(versions for _, _, versions in entries):
        namespaces += ' xmlns:xhtml="http://www.w3.org/1999/xhtml"'
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<urlset {namespaces}>"]
    for path, day, versions in entries:
        lastmod = f"<lastmod>{day.isoformat()}</lastmod>" if day else ""
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{escape(tag, _QUOTE)}" href="{escape(base + other, _QUOTE)}"/>'
            for tag, other in versions
        )
        lines.append(f"  <url><loc>{escape(base + path)}</loc>{lastmod}{links}</url>")
    return "\n".join([*lines, "</urlset>"]) + "\n"
