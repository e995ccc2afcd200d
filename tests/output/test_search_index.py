"""Each school's pages search that school only: its own index holds exactly its entries
from the site's index, with locations relative to the school's folder."""

import json

from ..helpers import SLUGS


def read(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_each_school_index_is_its_part_of_the_site_index(built_site):
    site, _ = built_site
    whole = read(site / "search" / "search_index.json")
    for slug in SLUGS:
        folder = f"{slug}/social-media/"
        own = read(site / folder / "search" / "search_index.json")
        assert own["config"] == whole["config"]
        expected = [
            {**entry, "location": entry["location"].removeprefix(folder)}
            for entry in whole["docs"]
            if entry["location"].startswith(folder)
        ]
        assert own["docs"] == expected
        assert {entry["location"].split("#")[0] for entry in own["docs"]} == {"", "parent-letter/", "staff-code/"}


def test_the_site_index_still_holds_every_page(built_site):
    site, _ = built_site
    pages = {entry["location"].split("#")[0] for entry in read(site / "search" / "search_index.json")["docs"]}
    assert {"", "federation/"} <= pages
    assert all(f"{slug}/social-media/parent-letter/" in pages for slug in SLUGS)


def test_school_pages_point_search_at_their_folder(built_site):
    site, _ = built_site
    for page, base in (("", '"./"'), ("parent-letter/", '"../"'), ("staff-code/", '"../"')):
        html = (site / SLUGS[0] / "social-media" / page / "index.html").read_text(encoding="utf-8")
        assert f"config.base = {base};" in html, page
    assert "config.base =" not in (site / "index.html").read_text(encoding="utf-8")
