"""Issue 10, item 7: arbitrary Markdown in a section's append or replace, straight to the
renderer and the sanitiser (the second wall: no input check in front), and the auditor
those tests and tests/test_security_xss.py rely on, shown to catch what it must.

Hypothesis draws text from Markdown and HTML metacharacters, letters and whitespace, and
from fragments of attacks (`<img`, `javascript:`, `&#106;`, `onerror=`...), then asserts
on the HTML a browser would get: markup.text_html's section body, the web page's body
(Paper.body) and what WeasyPrint is given (Paper.print_html). Fixed budget, derandomized,
no example database: CI runs the same examples every time.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policysite.pages.markup import SUBHEADING_ID, TEXT_ATTRIBUTES, TEXT_TAGS, inline_html, text_html
from policysite.pages.paper import Paper

from .errors_support import make_project
from .helpers import check_project, required_sections
from .security_support import html_problems, index_problems, leaves_or_scripts, paper_article, parse, script_scheme

METACHARACTERS = "<>&\"'`()[]{}!#*_\\:/=|-.~+;%@ \t\n"
FRAGMENTS = [
    "<img src=x onerror=alert(1)>",
    "<script>",
    "</script>",
    "javascript:",
    "JaVaScRiPt&#58;",
    "jav&#x09;ascript:",
    "data:text/html,",
    "vbscript:",
    "&#106;",
    "&colon;",
    "&lt;",
    "&#x3C;",
    "onerror=",
    'onclick="',
    "https://a.example",
    "//evil.example",
    "mailto:a@b.example",
    "tel:+441",
    "{: onclick=x}",
    "{#overview}",
    "](",
    "![x](",
    "[x]: ",
    "\n\n",
    "\n    ",
    "\n       ",
    "1. ",
    "- ",
    "> ",
    "```",
    "| a | b |\n|---|---|\n",
    "<!--",
    "-->",
    "<![CDATA[",
    "### ",
    "\\",
    "style=",
    "<svg onload=x>",
    "<a href=",
    '" title="',
    "' ",
    "alert(1)",
]
DESTINATIONS = [
    "https://a.example/",
    "javascript:alert(1)",
    "jav&#x09;ascript:x",
    "//evil.example",
    "data:text/html,x",
    "mailto:a@b.example",
    "#overview",
    "<https://a.example/ x>",
    "x",
]
links = st.builds(
    lambda text, destination, title, quotes: f"[{text}]({destination} {quotes[0]}{title}{quotes[1]})",
    st.text(alphabet=METACHARACTERS + "ax", max_size=6),
    st.sampled_from(DESTINATIONS),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(alphabet=METACHARACTERS + "ab", max_size=3), max_size=5).map("".join),
    st.sampled_from(['""', "''", "()"]),
)
markdown = st.one_of(
    st.text(alphabet=st.sampled_from(METACHARACTERS + "abcdefhijlmnoprstvx0123456789"), max_size=80),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(alphabet=METACHARACTERS + "ax1", max_size=4), max_size=14).map(
        "".join
    ),
    st.lists(links | st.sampled_from(FRAGMENTS), min_size=1, max_size=4).map(" ".join),
)
FUZZ = settings(
    max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
SECTION = "overview"


def text_problems(fragment: str, section_id: str) -> list[str]:
    """A section body as markup.clean_text must leave it: TEXT_TAGS with their attributes,
    ids under the section's own and never a section's, safe links, no comment."""
    page = parse(f"<article class='md-content__inner'>{fragment}</article>")
    problems = []
    for element in page.elements[1:]:
        if element.tag not in TEXT_TAGS:
            problems.append(f"<{element.tag}>")
        for name, value in element.attrs:
            if name not in TEXT_ATTRIBUTES.get(element.tag, ()):
                problems.append(f"{element.tag}[{name}]")
            elif name == "href" and leaves_or_scripts(value or ""):
                problems.append(f"href={value!r}")
            elif name == "title" and "<" in (value or ""):
                problems.append(f"title={value!r}")  # the theme's tooltips show titles as HTML
            elif name == "id" and not (
                SUBHEADING_ID.fullmatch(value or "") and (value or "").startswith(f"{section_id}--")
            ):
                problems.append(f"id={value!r}")
    return problems + [f"comment {c!r}" for c in page.comments] + [f"script {s!r}" for s in page.scripts]


@FUZZ
@given(text=markdown)
def test_any_markdown_renders_to_the_text_allow_list(text):
    rendered = text_html(text, SECTION)
    assert text_problems(rendered.html, SECTION) == []
    ids = [heading.id for heading in rendered.headings]
    assert len(ids) == len(set(ids)) and all(SUBHEADING_ID.fullmatch(i) for i in ids)
    assert text_problems(inline_html(text.replace("\n", " ")), SECTION) == []


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """(Paper, {output: a rendered output of a plain school}, required ids, clean ids)."""
    project = make_project(tmp_path_factory.mktemp("markdown") / "project")
    outputs = {rendered.output: rendered for rendered in check_project(project).outputs}
    paper = Paper(project / "templates")
    clean = {
        output: frozenset(parse(paper.print_html(r), paper_article).ids(body_only=True))
        for output, r in outputs.items()
    }
    return paper, outputs, required_sections(project), clean


@FUZZ
@given(
    text=markdown,
    output=st.sampled_from(["policy", "letter", "staff-code"]),
    how=st.sampled_from(["replace", "append"]),
)
def test_any_section_markdown_gives_a_safe_page_and_pdf(samples, text, output, how):
    paper, outputs, required, clean = samples
    rendered = outputs[output]
    first = rendered.sections[0]
    changed = first.markdown.rstrip() + "\n\n" + text if how == "append" else text
    rendered = dataclasses.replace(
        rendered, sections=(dataclasses.replace(first, markdown=changed), *rendered.sections[1:])
    )
    body = paper.body(rendered)
    web = f"<article class='md-content__inner'>{body.html}</article>"
    assert html_problems(web, allowed_ids=clean[output], required_ids=tuple(required[output]), scripts=[]) == []
    assert (
        html_problems(
            paper.print_html(rendered, body),
            paper_article,
            allowed_ids=clean[output],
            required_ids=tuple(required[output]),
            scripts=[],
        )
        == []
    )


# The auditor: each of these must be caught, or the tests above prove nothing.
BAD_BODIES = {
    "an event handler": '<p onclick="alert(1)">x</p>',
    "an event handler, upper case": "<p ONMOUSEOVER=alert(1)>x</p>",
    "a script URL with a tab and an entity": '<a href=" jav&#x09;ascript&colon;alert(1)">x</a>',
    "a data: URL": '<a href="data:text/html,x">x</a>',
    "a protocol-relative link": '<a href="//evil.example">x</a>',
    "a backslash link": '<a href="/\\evil.example">x</a>',
    "a tag beyond the allow-list": "<video></video>",
    "an image that is no logo": "<img src=x>",
    "a logo's address from another site": '<img src="https://evil.example/assets/logos/0123456789abcdef.svg">',
    "a logo with a srcset": '<img src="assets/logos/0123456789abcdef.svg" srcset="x.png 2x">',
    "a logo with an id": '<img src="assets/logos/0123456789abcdef.svg" id="overview">',
    "a logo loading other than lazily": '<img src="assets/logos/0123456789abcdef.svg" loading="eager">',
    "a style attribute": '<p style="color:red">x</p>',
    "a style attribute in the theme's toolbar": '<div class="ps-toolbar"><a href="x.pdf" style="x">x</a></div>',
    "a section's id": '<h3 id="overview">x</h3>',
    "a script": "<script>alert(1)</script>",
    "a comment browsers end early": "<!-- --!><img src=x onerror=alert(1)> -->",
    "a CDATA section": "<![CDATA[x]]>",
    "a title the theme's tooltip shows as HTML": (
        '<a href="https://a.example/" title="&lt;img src=x onerror=x&gt;">x</a>'
    ),
    "an iframe with a script URL": '<iframe src="javascript:alert(1)"></iframe>',
}


@pytest.mark.parametrize("bad", list(BAD_BODIES.values()), ids=list(BAD_BODIES))
def test_the_auditor_catches(bad):
    page = f"<!doctype html><html><body><article class='md-content__inner'><p>ok</p>{bad}</article></body></html>"
    assert html_problems(page, scripts=[]) != []


def test_the_auditor_passes_a_clean_body_and_counts_required_ids():
    page = (
        "<!doctype html><html><body><script src='theme.js'></script><article class='md-content__inner'>"
        "<h2 id='overview'>Overview<a class='headerlink' href='#overview' title='Link'>¶</a></h2>"
        "<h3 id='overview--x'>x</h3><p><a href='https://a.example/' title='t'>a</a> "
        "<a href='mailto:a@b.example'>m</a> <a href='../x/'>r</a></p>"
        "<img class='ps-logo' src='../../assets/logos/0123456789abcdef.png' alt='A logo' width='1' height='1'>"
        "</article></body></html>"
    )
    scripts = [("theme.js", "")]
    assert html_problems(page, allowed_ids=frozenset({"overview"}), required_ids=("overview",), scripts=scripts) == []
    assert html_problems(
        page, allowed_ids=frozenset({"overview"}), required_ids=("overview", "sign-off"), scripts=scripts
    ) == ["required id 'sign-off' appears 0 times, not once"]
    assert html_problems(page, allowed_ids=frozenset({"overview"}), scripts=[]) != []  # a script the theme lacks


def test_the_auditor_reads_urls_as_a_browser_does():
    assert script_scheme("\x01 \tjava\nscript:alert(1)") == "javascript:"
    assert script_scheme("JAVASCRIPT:x") == "javascript:" and script_scheme("https://a.example") is None
    assert leaves_or_scripts("//evil.example") and leaves_or_scripts("\t/\\evil") and leaves_or_scripts("ftp://x")
    assert not leaves_or_scripts("#overview") and not leaves_or_scripts("tel:+441") and not leaves_or_scripts("x/")


def test_the_auditor_catches_live_html_in_a_search_index():
    live = {
        "docs": [
            {"location": "a/", "title": "<img src=x onerror=alert(1)>", "text": ""},
            {"location": "javascript:alert(1)", "title": "t", "text": "<p>ok</p>"},
        ]
    }
    assert len(index_problems(live)) == 2
    text = {"location": "a/#b", "title": "&lt;img&gt;", "text": "<p><code>x</code></p>"}
    assert index_problems({"docs": [text]}) == []
