"""Search works in a real browser: the search index the build merges (one part per mkdocs
process, plus the schools reused from the previous site) is the one mkdocs-material loads,
and its results lead to each school's own pages."""

from __future__ import annotations

import json

import pytest

from .support import SLUGS, page_path

pytestmark = pytest.mark.browser


def school_name(site, slug: str) -> str:
    """The school's name as its policy page's search entry gives it."""
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    location = f"{slug}/social-media/"
    return next(entry["title"] for entry in docs if entry["location"] == location)


@pytest.mark.parametrize("slug", SLUGS)
def test_search_finds_each_school(desktop, base_url, site, slug):
    page = desktop.load(base_url)
    words = school_name(site, slug).split()
    query = " ".join(word for word in words[:3] if word.isalpha())  # "Cambois Primary School"
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    result = page.locator(f".md-search-result__item a[href*='{slug}/social-media/']").first
    result.wait_for(state="visible")
    result.click()
    page.wait_for_url(f"**/{slug}/social-media/**")
    assert slug in page.url


def test_search_opens_and_answers_on_a_phone(phone, base_url):
    """On a phone the search box hides behind the header's magnifier button."""
    slug = SLUGS[0]
    page = phone.load(base_url + page_path("policy", slug))
    page.locator("label.md-header__button[for='__search']").click()
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    box.press_sequentially("complaints")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible")
    assert results.count() >= 1


def test_a_school_page_searches_that_school_only(desktop, base_url):
    """It loads the school's own index, and every result is one of the school's pages."""
    slug = SLUGS[-1]
    own_index = f"/{slug}/social-media/search/search_index.json"
    with desktop.page.expect_response(lambda response: response.url.endswith(own_index)) as fetched:
        page = desktop.load(base_url + page_path("letter", slug))
    assert fetched.value.ok
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("media")  # in every school's pages
    links = page.locator(".md-search-result__item a")
    links.first.wait_for(state="visible")
    hrefs = links.evaluate_all("links => links.map(link => link.href)")
    assert hrefs and all(href.startswith(f"{base_url}{slug}/social-media/") for href in hrefs), hrefs
    links.first.click()
    page.wait_for_url(f"{base_url}{slug}/social-media/**")


# Every school's "How to raise a worry or concern" has "worry" in its title; none says
# "worried". The Avenue's own text speaks of concerns only, so its title is all that finds it.
WORRY_SCHOOLS = ["cambois", "cumbria-futures", "heathfields-wilnecote", "the-avenue"]


@pytest.mark.parametrize("word", ["worried", "worry", "worries"])
@pytest.mark.parametrize("slug", WORRY_SCHOOLS)
def test_a_word_finds_its_other_forms(desktop, base_url, site, slug, word):
    """mkdocs.yml's search pipeline stems words, and templates/assets/search-worker.js
    makes mkdocs-material's type-ahead search use it: each form of "worry" finds the
    school's "How to raise a worry or concern", and is not shown as missing from it."""
    index = json.loads((site / slug / "social-media" / "search" / "search_index.json").read_text(encoding="utf-8"))
    section = next(entry for entry in index["docs"] if entry["location"] == "#raising-concerns")
    assert "worry" in section["title"].lower() and "worried" not in (section["title"] + section["text"]).lower()
    page = desktop.load(base_url + page_path("policy", slug))
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word)
    # Its result may be folded under the page's "N more on this page": there, not visible.
    found = page.locator(f".md-search-result__item a[href$='{slug}/social-media/#raising-concerns']")
    found.wait_for(state="attached")
    assert "How to raise a worry or concern" in found.text_content()
    assert found.locator("del").count() == 0  # mkdocs-material's "Missing: worried"
