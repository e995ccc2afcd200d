"""A worried parent on a phone: the policy page's first screen (360 x 740) says whose school
this is and what to do, with a tap-to-call link; the letter page's shorter box is for
screens only; the box, the banner and the letterhead read well in both palettes.

A site of its own: the seed schools and Oak, a new school with a phone, an email address, a
website and a logo of its own, built by build.py as a person would build it.
"""

from __future__ import annotations

import pytest

from ..errors_support import seed_copy
from .conftest import Tab, phone_context, served
from .support import SLUGS, build

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 360, 740
OAK_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
    '<circle cx="50" cy="50" r="48" fill="#2e5e1e"/><path d="M50 18l22 44H28z" fill="#ffffff"/></svg>'
)
OAK = """name: Oak Primary School
logo: logos/oak.svg
colour: "#2e5e1e"
phone: "01234 567 890"
email: office@oak.example.org
website: https://oak.example.org/
"""
SCHEMES = {"light": "default", "dark": "slate"}  # the device's setting -> mkdocs-material's palette

# The WCAG contrast of an element's text against the first background behind it that is
# not transparent, its colour blended over that background when it is translucent.
CONTRAST = """(e) => {
  const parse = (c) => { const p = c.match(/[\\d.]+/g).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  let bg = [255, 255, 255, 1];
  for (let n = e; n; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c[3] > 0) { bg = c; break; }
  }
  const fg = parse(getComputedStyle(e).color);
  const shown = [0, 1, 2].map((i) => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
  const lum = (c) => c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [a, b] = [lum(shown), lum(bg.slice(0, 3))].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""
# True when the element's centre is on screen and not covered (by the sticky header, say).
UNCOVERED = """(e) => { const r = e.getBoundingClientRect(); const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const top = document.elementFromPoint(x, y); return !!top && (top === e || e.contains(top)); }"""


@pytest.fixture(scope="module")
def oak_url(tmp_path_factory):
    project = seed_copy(tmp_path_factory.mktemp("worried") / "project")
    (project / "schools" / "logos" / "oak.svg").write_text(OAK_LOGO, encoding="utf-8")
    (project / "schools" / "oak.yml").write_text(OAK, encoding="utf-8")
    build("--root", str(project), "--site-dir", str(project / "site"), "--no-pdf")
    with served(project / "site") as url:
        yield url


@pytest.fixture(scope="module")
def phones(browser):
    """A 360 x 740 phone set to the light palette and one set to the dark."""
    contexts = {scheme: phone_context(browser, WIDTH, HEIGHT, color_scheme=scheme) for scheme in SCHEMES}
    yield {scheme: Tab(context) for scheme, context in contexts.items()}
    for context in contexts.values():
        context.close()


def settle(page) -> None:
    """Wait until no transition runs: the theme eases colours in (a link's, a palette's)."""
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")


def on_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT and box["x"] + box["width"] <= WIDTH


@pytest.mark.parametrize("slug", [*SLUGS, "oak"])
def test_the_first_screen_shows_the_school_its_logo_and_what_to_do(phones, oak_url, slug):
    page = phones["light"].load(f"{oak_url}{slug}/social-media/")
    banner, logo = page.locator(".ps-banner"), page.locator(".ps-banner img")
    heading = page.locator("#ps_worried_title")
    what_to_do = page.locator("#ps_worried p").first
    for name, part in {
        "school's name": banner,
        "logo": logo,
        "box's heading": heading,
        "what to do": what_to_do,
    }.items():
        assert part.is_visible() and on_first_screen(part), f"{slug}: the {name} is not on the first screen"
        assert part.evaluate(UNCOVERED), f"{slug}: something covers the {name}"
    assert logo.evaluate("(img) => img.complete && img.naturalWidth > 0"), f"{slug}: the logo did not load"
    assert heading.inner_text() == "Worried about a post?"
    assert "talk to us first" in what_to_do.inner_text()


def test_the_first_screen_has_a_tap_to_call_link_big_enough_to_tap(phones, oak_url):
    page = phones["light"].load(f"{oak_url}oak/social-media/")
    call = page.locator("#ps_worried a[href^='tel:']")
    assert call.count() == 1 and call.get_attribute("href") == "tel:01234567890"
    assert call.inner_text() == "01234 567 890"
    assert on_first_screen(call) and call.evaluate(UNCOVERED), "the phone link is not on the first screen"
    box = call.bounding_box()
    assert box and box["height"] >= 24, f"the phone link is {box} px: WCAG 2.5.8 asks for 24 px to tap"


def test_the_letter_pages_box_shows_on_screen_and_not_in_print(phones, oak_url):
    page = phones["light"].load(f"{oak_url}oak/social-media/parent-letter/")
    box = page.locator("#ps_worried")
    assert box.is_visible() and box.locator("a[href='tel:01234567890']").is_visible()
    page.emulate_media(media="print")
    assert not box.is_visible(), "the letter's box would be printed"
    assert page.locator("#letterhead").is_visible()


def test_the_policy_pages_box_prints_in_black_on_white(phones, oak_url):
    """Browsers print no backgrounds: white text on the school's colour would vanish."""
    page = phones["light"].load(f"{oak_url}oak/social-media/")
    page.emulate_media(media="print")
    box = page.locator("#ps_worried")
    assert box.is_visible()
    settle(page)
    for part in (box, box.locator("h2"), box.locator("a").first):
        assert part.evaluate("(e) => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    assert box.evaluate("(e) => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("social-media/", "#ps_worried h2"),
        ("social-media/", "#ps_worried p"),
        ("social-media/", "#ps_worried a"),
        ("social-media/", ".ps-banner"),
        ("social-media/parent-letter/", "#ps_worried a"),
        ("social-media/parent-letter/", ".ps-school"),
        ("social-media/staff-code/", ".ps-school"),
    ],
)
def test_box_banner_and_letterhead_text_has_4_5_to_1_contrast_in_both_palettes(phones, oak_url, scheme, path, selector):
    page = phones[scheme].load(f"{oak_url}oak/{path}")
    shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert shown == SCHEMES[scheme], f"a device set to {scheme} got the {shown} palette"
    parts = page.locator(selector)
    assert parts.count() > 0, f"no {selector} on {path}"
    settle(page)
    for index in range(parts.count()):
        ratio = parts.nth(index).evaluate(CONTRAST)
        assert ratio >= 4.5, f"{selector} #{index} on {path} ({scheme}): {ratio:.2f}:1"
