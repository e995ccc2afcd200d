"""The header's logo and colour reach mkdocs-material's templates, which print them as they
are, only in a known shape: `#rrggbb` and a logo's place in assets/logos/. Two walls:
pages/shell.py refuses anything else with an exception (identity.py has checked the
inputs, so anything else is a policysite bug), and templates/mkdocs/partials/identity.html
prints no colour that is not `#` and six hex digits, even if one got past shell.py."""

from __future__ import annotations

import jinja2
import pytest

from policysite.model import Federation, Image
from policysite.pages import shell

from ..helpers import ROOT

GOOD = ("#1d4f7a", "#000000", "#abcdef")
HOSTILE = (
    "#1d4f7a}body{display:none",
    "#1d4f7a</style><script>alert(1)</script>",
    "red",
    "#FFF",
    "#1D4F7A",  # identity.py writes lower case: an upper-case colour never comes from it
    "#1d4f7",
    "#1d4f7a ",
    " #1d4f7a",
    "#1d4f7a\n",
    "#1d4f7g",
    "",
    "expression(alert(1))",
)


def image(data: bytes = b"<svg/>", width: int = 100, height: int = 40) -> Image:
    return Image(source="schools/logos/oak.svg", media_type="image/svg+xml", data=data, width=width, height=height)


@pytest.mark.parametrize("colour", GOOD)
def test_a_checked_colour_passes(colour):
    assert shell.colour(colour) == colour
    assert shell.school_identity({"colour": colour, "logo": None}) == {"logo": None, "colour": colour}


@pytest.mark.parametrize("colour", [*HOSTILE, 0x1D4F7A, ["#1d4f7a"]])
def test_anything_else_is_refused_not_passed_on(colour):
    with pytest.raises(ValueError, match="not #rrggbb"):
        shell.colour(colour)
    with pytest.raises(ValueError):
        shell.site_identity(Federation(name=None, logo=None, colour=colour, contact={}))


def test_a_logo_gives_its_place_and_size():
    logo = image()
    assert shell.logo(logo) == {"src": logo.site_path, "width": 100, "height": 40}
    assert logo.site_path.startswith("assets/logos/") and logo.site_path.endswith(".svg")


@pytest.mark.parametrize("width, height", [(0, 40), (100, -1), (True, 40), (1.5, 40), ("100", 40)])
def test_a_logo_of_no_whole_size_is_refused(width, height):
    with pytest.raises(ValueError, match="size"):
        shell.logo(image(width=width, height=height))


def test_a_logo_elsewhere_than_assets_logos_is_refused():
    class Elsewhere(Image):
        @property
        def site_path(self) -> str:
            return 'assets/logos/x.svg" onerror="alert(1)'

    with pytest.raises(ValueError, match="site path"):
        shell.logo(Elsewhere("a.svg", "image/svg+xml", b"<svg/>", 1, 1))


def test_logo_files_are_each_logo_once():
    shared, own = image(b"<svg>shared</svg>"), image(b"<svg>own</svg>")

    class School:
        def __init__(self, logo):
            self.data = {"logo": logo}

    schools = [School(shared), School(shared), School(own), School(None)]
    files = shell.logo_files(Federation(None, shared, None, {}), schools)
    assert files == {shared.site_path: shared.data, own.site_path: own.data}


# ---- the template's own check ----------------------------------------------------------


def identity_module(school: dict | None, site: dict | None):
    """templates/mkdocs/partials/identity.html as the theme imports it (`with context`), on
    a page whose front matter says `school`, in a site whose config.extra says `site`."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "templates" / "mkdocs")))
    page = {"meta": {"school": school} if school else {}}
    config = {"site_name": "Our <schools>", "extra": {shell.SITE_IDENTITY: site} if site else {}}
    context = {"page": page, "config": config, "nav": {"homepage": {"url": ""}}}
    return env.get_template("partials/identity.html").make_module(context)


@pytest.mark.parametrize("colour", HOSTILE)
def test_the_template_prints_no_colour_that_is_not_rrggbb(colour):
    school = {"name": "Oak", "folder": "oak/social-media/", "logo": None, "colour": colour}
    assert identity_module(school, None).colour is None
    assert identity_module(None, {"logo": None, "colour": colour}).colour is None


@pytest.mark.parametrize("colour", GOOD)
def test_the_template_keeps_a_colour_that_is(colour):
    school = {"name": "Oak", "folder": "oak/social-media/", "logo": None, "colour": colour}
    assert identity_module(school, None).colour == colour
    assert identity_module(None, {"logo": None, "colour": colour}).colour == colour


def test_the_site_name_is_escaped_and_a_school_page_is_the_schools():
    site = {"logo": {"src": "assets/logos/f.svg"}, "colour": "#253a6b"}
    own = identity_module(None, site)
    assert (own.name, own.logo["src"], own.colour) == ("Our &lt;schools&gt;", "assets/logos/f.svg", "#253a6b")
    school = {"name": "Oak &amp; Ash", "folder": "oak/social-media/", "logo": None, "colour": None}
    theirs = identity_module(school, site)
    assert (theirs.name, theirs.logo, theirs.colour, theirs.home) == ("Oak &amp; Ash", None, None, "oak/social-media/")
