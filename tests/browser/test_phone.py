"""Phones: at 320 CSS px wide nothing scrolls sideways, and the letter's and the staff
code's print button and PDF link show in the first screen without zooming. 320 px is the
width WCAG 2.2's reflow rule (1.4.10) asks for: a small phone, or a 1280-px-wide window
zoomed to 400%, as the accessibility statement (content/site/accessibility.md) says."""

from __future__ import annotations

import pytest

from .conftest import Tab, phone_context
from .support import PAGES, PRINTABLE, page_id, page_path

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 320, 640


@pytest.fixture(scope="module")
def phone(browser):
    """A 320-px-wide phone (conftest's is 360): mobile viewport rules apply, as on a real phone."""
    context = phone_context(browser, WIDTH, HEIGHT)
    yield Tab(context)
    context.close()


# Elements that stick out to the right of the viewport, for the failure message. Elements
# moved off screen on purpose (the closed navigation drawer) end left of 0 and don't count.
STICKING_OUT = """(width) => [...document.querySelectorAll('body *')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > width + 0.5 && r.left < width; })
  .slice(0, 10)
  .map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> right=${Math.round(e.getBoundingClientRect().right)}`)"""

# True when the element's centre is on screen and not covered (by the sticky header, say).
UNCOVERED = """(e) => { const r = e.getBoundingClientRect(); const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const top = document.elementFromPoint(x, y); return !!top && (top === e || e.contains(top)); }"""


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_no_sideways_scrolling(phone, base_url, page):
    kind, slug = page
    url = base_url + page_path(kind, slug)
    loaded = phone.load(url)
    assert loaded.evaluate("visualViewport.scale") == 1, f"{url} opens zoomed"
    width = loaded.evaluate("document.scrollingElement.scrollWidth")
    assert width <= WIDTH, (
        f"{url} scrolls sideways on a {WIDTH}-px phone: {width} px wide; sticking out:\n"
        + "\n".join(loaded.evaluate(STICKING_OUT, WIDTH))
    )

    if kind in PRINTABLE:
        toolbar = loaded.locator(".ps-toolbar")
        controls = {
            "print button": toolbar.locator("button", has_text="Print"),
            "PDF link": toolbar.locator("a[href$='.pdf']"),
        }
        for name, control in controls.items():
            assert control.count() == 1, f"{url}: expected one {name}, found {control.count()}"
            assert control.is_visible(), f"{url}: the {name} is hidden"
            box = control.bounding_box()
            inside = (
                box
                and box["x"] >= 0
                and box["y"] >= 0
                and box["x"] + box["width"] <= WIDTH
                and box["y"] + box["height"] <= HEIGHT
            )
            assert inside, f"{url}: the {name} is not wholly in the first {WIDTH}x{HEIGHT} screen: {box}"
            assert control.evaluate(UNCOVERED), f"{url}: something covers the {name}"
