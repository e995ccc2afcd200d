"""Letterheads and the policy page's banner with the school's logo (templates/print/frame.html).

The seed schools each have a logo (schools/logos/); the mini project's school has none.
An img's address is relative to its own page, so each is resolved from the page's folder
and must land on the logo's place in the site (model.Image.site_path).
"""

from __future__ import annotations

import posixpath
import re

import pytest

from policysite.pages.paper import Paper

from ..helpers import PAGES, ROOT, SLUGS, check_project

IMG = re.compile(r"<img ([^>]*)>")
# The class each output's logo has: the letter and the staff code have the letterhead.
LOGO_CLASS = {"policy": "ps-banner-logo", "letter": "ps-logo", "staff-code": "ps-logo"}
# Its alt: the banner's name follows its logo, so the logo is silent (a screen reader would
# read the name twice); the letterhead's logo is also the PDF's tagged figure, which needs one.
ALT = {"policy": lambda name: "", "letter": lambda name: f"{name} logo", "staff-code": lambda name: f"{name} logo"}
OAK = {
    "name": "Oak & Ash Primary",
    "federation": "North Trust",
    "address": ["1 High St", "Town AB1 2CD"],
    "phone": "01234 567 890",
    "email": "office@oak.example.org",
    "website": "https://oak.example.org/",
}
OAK_SCHOOL = f"""name: "{OAK["name"]}"
federation: {OAK["federation"]}
address: {OAK["address"]}
phone: "{OAK["phone"]}"
email: {OAK["email"]}
website: {OAK["website"]}
"""
# The text letterhead as it was before logos: a school without one still gets exactly this
# (its website link marked ps-url: its text is its address, so paper does not print it twice).
TEXT_LETTERHEAD = (
    '<header class="ps-letterhead" id="letterhead">\n<p class="ps-school">Oak &amp; Ash Primary</p>'
    '<p class="ps-federation">North Trust</p><p class="ps-address">1 High St<br>Town AB1 2CD</p>'
    '<p class="ps-contact">Phone: 01234 567 890<br>Email: <a href="mailto:office@oak.example.org">'
    'office@oak.example.org</a><br>Web: <a class="ps-url" href="https://oak.example.org/">https://oak.example.org/</a>'
    "</p></header>"
)


@pytest.fixture(scope="module")
def seeds():
    """(rendered output, its web page's body HTML) for every output of every seed school."""
    paper = Paper(ROOT / "templates")
    return [(r, paper.page(r).body.html) for r in check_project(ROOT).outputs]


@pytest.fixture
def oak(mini_project):
    """(output -> body HTML) of a school with every letterhead value and no logo."""
    root = mini_project(OAK_SCHOOL, slug="oak")
    paper = Paper(root / "templates")
    return {r.output: paper.page(r).body.html for r in check_project(root).outputs}


def attributes(tag: str) -> dict[str, str]:
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag))


@pytest.mark.parametrize("output", list(PAGES))
def test_every_seed_schools_page_shows_its_logo_once_with_name_and_size(seeds, output):
    for rendered, html in (pair for pair in seeds if pair[0].output == output):
        logo = rendered.school.data["logo"]
        assert logo is not None, f"{rendered.school.slug} has no logo"
        tags = IMG.findall(html)
        assert len(tags) == 1, (rendered.school.slug, tags)
        assert attributes(tags[0]) == {
            "class": LOGO_CLASS[output],
            "src": attributes(tags[0])["src"],  # its depth: the next test
            "alt": ALT[output](rendered.school.data["name"].replace("&", "&amp;")),
            "width": str(logo.width),
            "height": str(logo.height),
        }


@pytest.mark.parametrize("output", list(PAGES))
def test_each_pages_logo_address_leads_from_its_own_folder_to_the_logo(seeds, output):
    """site/<slug>/social-media/index.html is two folders down, the letter's and the code's
    pages (.../parent-letter/index.html) three: a ../ too few or too many shows no logo."""
    for rendered, html in (pair for pair in seeds if pair[0].output == output):
        src = attributes(IMG.findall(html)[0])["src"]
        folder = posixpath.dirname(f"{rendered.school.slug}/social-media/{PAGES[output]}")
        assert posixpath.normpath(posixpath.join(folder, src)) == rendered.school.data["logo"].site_path, src
        assert src.count("../") == folder.count("/") + 1


@pytest.mark.parametrize("output", ["letter", "staff-code"])
def test_the_letterhead_puts_the_logo_before_the_name_and_contact(seeds, output):
    for _, html in (pair for pair in seeds if pair[0].output == output):
        head = html[html.index("<header") : html.index("</header>")]
        assert 'class="ps-letterhead ps-with-logo"' in head
        assert head.index("<img") < head.index('class="ps-letterhead-text"') < head.index('class="ps-school"')


def test_only_the_letters_letterhead_has_the_id_the_contract_names(seeds):
    for rendered, html in seeds:
        assert html.count('id="letterhead"') == (rendered.output == "letter"), rendered.school.slug


def test_a_school_without_a_logo_keeps_the_text_letterhead(oak):
    assert oak["letter"].startswith(TEXT_LETTERHEAD)
    assert "<img" not in "".join(oak.values())


def test_the_staff_code_has_the_letters_letterhead_not_a_banner(oak):
    assert oak["staff-code"].startswith(TEXT_LETTERHEAD.replace(' id="letterhead"', ""))
    assert "ps-banner" not in oak["staff-code"]


def test_the_policy_banner_without_a_logo_is_the_name(oak):
    assert oak["policy"].startswith('<p class="ps-banner">Oak &amp; Ash Primary</p>\n')


@pytest.mark.parametrize("slug", SLUGS)
def test_the_pdf_body_shows_the_same_letterhead_as_the_page(seeds, slug):
    """The letter's PDF body lacks only the page's "Worried about a post?" box."""
    paper = Paper(ROOT / "templates")
    for rendered, html in (pair for pair in seeds if pair[0].school.slug == slug and pair[0].output != "policy"):
        printed = paper.body(rendered).html
        assert IMG.findall(printed) == IMG.findall(html)
        assert printed[: printed.index("</header>")] == html[: html.index("</header>")]
