"""The sanitiser grew for the letter's QR code (markup.py keeps <svg>, <path> and <title> on
a page): a school's own text, or a lead's odd site_url, must not use that to publish a
drawing of its own. Attacks on issue 15 item 2, as a careless or malicious school would try
them; each one held when written (tests/test_attack_letters.py has the ones on `letters`)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from policysite.output import sitemap
from policysite.pages.markup import clean_page
from policysite.pages.paper import Paper

from .helpers import check_errors, check_project, visible_text

SITE = "https://policies.example.org/federation/"
# A drawing written as Markdown text shows, in the page's text, as these characters.
SHOWN = ("<svg onload=alert(1)>", "<title>x</title>", "<foreignObject>")


def school(append: str, name: str = "Oak") -> str:
    lines = "".join(f"      {line}\n" for line in append.splitlines())
    return f"name: {name}\nsections:\n  letter-body:\n    append: |\n{lines}"


def letter_body(root) -> str:
    [letter] = [rendered for rendered in check_project(root).outputs if rendered.output == "letter"]
    return Paper(root / "templates", SITE).page(letter).body.html


def test_an_svg_written_as_html_in_a_schools_text_is_refused_at_its_line(mini_project):
    root = mini_project(school("Read this.\n\n<svg onload=alert(1)><title>x</title></svg>"), slug="oak")
    found = check_errors(root)
    assert [(f.location.line, f.location.col) for f in found] == [(7, 7), (7, 28)]  # <svg …> and <title>
    assert all(f.message.startswith("HTML is not allowed in a school's Markdown") for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "`<svg onload=alert(1)>` and `<title>x</title>` and `<foreignObject>`",
        "\\<svg onload=alert(1)\\> and \\<title>x\\</title> and \\<foreignObject>",
    ],
    ids=["code", "escaped"],
)
def test_an_svg_written_as_text_in_a_schools_text_shows_as_text_beside_the_one_qr_code(mini_project, text):
    body = letter_body(mini_project(school(text), slug="oak"))
    assert body.count("<svg") == 1  # the QR code's own (or its slot, online.QR_SLOT, before it is drawn)
    assert "onload" not in body.replace("onload=alert(1)&gt;", "")  # only as text
    assert all(shown in visible_text(body) for shown in SHOWN)


def test_an_svg_in_a_schools_name_shows_as_text(mini_project):
    root = mini_project(school("Read this.", name='"Oak <svg onload=alert(1)><title>x</title></svg>"'), slug="oak")
    body = letter_body(root)
    assert body.count("<svg") == 1 and "Oak &lt;svg onload=alert(1)&gt;&lt;title&gt;x" in body


@pytest.mark.parametrize(
    "payload",
    [
        "<svg><title><img src=x onerror=alert(1)></title></svg>",  # title: an HTML integration point
        '<title><a title="</title><img src onerror=alert(1)>"></a></title>',  # title outside svg is RCDATA
        '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',  # namespace confusion (mXSS)
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        '<svg><a xlink:href="javascript:alert(1)"><path d="M0 0h9"/></a></svg>',
        "<svg><title><svg onload=alert(1)></svg></title></svg>",
        '<svg><style>@import "file:///etc/passwd";</style><image href="file:///etc/passwd"/></svg>',
    ],
)
def test_the_page_sanitiser_keeps_no_handler_script_or_address_from_an_svg_however_nested(payload):
    cleaned = clean_page(payload)
    elements = Elements()
    elements.feed(cleaned)
    assert {tag for tag, _ in elements.found} <= {"svg", "title", "a", "path", "p"}, cleaned
    assert [attributes for _, attributes in elements.found if attributes not in ([], [("d", "M0 0h9")])] == []
    assert clean_page(cleaned) == cleaned  # what a browser parses again is what was cleaned


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


@pytest.mark.parametrize(
    "site_url",
    [
        "javascript:alert(1)//",
        'https://example.org/"onmouseover="alert(1)/',
        "https://example.org/a b/",
        "https://bücher.example/",  # a unicode host: written as its xn-- form, which passes
        "https://example.org/?q=<svg>/",
    ],
)
def test_an_odd_site_url_is_refused_as_mkdocs_yml_is_read(site_url):
    assert sitemap.check_site_url({"site_url": site_url}, lambda key: None) != []


def test_a_link_whose_text_is_another_address_prints_its_real_address_on_paper(mini_project):
    body = letter_body(mini_project(school("See [https://www.gov.uk/](https://evil.example/)."), slug="oak"))
    # Not marked ps-url: paper.css prints " (https://evil.example/)" after the text that spoofs it.
    assert '<a href="https://evil.example/">https://www.gov.uk/</a>' in body
