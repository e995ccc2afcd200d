"""The sanitiser's one image (policysite/pages/markup.py): page HTML may show a logo the
build publishes, by its address relative to the page, and nothing else; text HTML (a
school's Markdown) never shows an image at all."""

from __future__ import annotations

import re

import pytest

from policysite.pages.markup import clean_page, clean_text

LOGO = "../../assets/logos/0123456789abcdef.svg"
KEPT = f'<img class="ps-logo" src="{LOGO}" alt="Oak &amp; Ash logo" width="120" height="80">'


def img(html: str) -> dict[str, str]:
    """The attributes of the one image `html` is (nh3 may write them in another order)."""
    assert re.fullmatch(r"<img( [\w-]+=\"[^\"]*\")*>", html), html
    return dict(re.findall(r'([\w-]+)="([^"]*)"', html))


def test_a_logo_keeps_its_address_alt_size_and_class():
    assert clean_page(KEPT) == KEPT
    for src in ("assets/logos/0123456789abcdef.png", "../../../assets/logos/fedcba9876543210.svg"):
        assert clean_page(f'<img src="{src}" alt="">') == f'<img src="{src}" alt="">'


@pytest.mark.parametrize(
    "src",
    [
        "x",
        "https://evil.example/assets/logos/0123456789abcdef.svg",
        "//evil.example/assets/logos/0123456789abcdef.svg",
        "/assets/logos/0123456789abcdef.svg",  # leaves a site published under a sub-path
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "../../assets/logos/0123456789ABCDEF.svg",
        "../../assets/logos/0123456789abcde.svg",  # 15 hex digits
        "../../assets/logos/0123456789abcdef0.svg",
        "../../assets/logos/0123456789abcdef.svg.png",
        "../../assets/logos/0123456789abcdef.gif",
        "../../assets/logos/0123456789abcdef.svg?x=1",
        "../../assets/logos/0123456789abcdef.svg#x",
        "../../assets/logos/../../secret.svg",
        "./assets/logos/0123456789abcdef.svg",
        "..\\assets/logos/0123456789abcdef.svg",
        " ../../assets/logos/0123456789abcdef.svg",
        "../../templates/assets/logos/0123456789abcdef.svg",
    ],
)
def test_an_image_with_any_other_address_is_dropped_whole(src):
    """Not left as an <img> without src: that shows a broken image, or its alt as text."""
    assert clean_page(f'<p>a<img src="{src}" alt="A logo" width="1" height="1">b</p>') == "<p>ab</p>"


def test_an_image_without_an_address_is_dropped():
    assert clean_page('<p>a<img alt="src=&quot;x">b</p>') == "<p>ab</p>"


@pytest.mark.parametrize(
    "extra",
    [
        'onerror="alert(1)"',
        'onload="alert(1)"',
        'srcset="https://evil.example/x.png 2x"',
        'style="background:url(https://evil.example/)"',
        'id="overview"',  # a section's id: the contract would count the logo as the section
        'aria-hidden="true"',
        'usemap="#m"',
        'loading="eager"',  # only "lazy", for the home page's list of logos (pages/home.py)
    ],
)
def test_a_logo_keeps_none_of_its_other_attributes(extra):
    cleaned = clean_page(f'<img {extra} class="ps-logo" src="{LOGO}" alt="Oak &amp; Ash logo" width="120" height="80">')
    assert img(cleaned) == img(KEPT)


def test_a_logo_may_load_lazily():
    assert img(clean_page(f'<img src="{LOGO}" alt="" loading="lazy">')) == {"src": LOGO, "alt": "", "loading": "lazy"}


@pytest.mark.parametrize("size", ["100%", "12px", "1e3", "", "-1", "\uff11\uff12"])  # the last: full-width digits
def test_a_logos_size_is_plain_digits_or_dropped(size):
    assert img(clean_page(f'<img src="{LOGO}" alt="" width="{size}" height="{size}">')) == {"src": LOGO, "alt": ""}


def test_school_text_never_shows_an_image_even_a_logo():
    assert clean_text(f"<p>a{KEPT}b</p>") == "<p>ab</p>"


def test_only_a_section_and_its_heading_may_be_left_out_of_search():
    """mkdocs-material's data-search-exclude, for the "Worried about a post?" box."""
    html = '<section data-search-exclude="true"><h2 data-search-exclude="true">x</h2>'
    assert clean_page(html + '<p data-search-exclude="true">y</p></section>') == (
        '<section data-search-exclude="true"><h2 data-search-exclude="true">x</h2><p>y</p></section>'
    )
    assert clean_text('<p data-search-exclude="true">y</p>') == "<p>y</p>"
