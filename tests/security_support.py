"""Helpers for the security tests (issue 10): a hostile corpus, school files that carry
it, and an auditor that parses built HTML the way a browser would read it for script.

The auditor is strict on purpose: it flags anything a browser could run or fetch
(event-handler attributes, script URLs, <script> the theme did not write, comments or
CDATA that browsers and Python's parser might end in different places) and anything in
a page body outside the sanitiser's allow-list (markup.PAGE_TAGS / PAGE_ATTRIBUTES).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from policysite.markup import PAGE_ATTRIBUTES, PAGE_TAGS, SUBHEADING_ID

# --- the corpus ---------------------------------------------------------------------

# The two payloads of issue 10, as filed.
ISSUE_URL = "https://a.example/){:onclick=alert(1)}[Help](javascript:alert(document.cookie)"
ISSUE_APPEND = "1. First point\n\n       <img src=x onerror=alert(document.cookie)>"

# From OWASP's XSS filter-evasion cheat sheet and Markdown-specific tricks. Each is tried
# as one-line text (when it is one line), as a section's append and as its replace.
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><script>alert(document.cookie)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="https://a.example" onclick="alert(1)">x</a>',
    "<a href=//evil.example>x</a>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>alert(1);//<</script>",
    '<img """><script>alert(1)</script>">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background-image:url(javascript:alert(1))">x</div>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>x</details>",
    '<object data="javascript:alert(1)"></object>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<!-- --!><img src=x onerror=alert(1)> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x]( javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](//evil.example)",
    "[x](/\\evil.example)",
    "[x](https:javascript:alert(1))",
    "[x](https://good.example@evil.example)",
    "[x](tel:javascript:alert(1))",
    '[x](https://a.example "x\\" onmouseover=\\"alert(1)")',
    "[x](https://a.example 'x\" onmouseover=\"alert(1)')",
    '[x](https://a.example "<script>alert(1)</script>")',
    "[x](https://a.example/)[y](javascript:alert(1))",
    "[x](https://a.example/){:onclick=alert(1)}",
    "{: onclick=alert(1)}",
    "Text {: #overview onclick=\"alert(1)\" }",
    "<javascript:alert(1)>",
    '<https://a.example/"onmouseover="alert(1)>',
    "![x](https://a.example/x.png)",
    "![x](javascript:alert(1))",
    "[![x](https://a.example/x.png)](javascript:alert(1))",
    "\\<script\\>alert(1)\\</script\\>",
    "&lt;img src=x onerror=alert(1)&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "`<script>alert(1)</script>`",
    "***<b onmouseover=alert(1)>x</b>***",
    "**_`<img src=x onerror=alert(1)>`_**",
    "javascript:alert(1)",
    "{{ 7*7 }} {% raw %}{{ config }}{% endraw %} {{ ''.__class__ }}",
    "### Overview {#overview}",
    "## Police and law",
    "# x",
    '<h2 id="police-and-law">Police and law</h2>',
    "1. First point",
    "St Mary's 😀 Ünïcode & Co",  # an emoji once cost a page its front matter (title, template)
    ISSUE_URL,
    # Multi-line: Markdown only.
    ISSUE_APPEND,
    "[x][r]\n\n[r]: javascript:alert(1)",
    '[x][r]\n\n[r]: https://a.example "t\\" onclick=\\"alert(1)"',
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |",
    "| a | b |\n|---|---|\n| &lt;img src=x onerror=alert(1)&gt; | `<script>` |",
    "```html\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "- item\n\n  <img src=x onerror=alert(1)>",
    "> <script>alert(1)</script>",
    "<div>\n\n[x](javascript:alert(1))\n\n</div>",
    "Overview\n========",
    "### &lt;img src=x onerror=alert(1)&gt;",
    "### x\" onmouseover=\"alert(1)",
)

# Values for the link fields (`website`, `linked_policies[].url`).
URL_PAYLOADS = (
    ISSUE_URL,
    "https://a.example/)[Help](https://evil.example/",
    "https://a.example/)",
    "https://a.example/a(b)c",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "//evil.example",
    "/\\evil.example",
    "https://a.example/\"onmouseover=\"alert(1)",
    "https://a.example/'onmouseover='alert(1)",
    "https://a.example/<script>",
    "https://a.example/&quot;onmouseover=&quot;alert(1)",
    "https://a.example/&#41;[x](javascript:alert(1))",
    "https://good.example@evil.example",
    "https:javascript:alert(1)",
    "mailto:a@b.example?body=<script>",
    "mailto:a@b.example)[x](javascript:alert(1)",
    "tel:javascript:alert(1)",
    "tel:+44(0)1234",
    "https://a.example/#{:onclick=alert(1)}",
)

EMAIL_PAYLOADS = ('a@b.example"onmouseover="alert(1)', "a@b.example?body=<script>", "a(b)@c.example")

SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
# Attributes a browser reads as a URL (to follow, fetch or submit to).
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "background",
                            "data", "codebase", "cite", "ping", "srcset", "lowsrc", "dynsrc", "icon", "manifest"})
SAFE_SCHEMES = frozenset({"https", "mailto", "tel"})
# What mkdocs-material's search keeps as HTML in an index entry (material/plugins/search):
# its UI inserts `title` and `text` as HTML, so nothing else may be in them.
INDEX_TAGS = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})


# --- school files --------------------------------------------------------------------

def yaml_value(value) -> str:
    """A scalar as YAML: JSON's double-quoted strings are YAML's, escapes and all."""
    return json.dumps(value, ensure_ascii=False)


def school_yaml(values: dict, indent: str = "") -> str:
    """Block-style YAML for nested dicts and lists of strings, every string quoted."""
    lines = []
    for key, value in values.items():
        if isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines.append(school_yaml(value, indent + "  ").rstrip("\n"))
        elif isinstance(value, list):
            lines.append(f"{indent}{key}:")
            for item in value:
                if isinstance(item, dict):
                    first, *rest = school_yaml(item, indent + "    ").rstrip("\n").splitlines()
                    lines += [f"{indent}  - {first.strip()}", *rest]
                else:
                    lines.append(f"{indent}  - {yaml_value(item)}")
        else:
            lines.append(f"{indent}{key}: {value if isinstance(value, bool) else yaml_value(value)}")
    return "\n".join(lines) + "\n"


POLICY_IDS = ("complaints", "behaviour", "anti_bullying", "acceptable_use", "safeguarding", "online_safety",
              "staff_code_of_conduct", "data_protection", "whistleblowing")
OPTIONS_ON = {name: True for name in ("pupils_in_school", "photographs_of_other_children", "friending_staff",
                                      "questions_before_posting", "report_abuse", "headteacher_meeting",
                                      "defamation_definition", "dfe_cyberbullying_advice")}


def text_school(text: str, url: str = "https://school.example/policies") -> dict:
    """A school whose every one-line text field holds `text`, with every optional section on
    (so every value and section is printed somewhere)."""
    return {
        "name": text, "short_name": text, "federation": text, "headteacher_name": text,
        "headteacher_title": text, "address": [text, text], "phone": text, "email": "office@school.example",
        "website": url, "aims": text, "values": [text, text], "parent_includes": text,
        "platforms": [text, text], "staff_code_applies_to": [text, text],
        "linked_policies": [{"policy": policy, "title": text, "url": url} for policy in POLICY_IDS],
        "document_control": {"title": text, "reference": text, "lead": text, "reviewed_by": text,
                             "approved_by": text, "approved_on": "2025-09-01", "review_on": "2099-09-01",
                             "status": text, "department": text, "issued_to": text,
                             "history": [{"version": text, "date": "2025-09-01", "summary": text, "by": text}]},
        "letter": {"date": "2025-09-01", "signed_by": text, "signer_role": text},
        "options": OPTIONS_ON,
    }


def markdown_school(markdown: str, how: str, section_ids: list[str]) -> dict:
    """A plain school whose every section gets `markdown` as its `how` (append or replace)."""
    school = text_school("Plain School")
    school["sections"] = {section_id: {how: markdown} for section_id in section_ids}
    return school


# --- the auditor ---------------------------------------------------------------------

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
        return [value for element in self.elements if element.in_body or not body_only
                for name, value in element.attrs if name == "id" and value is not None]


_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr", "param"})


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


def html_problems(html: str, is_body=site_article, *, allowed_ids: frozenset[str] = frozenset(),
                  required_ids: tuple[str, ...] = (), scripts: list | None = None) -> list[str]:
    """Everything in a page a browser could run, or a body could hold beyond the allow-list.

    `allowed_ids`: the ids the templates put in the body (a school's subheadings may add
    ids in SUBHEADING_ID's form only); `required_ids`: each must be in the page exactly
    once; `scripts`: the page's (src, inline text) must be exactly these (the theme's)."""
    page = parse(html, is_body)
    problems = [f"{element.tag}[{name}]: an event handler" for element in page.elements
                for name, _ in element.attrs if name.lower().startswith("on")]
    problems += [f"{element.tag}[{name}={value!r}]: a script URL" for element in page.elements
                 for name, value in element.attrs
                 if name.lower() in URL_ATTRIBUTES and value and _any_script_url(name, value)]
    problems += [f"meta refresh {dict(e.attrs)}" for e in page.elements
                 if e.tag == "meta" and (dict(e.attrs).get("http-equiv") or "").lower() == "refresh"]
    problems += [f"a comment that browsers may end elsewhere: {c!r}" for c in page.comments if re.search("[<>]", c)]
    problems += [f"a declaration: {d!r}" for d in page.declarations]
    problems += _body_problems(page, allowed_ids)
    ids = page.ids()
    problems += [f"id {i!r} appears {ids.count(i)} times" for i in sorted(set(ids)) if ids.count(i) > 1]
    problems += [f"required id {i!r} appears {ids.count(i)} times, not once" for i in required_ids
                 if ids.count(i) != 1]
    if scripts is not None and page.scripts != scripts:
        problems.append(f"scripts differ from the theme's: {page.scripts!r}")
    if not page.found_body:
        problems.append("no page body found")
    return problems


def _any_script_url(name: str, value: str) -> bool:
    candidates = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
    return any(script_scheme(candidate) for candidate in candidates)


def _body_problems(page: Parsed, allowed_ids: frozenset[str]) -> list[str]:
    problems = []
    for element in page.elements:
        if not element.in_body:
            continue
        if element.tag not in PAGE_TAGS:
            problems.append(f"<{element.tag}> in the body: not in markup.PAGE_TAGS")
        allowed = PAGE_ATTRIBUTES.get(element.tag, set()) | PAGE_ATTRIBUTES["*"]
        for name, value in element.attrs:
            if name not in allowed:
                problems.append(f"{element.tag}[{name}={value!r}] in the body: attribute not allowed")
            if name == "href" and value is not None and leaves_or_scripts(value):
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
            problems += [f"{entry['location']} {key}: {kind}" for kind, found in
                         (("script", fragment.scripts), ("comment", fragment.comments),
                          ("declaration", fragment.declarations)) if found]
    return problems
