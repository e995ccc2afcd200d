"""The letter points back to the web: the policy page's full address and a QR code of it.

With `site_url` in mkdocs.yml (output/sitemap.py), the letter (its web page and its PDF)
ends, above the sign-off, with the address of the school's policy page and a QR code that
opens it (templates/print/web.html). Without it there is no address to print, and neither
is shown.

The address is built here from the checked site address and the school's slug only, and
checked again before it is used: it goes into an href, into text and into the QR code.
The QR code is drawn by segno as an inline SVG: paths of the code's dark modules and a
<title> naming the address (a screen reader's label on the page, the PDF's tagged figure's
/Alt), vector on screen and in the PDF, and no file to fetch. It passes the page
sanitiser like every other frame block (markup.py keeps an svg only in this form).

Drawing a code costs segno about 7 ms (its choice of mask), and every page's body is made
on every build for the rebuild keys (output/incremental.py). So the body holds QR_SLOT
where the code goes, and `draw_qr` puts the drawing in only as a page or PDF is written
(paper.Paper.drawn): a rebuild with nothing changed draws no code. The slot carries no
address: the drawing is of the address made from the site's address and the school's
slug, the one the block's link shows (so the keys change with it), and school text can't
make a slot (sanitised, it holds no <svg>); segno's version is in the keys' toolchain.

On paper every link shows its address after its text (paper.css, @media print); a link
whose text already is its address (the letterhead's website, an autolink, this address)
is marked `ps-url` here, so it does not print it twice.
"""

from __future__ import annotations

import functools
import html
import re
from urllib.parse import quote

import segno

from ..model import OUTPUT_URLS, output_folder
from .markup import clean_page

# What a printed and encoded address may hold: http(s), a host (name, IPv4 or [IPv6]) and
# port, and a path of plain characters ending in /. sitemap.check_site_url refuses any
# other `site_url`; checked again here, because the address is printed into an attribute.
ADDRESS = re.compile(r"https?://[A-Za-z0-9.:\[\]-]+/(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2}|/)*")
QR_CLASS = "ps-qr"
QR_BORDER = 4  # modules of white around the code: the quiet zone QR readers need (ISO/IEC 18004)
QR_ERROR = "m"  # 15 % of the code may be smudged or folded and it still reads
QR_TITLE = "QR code: {address}"
# Where the code goes until it is drawn: as the sanitiser writes it (the drawing's svg has a
# viewBox and a role first, so it is never this).
QR_SLOT = '<svg class="ps-qr"></svg>'
# An <a> as nh3 writes it (attributes double-quoted, text without tags).
_LINK = re.compile(r'<a href="([^"]*)">([^<]*)</a>')


def policy_address(site_url: str, slug: str) -> str:
    """The full address of the school's policy page: `site_url` (ending in /, as
    sitemap.site_url gives it), the slug's folder and the policy's folder, as mkdocs
    publishes it with use_directory_urls (model.OUTPUT_URLS) and the sitemap lists it."""
    return page_address(site_url, slug, OUTPUT_URLS["policy"])


def page_address(site_url: str, slug: str, page: str, language: str = "en") -> str:
    """The full address of a page of the school's policy in a language: `page` is its address
    in the language's folder ("", "parent-letter/"; model.output_folder)."""
    address = f"{site_url}{output_folder(quote(slug, safe=''), language)}{page}"
    if not ADDRESS.fullmatch(address):
        raise ValueError(f"not an address policysite prints: {address!r}")  # site_url is checked as it is read
    return address


@functools.lru_cache(maxsize=4096)
def qr_svg(address: str) -> str:
    """The QR code of `address` as an inline SVG: a viewBox in modules (the quiet zone
    included), one stroked path, and a <title> with the address. The same address always
    gives the same bytes (segno picks the smallest version and the best mask by the
    standard's rules, with no randomness)."""
    if not ADDRESS.fullmatch(address):
        raise ValueError(f"not an address policysite encodes: {address!r}")
    code = segno.make(address, error=QR_ERROR, micro=False)
    svg = code.svg_inline(
        scale=1,
        border=QR_BORDER,
        omitsize=True,  # a viewBox, sized by the stylesheet
        svgclass=QR_CLASS,
        lineclass=None,
        dark="#000",
        title=QR_TITLE.format(address=address),
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


def draw_qr(body: str, address: str) -> str:
    """`body` (a sanitised page body) with the QR code of `address` drawn in its slots,
    sanitised as every frame block is: the same bytes as had it been drawn in the block."""
    if QR_SLOT not in body:
        return body
    return body.replace(QR_SLOT, clean_page(qr_svg(address)))


def mark_shown_addresses(body: str) -> str:
    """Links whose text is their own address get class `ps-url`: printed, they need not
    repeat it (paper.css). Reads the sanitiser's output, and adds nothing but the class."""
    if "<a " not in body:
        return body
    return _LINK.sub(_mark, body)


def _mark(match: re.Match) -> str:
    href, text = html.unescape(match[1]), html.unescape(match[2])
    if text.strip() != href:
        return match[0]
    return f'<a class="ps-url" href="{match[1]}">{match[2]}</a>'
