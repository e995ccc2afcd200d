"""Issue 14, item 5: the accessibility statement and the privacy note, from content/site/*.md.

They show the federation's contact from defaults.yml (tap to call, to write), or without
one send people to their child's school, and `check` warns once, at defaults.yml. Their
text is the leads' Markdown with Jinja placeholders, compiled by the rules the canonical
documents keep: every mistake is a located error, and the contact's values stay text."""

from __future__ import annotations

import dataclasses
import re
from types import MappingProxyType

import pytest

from policysite.inputs.load import load_inputs
from policysite.model import Federation
from policysite.pages import sitepages
from policysite.pages.markup import Page

from ..browser import test_accessibility, test_phone
from ..helpers import check_errors, check_project, visible_text

CONTACT = {
    "name": "The <b>federation</b> office",
    "email": "office_team@federation.example.org",
    "phone": "+44 (0)1670 123 456",
    "website": "https://federation.example.org/contact_us",
    "address": ("1 High Street", "Blyth & District", "NE24 1AA"),
}
NO_CONTACT_MESSAGE = "defaults.yml gives no `federation_contact`"


def content_of(root, federation: Federation | None = None):
    content = load_inputs(root, "content/social-media", "schools")[0]
    assert content is not None
    return content if federation is None else dataclasses.replace(content, federation=federation)


def pages(root, federation: Federation | None = None) -> tuple[dict[str, Page], list]:
    return sitepages.site_pages(root, content_of(root, federation), "Our schools' policies")


def with_contact(name: str | None = "Northumberland Schools") -> Federation:
    return Federation(name=name, logo=None, colour=None, contact=MappingProxyType(CONTACT))


@pytest.fixture
def root(mini_project):
    return mini_project("name: Oak School\n")


def test_both_pages_show_the_federations_contact_with_links(root):
    found, findings = pages(root, with_contact())
    assert sorted(found) == ["accessibility/index.md", "privacy/index.md"] and findings == []
    for page in found.values():
        html = page.body.html
        assert '<a href="tel:+441670123456">+44 (0)1670 123 456</a>' in html
        assert '<a href="mailto:office_team@federation.example.org">office_team@federation.example.org</a>' in html
        assert '<a href="https://federation.example.org/contact_us">' in html
        text = visible_text(html)
        assert "The <b>federation</b> office" in text and "<b>" not in html  # a name stays text
        assert "Address: 1 High Street, Blyth & District, NE24 1AA" in text
        assert "Northumberland Schools" in text


def test_a_phone_link_shows_exactly_the_number_it_dials(root):
    """phone.phone_link, as the policy's "Worried about a post?" box: a second number or an
    extension is text beside the link, so tapping it does not dial the first."""
    contact = {**CONTACT, "phone": "01670 123456 (out of hours: 07700 900123) [x](javascript:1)"}
    federation = Federation(name=None, logo=None, colour=None, contact=MappingProxyType(contact))
    for page in pages(root, federation)[0].values():
        html = page.body.html
        line = 'Phone: <a href="tel:01670123456">01670 123456</a> (out of hours: 07700 900123) [x](javascript:1)'
        assert line in html
        hrefs = re.findall(r'href="([^"]*)"', html)
        assert {href for href in hrefs if href.startswith("tel:")} == {"tel:01670123456"}
        assert not any("javascript" in href for href in hrefs)


def test_the_accessibility_statement_says_what_it_meets_how_to_ask_and_where_to_complain(root):
    text = visible_text(pages(root, with_contact())[0]["accessibility/index.md"].body.html)
    for needed in (
        "WCAG) version 2.2 at level AA",
        "in the light colours and in the dark ones",
        "large print, a paper copy or another language",
        "Reporting a problem with this website",
        "Equality Advisory and Support Service (EASS)",
        "No one has yet checked the site with a screen reader",  # its known limits, said plainly
    ):
        assert needed in text


def test_the_statement_has_the_parts_of_a_uk_public_sector_statement(root):
    """GOV.UK's model statement: compliance status (fully, partially or not compliant),
    non-accessible content, how to ask and to report, the enforcement procedure, and when
    the statement was prepared."""
    body = pages(root, with_contact())[0]["accessibility/index.md"].body
    assert [heading.title for heading in body.headings if heading.level == 2] == [
        "How accessible this website is",
        "Compliance status",
        "What we have not checked yet",
        "Asking for another format",
        "Reporting a problem with this website",
        "If you are not happy with our reply",
        "Preparing this statement",
    ]
    text = visible_text(body.html)
    assert "This website is partially compliant with WCAG version 2.2 at level AA." in text
    assert "Accessibility Regulations 2018" in text
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    assert re.search(rf"We wrote this statement in ({months}) 20\d\d\.", text)


def test_the_statement_claims_only_what_the_browser_tests_check(root):
    """The statement's tested claims follow tests/browser: the width nothing scrolls sideways
    at, both palettes under axe, WCAG 2.2 AA's rules."""
    text = visible_text(pages(root, with_contact())[0]["accessibility/index.md"].body.html)
    assert f"on a screen {test_phone.WIDTH} pixels wide" in text and test_phone.WIDTH == 320  # WCAG 1.4.10
    assert set(test_accessibility.SCHEMES) == {"light", "dark"} and "in the light colours and in the dark ones" in text
    assert "wcag22aa" in test_accessibility.WCAG_TAGS and "version 2.2 at level AA" in text


def test_neither_page_says_a_schools_page_gives_a_phone_number_no_school_file_has(root):
    """The mini project's school gives no phone or email: without a federation contact, the
    pages send people to the school as they usually contact it, and promise no number."""
    for page in pages(root, Federation(None, None, None, MappingProxyType({})))[0].values():
        assert "phone number" not in visible_text(page.body.html)


def test_the_privacy_note_says_no_cookies_no_tracking_nothing_from_other_sites(root):
    text = visible_text(pages(root, with_contact())[0]["privacy/index.md"].body.html)
    for needed in ("It sets no cookies.", "no tracking and no analytics", "It loads nothing from other websites"):
        assert needed in text


def test_without_a_contact_they_send_people_to_their_childs_school(root):
    found, findings = pages(root, Federation(None, None, None, MappingProxyType({})))
    for page in found.values():
        text = visible_text(page.body.html)
        assert "contact your child's school" in text.lower() and "tel:" not in page.body.html
        assert "None" not in text  # no federation name: the sentence leaves it out
        assert '<a href="../">list of schools</a>' in page.body.html
    assert [f.message.split(":")[0] for f in findings] == [NO_CONTACT_MESSAGE]


def test_check_warns_once_at_defaults_yml_without_a_contact(root):
    result = check_project(root)
    warned = [f for f in result.findings if NO_CONTACT_MESSAGE in f.message]
    assert [(f.level, str(f.location)) for f in warned] == [("warning", "content/social-media/defaults.yml")]


def test_with_a_contact_check_does_not_warn(root):
    defaults = root / "content/social-media/defaults.yml"
    defaults.write_text(
        defaults.read_text(encoding="utf-8") + "federation_contact:\n  email: office@federation.example.org\n",
        encoding="utf-8",
    )
    assert not [f for f in check_project(root).findings if NO_CONTACT_MESSAGE in f.message]


def test_each_page_is_titled_by_its_first_line(root):
    found, _ = pages(root, with_contact())
    assert dict(found["accessibility/index.md"].meta) == {"title": "Accessibility statement"}
    assert dict(found["privacy/index.md"].meta) == {"title": "Privacy note"}


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("# Privacy\n\nSee {{ federation.phone }}.\n", 3, "undefined variable"),
        ("# Privacy\n\n{% if contact %}\nno end\n", 3, "Unexpected end of template"),
        ("# Privacy\n\n{% include 'privacy.md' %}\n", 3, "is not allowed in content"),
        ("# Privacy\n\nSee [the list](../index.html).\n", 3, "this link can't work on the published site"),
        ("Privacy\n\nNo title line.\n", 1, "a page must start with its title"),
        ("# {{ '' }}\n\nText.\n", 1, "this page's title comes out empty"),
    ],
)
def test_a_mistake_in_a_page_is_a_located_error(root, text, line, message):
    (root / "content/site/privacy.md").write_text(text, encoding="utf-8")
    errors = check_errors(root)
    assert [(str(e.location).rsplit(":", 1)[0], message in e.message) for e in errors] == [
        (f"content/site/privacy.md:{line}", True)
    ], [e.format() for e in errors]


def test_a_missing_page_is_a_located_error_with_its_remedy(root):
    (root / "content/site/accessibility.md").unlink()
    errors = check_errors(root)
    assert [str(e.location) for e in errors] == ["content/site/accessibility.md"]
    assert "every page's footer links to it" in errors[0].message and "git checkout" in errors[0].hint
