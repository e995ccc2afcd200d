"""The letter points back to the web (pages/online.py, templates/print/web.html): with the
site's address, the letter's web page and its PDF's HTML end with the policy page's full
address, as a link and as the label of its QR code; without it, neither, and no word of
either. The address and the QR code pass the sanitiser as data; on paper a link whose text
is its address is marked so as not to print it twice.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys

import pytest

from policysite.output.pipeline import _keys
from policysite.pages import online
from policysite.pages.markup import clean_page
from policysite.pages.paper import Paper
from policysite.project import open_project

from ..helpers import ROOT, check_project, visible_text
from ..security_support import html_problems, paper_article

SITE = "https://policies.example.org/federation/"
# The address block's own words and marks (the letter's text says "online" already).
ONLINE_WORDS = ("online:", "QR code", "ps-online", "ps-qr", "<svg")


@pytest.fixture(scope="module")
def seeds():
    return check_project(ROOT)


@pytest.fixture(scope="module")
def letters(seeds):
    return [rendered for rendered in seeds.outputs if rendered.output == "letter"]


def online_block(html: str) -> str:
    [block] = re.findall(r'<div class="ps-online">.*?</svg>\n</div>', html, re.DOTALL)
    return block


def test_the_address_is_the_policy_pages_full_address_as_the_site_publishes_it(letters):
    for rendered in letters:
        address = online.policy_address(SITE, rendered.school.slug)
        # the sitemap's and the canonical link's address of the policy page (use_directory_urls)
        assert address == f"{SITE}{rendered.school.slug}/social-media/"


@pytest.mark.parametrize("screen", [True, False], ids=["web page", "pdf"])
def test_the_letter_shows_its_policy_pages_address_as_a_link_and_as_the_qr_codes_label(letters, screen):
    paper = Paper(ROOT / "templates", SITE)
    for rendered in letters:
        address = f"{SITE}{rendered.school.slug}/social-media/"
        body = paper.drawn(rendered, paper.body(rendered, screen=screen)).html  # as the page or PDF is written
        block = online_block(body)
        assert f'<a class="ps-url" href="{address}">{address}</a>' in block
        assert f"<title>QR code: {address}</title>" in block
        assert re.search(r'<svg role="img" viewBox="0 0 \d+ \d+" class="ps-qr">', block), block[:200]
        assert body.index(block) < body.index('id="sign-off"'), "the address comes before the sign-off"
        title = rendered.school.data["document_control"]["title"]  # "Social Media Policy", or the school's name for it
        text = visible_text(block)
        assert text == f"You can read our {title} online: {address} Or scan this QR code with your phone's camera."


def test_the_pdfs_html_and_the_web_pages_body_carry_the_same_address(letters):
    paper = Paper(ROOT / "templates", SITE)
    rendered = letters[0]
    page = paper.drawn_page(rendered, paper.page(rendered))  # as mkdocs is given it
    assert online_block(page.body.html) == online_block(page.print_body().html)
    assert online_block(page.print_body().html) in paper.print_html(rendered, page.print_body())


def test_without_the_sites_address_the_letter_shows_neither_address_nor_qr_code(letters):
    paper = Paper(ROOT / "templates")
    for rendered in letters:
        for html in (paper.body(rendered).html, paper.body(rendered, screen=True).html):
            assert not any(word in html for word in ONLINE_WORDS), rendered.school.slug
            assert "/social-media/" not in html


def test_only_the_letter_shows_the_address(seeds):
    paper = Paper(ROOT / "templates", SITE)
    for rendered in seeds.outputs:
        if rendered.output != "letter":
            assert "ps-online" not in paper.page(rendered).body.html
            assert "ps-online" not in paper.body(rendered).html


def test_the_schools_own_name_for_its_policy_is_escaped(mini_project):
    root = mini_project('name: Oak\ndocument_control:\n  title: "Policy <b>&</b> \\"Code\\""\n', slug="oak")
    [letter] = [r for r in check_project(root).outputs if r.output == "letter"]
    block = online_block(Paper(root / "templates", SITE).body(letter).html)
    assert 'You can read our Policy &lt;b&gt;&amp;&lt;/b&gt; "Code" online:' in block
    assert "<b>" not in block


@pytest.mark.parametrize(
    "site_url",
    [
        'https://example.org/"><script>alert(1)</script>/',
        "https://example.org/a b/",
        "javascript:alert(1)//",
        "https://example.org/?q=1&x=<y>/",
        "//example.org/",
    ],
)
def test_an_address_policysite_would_not_print_is_refused_not_printed(site_url):
    # mkdocs.yml's site_url is checked as it is read (sitemap.check_site_url); this is the second wall.
    with pytest.raises(ValueError):
        online.policy_address(site_url, "oak")
    with pytest.raises(ValueError):
        online.qr_svg(site_url)


def test_the_sanitiser_keeps_the_qr_code_only_in_the_form_segno_draws_it():
    hostile = (
        '<svg role="img" viewBox="0 0 4 4" class="ps-qr" onload="alert(1)" style="x" id="x">'
        "<title>QR</title><script>alert(1)</script><foreignObject><p>x</p></foreignObject>"
        '<a href="javascript:alert(1)">x</a><use href="#x"></use><animate attributeName="href"></animate>'
        '<path d="M0 0h1" stroke="#000" onclick="alert(1)" fill="url(javascript:x)"></path>'
        '<path d="url(#x)" stroke="red" transform="scale(9)"></path></svg>'
        '<svg viewBox="0 0 4 4; x" role="button" class="other"></svg>'
    )
    cleaned = clean_page(hostile)
    assert "alert" not in cleaned.replace("<title>QR</title>", "")
    for banned in ("onload", "onclick", "style=", "script", "foreignObject", "<use", "animate", "fill", "transform"):
        assert banned not in cleaned, banned
    assert '<path d="M0 0h1" stroke="#000"></path>' in cleaned
    assert "<path></path>" in cleaned  # a d or stroke not in segno's form is dropped
    assert '<svg role="img" viewBox="0 0 4 4" class="ps-qr">' in cleaned
    assert "<svg></svg>" in cleaned  # no viewBox, role or class but the QR code's own


def test_the_letter_with_its_qr_code_holds_nothing_beyond_the_allow_list(letters):
    paper = Paper(ROOT / "templates", SITE)
    for rendered in letters:
        page = paper.page(rendered)
        html = paper.print_html(rendered, page.print_body())
        allowed_ids = frozenset(re.findall(r' id="([^"]+)"', page.print_body().html))
        assert html_problems(html, paper_article, allowed_ids=allowed_ids) == []


def test_a_link_whose_text_is_its_address_is_marked_and_no_other():
    body = (
        '<p><a href="https://a.example/">https://a.example/</a> '
        '<a href="https://b.example/x">DfE advice</a> '
        '<a href="https://c.example/?a=1&amp;b=2">https://c.example/?a=1&amp;b=2</a> '
        '<a href="mailto:x@y.example">x@y.example</a> '
        '<a class="headerlink" href="#x">&para;</a></p>'
    )
    assert online.mark_shown_addresses(body) == (
        '<p><a class="ps-url" href="https://a.example/">https://a.example/</a> '
        '<a href="https://b.example/x">DfE advice</a> '
        '<a class="ps-url" href="https://c.example/?a=1&amp;b=2">https://c.example/?a=1&amp;b=2</a> '
        '<a href="mailto:x@y.example">x@y.example</a> '
        '<a class="headerlink" href="#x">&para;</a></p>'
    )


def test_the_letters_pdf_and_page_are_made_again_when_the_sites_address_changes(seeds):
    project = open_project(ROOT)
    keys = []
    for site_url in (None, SITE, "https://other.example.org/"):
        paper = Paper(ROOT / "templates", site_url)
        papers = {r.language: paper for r in seeds.outputs}
        keys.append(_keys(project, papers, [(r, paper.page(r)) for r in seeds.outputs], seeds.content))
    for (pages_a, pdfs_a), (pages_b, pdfs_b) in itertools.pairwise(keys):
        for path, key in pdfs_a.items():
            assert (key != pdfs_b[path]) == path.endswith("parent-letter.pdf"), path
        assert all(pages_a[slug] != pages_b[slug] for slug in pages_a)


def test_the_same_address_gives_the_same_qr_code_in_another_process():
    address = f"{SITE}oak/social-media/"
    code = "from policysite.pages.online import qr_svg; import sys; sys.stdout.write(qr_svg(sys.argv[1]))"
    other = subprocess.run([sys.executable, "-c", code, address], capture_output=True, text=True, check=True, cwd=ROOT)
    assert other.stdout == online.qr_svg(address)
    assert online.qr_svg(f"{SITE}ash/social-media/") != online.qr_svg(address)
