"""A Polish- or Urdu-speaking parent on a 390 x 844 phone: the policy page's language switcher
in the first screen and early in the keyboard's order; the Urdu page's parts laid out right
to left; and English inside an Urdu page (the unreviewed note's English sentence, a paragraph
or list item shown in English while its translation is updated) read left to right, its
full stop at the end of the sentence, not at its start (templates/assets/paper.css)."""

from __future__ import annotations

import pytest

from ..errors_support import seed_copy
from ..output.test_languages_site import set_msgstr
from .conftest import phone_context, served
from .support import build, page_path

pytestmark = pytest.mark.browser

SLUG = "cumbria-futures"
NAMES = {"en-GB": "English", "pl": "Polski", "ur": "اردو"}
# The Urdu letter's paragraph and list item that the copy below leaves untranslated.
PARAGRAPH = "Thank you for your understanding and support."
ITEM = "Always be respectful to others."
# Where an element's last word's last letter and the full stop after it are drawn (their left
# edges): read left to right, the stop comes after the letter; right to left, before the word.
ENDS = """(e) => { const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT); let last = null;
  while (walker.nextNode()) if (walker.currentNode.data.trim()) last = walker.currentNode;
  const at = (i) => { const r = document.createRange(); r.setStart(last, i); r.setEnd(last, i + 1);
    return r.getBoundingClientRect().left; };
  const end = last.data.trimEnd().length - 1;
  if (last.data[end] !== '.') throw new Error('no full stop at the end: ' + last.data);
  return [at(end - 1), at(end)]; }"""
FOCUSED = """() => { const e = document.activeElement;
  return {lang: e.getAttribute('lang'), text: (e.textContent || '').trim(),
          switcher: !!e.closest('.ps-languages'), article: !!e.closest('article')}; }"""


@pytest.fixture(scope="module")
def phone390(browser):
    context = phone_context(browser, width=390, height=844)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture(scope="module")
def stale_url(tmp_path_factory):
    """The seed project with one paragraph and one list item of the Urdu letter untranslated,
    built by build.py and served: the page shows them in English."""
    root = seed_copy(tmp_path_factory.mktemp("stale-urdu"))
    catalogue = root / "content/social-media/translations/ur.po"
    for english in (PARAGRAPH, ITEM):
        set_msgstr(catalogue, f'msgid "{english}"', "")
    build("--root", str(root), "--site-dir", str(root / "site"), "--no-pdf")
    with served(root / "site") as url:
        yield url


def urdu(kind: str) -> str:
    return page_path(kind, SLUG).replace("social-media/", "social-media/ur/", 1)


def test_every_language_is_named_in_itself_in_the_first_screen_of_the_english_policy(phone390, base_url):
    phone390.goto(base_url + page_path("policy", SLUG), wait_until="load")
    links = phone390.locator(".ps-languages a")
    assert [(links.nth(i).get_attribute("lang"), links.nth(i).inner_text()) for i in range(links.count())] == list(
        NAMES.items()
    )
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844 / 2, box
        assert box["height"] >= 24 and box["width"] >= 24, box  # WCAG 2.2 target size (minimum)


def test_the_keyboard_reaches_the_switcher_before_the_policys_text(phone390, base_url):
    phone390.goto(base_url + page_path("policy", SLUG), wait_until="load")
    # Skip link, logo, palette, search box and its results, then English, Polski, اردو.
    for _ in range(8):
        phone390.keyboard.press("Tab")
        focused = phone390.evaluate(FOCUSED)
        assert not focused["article"], f"the text came before the switcher: {focused}"
        if focused["switcher"] and focused["lang"] == "ur":
            break
    else:
        pytest.fail("8 Tabs never reached the switcher's Urdu link")
    assert focused["text"] == NAMES["ur"]


@pytest.mark.parametrize(
    "part",
    [".md-header", ".ps-languages", ".ps-worried", "article h2", "article ul", "article li", ".md-nav--secondary"],
)
def test_the_urdu_policys_parts_run_right_to_left(phone390, base_url, part):
    phone390.goto(base_url + urdu("policy"), wait_until="load")
    element = phone390.locator(part).first
    assert element.evaluate("(e) => getComputedStyle(e).direction") == "rtl"


def test_the_urdu_worried_box_starts_at_the_right(phone390, base_url):
    phone390.goto(base_url + urdu("policy"), wait_until="load")
    box = phone390.locator(".ps-worried").bounding_box()
    title = phone390.locator("#ps_worried_title").evaluate(
        "(h) => { const r = document.createRange(); r.selectNodeContents(h); return r.getBoundingClientRect().toJSON(); }"
    )
    assert box["x"] + box["width"] - (title["x"] + title["width"]) < title["x"] - box["x"], (box, title)


def test_the_unreviewed_notes_english_sentence_ends_with_its_full_stop_on_an_urdu_page(phone390, base_url):
    phone390.goto(base_url + urdu("policy"), wait_until="load")
    note = phone390.locator("#ps_unreviewed_en")
    assert note.get_attribute("lang") == "en" and note.inner_text().endswith("policy.")
    letter, stop = note.evaluate(ENDS)
    assert letter < stop, "the English note is laid out right to left: its full stop comes first"


@pytest.mark.parametrize(("tag", "english"), [("p", PARAGRAPH), ("li", ITEM)], ids=["paragraph", "list-item"])
def test_english_shown_on_an_urdu_page_reads_left_to_right(phone390, stale_url, tag, english):
    phone390.goto(stale_url + urdu("letter"), wait_until="load")
    block = phone390.locator(f"{tag}.ps-fallback", has_text=english)
    assert block.get_attribute("lang") == "en"
    letter, stop = block.evaluate(ENDS)
    assert letter < stop, f"the English {tag} is laid out right to left: its full stop comes first"


def test_an_english_list_item_keeps_its_bullet_with_the_urdu_ones(phone390, stale_url):
    phone390.goto(stale_url + urdu("letter"), wait_until="load")
    english = phone390.locator("li.ps-fallback", has_text=ITEM)
    urdu_item = english.locator("xpath=following-sibling::li[1]")
    # Each item's right edge: where an Urdu list's bullets are.
    edges = [item.evaluate("(e) => e.getBoundingClientRect().right") for item in (english, urdu_item)]
    assert abs(edges[0] - edges[1]) < 1, edges
    text = english.evaluate(
        "(e) => { const r = document.createRange(); r.selectNodeContents(e);"
        " const b = r.getBoundingClientRect(); return [b.left, b.right]; }"
    )
    left = english.evaluate("(e) => e.getBoundingClientRect().left")
    assert text[0] - left > 20, f"the English item's text starts at the left edge, away from its bullet: {text}"
