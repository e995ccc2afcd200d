"""Issue 13, item 2: what a page says about itself in its <head>, as mkdocs-material and our
overrides (templates/mkdocs/main.html, partials/languages/en-GB.html) write it: its own
title and description, Open Graph for shared links, a canonical address with `site_url`,
British English, and the federation's favicon. A school's name is hostile input: it stays
text in every one of them."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ..helpers import ROOT, build_site
from .test_sitemap import with_site_url

URL = "https://policies.example.org/"
HOSTILE_NAME = "St \"Quoted\" <b>Bold</b> & O'Brien's School"
HOSTILE_SHORT = '"Q" <i>St'
HOSTILE = f"name: '{HOSTILE_NAME.replace(chr(39), chr(39) * 2)}'\nshort_name: '{HOSTILE_SHORT}'\n"
PAGES = ("social-media/", "social-media/parent-letter/", "social-media/staff-code/")


class Head(HTMLParser):
    """<html lang>, <title>, every <meta> (by name or property) and <link> (by rel) of a page,
    with entities decoded as a browser decodes them; and any other tag inside <head>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.title = ""
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.tags_in_title: list[str] = []
        self._in = ""
        self._body = False  # an svg's <title> in the body labels its drawing (the letter's QR code)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "body":
            self._body = True
        elif tag == "title" and not self._body:
            self._in = "title"
        elif self._in == "title":
            self.tags_in_title.append(tag)
        elif tag == "meta" and (attrs.get("name") or attrs.get("property")):
            self.meta[attrs.get("name") or attrs["property"]] = attrs.get("content") or ""
        elif tag == "link" and attrs.get("rel"):
            self.links[attrs["rel"]] = attrs.get("href") or ""

    def handle_endtag(self, tag):
        if tag == "title":
            self._in = ""

    def handle_data(self, data):
        if self._in == "title":
            self.title += data


def head(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The seed schools and a school with a hostile name, built with a site_url: (site,
    slug -> name)."""
    from ..errors_support import seed_copy

    project = seed_copy(tmp_path_factory.mktemp("meta") / "project")
    (project / "schools" / "hostile.yml").write_text(HOSTILE, encoding="utf-8")
    with_site_url(project, URL)
    result = build_site(project, project / "site")
    return project / "site", {school.slug: school.data["name"] for school in result.schools}


def school_pages(site: tuple[Path, dict[str, str]]):
    folder, names = site
    for slug, name in names.items():
        for page in PAGES:
            yield slug, name, page, folder / slug / page / "index.html"


def test_every_school_page_has_its_own_title_and_description(site):
    """Its description names the document (its title, before the school's short name) and
    the school: no two pages of the site share either."""
    titles, descriptions = set(), set()
    for _, name, _, path in school_pages(site):
        found = head(path)
        titles.add(found.title)
        descriptions.add(found.meta["description"])
        document = found.title.rsplit(" – ", 1)[0]
        assert found.meta["description"].startswith(document) and name in found.meta["description"], path
    assert len(titles) == len(descriptions) == len(list(school_pages(site))) == 15


def test_open_graph_says_what_the_page_is_and_where(site):
    for slug, _, page, path in school_pages(site):
        found = head(path)
        address = f"{URL}{slug}/{page}"
        assert found.links["canonical"] == found.meta["og:url"] == address, path
        assert found.meta["og:type"] == "website"
        assert found.meta["og:site_name"] == "Our schools' policies"
        assert found.title == found.meta["og:title"] + " - Our schools' policies"
        assert found.meta["og:description"] == found.meta["description"]


def test_the_sites_own_pages_say_what_they_are(site):
    folder, _ = site
    for page in ("", "leads/differences/"):
        found = head(folder / page / "index.html")
        assert found.links["canonical"] == found.meta["og:url"] == URL + page
        assert found.meta["og:description"] == found.meta["description"]
        assert found.meta["og:description"].startswith("Policies on using social media")
    assert head(folder / "index.html").meta["og:title"] == "Our schools' policies"
    assert head(folder / "leads/differences/index.html").meta["og:title"] == "How schools differ"


def test_a_hostile_school_name_stays_text_in_the_head(site):
    """Quotes and < in a name end no attribute and open no tag: what a browser reads back
    from every attribute and the title is the name as the school file writes it."""
    folder, _ = site
    for page in PAGES:
        path = folder / "hostile" / page / "index.html"
        found = head(path)
        assert HOSTILE_NAME in found.meta["description"] and HOSTILE_NAME in found.meta["og:description"]
        assert found.meta["og:title"].endswith(f"– {HOSTILE_SHORT}") and HOSTILE_SHORT in found.title
        assert found.tags_in_title == []
        assert "<b>" not in path.read_text(encoding="utf-8").split("</head>")[0]


def test_every_page_says_british_english_but_a_translations_its_language(site):
    """A translation's pages (<slug>/social-media/<code>/: cumbria-futures publishes pl and
    ur) say their language (templates/mkdocs/partials/language.html); every other page en-GB."""
    folder, _ = site
    pages = list(folder.rglob("*.html"))
    assert folder / "404.html" in pages and len(pages) > 15
    said = {path.relative_to(folder).as_posix(): head(path).lang for path in pages}
    expected = {relative: _language(relative) for relative in said}
    assert said == expected and {"pl", "ur"} < set(expected.values())


def _language(relative: str) -> str:
    """The language a page's place says: the code folder under a school's policy folder."""
    parts = relative.split("/")
    return parts[2] if len(parts) > 3 and parts[1] == "social-media" and len(parts[2]) in (2, 3) else "en-GB"


def test_every_page_shows_the_federations_favicon(site):
    """The icon the page links (relative to the page) is the federation's logo, as
    defaults.yml names it (without one: test_mkdocs_run_identity.py)."""
    from policysite.inputs.load import load_inputs

    folder, _ = site
    ours = load_inputs(ROOT, "content/social-media", "schools")[0].federation.logo.data  # as checked and written again
    for path in [folder / "index.html", *(path for *_, path in school_pages(site))]:
        href = head(path).links["icon"]
        target = posixpath.normpath(posixpath.join(path.parent.relative_to(folder).as_posix(), href))
        assert (folder / target).read_bytes() == ours, path


def test_without_site_url_there_is_no_canonical_address(mini_project):
    root = mini_project("name: Oak School\n")
    build_site(root, root / "site")
    found = head(root / "site" / "mini" / "social-media" / "index.html")
    assert "canonical" not in found.links and "og:url" not in found.meta
    assert found.meta["og:title"] and "Oak School" in found.meta["og:description"]


@pytest.mark.parametrize("key", ["favicon"])  # theme.logo is refused whatever it holds: test_mkdocs_run_identity.py
def test_a_theme_path_with_a_quote_is_refused_at_its_line(mini_project, key):
    """mkdocs-material prints theme.favicon into an attribute as it is."""
    from ..helpers import check_errors

    root = mini_project("name: Oak School\n")
    settings = root / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    ours = "  favicon: assets/favicon.svg\n"
    settings.write_text(text.replace(ours, f"  {key}: 'x.svg\" onload=\"alert(1)'\n"), encoding="utf-8")
    line = text.split(ours)[0].count("\n") + 1
    errors = check_errors(root)
    assert [(str(e.location), e.message) for e in errors] == [
        (f"mkdocs.yml:{line}:{len(key) + 5}", f"mkdocs.yml: `theme.{key}` can't hold <, > or \"")
    ]
