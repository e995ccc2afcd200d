"""Issue 14, items 2 and 5, in Chromium: the site around the pages.

On a phone (360 x 740) every school page's header shows, in its first screen, the school's
logo (loaded, not broken) and name, on the school's colour in both palettes; the site's own
pages show the federation's. Every page's footer links to the accessibility statement and
the privacy note, and the links work at every depth, and on the 404 page of a site below a
sub-path. What the privacy note says is checked: no cookie, and nothing kept on the device
but the palette choice. A school's name stays text in the header, where the theme's
tooltips build HTML from titles.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import yaml

from ..errors_support import make_project, run
from .conftest import Tab, phone_context, served
from .support import KINDS, PAGES, ROOT, SITE_PAGES, SLUGS, page_id, page_path, school
from .test_not_found import MISSING, open_missing, under_sub  # noqa: F401  (under_sub: a fixture)

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 360, 740
SITE_NAME = "Our schools' policies"
FOOTER = {"Accessibility statement": "accessibility/", "Privacy": "privacy/"}


def rgb(colour: str) -> str:
    """`#1d4f7a` as getComputedStyle writes it."""
    return "rgb({}, {}, {})".format(*(int(colour[n : n + 2], 16) for n in (1, 3, 5)))


def federation_colour() -> str:
    defaults = yaml.safe_load((ROOT / "content/social-media/defaults.yml").read_text(encoding="utf-8"))
    return defaults["colour"]


@pytest.fixture(scope="module", params=["light", "dark"])
def phone_in(request, browser) -> Iterator[tuple[str, Tab]]:
    """A 360 x 740 phone set to the light palette, then one set to the dark."""
    context = phone_context(browser, WIDTH, HEIGHT, color_scheme=request.param)
    yield request.param, Tab(context)
    context.close()


def in_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return (
        bool(box)
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= WIDTH
        and box["y"] + box["height"] <= HEIGHT
    )


def header_of(page) -> dict:
    logo = page.locator("header.md-header a.md-logo img")
    name = page.locator("header.md-header .md-header__topic").first
    return {
        "logo": logo,
        "name": name.inner_text().strip(),
        "colour": page.eval_on_selector("header.md-header", "h => getComputedStyle(h).backgroundColor"),
    }


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_school_page_shows_its_logo_and_name_first_on_a_phone(phone_in, base_url, slug, kind):
    scheme, tab = phone_in
    url = base_url + page_path(kind, slug)
    page = tab.load(url)
    found, own = header_of(page), school(slug)
    assert found["logo"].count() == 1 and found["logo"].is_visible(), f"{url}: no logo in the header"
    assert in_first_screen(found["logo"]), f"{url}: the logo is not in the first {WIDTH}x{HEIGHT} screen"
    assert found["logo"].evaluate("img => img.complete && img.naturalWidth > 0"), f"{url}: the logo did not load"
    assert found["name"] == own["name"], url
    assert in_first_screen(page.locator("header.md-header .md-header__topic").first)
    assert found["colour"] == rgb(own["colour"]), f"{url} ({scheme}): the header is not the school's colour"


@pytest.mark.parametrize("kind", SITE_PAGES)
def test_the_sites_own_pages_show_the_federations_logo_and_the_sites_name(phone_in, base_url, kind):
    _, tab = phone_in
    page = tab.load(base_url + page_path(kind, None))
    found = header_of(page)
    assert found["logo"].is_visible() and found["logo"].evaluate("img => img.naturalWidth > 0")
    assert found["name"] == SITE_NAME
    assert found["colour"] == rgb(federation_colour())


def footer_links(page) -> dict[str, str]:
    """The footer's own links: their text -> the address they go to, resolved by the browser."""
    links = page.locator(".md-footer nav.ps-footer-links a")
    return {links.nth(n).inner_text().strip(): links.nth(n).evaluate("a => a.href") for n in range(links.count())}


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_page_links_the_accessibility_statement_and_privacy_note(desktop, base_url, page):
    loaded = desktop.load(base_url + page_path(*page))
    assert footer_links(loaded) == {text: base_url + path for text, path in FOOTER.items()}


def test_the_footer_links_lead_to_the_two_pages(desktop, base_url):
    for text, title in (("Accessibility statement", "Accessibility statement"), ("Privacy", "Privacy note")):
        page = desktop.load(base_url + page_path("letter", SLUGS[0]))
        page.locator(".md-footer nav.ps-footer-links a", has_text=text).click()
        page.wait_for_url(base_url + FOOTER[text])
        assert page.locator("h1").inner_text().removesuffix("¶").strip() == title
        # defaults.yml gives no federation_contact: the pages send people to their child's school
        assert "contact your child's school" in page.locator("article").inner_text().lower()


@pytest.fixture
def tab(browser) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    yield Tab(context)
    context.close()


def test_the_404_pages_footer_links_work_below_a_sub_path(tab, under_sub):  # noqa: F811
    page, _ = open_missing(tab, under_sub + MISSING)
    links = footer_links(page)
    assert links == {text: under_sub + path for text, path in FOOTER.items()}
    for address in links.values():
        assert page.request.get(address).status == 200


def test_nothing_is_kept_on_the_device_but_the_palette_choice(browser, base_url):
    """The privacy note's claims: no cookie; the theme keeps only the palette choice, in
    local storage; what is typed in search is in no request. Pages of each kind are
    opened, the palette switched and search used."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    try:
        tab = Tab(context)
        for page in PAGES:
            tab.load(base_url + page_path(*page))
        loaded = tab.load(base_url)
        box, meta = loaded.locator("input.md-search__input"), ".md-search-result__meta"
        box.click()
        before = loaded.locator(meta).inner_text()  # "Type to start searching", until search answers
        asked: list[str] = []
        loaded.on("request", lambda request: asked.append(request.url))
        word = school(SLUGS[0])["name"].split()[0]
        box.press_sequentially(word)
        loaded.wait_for_function(f"t => document.querySelector('{meta}').innerText !== t", arg=before)
        assert not [url for url in asked if word.lower() in url.lower()]  # what is typed is sent nowhere
        loaded = tab.load(base_url + page_path("policy", SLUGS[0]))
        loaded.locator("form[data-md-component=palette] label:visible").click()
        loaded.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        kept = loaded.evaluate(
            "() => ({cookie: document.cookie, local: Object.keys(localStorage), session: Object.keys(sessionStorage)})"
        )
        assert context.cookies() == [] and kept["cookie"] == ""
        assert kept == {"cookie": "", "local": ["/.__palette"], "session": []}
    finally:
        context.close()


HOSTILE_NAME = '<img src=x onerror=window.__xss=1> Oak & "Ash" School'


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory) -> Iterator[str]:
    project = make_project(tmp_path_factory.mktemp("hostile-header") / "project")
    (project / "schools/logos").mkdir()
    (project / "schools/logos/oak.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#1d4f7a"/></svg>',
        encoding="utf-8",
    )
    school = project / "schools/good-school.yml"
    text = school.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name:"))
    school.write_text(text.replace(name, f"name: {json.dumps(HOSTILE_NAME)}\nlogo: logos/oak.svg"), encoding="utf-8")
    code, _, err = run(project, "build", "--no-pdf")
    assert code == 0, err
    with served(project / "site") as url:
        yield url + "good-school/social-media/"


def test_a_hostile_school_name_stays_text_in_the_header(tab, hostile_url):
    page = tab.load(hostile_url)
    found = header_of(page)
    assert found["name"] == HOSTILE_NAME
    assert page.locator("header.md-header a.md-logo").get_attribute("aria-label") == HOSTILE_NAME
    for element in ("header.md-header a.md-logo", "header.md-header .md-header__topic"):
        page.locator(element).first.hover()
    assert page.locator("header.md-header img").count() == 1  # the logo: no image made of the name
    assert page.evaluate("window.__xss") is None
