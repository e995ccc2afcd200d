"""The one Markdown renderer, and the sanitiser every piece of published HTML passes.

Every page body, on the web and in the PDFs, is rendered here by markdown-it-py; mkdocs
only wraps it in the theme (mkdocs_run.py hands it the HTML). What the input checks in
fields.py read is therefore exactly what is published: there is no second renderer whose
differences could let HTML through.

Two walls. The first is the input check (fields.py refuses HTML, script links and images
in school Markdown, with a located error). The second is here: markdown-it renders with
raw HTML off, then nh3 (the Rust ammonia sanitiser) keeps only the tags and attributes
the canonical documents need. School text can never carry an event handler, a style, a
class, or an id that a contract section could be confused with: the ids this module
gives subheadings always hold a `--`, which a section id (load.SECTION_RE) never does.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..inputs.mdscan import SCHEMES as LINK_SCHEMES
from . import fallback
from .frontmatter import Page  # noqa: F401  # markup.Page: every module that makes a page names it here

MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
PERMALINK_TITLE = "Link to this section"

# What Markdown text may become: markdown-it's output for the Markdown we accept, less
# images (refused at input: nothing is fetched for a page or a PDF) and raw HTML.
TEXT_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "strong",
        "em",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
TEXT_ATTRIBUTES = {"a": {"href", "title", "class"}, "ol": {"start"}, **{f"h{n}": {"id"} for n in range(3, 7)}}
for _tag in fallback.TAGS & TEXT_TAGS:  # a block shown in English in a translation (fallback.py)
    TEXT_ATTRIBUTES[_tag] = TEXT_ATTRIBUTES.get(_tag, set()) | set(fallback.ATTRIBUTES)
# The page around the text: our own templates' parts (letterhead, reply slip...), whose
# school values Jinja has already escaped. Sanitised again so a mistake there can't
# publish script either.
PAGE_TAGS = TEXT_TAGS | {"h1", "h2", "header", "section", "div", "span", "dl", "dt", "dd", "time", "img"}
PAGE_TAGS |= {"svg", "path", "title"}  # the letter's QR code (online.py): its drawing and its label
# An image is a logo the build publishes (model.Image), at a path relative to the page, and
# nothing else: no other file, no address (a page or a PDF fetches nothing), no srcset.
# loading="lazy": the home page lists every school's logo (pages/home.py), and a phone
# should fetch only those it shows.
IMG_ATTRIBUTES = frozenset({"src", "alt", "width", "height", "class", "loading"})
LOGO_SRC = re.compile(r"(\.\./)*assets/logos/[0-9a-f]{16}\.(svg|png)")
PAGE_ATTRIBUTES = {
    **TEXT_ATTRIBUTES,
    "*": {"id", "class", "aria-hidden", "aria-labelledby"},
    "time": {"datetime"},
    "img": set(IMG_ATTRIBUTES),
    # mkdocs-material's search leaves these out of its index (and of the page it writes): a
    # box that repeats the page's own text (paper.py's "Worried about a post?").
    "section": {"data-search-exclude"},
    "h2": {"data-search-exclude", "lang", "dir"},
    "h1": {"lang", "dir"},
    # The letter's QR code (online.py), and no other drawing: _page_attribute keeps these
    # attributes (and `class`) only in the form segno writes them (_SVG_VALUES).
    "svg": {"viewBox", "role"},
    "path": {"stroke", "d"},
}
# The QR code's drawing: a viewBox in whole modules, black strokes, a path of moves and lines.
_SVG_VALUES = {
    "viewBox": re.compile(r"0 0 [0-9]{1,4} [0-9]{1,4}"),
    "role": re.compile(r"img"),
    "class": re.compile(r"ps-qr"),
    "stroke": re.compile(r"#000"),
    "d": re.compile(r"[MmHhVv0-9 .-]*"),
}
SCHEMES = frozenset(LINK_SCHEMES)  # the links school text may hold (mdscan.py), and no others
SUBHEADING_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*--[a-z0-9]+(?:-[a-z0-9]+)*")
# A browser reads `//host`, `/\host` and `\\host` as another site, and `/x` leaves a site
# published under a sub-path; only relative paths and #fragments stay on this site.
_LEAVES_SITE = re.compile(r"^[\s\x00-\x1f]*[/\\]")


@dataclass(frozen=True)
class Heading:
    """An entry of a page's table of contents; `title` is HTML-escaped text."""

    level: int
    id: str
    title: str
    children: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class Html:
    """A rendered body and the headings it holds, in order."""

    html: str
    headings: tuple[Heading, ...]  # flat, in document order; `toc` nests them


# Most sections read the same in every school (the canonical text, or with only values
# that many schools share): at 1,000 schools one in five is new. Rendering each once cut
# the time to render the pages' bodies at 1,000 schools from 6.4 s to 1.9 s.
@functools.lru_cache(maxsize=8192)
def text_html(markdown: str, section_id: str) -> Html:
    """A section's body: headings become h3 or below, with ids under the section's own."""
    tokens = MARKDOWN.parse(markdown)
    fallback.mark_blocks(tokens)
    headings = _name_headings(tokens, lambda slug: f"{section_id}--{slug}", lowest=3)
    rendered = MARKDOWN.renderer.render(tokens, MARKDOWN.options, {})
    return Html(clean_text(fallback.strip_marks(rendered)), headings)


def page_html(markdown: str) -> Html:
    """A whole page of the site's own (home, federation report), sanitised as page HTML."""
    tokens = MARKDOWN.parse(markdown)
    headings = _name_headings(tokens, lambda slug: slug, lowest=1)
    return Html(clean_page(MARKDOWN.renderer.render(tokens, MARKDOWN.options, {})), headings)


@functools.lru_cache(maxsize=8192)
def inline_html(markdown: str) -> str:
    """A one-line title: inline Markdown only. Marked English (for `heading`) only when its
    source is: a value's mark, an entity in the source, is a character once rendered."""
    shown = fallback.strip_marks(clean_text(MARKDOWN.renderInline(markdown)))
    return fallback.FALLBACK_OPEN + shown + fallback.FALLBACK_CLOSE if fallback.is_english(markdown) else shown


def heading(level: int, id_: str, inner_html: str) -> str:
    """A heading with its permalink, as the site's theme expects it; marked English when
    its title is (fallback.py)."""
    english, inner_html = fallback.heading_attributes(inner_html)
    return f'<h{level} id="{id_}"{english}>{inner_html}{permalink(id_)}</h{level}>'


def permalink(id_: str) -> str:
    """The ¶ link after a heading, which the theme shows on hover."""
    return f'<a class="headerlink" href="#{id_}" title="{PERMALINK_TITLE}">&para;</a>'


def clean_text(fragment: str) -> str:
    """HTML made from Markdown text: the text allow-list."""
    return _clean(fragment, TEXT_TAGS, TEXT_ATTRIBUTES, _text_attribute)


def clean_page(fragment: str) -> str:
    """Our templates' own parts of a page: the wider page allow-list. An image whose
    address was dropped goes too: it would show a broken image, or its alt text as if it were text."""
    cleaned = _clean(fragment, PAGE_TAGS, PAGE_ATTRIBUTES, _page_attribute)
    return _IMG_TAG.sub(_drop_img_without_src, cleaned) if "<img" in cleaned else cleaned


def _clean(fragment: str, tags: frozenset[str], attributes: dict, attribute_filter) -> str:
    return nh3.clean(
        fragment,
        tags=set(tags),
        attributes={tag: set(names) for tag, names in attributes.items()},
        url_schemes=set(SCHEMES),
        attribute_filter=attribute_filter,
        link_rel=None,
        clean_content_tags={"script", "style"},
    )


def toc(headings: tuple[Heading, ...]) -> tuple[Heading, ...]:
    """Nest a flat list of headings by level, as mkdocs' table of contents does."""
    root: list = []
    stack: list[tuple[int, list]] = [(0, root)]
    for item in headings:
        while stack[-1][0] >= item.level:
            stack.pop()
        children: list = []
        stack[-1][1].append((item, children))
        stack.append((item.level, children))
    return tuple(_freeze(entry) for entry in root)


def plain_text(fragment: str) -> str:
    """The visible text of an HTML fragment, entities decoded, fallback marks dropped."""
    return fallback.strip_marks(html.unescape(re.sub(r"<[^>]+>", "", fragment)))


def slugify(text: str) -> str:
    """An id from heading text: ASCII letters and digits joined by single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text)) or "section"


def _name_headings(tokens: list, make_id, lowest: int) -> tuple[Heading, ...]:
    """Give every heading an id (unique within the page) and a permalink; clamp levels so
    school text can't open a section of the page's own outline."""
    headings, seen = [], set()
    for index, token in enumerate(tokens):
        if token.type not in ("heading_open", "heading_close"):
            continue
        token.tag = f"h{max(int(token.tag[1]), lowest)}"
        if token.type == "heading_close":
            continue
        inline = tokens[index + 1]
        text = plain_text(
            MARKDOWN.renderer.renderInline(  # type: ignore[attr-defined]  # RendererHTML's, not in the protocol
                inline.children or [], MARKDOWN.options, {}
            )
        )
        base = make_id(slugify(text))
        id_, n = base, 1
        while id_ in seen:
            n += 1
            id_ = f"{base}-{n}"
        seen.add(id_)
        token.attrSet("id", id_)
        inline.children = (inline.children or []) + [_permalink(id_)]
        headings.append(Heading(int(token.tag[1]), id_, html.escape(text, quote=False)))
    return tuple(headings)


def _permalink(id_: str) -> Token:
    """The ¶ link after a heading, as a raw token: markdown-it prints it as it is, and the
    sanitiser then checks it like everything else."""
    link = Token("html_inline", "", 0)
    link.content = permalink(id_)
    return link


def _text_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("lang", "dir") or (attribute == "class" and tag != "a"):
        return fallback.attribute(tag, attribute, value)
    if attribute == "id":
        return value if SUBHEADING_ID.fullmatch(value) else None
    return _page_attribute(tag, attribute, value)


def _page_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("lang", "dir"):
        return fallback.attribute(tag, attribute, value)
    if tag == "img":
        return _img_attribute(attribute, value)
    if tag in ("svg", "path"):
        pattern = _SVG_VALUES.get(attribute)
        return value if pattern and pattern.fullmatch(value) else None
    if attribute == "href" and _LEAVES_SITE.match(value):
        return None
    if attribute == "title" and "<" in value:
        # mkdocs-material's tooltips (content.tooltips) put a title into the page as HTML:
        # [x](https://a "<img src=x onerror=...>") would run on hover.
        return None
    if attribute == "class" and tag == "a" and value != "headerlink":
        return None
    return value


def _img_attribute(attribute: str, value: str) -> str | None:
    """Only a logo's own address and plain sizes; not the `*` attributes other tags may have."""
    if attribute not in IMG_ATTRIBUTES:
        return None
    if attribute == "src":
        return value if LOGO_SRC.fullmatch(value) else None
    if attribute in ("width", "height"):
        return value if value.isascii() and value.isdigit() else None
    if attribute == "loading":
        return value if value == "lazy" else None
    return value


# nh3 writes every attribute as name="value", with any " inside escaped: this reads its
# output, never raw HTML.
_IMG_TAG = re.compile(r'<img((?:\s+[\w-]+="[^"]*")*)\s*/?>')


def _drop_img_without_src(match: re.Match) -> str:
    return match[0] if re.search(r'(?:^|\s)src="', match[1]) else ""


def _freeze(entry) -> Heading:
    item, children = entry
    return Heading(item.level, item.id, item.title, tuple(_freeze(child) for child in children))
