"""The translated pages in a real browser: the seed school that publishes Polish and Urdu
(schools/cumbria-futures.yml). WCAG 2.2 AA with axe on each language's policy and letter
pages; Urdu laid out right to left; and the language switcher reached by keyboard near the
top of a phone's page, leading to the same page in the language chosen."""

from __future__ import annotations

import pytest

from .support import KINDS, page_path, school
from .test_accessibility import ALLOWED, WCAG_TAGS

pytestmark = pytest.mark.browser

SLUG = "cumbria-futures"
LANGUAGES = {"pl": ("Polski", "ltr"), "ur": ("اردو", "rtl")}
TRANSLATED = [(language, kind) for language in LANGUAGES for kind in ("policy", "letter")]
# The focused element: its text, its lang attribute and whether it is inside the switcher.
FOCUSED = """() => { const e = document.activeElement;
  return e ? {text: (e.textContent || '').trim(), lang: e.getAttribute('lang'),
              switcher: !!e.closest('.ps-languages'), article: !!e.closest('article')} : null; }"""


@pytest.fixture(scope="module")
def axe_run():
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run


def translated_path(language: str, kind: str) -> str:
    return f"{SLUG}/" + KINDS[kind].replace("social-media/", f"social-media/{language}/", 1)


def test_the_seed_school_publishes_polish_and_urdu():
    assert school(SLUG)["languages"] == list(LANGUAGES)


@pytest.mark.parametrize(("language", "kind"), TRANSLATED, ids=lambda value: value)
def test_no_wcag_violations_in_a_translation(desktop, base_url, axe_run, language, kind):
    url = base_url + translated_path(language, kind)
    page = desktop.load(url)
    assert page.evaluate("document.documentElement.lang") == language
    results = axe_run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    found = [
        f"{violation['id']}: {violation['help']} at {' '.join(map(str, node['target']))}: {node['html'][:160]}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
        if not any(a.what == violation["id"] and a.where == " ".join(map(str, node["target"])) for a in ALLOWED)
    ]
    assert not found, f"{url}: {len(found)} WCAG violation(s):\n" + "\n".join(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_is_laid_out_in_its_languages_direction(desktop, base_url, language):
    page = desktop.load(base_url + translated_path(language, "letter"))
    direction = LANGUAGES[language][1]
    assert page.evaluate("getComputedStyle(document.body).direction") == direction
    assert page.evaluate("getComputedStyle(document.querySelector('article h1')).direction") == direction
    if direction == "rtl":  # the title starts at the right-hand edge of the text
        edges = page.evaluate(
            "(() => { const a = document.querySelector('article').getBoundingClientRect(),"
            " h = document.querySelector('article h1'), r = document.createRange(); r.selectNodeContents(h);"
            " const t = r.getBoundingClientRect(); return [a.right - t.right, t.left - a.left]; })()"
        )
        assert edges[0] < edges[1], edges


def test_a_phone_reaches_the_switcher_by_keyboard_before_the_text_and_it_leads_to_the_same_page(phone, base_url):
    page = phone.load(base_url + page_path("letter", SLUG))
    switcher = page.locator(".ps-languages")
    box = switcher.bounding_box()
    assert box is not None and box["y"] + box["height"] <= page.viewport_size["height"] / 2  # in the first screen
    for _ in range(15):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert not focused["article"], f"the page's text came before the switcher: {focused}"
        if focused["switcher"] and focused["lang"] == "pl":
            break
    else:
        pytest.fail("15 Tabs never reached the switcher's Polski link")
    assert focused["text"] == "Polski"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == base_url + translated_path("pl", "letter")
    assert page.evaluate("document.documentElement.lang") == "pl"
    current = page.locator(".ps-languages [aria-current='page']")
    assert current.inner_text() == "Polski" and current.get_attribute("hreflang") == "pl"


def test_an_urdu_page_searches_the_urdu_pages_in_urdu_words(desktop, base_url):
    """Its own folder's index (search.py: no English word pipeline there; with it, lunr's
    trimmer stripped every Urdu word to nothing and this search found no result): an Urdu
    word finds sections, each on an Urdu page."""
    own_index = f"/{SLUG}/social-media/ur/search/search_index.json"
    with desktop.page.expect_response(lambda response: response.url.endswith(own_index)) as fetched:
        page = desktop.load(base_url + translated_path("ur", "letter"))
    assert fetched.value.ok
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("پالیسی")  # "policy": in every Urdu page's text
    # Playwright types letters no keyboard layout has as inserted text, without the key events
    # a keyboard (or an input method) sends, and mkdocs-material searches on keyup: one key
    # that changes nothing, as a reader's last key would.
    box.press("End")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(state="visible")
    hrefs = [results.nth(index).get_attribute("href") for index in range(results.count())]
    targets = {page.evaluate("(href) => new URL(href, document.baseURI).pathname", href) for href in hrefs}
    assert targets and all(target.startswith(f"/{SLUG}/social-media/ur/") for target in targets), targets
