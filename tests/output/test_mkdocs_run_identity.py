"""Issue 14, item 2: whose site each page says it is, as the built HTML says it. A school's
pages carry its logo, name and colour in the header (templates/mkdocs/partials/header.html,
logo.html, main.html); the site's own pages and the 404 page the federation's logo and
site_name; every distinct logo is published once; the favicon is the federation's logo;
`theme.logo` in mkdocs.yml is refused; and a school's logo or colour, or the federation's
logo, changes the keys of the pages that show it (incremental builds)."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ..errors_support import seed_copy
from ..helpers import build_site, check_errors
from .test_incremental import current_plan

SCHOOL_PAGES = ("social-media/", "social-media/parent-letter/", "social-media/staff-code/")
SITE_PAGES = ("", "accessibility/", "privacy/")
# The only <style> a page's <head> may hold: the colour, as templates/mkdocs/main.html writes it.
STYLE = re.compile(
    r":root\{--ps-colour:(#[0-9a-f]{6})\}\[data-md-color-primary\]\{--md-primary-fg-color:var\(--ps-colour\);"
    r"--md-primary-fg-color--light:var\(--ps-colour\);--md-primary-fg-color--dark:var\(--ps-colour\);"
    r"--md-primary-bg-color:#fff;--md-primary-bg-color--light:#ffffffb3\}"
    r"\[data-md-color-scheme=default\]\{--md-typeset-a-color:var\(--ps-colour\)\}"
)


class Header(HTMLParser):
    """What a page's header shows: its logo link (href, label, img), its first topic's text
    (the name), any <svg> inside the logo link; and every <style> and icon link of <head>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.logo_link: dict | None = None
        self.logo_img: dict | None = None
        self.logo_svg = False
        self.name = ""
        self.styles: list[str] = []
        self.icon = ""
        self._in: list[str] = []  # "header", "logo", "topic", "style"
        self._depth = {"header": 0, "logo": 0, "topic": 0}
        self._topics = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "link" and attrs.get("rel") == "icon":
            self.icon = attrs.get("href") or ""
        if tag == "style":
            self._in.append("style")
            self.styles.append("")
        if tag == "header" and "md-header" in classes:
            self._in.append("header")
        if "header" not in self._in:
            return
        if tag == "a" and "md-logo" in classes:
            self.logo_link = attrs
            self._in.append("logo")
        elif "logo" in self._in and tag == "img":
            self.logo_img = attrs
        elif "logo" in self._in and tag == "svg":
            self.logo_svg = True
        elif tag == "div" and "md-header__topic" in classes:
            self._topics += 1
            if self._topics == 1:
                self._in.append("topic")

    def handle_endtag(self, tag):
        ends = {"style": "style", "header": "header", "a": "logo", "div": "topic"}
        if tag in ends and self._in and self._in[-1] == ends[tag]:
            self._in.pop()

    def handle_data(self, data):
        if self._in and self._in[-1] == "style":
            self.styles[-1] += data
        elif self._in and self._in[-1] == "topic":
            self.name += data


def header(path: Path) -> Header:
    parser = Header()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    parser.name = " ".join(parser.name.split())
    return parser


def target(site: Path, page: Path, href: str) -> Path:
    """The file a relative address on `page` names."""
    return site / posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), href))


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    """The seed schools (each with its logo and colour; the federation's in defaults.yml),
    built: (site, BuildResult)."""
    project = seed_copy(tmp_path_factory.mktemp("identity") / "project")
    return project / "site", build_site(project, project / "site")


def test_each_school_page_shows_its_logo_name_and_colour_in_the_header(seed):
    site, result = seed
    for school in result.schools:
        logo, colour = school.data["logo"], school.data["colour"]
        assert logo is not None and colour is not None, school.slug  # the seeds give both
        for page in SCHOOL_PAGES:
            path = site / school.slug / page / "index.html"
            found = header(path)
            assert found.name == school.data["name"], path
            assert found.logo_link["aria-label"] == school.data["name"] and "title" not in found.logo_link
            assert target(site, path, found.logo_link["href"]) == site / school.slug / "social-media"
            img = found.logo_img
            assert target(site, path, img["src"]).read_bytes() == logo.data, path
            assert (img["alt"], img["width"], img["height"]) == ("", str(logo.width), str(logo.height))
            assert [STYLE.fullmatch(style)[1] for style in found.styles] == [colour], path


def test_the_sites_own_pages_show_the_federations_logo_and_site_name(seed):
    site, result = seed
    federation = result.content.federation
    for page in [*SITE_PAGES, "404.html"]:
        path = site / page / "index.html" if not page.endswith(".html") else site / page
        found = header(path)
        assert found.name == "Our schools' policies", path
        src = found.logo_img["src"]
        shown = site / src.lstrip("/") if src.startswith("/") else target(site, path, src)  # 404: from the root
        assert shown.read_bytes() == federation.logo.data
        assert [STYLE.fullmatch(style)[1] for style in found.styles] == [federation.colour], path


def test_every_logo_is_published_once_by_its_content(seed):
    site, result = seed
    logos = {school.data["logo"] for school in result.schools} | {result.content.federation.logo}
    published = {path.relative_to(site).as_posix(): path.read_bytes() for path in (site / "assets/logos").iterdir()}
    assert published == {logo.site_path: logo.data for logo in logos}
    assert len(published) == 5  # four schools' own and the federation's


def test_without_any_logo_or_colour_the_header_is_text_only(mini_project):
    """No broken image, no empty link, and not the theme's book icon; no colour style."""
    root = mini_project("name: Oak School\n")
    build_site(root, root / "site")
    for path in [root / "site/mini/social-media/index.html", root / "site/index.html", root / "site/404.html"]:
        found = header(path)
        assert found.logo_link is None and found.logo_img is None and not found.logo_svg, path
        assert found.styles == [], path
        assert found.name in ("Oak School", "Our schools' policies")
    drawer = (root / "site/mini/social-media/index.html").read_text(encoding="utf-8")
    assert 'class="md-nav__button md-logo"' not in drawer  # nor in the phone's drawer


def test_without_a_federation_logo_the_favicon_is_templates_own(mini_project):
    root = mini_project("name: Oak School\n")
    build_site(root, root / "site")
    ours = (root / "templates/assets/favicon.svg").read_bytes()
    for path in [root / "site/index.html", root / "site/mini/social-media/staff-code/index.html"]:
        assert target(root / "site", path, header(path).icon).read_bytes() == ours


def test_theme_logo_in_mkdocs_yml_is_refused_at_its_line(mini_project):
    """The usual mkdocs way to add a logo would show one logo for every school, or a broken
    image without a word: refused, saying where a logo is set."""
    root = mini_project("name: Oak School\n")
    settings = root / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    ours = "  favicon: assets/favicon.svg\n"
    settings.write_text(text.replace(ours, ours + "  logo: assets/logo.png\n"), encoding="utf-8")
    line = text.split(ours)[0].count("\n") + 2
    errors = check_errors(root)
    assert [(str(e.location), e.message) for e in errors] == [
        (f"mkdocs.yml:{line}:3", "mkdocs.yml: `theme.logo` is not used by policysite")
    ]
    assert "content/social-media/defaults.yml" in errors[0].hint and "school's file" in errors[0].hint


def set_line(path: Path, key: str, value: str) -> None:
    """Replace the file's top-level `key:` line."""
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(f"{key}:"))
    path.write_text(text.replace(line, f"{key}: {value}"), encoding="utf-8")


def test_a_schools_colour_or_logo_rebuilds_its_pages_only(tmp_path):
    root = seed_copy(tmp_path / "project")
    build_site(root, root / "site")
    assert current_plan(root, root / "site").build_pages == frozenset()
    set_line(root / "schools/cambois.yml", "colour", '"#1a1a1a"')
    assert current_plan(root, root / "site").build_pages == {"cambois/social-media/"}
    build_site(root, root / "site")
    logo = root / "schools/logos/the-avenue.svg"
    logo.write_text(logo.read_text(encoding="utf-8").replace("</svg>", '<circle cx="1" cy="1" r="1"/></svg>'))
    assert current_plan(root, root / "site").build_pages == {"the-avenue/social-media/"}


def test_the_federations_logo_rebuilds_every_page_its_favicon_is_on(tmp_path):
    root = seed_copy(tmp_path / "project")
    build_site(root, root / "site")
    logo = root / "content/social-media/logos/federation.svg"
    logo.write_text(logo.read_text(encoding="utf-8").replace("</svg>", '<circle cx="1" cy="1" r="1"/></svg>'))
    # every school has its own logo, but the federation's favicon; cumbria-futures' pl and ur pages too
    assert len(current_plan(root, root / "site").build_pages) == 4 + 2
