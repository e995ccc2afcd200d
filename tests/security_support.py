"""The security tests' auditor (issue 10): it parses built HTML the way a browser would
read it for script.

The auditor is strict on purpose: it flags anything a browser could run or fetch
(event-handler attributes, script URLs, <script> the theme did not write, comments or
CDATA that browsers and Python's parser might end in different places) and anything in
a page body outside the sanitiser's allow-list (markup.PAGE_TAGS / PAGE_ATTRIBUTES).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from policysite.pages.markup import PAGE_ATTRIBUTES, PAGE_TAGS, SUBHEADING_ID

SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
# Attributes a browser reads as a URL (to follow, fetch or submit to).
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "poster",
        "background",
        "data",
        "codebase",
        "cite",
        "ping",
        "srcset",
        "lowsrc",
        "dynsrc",
        "icon",
        "manifest",
    }
)
SAFE_SCHEMES = frozenset({"https", "mailto", "tel"})
# The one image a page body may show: a logo the build publishes, at a path relative to the
# page, with these attributes only, and loading="lazy" (written out here, not taken from
# markup.py: the auditor checks the sanitiser against the rule, not against itself).
LOGO_SRC = re.compile(r"(\.\./)*assets/logos/[0-9a-f]{16}\.(svg|png)")
# The same logo in a PDF's HTML: one address in every folder (paper.PDF_LOGOS: WeasyPrint
# names a PNG by its address), which the PDF's fetcher serves from its table.
PDF_LOGO_SRC = re.compile(r"file:///policysite/assets/logos/[0-9a-f]{16}\.(svg|png)")
IMG_ATTRIBUTES = frozenset({"src", "alt", "width", "height", "class", "loading"})
# What mkdocs-material's search keeps as HTML in an index entry (material/plugins/search):
# its UI inserts `title` and `text` as HTML, so nothing else may be in them.
INDEX_TAGS = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})


def script_scheme(url: str) -> str | None:
    """The script scheme a browser would see in `url`, if any: it drops leading C0 controls
    and spaces, and tabs and line breaks anywhere, before reading the scheme."""
    cleaned = re.sub(r"[\t\n\r]", "", url).lstrip("".join(map(chr, range(0x21)))).lower()
    return next((scheme for scheme in SCRIPT_SCHEMES if cleaned.startswith(scheme)), None)


def leaves_or_scripts(url: str) -> bool:
    """Whether a link in a page body is anything but https:, mailto:, tel:, or a relative
    path of this site (`//host` and `/\\host` are other sites to a browser)."""
    cleaned = re.sub(r"[\t\n\r]", "", url).lstrip("".join(map(chr, range(0x21))))
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", cleaned)
    if scheme:
        return scheme[1].lower() not in SAFE_SCHEMES
    return cleaned[:1] in ("/", "\\")


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str | None]]
    in_body: bool  # inside the page body the sanitiser made
    in_theme: bool  # the theme's toolbar inside the article


@dataclass
class Parsed:
    elements: list[Element] = field(default_factory=list)
    scripts: list[tuple[str | None, str]] = field(default_factory=list)  # (src, inline text)
    comments: list[str] = field(default_factory=list)
    body_comments: list[str] = field(default_factory=list)
    declarations: list[str] = field(default_factory=list)  # anything but the doctype
    found_body: bool = False

    def ids(self, body_only: bool = False) -> list[str]:
        return self.values("id", body_only)

    def values(self, attribute: str, body_only: bool = False) -> list[str]:
        return [
            value
            for element in self.elements
            if element.in_body or not body_only
            for name, value in element.attrs
            if name == attribute and value is not None
        ]


_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"}
)


class _Auditor(HTMLParser):
    """Elements with their attributes (entities decoded, as a browser decodes them), and
    whether each sits in the page body: the element `is_body` picks, less the theme's
    toolbar (div.ps-toolbar) inside it."""

    def __init__(self, is_body):
        super().__init__(convert_charrefs=True)
        self.is_body, self.out = is_body, Parsed()
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, in body, in theme toolbar)
        self.script: list | None = None

    def handle_starttag(self, tag, attrs):
        in_body, in_theme = self.stack[-1][1:] if self.stack else (False, False)
        classes = (dict(attrs).get("class") or "").split()
        if self.is_body(tag, classes):
            in_body, self.out.found_body = True, True
            self.out.elements.append(Element(tag, attrs, False, False))  # the wrapper is the theme's
        else:
            in_theme = in_theme or (in_body and tag == "div" and "ps-toolbar" in classes)
            self.out.elements.append(Element(tag, attrs, in_body and not in_theme, in_theme))
        if tag == "script":
            self.script = [dict(attrs).get("src"), ""]
        if tag not in _VOID:
            self.stack.append((tag, in_body, in_theme))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            self.out.scripts.append((self.script[0], self.script[1]))
            self.script = None
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if self.script is not None:
            self.script[1] += data

    def handle_comment(self, data):
        self.out.comments.append(data)
        if self.stack and self.stack[-1][1]:
            self.out.body_comments.append(data)

    def handle_decl(self, decl):
        if decl.lower() != "doctype html":
            self.out.declarations.append(decl)

    def unknown_decl(self, data):
        self.out.declarations.append(data)

    def handle_pi(self, data):
        self.out.declarations.append(data)


def site_article(tag: str, classes: list[str]) -> bool:
    """mkdocs-material's <article class="md-content__inner ..."> around page.content."""
    return tag == "article" and "md-content__inner" in classes


def paper_article(tag: str, classes: list[str]) -> bool:
    """templates/print/document.html's <article class="ps-paper"> around the PDF's body."""
    return tag == "article" and "ps-paper" in classes


def parse(html: str, is_body=site_article) -> Parsed:
    auditor = _Auditor(is_body)
    auditor.feed(html)
    auditor.close()
    return auditor.out


def html_problems(
    html: str,
    is_body=site_article,
    *,
    allowed_ids: frozenset[str] = frozenset(),
    allowed_hrefs: frozenset[str] = frozenset(),
    required_ids: tuple[str, ...] = (),
    scripts: list | None = None,
) -> list[str]:
    """Everything in a page a browser could run, or a body could hold beyond the allow-list.

    `allowed_ids`: the ids the templates put in the body (a school's subheadings may add
    ids in SUBHEADING_ID's form only); `allowed_hrefs`: links a template (not content) puts
    in a body, such as the 404 page's link home, which is below the site's path ("/.")
    wherever the page is served; `required_ids`: each must be in the page exactly
    once; `scripts`: the page's (src, inline text) must be exactly these (the theme's)."""
    page = parse(html, is_body)
    problems = [
        f"{element.tag}[{name}]: an event handler"
        for element in page.elements
        for name, _ in element.attrs
        if name.lower().startswith("on")
    ]
    problems += [
        f"{element.tag}[{name}={value!r}]: a script URL"
        for element in page.elements
        for name, value in element.attrs
        if name.lower() in URL_ATTRIBUTES and value and _any_script_url(name, value)
    ]
    # mkdocs-material's tooltips (content.tooltips) insert a title as HTML, decoded.
    problems += [
        f"{element.tag}[title={value!r}]: the theme's tooltip would make it markup"
        for element in page.elements
        for name, value in element.attrs
        if name == "title" and "<" in (value or "")
    ]
    problems += [
        f"{element.tag}[style] in the article"
        for element in page.elements
        if (element.in_body or element.in_theme) and any(name == "style" for name, _ in element.attrs)
    ]
    problems += [
        f"meta refresh {dict(e.attrs)}"
        for e in page.elements
        if e.tag == "meta" and (dict(e.attrs).get("http-equiv") or "").lower() == "refresh"
    ]
    problems += [f"a comment that browsers may end elsewhere: {c!r}" for c in page.comments if re.search("[<>]", c)]
    problems += [f"a declaration: {d!r}" for d in page.declarations]
    logo_src = PDF_LOGO_SRC if is_body is paper_article else LOGO_SRC
    problems += _body_problems(page, allowed_ids, allowed_hrefs, logo_src)
    ids = page.ids()
    problems += [f"id {i!r} appears {ids.count(i)} times" for i in sorted(set(ids)) if ids.count(i) > 1]
    problems += [f"required id {i!r} appears {ids.count(i)} times, not once" for i in required_ids if ids.count(i) != 1]
    if scripts is not None and page.scripts != scripts:
        problems.append(f"scripts differ from the theme's: {page.scripts!r}")
    if not page.found_body:
        problems.append("no page body found")
    return problems


def _any_script_url(name: str, value: str) -> bool:
    candidates = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
    return any(script_scheme(candidate) for candidate in candidates)


def _body_problems(
    page: Parsed, allowed_ids: frozenset[str], allowed_hrefs: frozenset[str], logo_src: re.Pattern
) -> list[str]:
    problems = []
    for element in page.elements:
        if not element.in_body:
            continue
        if element.tag not in PAGE_TAGS:
            problems.append(f"<{element.tag}> in the body: not in markup.PAGE_TAGS")
        allowed = (
            IMG_ATTRIBUTES if element.tag == "img" else PAGE_ATTRIBUTES.get(element.tag, set()) | PAGE_ATTRIBUTES["*"]
        )
        allowed = {name.lower() for name in allowed}  # as the parser reads them: the QR's svg has a viewBox
        if element.tag == "img" and not any(
            name == "src" and logo_src.fullmatch(value or "") for name, value in element.attrs
        ):
            problems.append(f"<img {element.attrs!r}> in the body: not a logo the build publishes")
        if element.tag == "img" and any(name == "loading" and value != "lazy" for name, value in element.attrs):
            problems.append(f"<img {element.attrs!r}> in the body: loading is only ever lazy")
        for name, value in element.attrs:
            if name not in allowed:
                problems.append(f"{element.tag}[{name}={value!r}] in the body: attribute not allowed")
            if name == "href" and value is not None and value not in allowed_hrefs and leaves_or_scripts(value):
                problems.append(f"{element.tag}[href={value!r}] in the body: not https/mailto/tel or this site")
            if name == "id" and value not in allowed_ids and not SUBHEADING_ID.fullmatch(value or ""):
                problems.append(f"{element.tag}[id={value!r}] in the body: not an id the template placed")
    problems += [f"a comment in the body: {text!r}" for text in page.body_comments]
    return problems


def index_problems(index: dict) -> list[str]:
    """mkdocs-material's search UI inserts each entry's title and text as HTML: parse them
    as a browser would and allow only the tags its indexer itself keeps, bare."""
    problems = []
    for entry in index["docs"]:
        if script_scheme(entry["location"]) or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|//", entry["location"]):
            problems.append(f"location {entry['location']!r}")
        for key in ("title", "text"):
            fragment = parse(f"<article class='md-content__inner'>{entry[key]}</article>")
            for element in fragment.elements[1:]:
                if element.tag not in INDEX_TAGS or element.attrs:
                    problems.append(f"{entry['location']} {key}: live <{element.tag} {element.attrs}>")
            problems += [
                f"{entry['location']} {key}: {kind}"
                for kind, found in (
                    ("script", fragment.scripts),
                    ("comment", fragment.comments),
                    ("declaration", fragment.declarations),
                )
                if found
            ]
    return problems
