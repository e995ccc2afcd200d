"""The policy's "How to raise a worry or concern" names whom a parent may speak to (the
school's `contacts:`) in the page's language: the contact roles are the frame catalogue's
words (chrome.CONTACT_ROLES), as in the "Worried about a post?" box, never English words in
the middle of a Polish or Urdu sentence; and a translation of them is text, as a school value is."""

from __future__ import annotations

import pytest

from policysite.inputs.catalogue import read_catalogues
from policysite.inputs.schema import CONTACT_ROLES
from policysite.pages.markup import text_html

from ..errors_support import seed_copy
from ..helpers import ROOT, check_project
from ..output.test_languages_site import set_msgstr

SLUG = "cumbria-futures"  # publishes pl and ur; contacts: senior_staff, headteacher, governing_body
SECTION = "raising-concerns"


def policies(root) -> dict:
    """The seed school's rendered policy in each language, by code."""
    return {o.language: o for o in check_project(root).outputs if o.school.slug == SLUG and o.output == "policy"}


def concerns_html(rendered) -> str:
    return text_html(next(s for s in rendered.sections if s.id == SECTION).markdown, SECTION).html


@pytest.fixture(scope="module")
def seed():
    return policies(ROOT)


@pytest.mark.parametrize("code", ["pl", "ur"])
def test_the_contacts_are_named_in_the_pages_language(seed, code):
    words = read_catalogues(ROOT)[0][code].gettext().gettext
    roles = [CONTACT_ROLES[role] for role in seed[code].school.data["contacts"]]
    assert roles, "the seed school names no contacts: this test would prove nothing"
    html = concerns_html(seed[code])
    for role in roles:
        assert words(role) != role, f"{code}.po does not translate {role!r}"
        assert words(role) in html, (role, html)
        assert role not in html, f"{role!r} is shown in English on the {code} page"


def test_the_english_page_names_them_as_before(seed):
    html = concerns_html(seed["en"])
    assert "a senior member of staff, the Headteacher or a member of the Governing Body" in html


def test_a_contacts_translation_is_text_not_markdown(tmp_path):
    root = seed_copy(tmp_path / "project")
    hostile = "[kliknij](https://example.org/x) **członek** kadry &amp; #1"
    set_msgstr(root / "content/social-media/translations/pl.po", 'msgid "a senior member of staff"', hostile)
    html = concerns_html(policies(root)["pl"])
    assert "<a " not in html and "<strong>" not in html, html
    assert "[kliknij](https://example.org/x) **członek** kadry &amp;amp; #1" in html
