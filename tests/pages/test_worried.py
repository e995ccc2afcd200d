"""The "Worried about a post?" box (templates/print/frame.html `worried`): first on each
school's policy page, and shorter on the letter's web page only.

Its words must change no school's rules: each test on the seed schools reads the school's
own file and its own rendered policy and letter, not the box's code.
"""

from __future__ import annotations

import json
import re

import pytest

from policysite.inputs.load import SECTION_RE
from policysite.inputs.schema import CONTACT_ROLES, SCHOOL
from policysite.pages.markup import SUBHEADING_ID
from policysite.pages.paper import TITLE_ID, Paper
from policysite.pages.phone import tel_href

from ..helpers import (
    CONTENT,
    ROOT,
    SLUGS,
    build_site,
    check_project,
    mini_copy,
    page_path,
    pdf_path,
    pdf_text,
    read_yaml,
    visible_text,
)

HEADING = "Worried about a post?"
BOX = re.compile(r'<section class="ps-worried[^"]*" id="ps_worried".*?</section>', re.DOTALL)
# What the box asks, and where each school's own documents ask it (policy.md
# `appropriate-use`, letter.md `letter-parents`): a school that replaces one of these
# sections fails here, and the box's words must be checked against its own.
ASKED = {
    "talk to us first": ("policy", "Please contact the school to talk about any worry you have."),
    "Please do not discuss it on social media": ("letter", "Do not discuss it on social media"),
    "not on social media": ("policy", "social media is not the place to raise a worry or make a complaint"),
    "do not join in if a conversation online turns insulting": (
        "letter",
        "If an online conversation looks as if it may become insulting or disrespectful (derogatory), do not join in.",
    ),
}


@pytest.fixture(scope="module")
def seeds():
    """(slug, output) -> the web page's Page, for the seed schools as they are."""
    paper = Paper(ROOT / "templates")
    outputs = check_project(ROOT).outputs
    return {(r.school.slug, r.output): paper.page(r) for r in outputs if r.language == "en"}


def box(html: str) -> str:
    found = BOX.findall(html)
    assert len(found) == 1, f"expected one box, found {len(found)}"
    return found[0]


def school_contacts(slug: str) -> list[str]:
    """The school file's `contacts`, else defaults.yml's, else the schema's, in CONTACT_ROLES' words."""
    default = next(field.default for field in SCHOOL.fields if field.name == "contacts")
    roles = read_yaml(ROOT / "schools" / f"{slug}.yml").get("contacts") or read_yaml(CONTENT / "defaults.yml").get(
        "contacts", default
    )
    return [CONTACT_ROLES[role] for role in roles]


def or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


@pytest.mark.parametrize("slug", SLUGS)
def test_the_box_comes_after_the_title_and_before_the_first_section(seeds, slug):
    html = seeds[slug, "policy"].body.html
    first_section = re.search(r'<h2 id="([a-z0-9-]+)">', html[html.index(box(html)) + len(box(html)) :])
    assert first_section, "no section after the box"
    order = [html.index('class="ps-banner"'), html.index(f'<h1 id="{TITLE_ID}">'), html.index(box(html))]
    assert order == sorted(order), "the box should follow the banner and the title"
    assert html.index(box(html)) < html.index(f'<h2 id="{first_section[1]}">')
    assert html.count(f'<h2 id="{first_section[1]}">') == 1


@pytest.mark.parametrize("slug", SLUGS)
def test_the_box_names_the_schools_contacts_in_its_files_order(seeds, slug):
    text = visible_text(box(seeds[slug, "policy"].body.html))
    assert text.startswith(HEADING)
    assert f"You can speak to {or_list(school_contacts(slug))}." in text


@pytest.mark.parametrize("slug", SLUGS)
def test_the_box_names_the_contacts_as_the_schools_own_raising_concerns_section_does(seeds, slug):
    """The Avenue replaces that section with its own words: they name the same people."""
    html = seeds[slug, "policy"].body.html
    section = html[html.index('<h2 id="raising-concerns">') :]
    section = section[: section.index("<h2 ", 1)]
    assert or_list(school_contacts(slug)) in visible_text(section)


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("asked", list(ASKED))
def test_what_the_box_asks_every_seed_school_asks_in_its_own_documents(seeds, slug, asked):
    output, words = ASKED[asked]
    if asked != "not on social media":  # the box's wording of it is the letter's, above
        assert asked in visible_text(box(seeds[slug, "policy"].body.html))
    assert words.lower() in visible_text(seeds[slug, output].body.html).lower()


@pytest.mark.parametrize("slug", SLUGS)
def test_the_box_links_to_how_to_raise_a_concern(seeds, slug):
    html = seeds[slug, "policy"].body.html
    assert '<a href="#raising-concerns">How to raise a worry or concern</a>' in box(html)
    assert '<h2 id="raising-concerns">' in html


def test_the_box_ids_can_never_be_a_section_or_subheading_id(seeds):
    ids = re.findall(r'\sid="([^"]+)"', box(seeds[SLUGS[0], "policy"].body.html)) + [TITLE_ID]
    assert ids == ["ps_worried", "ps_worried_title", TITLE_ID]
    for id_ in ids:
        assert not SECTION_RE.match(f"## Title {{#{id_}}}"), id_
        assert not SUBHEADING_ID.fullmatch(id_), id_


def test_a_page_without_a_raising_concerns_section_has_no_link_to_one(mini_project):
    """The mini content has no `raising-concerns`: the box leaves its link out, not a dead link."""
    root = mini_project("name: Mini School\n")
    (policy,) = [r for r in check_project(root).outputs if r.output == "policy"]
    html = box(Paper(root / "templates").page(policy).body.html)
    assert HEADING in html and "#raising-concerns" not in html and "How to raise a worry or concern" not in html


CONTACT_SCHOOL = """name: Oak Primary School
phone: "01234 567 890"
email: office@oak.example.org
website: https://oak.example.org/
contacts: [headteacher, chair_of_governors]
"""


@pytest.fixture(scope="module")
def oak(tmp_path_factory):
    """A school with phone, email and website, built with its PDFs (tests/fixtures/mini's content)."""
    root = mini_copy(tmp_path_factory.mktemp("worried") / "project", {"oak": CONTACT_SCHOOL})
    build_site(root, root / "site", pdfs=True)
    return root / "site"


def links(html: str) -> list[tuple[str, str]]:
    # ps-url: a link whose text is its address (pages/online.py)
    found = re.findall(r'<a (?:class="ps-url" )?href="([^"]+)">(.*?)</a>', html)
    return [(href, visible_text(text)) for href, text in found]


def test_the_policy_box_links_phone_email_and_website_in_that_order(oak):
    html = box(page_path(oak, "oak", "policy").read_text(encoding="utf-8"))
    assert links(html) == [
        ("tel:01234567890", "01234 567 890"),
        ("mailto:office@oak.example.org", "office@oak.example.org"),
        ("https://oak.example.org/", "https://oak.example.org/"),
    ]
    assert "You can speak to the Headteacher or the Chair of Governors." in visible_text(html)


def test_the_letter_page_shows_the_short_box_for_screens_only(oak):
    page = page_path(oak, "oak", "letter").read_text(encoding="utf-8")
    html = box(page)
    assert 'class="ps-worried ps-screen-only"' in html  # assets/paper.css hides it in print
    assert links(html) == [
        ("tel:01234567890", "01234 567 890"),
        ("mailto:office@oak.example.org", "office@oak.example.org"),
    ]
    assert "You can speak to" not in html and "oak.example.org/" not in html
    assert page.index(f'<h1 id="{TITLE_ID}">') < page.index(html) < page.index('id="greeting"')


def test_the_letter_pdf_has_no_box(oak):
    text = pdf_text(pdf_path(oak, "oak", "letter"))
    assert "Dear Parent/Carer" in text  # the letter itself is there
    assert HEADING not in text and "do not join in if a conversation" not in text


def test_search_leaves_the_box_out(oak):
    """It repeats the page's own words: in the index, "worried" would find the box first on
    every school's page, above the policy's own sections."""
    docs = [doc for index in oak.rglob("search_index.json") for doc in json.loads(index.read_text("utf-8"))["docs"]]
    assert any(doc["location"].endswith("#letter-body") for doc in docs), "no section of the oak pages is indexed"
    assert [doc for doc in docs if "ps_worried" in doc["location"] or HEADING in doc["title"] + doc["text"]] == []
    assert not [doc for doc in docs if "talk to us first" in doc["text"]]


def test_a_phone_without_a_digit_is_shown_but_not_linked(mini_project):
    root = mini_project('name: Mini School\nphone: "ask at the office"\n')
    (policy,) = [r for r in check_project(root).outputs if r.output == "policy"]
    html = box(Paper(root / "templates").page(policy).body.html)
    assert "<li>Phone: ask at the office</li>" in html and "tel:" not in html


# The tel: link holds the number it dials and nothing else: the rest of the phone is text
# beside it, so no tap on a second number (or an extension) dials the first.
PHONE_LINES = {
    "01234 567 890": '<a href="tel:01234567890">01234 567 890</a>',
    "01234 567890 / 07700 900123": '<a href="tel:01234567890">01234 567890</a> / 07700 900123',
    "Tel: 01234 567890 ext. 2": 'Tel: <a href="tel:01234567890">01234 567890</a> ext. 2',
    "(01234) 567890": '<a href="tel:01234567890">(01234) 567890</a>',
    "01234 567890 (office)": '<a href="tel:01234567890">01234 567890</a> (office)',
    "+44 (0)1234 567890": '<a href="tel:+441234567890">+44 (0)1234 567890</a>',
    "0123;ext=456": '<a href="tel:0123">0123</a>;ext=456',
    "0\u0661 23 456 789": "0\u0661 23 456 789",  # an Arabic-Indic digit in it: no number to dial as shown
}


def test_a_phone_link_shows_exactly_the_number_it_dials(mini_project):
    schools = {f"s{n}": f"name: School {n}\nphone: {json.dumps(phone)}\n" for n, phone in enumerate(PHONE_LINES)}
    root = mini_project(schools)
    paper = Paper(root / "templates")
    shown = {}
    for rendered in check_project(root).outputs:
        if rendered.output == "policy":
            html = box(paper.page(rendered).body.html)
            shown[rendered.school.data["phone"]] = re.search(r"<li>Phone: (.*?)</li>", html)[1]
    assert shown == PHONE_LINES


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("01234 567 890", "tel:01234567890"),
        ("01234-567890", "tel:01234567890"),
        ("(01234) 567890", "tel:01234567890"),
        ("+44 1234 567890", "tel:+441234567890"),
        ("+44 (0)1234 567890", "tel:+441234567890"),  # the (0) is dialled only within the country
        ("Tel: 01234 567890 ext. 2", "tel:01234567890"),  # the extension is not part of the number
        ("01234 567890 / 07700 900123", "tel:01234567890"),
        ("ask at the office", None),
        ("٠١٢٣", None),  # digits, but not ones a phone dials from a tel: link
        ("0\u0661 23", None),  # not "tel:0": the number shown is not 0
    ],
)
def test_tel_href(phone, href):
    assert tel_href(phone) == href
