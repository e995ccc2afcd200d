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

import functools
import html
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination

from ..errors import Finding, Location, error
from .chars import BLANK, describe, first_refused, hint

SCHEMES = ("https", "mailto", "tel")
LINK_HINT = "Links must be full addresses starting with https://, mailto: or tel:, with no spaces or quotes."
# Characters RFC 3986 never allows unencoded, and quotes (they would end an attribute).
# Parentheses and [ ] are legal in addresses (some sites use them in queries): the renderer escapes them.
_NOT_IN_URL = re.compile(r"[\s\"'<>\\^`{|}]")
_HOST = re.compile(r"[\w-]+(\.[\w-]+)+(/|$)")
_FILE = re.compile(r"[^/]*\.(md|markdown|html?|pdf|txt|docx?|png|jpe?g|gif|svg|ya?ml)$", re.IGNORECASE)
_TEL = re.compile(r"(?=.*[0-9])\+?[0-9(][0-9().-]*")
# mkdocs-material builds a link's tooltip from its title as HTML: `<` could open a tag there.
TITLE_MARKUP = re.compile(r"<")

# The renderer's parser (markup.MARKDOWN: CommonMark and tables), but with HTML read as HTML
# so it can be reported: a rule on in one and off in the other is a way round the check
# (a table cell can make a link of what a paragraph reads as code).
_SCANNER = MarkdownIt("commonmark", {"html": True}).enable("table")
# markdown-it-py's documented way to change these is to set them on the instance; its types say method.
_SCANNER.validateLink = lambda url: True  # type: ignore[method-assign]
_SCANNER.normalizeLink = lambda url: url  # type: ignore[method-assign]


@functools.lru_cache(maxsize=32)
def _tokens(markdown: str) -> tuple:
    """Parsed once for the checks of a value (suspects, then has_visible_text); read only."""
    return tuple(_SCANNER.parse(markdown))


def link_problem(value: str) -> str | None:
    """Why `value` cannot be a link on a page, in a few words; None when it can."""
    bad = first_refused(value) or _NOT_IN_URL.search(value)
    if bad:
        return "it contains a space" if bad[0] == " " else f"it contains {_shown(bad[0])}"
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", value)
    if not scheme and _HOST.match(value) and not _FILE.match(value):  # www.oak.sch.uk, as an office types it
        return f"it does not start with https:// (write https://{value})"
    if not scheme:
        return (
            "a link within the site or to a file cannot be checked here; write the full address, starting with https://"
        )
    name, rest = scheme[1].lower(), value[scheme.end() :]
    if name == "http":
        return "it starts with http://, which is not secure: use https://"
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
    if not value[len(parts.scheme) :].startswith("://") or not parts.hostname:
        return "there is no host name after `https://`"
    if "@" in parts.netloc:
        return "it has a name and `@` before the host, which hides where the link goes"
    return None


def _shown(char: str) -> str:
    return f"`{char}`" if char.isprintable() else describe(char)


def markdown_problems(markdown: str, where, path: tuple, field_name: str) -> list[Finding]:
    """School Markdown is shown to parents: raw HTML, an image or a link that leaves for an
    unchecked place could hide, fetch or run anything (the module's docstring says why).

    markdown-it decides what is HTML or a link (so `<b>` in a code span is fine); each is then
    found in the source, since a folded or quoted value's lines are not the file's lines."""
    findings: list[Finding] = []
    after = None
    for kind, needle, reason in suspects(markdown):
        if kind == "closing-tag" and findings:
            continue  # its opening tag is reported already
        find = getattr(where, "find", None)  # plain where() callables cannot search
        spot = find(path, needle, after) if find else None
        after = spot or after  # not written as such: at the value, and the next is looked for from here
        findings.append(_markdown_finding(kind, needle, reason, spot or where(path), field_name))
    return findings


def _markdown_finding(kind: str, needle: str, reason: str, at: Location, field_name: str) -> Finding:
    shown = needle if len(needle) <= 40 else needle[:37] + "..."
    if kind == "link":
        return error(at, f"a link in `{field_name}` is not allowed: `{shown}`: {reason}", LINK_HINT)
    if kind == "image":
        return error(
            at,
            f"images are not supported in policy text (`{field_name}`)",
            "Delete the image. To show parents a picture or a document, link to it: [what it shows](https://...).",
        )
    if kind == "character":
        return error(
            at, f"a character reference in `{field_name}` writes {describe(reason)}, which is not allowed", hint(reason)
        )
    return error(
        at,
        f"HTML is not allowed in a school's Markdown: `{shown}`",
        "Use plain Markdown: **bold**, - lists, [link text](https://...).",
    )


def suspects(markdown: str) -> Iterator[tuple[str, str, str]]:
    """(kind, text as written or parsed, reason) for each thing school Markdown may not hold:
    "tag", "closing-tag", "image", "link" (reason: why), "character" (reason: the character a
    character reference such as `&#x202e;` writes)."""
    written = references = None  # where links and references are written: looked up once, if needed
    for token in _tokens(markdown):
        for item in [token, *(token.children or [])]:
            if item.type in ("html_block", "html_inline") and item.content.strip():
                tag = item.content.strip().splitlines()[0]
                yield ("closing-tag" if tag.startswith("</") else "tag"), tag, ""
            elif item.type == "image":
                yield "image", "![", ""
            elif item.type == "link_open":
                target = str(item.attrGet("href") or "")
                problem = link_problem(target) if target else "the link has no address"
                if not problem and TITLE_MARKUP.search(str(item.attrGet("title") or "")):
                    problem = "its title (the text in quotes) holds `<`; write the title as plain words"
                if problem:
                    written = _written_targets(markdown) if written is None else written
                    yield "link", target if target in markdown else written.get(target, target), problem
            decoded = item.content if item.type == "text" else str(item.attrGet("title") or "")
            # `&#x202e;` is plain text in the source, and a bidi override on the page.
            bad = first_refused(decoded, multiline=True)
            if bad:
                references = _references(markdown) if references is None else references
                yield "character", references.get(bad[0], "&"), bad[0]


def link_targets(markdown: str) -> Iterator[tuple[int, str]]:
    """(line within the text, target) of every link and image, as the renderer's parser
    reads them (canonical content's links, checked where they are written: render.py)."""
    for block in _tokens(markdown):
        for item in block.children or []:
            target = item.attrGet("href") if item.type == "link_open" else None
            target = item.attrGet("src") if item.type == "image" else target
            if target is not None:
                yield (block.map[0] if block.map else 0), str(target)


def has_visible_text(markdown: str) -> bool:
    """Whether the Markdown shows a reader any text: `" "`, `&nbsp;` or `---` do not."""
    for token in _tokens(markdown):
        for item in token.children or []:
            if item.type in ("text", "code_inline") and item.content.strip(BLANK):
                return True
        if token.type in ("code_block", "fence") and token.content.strip(BLANK):
            return True
    return False


def _written_targets(markdown: str) -> dict[str, str]:
    """Each link target as markdown-it decodes it -> as the source writes it
    (`javascript:` -> `jav&#x61;script:`), found in one pass so messages point at it."""
    written: dict[str, str] = {}
    for start in re.finditer(r"\]\(\s*|^ {0,3}\[[^\]]*\]:\s*", markdown, re.MULTILINE):
        found = parseLinkDestination(markdown, start.end(), len(markdown))
        if found.ok:
            written.setdefault(found.str, markdown[start.end() : found.pos])
    return written


def _references(markdown: str) -> dict[str, str]:
    """Each character a `&#x202e;`-style reference writes -> the first reference for it."""
    found: dict[str, str] = {}
    for reference in set(re.findall(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);", markdown)):
        char = html.unescape(reference)
        if len(char) == 1 and (char not in found or markdown.index(reference) < markdown.index(found[char])):
            found[char] = reference
    return found
