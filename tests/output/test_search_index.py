"""Search: each school's pages search that school only, in its own full index; the site's
index (the home page's) holds only the schools' names, so it stays small at any size;
and search understands word forms (mkdocs.yml's lunr pipeline reaches both)."""

import html
import json

from policysite.output import search

from ..helpers import ROOT, SLUGS, build_site, read_yaml
from .test_incremental import current_plan

PIPELINE = ["stemmer", "stopWordFilter", "trimmer"]


def read(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_each_school_index_holds_every_section_of_its_own_pages(built_site):
    site, result = built_site
    whole = read(site / "search" / "search_index.json")
    for school in result.schools:
        own = read(site / school.slug / "social-media" / "search" / "search_index.json")
        assert own["config"] == whole["config"]
        locations = [entry["location"] for entry in own["docs"]]
        assert {location.split("#")[0] for location in locations} == {"", "parent-letter/", "staff-code/"}
        assert "#raising-concerns" in locations  # sections, not only pages
        assert all(not location.startswith(("/", school.slug)) for location in locations)  # relative to the folder
        assert sum(len(entry["text"]) for entry in own["docs"]) > 10_000  # the pages' text


def test_the_site_index_holds_one_entry_per_school_its_name_and_no_text(built_site):
    site, result = built_site
    docs = read(site / "search" / "search_index.json")["docs"]
    assert docs == [
        {"location": f"{school.slug}/social-media/", "title": html.escape(school.data["name"], quote=False), "text": ""}
        for school in result.schools
    ]
    assert [entry["location"] for entry in docs] == [f"{slug}/social-media/" for slug in SLUGS]


def test_search_stems_words_and_drops_stop_words_as_mkdocs_yml_says(built_site):
    site, _ = built_site
    assert {"search": {"lang": "en", "pipeline": PIPELINE}} in read_yaml(ROOT / "mkdocs.yml")["plugins"]
    for index in (site / search.INDEX, site / SLUGS[0] / "social-media" / search.INDEX):
        assert read(index)["config"]["pipeline"] == PIPELINE and read(index)["config"]["lang"] == ["en"]


def test_a_school_whose_index_is_gone_is_rendered_again(project):
    """A school's index is written only from the pages mkdocs renders, so it is reused with
    them (incremental.PAGE_FILES), and a school without it is rendered again."""
    build_site(project, project / "site")
    index = project / "site" / "cambois" / "social-media" / search.INDEX
    expected = index.read_bytes()
    index.unlink()
    assert current_plan(project, project / "site").build_pages == {"cambois/social-media/"}
    build_site(project, project / "site")
    assert index.read_bytes() == expected


def test_school_pages_point_search_at_their_folder(built_site):
    site, _ = built_site
    for page, base in (("", '"./"'), ("parent-letter/", '"../"'), ("staff-code/", '"../"')):
        html_text = (site / SLUGS[0] / "social-media" / page / "index.html").read_text(encoding="utf-8")
        assert f"config.base = {base};" in html_text, page
    assert "config.base =" not in (site / "index.html").read_text(encoding="utf-8")
