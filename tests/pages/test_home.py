"""The home page finds your school: every school's logo and name linking to its policy page,
grouped by `group` when any school has one, in an order a reader expects, with every
school value shown as text. Schools are made by hand (model.School, model.Image), as
inputs/identity.py gives them."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from policysite.model import Image, School
from policysite.pages import home
from policysite.pages.markup import PAGE_ATTRIBUTES, PAGE_TAGS

from ..security_corpus import PAYLOADS
from ..security_support import html_problems

SVG = Image("schools/logos/x.svg", "image/svg+xml", b"<svg xmlns='http://www.w3.org/2000/svg'/>", 200, 100)
PNG = Image("schools/logos/y.png", "image/png", b"\x89PNG fake", 32, 64)


def school(slug: str, name: str, group: str | None = None, logo: Image | None = None) -> School:
    return School(slug=slug, path=f"schools/{slug}.yml", data={"name": name, "group": group, "logo": logo}, origins={})


class _Outline(HTMLParser):
    """Headings' text and schools' names in document order, and each school's <img>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, str]] = []  # ("h1" | "h2" | "school", its text)
        self.images: dict[str, dict] = {}  # school name -> its img's attributes
        self._open: str | None = None  # the kind of item whose text is being read
        self._img: dict | None = None  # an <img> waiting for its school's link

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self._img = attrs
        elif tag in ("h1", "h2"):
            self._open = tag
            self.items.append((tag, ""))
        elif tag == "a" and attrs.get("class") == "headerlink":
            self._open = None  # a heading's permalink: not its text
        elif tag == "a":
            self._open = "school"
            self.items.append(("school", ""))

    def handle_endtag(self, tag):
        if tag == "a" and self._open == "school":
            if self._img is not None:
                self.images[self.items[-1][1]] = self._img
            self._img = None
        if tag in ("a", "h1", "h2"):
            self._open = None

    def handle_data(self, data):
        if self._open:
            kind, text = self.items[-1]
            self.items[-1] = (kind, text + data)


def outline(schools: list[School], site_name: str = "Our schools' policies") -> _Outline:
    parser = _Outline()
    parser.feed(home.home_page(site_name, schools).html)
    return parser


def test_without_groups_one_list_in_order_of_name_whatever_the_case_or_accents():
    schools = [
        school("z", "zebra Primary"),
        school("zoe", "Zoë Academy"),
        school("a", "Abbey School"),
        school("st", "St. Mary's"),
        school("e", "École Française"),
    ]
    page = outline(schools)
    assert page.items == [
        ("h1", "Our schools' policies"),
        ("school", "Abbey School"),
        ("school", "École Française"),
        ("school", "St. Mary's"),
        ("school", "zebra Primary"),
        ("school", "Zoë Academy"),
    ]
    assert "<section" not in home.home_page("Site", schools).html


def test_groups_in_alphabetical_order_other_schools_last():
    schools = [
        school("b", "Beech Infants", group="Primary"),
        school("a", "Ash Academy", group="Secondary"),
        school("c", "Cedar Primary", group="primary two"),
        school("d", "Alder School"),  # no group
        school("e", "Elm School", group="Other schools"),  # written as the heading: the same group
        school("f", "Aspen Primary", group="Primary"),
    ]
    assert [kind_text for kind_text in outline(schools).items if kind_text[0] != "h1"] == [
        ("h2", "Primary"),
        ("school", "Aspen Primary"),
        ("school", "Beech Infants"),
        ("h2", "primary two"),
        ("school", "Cedar Primary"),
        ("h2", "Secondary"),
        ("school", "Ash Academy"),
        ("h2", "Other schools"),
        ("school", "Alder School"),
        ("school", "Elm School"),
    ]


def test_each_group_is_a_section_named_by_its_heading_and_listed_in_the_contents():
    page = home.home_page("Site", [school("a", "A", group="North"), school("b", "B", group="North & South")])
    sections = re.findall(r'<section aria-labelledby="([^"]+)"><h2 id="([^"]+)"', page.html)
    assert sections == [("schools-north", "schools-north"), ("schools-north-south", "schools-north-south")]
    assert [(h.level, h.id, h.title) for h in page.headings] == [
        (1, "site", "Site"),
        (2, "schools-north", "North"),
        (2, "schools-north-south", "North &amp; South"),
    ]


def test_groups_whose_ids_would_collide_get_their_own():
    page = home.home_page("Site", [school("a", "A", group="Year 1"), school("b", "B", group="Year-1")])
    assert [h.id for h in page.headings[1:]] == ["schools-year-1", "schools-year-1-2"]


def test_a_school_links_its_policy_page_with_its_logo_before_its_name():
    page = home.home_page("Site", [school("oak", "Oak School", logo=SVG), school("ash", "Ash School")]).html
    assert f'<li><img src="{SVG.site_path}" alt="" width="80" height="40" loading="lazy">' in page
    assert '<a href="oak/social-media/">Oak School</a></li>' in page
    assert '<li><a href="ash/social-media/">Ash School</a></li>' in page  # no logo: no image


def test_logos_are_sized_to_fit_the_list_in_their_own_shape():
    found = outline([school("a", "A", logo=SVG), school("b", "B", logo=PNG)]).images
    assert {name: (attrs["width"], attrs["height"]) for name, attrs in found.items()} == {
        "A": ("80", "40"),  # 200 x 100: 40 high
        "B": ("20", "40"),  # 32 x 64
    }
    assert all(attrs["alt"] == "" and attrs["loading"] == "lazy" for attrs in found.values())


@pytest.mark.parametrize(
    "width, height, shown",
    [(100, 100, (40, 40)), (1200, 100, (120, 10)), (10, 1000, (1, 40)), (5000, 1, (120, 1)), (0, 0, (1, 1))],
)
def test_display_size_keeps_the_shape_inside_the_box(width, height, shown):
    assert home.display_size(width, height) == shown


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "\n" not in p])
def test_hostile_names_groups_and_site_names_are_text(payload):
    page = home.home_page(payload, [school("a", payload, group=payload, logo=SVG), school("b", "Plain", group="B")])
    wrapped = f'<article class="md-content__inner">{page.html}</article>'
    ids = frozenset(re.findall(r' id="([^"]+)"', page.html))
    assert html_problems(wrapped, allowed_ids=ids) == []
    items = outline([school("a", payload, group=payload), school("b", "Plain", group="B")], payload).items
    expected = [("h1", payload), ("h2", "B"), ("school", "Plain"), ("h2", payload), ("school", payload)]
    assert sorted(items) == sorted(expected)  # each value whole, as text (the order is by name)


def test_the_page_keeps_to_the_sanitisers_allow_list():
    """What home.py writes is what the sanitiser keeps: nothing it needs is stripped."""
    page = home.home_page("Site", [school("a", "A", group="G", logo=SVG), school("b", "B")]).html
    tags = set(re.findall(r"<([a-z0-9]+)", page))
    assert tags <= PAGE_TAGS
    assert "img" in tags and 'loading="lazy"' in page
    assert set(re.findall(r'\s([a-z-]+)="', page)) <= set().union(*PAGE_ATTRIBUTES.values())
