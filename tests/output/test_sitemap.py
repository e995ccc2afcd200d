"""Issue 13, item 1 (output/sitemap.py): with `site_url` in mkdocs.yml the site has a
sitemap listing every page with the date it last changed, from the inputs alone, whatever
the mkdocs processes it was built in or the pages reused; without one the build works and
says so once; a `site_url` the theme can't print as it is, or plain http, is refused."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from policysite.output import mkdocs_run, sitemap

from ..errors_support import run
from ..helpers import build_site, check_errors
from .test_incremental import rename

URL = "https://policies.example.org/trust/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PAGES = ("social-media/", "social-media/parent-letter/", "social-media/staff-code/")


def with_site_url(root: Path, value: str) -> int:
    """Add `site_url: value` as the last line of the project's mkdocs.yml; returns its line."""
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"site_url: {value}\n", encoding="utf-8")
    return text.count("\n") + 1


def entries(site: Path) -> dict[str, str | None]:
    """loc -> lastmod (None when the page has none), in the sitemap's order."""
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    return {url.findtext("s:loc", "", NS): url.findtext("s:lastmod", None, NS) for url in root.findall("s:url", NS)}


def every_page(slugs: list[str], languages: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """The home page, then each school's pages, each followed by the same page in each of
    the school's `languages` (by slug). Not the leads' report: noindex."""
    pages = [page.removeprefix("social-media/") for page in PAGES]
    folders = {slug: ["", *(f"{code}/" for code in (languages or {}).get(slug, ()))] for slug in slugs}
    listed = (f"{URL}{slug}/social-media/{code}{page}" for slug in slugs for page in pages for code in folders[slug])
    return [URL, *listed]


DATED = {
    "dated": (
        "name: Dated School\n"
        "letter:\n  date: 2024-09-02\n"
        "document_control:\n  approved_on: 2024-03-05\n  history:\n"
        "    - version: '1'\n      date: 2024-06-01\n      summary: First\n"
    ),
    "termly": "name: Termly School\ndocument_control:\n  approved_on: Autumn 2024\n",
    "undated": "name: Undated School\n",
}


def test_the_sitemap_lists_every_page_with_its_last_changed_date(mini_project):
    """A page's date is its newest version or approval (the letter's also its own date);
    a term counts from its first day, never a day still to come; the site's own pages take
    the newest school page's; a school that gives no date has none."""
    root = mini_project(DATED)
    with_site_url(root, URL)
    build_site(root, root / "site")
    found = entries(root / "site")
    assert list(found) == every_page(["dated", "termly", "undated"])
    dated, termly = URL + "dated/social-media/", URL + "termly/social-media/"
    assert found[dated] == found[dated + "staff-code/"] == "2024-06-01"
    assert found[dated + "parent-letter/"] == "2024-09-02"
    assert {found[termly + page.removeprefix("social-media/")] for page in PAGES} == {"2024-09-01"}
    assert {found[URL + "undated/" + page] for page in PAGES} == {None}
    assert found[URL] == "2024-09-02"


def test_source_date_epoch_dates_the_pages_that_have_no_date_of_their_own(mini_project, monkeypatch):
    root = mini_project(DATED)
    with_site_url(root, URL)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    monkeypatch.setenv("POLICYSITE_NO_GIT_HISTORY", "1")
    code, _, err = run(root, "build", "--no-pdf")
    assert code == 0, err
    found = entries(root / "site")
    assert {found[URL + "undated/" + page] for page in PAGES} == {"2026-01-01"}
    assert found[URL] == "2026-01-01"
    assert found[URL + "dated/social-media/"] == "2024-06-01"  # its own date, not the build's


@pytest.fixture
def in_parts(monkeypatch):
    """Three mkdocs processes for the four seed schools (see test_parallel_pages)."""
    monkeypatch.setattr(mkdocs_run, "parts_for", lambda schools, cores, making_pdfs: 3)


def test_a_rebuild_in_parts_lists_every_school_as_a_whole_build_does(project, in_parts, monkeypatch):
    """Each mkdocs process sees a share of the schools, and a rebuild renders only the school
    that changed: the sitemap still lists every school, byte for byte as one fresh build."""
    with_site_url(project, URL)
    build_site(project, project / "site")
    rename(project, "cambois", " (renamed)")
    result = build_site(project, project / "site")
    monkeypatch.setattr(mkdocs_run, "parts_for", lambda schools, cores, making_pdfs: 1)
    build_site(project, project / "fresh")
    slugs = [school.slug for school in result.schools]
    languages = {school.slug: tuple(school.data.get("languages") or ()) for school in result.schools}
    assert languages["cumbria-futures"] == ("pl", "ur")  # the seed that publishes translations: listed too
    assert list(entries(project / "site")) == every_page(slugs, languages) and len(slugs) == 4
    for name in sitemap.FILES:
        assert (project / "site" / name).read_bytes() == (project / "fresh" / name).read_bytes()


def test_the_gzip_copy_holds_the_sitemap_and_no_time(mini_project):
    root = mini_project(DATED)
    with_site_url(root, URL)
    build_site(root, root / "site")
    packed = (root / "site" / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed) == (root / "site" / "sitemap.xml").read_bytes()
    assert packed[4:8] == b"\0\0\0\0"  # the gzip header's modification time: none


def test_without_site_url_the_build_works_and_says_so_once(mini_project):
    root = mini_project(DATED)
    code, out, err = run(root, "build", "--no-pdf")
    assert code == 0, err
    assert out.count("`site_url`") == 1 and "`site_url`" not in err, out
    assert not list((root / "site").glob("sitemap.xml*"))
    assert "404.html" in out  # what is missing, said in the one note


def test_with_site_url_nothing_is_said_about_it(mini_project):
    root = mini_project(DATED)
    with_site_url(root, URL)
    code, out, err = run(root, "build", "--no-pdf")
    assert code == 0, err
    assert "`site_url`" not in out + err


@pytest.mark.parametrize(
    "value",
    [
        "'https://policies.example.org/\"><script>alert(1)</script>'",
        "javascript:alert(1)",
        "ftp://policies.example.org/",
        "https://policies.example.org/?page=1",
        "https://policies.example.org/#top",
        "https://lead:secret@policies.example.org/",
        "'https://policies.example.org/our policies/'",
        "https://écoles.example.org/",
        "policies.example.org",
        "42",
    ],
)
def test_a_site_url_the_theme_cannot_print_as_it_is_is_refused_at_its_line(mini_project, value):
    root = mini_project(DATED)
    line = with_site_url(root, value)
    errors = check_errors(root)
    assert [str(e.location) for e in errors] == [f"mkdocs.yml:{line}:11"], errors
    assert "`site_url` is not a web address" in errors[0].message


def test_plain_http_is_refused_but_for_this_computer(mini_project):
    root = mini_project(DATED)
    line = with_site_url(root, "http://policies.example.org/")
    errors = check_errors(root)
    assert [(str(e.location), e.message) for e in errors] == [
        (f"mkdocs.yml:{line}:11", "mkdocs.yml: `site_url` starts with http://")
    ]
    assert "https://" in errors[0].hint


@pytest.mark.parametrize(
    "value, listed",
    [
        ("https://example.github.io/policies", "https://example.github.io/policies/"),  # mkdocs adds the /
        ("http://127.0.0.1:8000/sub/", "http://127.0.0.1:8000/sub/"),
        ("http://localhost/", "http://localhost/"),
        ("https://[2001:db8::1]/a%20b/", "https://[2001:db8::1]/a%20b/"),
    ],
)
def test_a_good_site_url_gives_the_addresses_as_mkdocs_writes_them(mini_project, value, listed):
    root = mini_project({"undated": DATED["undated"]})
    with_site_url(root, value)
    build_site(root, root / "site")
    assert list(entries(root / "site"))[:2] == [listed, listed + "undated/social-media/"]
    page = (root / "site/undated/social-media/index.html").read_text(encoding="utf-8")
    assert re.search(f'<link rel="canonical" href="{re.escape(listed)}undated/social-media/">', page)
