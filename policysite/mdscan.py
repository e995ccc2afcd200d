"""What a school's text may hold: which links, and what its Markdown may not contain.

A school writes links in two places: URL fields (`website`, `linked_policies[].url`) and
the Markdown of its sections. Both lead parents off the site, so both must be a full
address we can name the destination of: `https://host/...`, `mailto:` or `tel:`. A
relative link (`contact.md`, `/path`, `//host`, `#part`) would point into the site's own
folders, whose names the school does not control, and mkdocs would report a broken one
with no file or line. Images are refused altogether: a picture from another site is a
request from every parent's browser, and one from the build machine's disk or network
is worse; policy text has no need for them.

Markdown is read by markdown-it, the renderer's own parser, so what is checked is what is
published: entities are decoded (`jav&#x61;script:` is `javascript:`), reference links
are resolved. The scanner keeps every link (validateLink would quietly drop a
javascript: link the check should report) and leaves targets as parsed.
"""

from __future__ import annotations

import html
import re
from typing import Iterator
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

from .chars import describe, first_refused

SCHEMES = ("https", "mailto", "tel")
LINK_HINT = "Links must be full addresses starting with https://, mailto: or tel:, with no spaces or quotes."
# Characters RFC 3986 never allows unencoded, and quotes (they would end an attribute).
# Parentheses and [ ] are legal in addresses (some sites use them in queries): the renderer escapes them.
_NOT_IN_URL = re.compile(r"[\s\"'<>\\^`{|}]")
_TEL = re.compile(r"\+?[0-9][0-9().-]*")

_SCANNER = MarkdownIt("commonmark", {"html": True})
_SCANNER.validateLink = lambda url: True
_SCANNER.normalizeLink = lambda url: url


def link_problem(value: str) -> str | None:
    """Why `value` cannot be a link on a page, in a few words; None when it can."""
    bad = first_refused(value) or _NOT_IN_URL.search(value)
    if bad:
        return "it contains a space" if bad[0] == " " else f"it contains {_shown(bad[0])}"
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", value)
    if not scheme:
        return ("a link within the site or to a file cannot be checked here; "
                "write the full address, starting with https://")
    name, rest = scheme[1].lower(), value[scheme.end():]
    if name not in SCHEMES:
        return f"`{scheme[1]}:` links are not allowed"
    if name == "mailto":
        return None if rest and "@" in rest else "there is no email address after `mailto:`"
    if name == "tel":
        return None if _TEL.fullmatch(rest) else "a tel: link holds only a phone number: digits, +, -, . and ( )"
    return _https_problem(value)


def _https_problem(value: str) -> str | None:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number up to 65535
    except ValueError:
        return "it is not a well-formed address"
    if not value[len(parts.scheme):].startswith("://") or not parts.hostname:
        return "there is no host name after `https://`"
    if "@" in parts.netloc:
        return "it has a name and `@` before the host, which hides where the link goes"
    return None


def _shown(char: str) -> str:
    return f"`{char}`" if char.isprintable() else describe(char)


def suspects(markdown: str) -> Iterator[tuple[str, str, str]]:
    """(kind, text as written or parsed, reason) for each thing school Markdown may not hold:
    "tag", "closing-tag", "image", "link" (reason: why), "character" (reason: the character a
    character reference such as `&#x202e;` writes)."""
    for token in _SCANNER.parse(markdown):
        for item in [token, *(token.children or [])]:
            if item.type in ("html_block", "html_inline") and item.content.strip():
                tag = item.content.strip().splitlines()[0]
                yield ("closing-tag" if tag.startswith("</") else "tag"), tag, ""
            elif item.type == "image":
                yield "image", "![", ""
            elif item.type == "link_open":
                target = str(item.attrGet("href") or "")
                problem = link_problem(target) if target else "the link has no address"
                if problem:
                    yield "link", target, problem
            decoded = item.content if item.type == "text" else str(item.attrGet("title") or "")
            # `&#x202e;` is plain text in the source, and a bidi override on the page.
            bad = first_refused(decoded, multiline=True)
            if bad:
                yield "character", _reference_for(markdown, bad[0]), bad[0]


def _reference_for(markdown: str, char: str) -> str:
    """The first `&#x202e;`-style reference written in `markdown` that stands for `char`."""
    for reference in re.findall(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);", markdown):
        if html.unescape(reference) == char:
            return reference
    return "&"
