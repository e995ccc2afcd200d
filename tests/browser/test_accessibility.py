"""WCAG 2.2 A and AA with axe-core: every page type of every school and every page of the
site's own, in the light palette and the dark one, as a device set to each shows them; every
page says it is British English; and the keyboard reaches every link and button.

A violation is fixed in templates/ (theme overrides or CSS), never by turning a rule off.
Only a violation in mkdocs-material's own markup that no override can fix may be listed
in axe-allowlist.txt, with its reason.
"""

from __future__ import annotations

import pytest

from .conftest import Tab
from .support import PAGES, allow_list, page_id, page_path

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ALLOWED = allow_list("axe-allowlist.txt")
USED: set[int] = set()
CHECKED: set[tuple[str, str]] = set()
# The device's setting -> the palette mkdocs.yml gives it (`media: "(prefers-color-scheme: ...)"`).
SCHEMES = {"light": "default", "dark": "slate"}


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture(scope="module")
def devices(browser):
    """A desktop browser set to light and one set to dark, each reused for every page."""
    contexts = {
        scheme: browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB", color_scheme=scheme)
        for scheme in SCHEMES
    }
    yield {scheme: Tab(context) for scheme, context in contexts.items()}
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_no_wcag_violations(devices, base_url, axe, page, scheme):
    kind, slug = page
    url = base_url + page_path(kind, slug)
    loaded = devices[scheme].load(url)
    shown = loaded.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert shown == SCHEMES[scheme], f"{url}: a device set to {scheme} got the {shown} palette"
    assert loaded.evaluate("document.documentElement.lang") == "en-GB", url
    results = axe.run(loaded, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            allowed = next((a for a in ALLOWED if a.what == violation["id"] and a.where == target), None)
            if allowed:
                USED.add(allowed.line)
                continue
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
                f"    at {target}: {' '.join(node['html'].split())[:160]}\n"
                f"    {' / '.join(node['failureSummary'].splitlines()[1:])}"
            )
    CHECKED.add((page_id(page), scheme))
    assert not found, f"{url} ({scheme}): {len(found)} WCAG violation(s):\n" + "\n".join(found)


def test_allow_list_has_no_stale_entries():
    if {(page_id(page), scheme) for page in PAGES for scheme in SCHEMES} != CHECKED:
        pytest.skip("only meaningful when every page was checked in this run")
    stale = [f"line {a.line}: {a.what} at {a.where}" for a in ALLOWED if a.line not in USED]
    assert not stale, "axe-allowlist.txt entries that match nothing any more (remove them):\n" + "\n".join(stale)


def test_the_palette_button_switches_and_says_what_it_does(browser, base_url):
    """A fresh browser (the choice is kept on the device): the button's name says what it
    will do, in plain words, and pressing it switches the palette."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB", color_scheme="light")
    try:
        page = Tab(context).load(base_url)
        buttons = page.locator("form[data-md-component=palette] label")
        # Read before any is hovered: the theme's tooltips take a title off as they show it.
        assert [buttons.nth(n).get_attribute("title") for n in (0, 1)] == [
            "Switch to dark mode",
            "Switch to light mode",
        ]
        assert [buttons.nth(n).is_visible() for n in (0, 1)] == [True, False]
        buttons.nth(0).click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        assert [buttons.nth(n).is_visible() for n in (0, 1)] == [False, True]
    finally:
        context.close()


# Every element a keyboard user must reach: visible, and in the tab order. Each is marked
# with its number, so the element focused after each Tab can be told apart.
MARK_REACHABLE = """() => {
  const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
    .filter(e => e.tabIndex >= 0 && !e.disabled && !e.closest('[hidden], [inert]'))
    .filter(e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                   return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; });
  all.forEach((e, i) => { e.dataset.psReach = i; });
  return all.map(e => `<${e.tagName.toLowerCase()}> ${(e.textContent || e.getAttribute('aria-label') || '').trim()}`);
}"""
FOCUSED = (
    "() => { const e = document.activeElement; return e && e.dataset.psReach !== undefined ? +e.dataset.psReach : -1; }"
)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_the_keyboard_reaches_every_link_and_button(devices, base_url, page):
    """Tab from the top of the page, round to the top again: every visible link, button and
    field is reached, and the first stop is the theme's "Skip to content" link."""
    kind, slug = page
    url = base_url + page_path(kind, slug)
    loaded = devices["light"].load(url)
    reachable = loaded.evaluate(MARK_REACHABLE)
    reached: list[int] = []
    for _ in range(len(reachable) * 2 + 20):  # every stop, and the ones we did not mark
        loaded.keyboard.press("Tab")
        focused = loaded.evaluate(FOCUSED)
        if reached and focused == reached[0]:
            break  # round to the first stop again
        if focused >= 0:
            reached.append(focused)
    missed = [reachable[index] for index in range(len(reachable)) if index not in reached]
    assert not missed, f"{url}: the keyboard never reaches:\n" + "\n".join(missed)
    assert reachable[reached[0]].startswith("<a> Skip to content"), f"{url}: first stop {reachable[reached[0]]}"
