"""A school that publishes translations: each language's policy, letter and staff-code pages
in its own folder, and its letter's PDF there; each page says its language and direction;
every page of the school links the same page in every language; and the contract is checked
on every language's pages and PDFs."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from policysite.inputs.load import school_files
from policysite.output import check, pdfs, pipeline, sitemap
from policysite.project import open_project

from ..errors_support import seed_copy
from ..helpers import PAGES, ROOT, build_site, reproducible_env

SLUG = "cambois"  # a seed school; it publishes both translations here
OTHER = "the-avenue"  # publishes none
LANGUAGES = ("pl", "ur")
NAMES = {"en-GB": "English", "pl": "Polski", "ur": "اردو"}
DIRECTIONS = {"en-GB": "ltr", "pl": "ltr", "ur": "rtl"}


def publish(root: Path, slug: str, languages: tuple[str, ...]) -> None:
    """Make the school file list `languages` (in place of any list it had)."""
    path = root / "schools" / f"{slug}.yml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("languages:")]
    path.write_text("\n".join([*lines, f"languages: [{', '.join(languages)}]"]) + "\n", encoding="utf-8")


def set_msgstr(path: Path, marker: str, text: str) -> None:
    """Make the first msgstr after the line `marker` (its msgctxt or msgid line) `text`,
    in place of its one line or several."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i in range(lines.index(marker), len(lines)) if lines[i].startswith("msgstr "))
    end = next(i for i in range(at + 1, len(lines) + 1) if i == len(lines) or not lines[i].startswith('"'))
    lines[at:end] = [f'msgstr "{text}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def languages_copy(target: Path) -> Path:
    """The seed project with SLUG publishing pl and ur, and every other school (OTHER too) none."""
    root = seed_copy(target)
    for path in school_files(root / "schools"):
        publish(root, path.stem, LANGUAGES if path.stem == SLUG else ())
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = languages_copy(tmp_path_factory.mktemp("languages"))
    result = build_site(root, root / "site", pdfs=True)
    return root, root / "site", result


def folder(site: Path, language: str) -> Path:
    return site / SLUG / "social-media" / ("" if language == "en-GB" else language)


class Head(HTMLParser):
    """<html lang>, <body dir>, the head's alternate links and the switcher's links."""

    def __init__(self):
        super().__init__()
        self.lang = self.dir = None
        self.alternates: list[dict] = []
        self.switcher: list[dict] = []
        self._in_switcher = False
        self._link: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "body":
            self.dir = attrs.get("dir")
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates.append(attrs)
        elif tag == "nav" and "ps-languages" in (attrs.get("class") or ""):
            self._in_switcher = True
        elif tag == "a" and self._in_switcher:
            self._link = {**attrs, "text": ""}
            self.switcher.append(self._link)

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = False
        if tag == "a":
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data.strip()


def parsed(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def test_each_language_has_its_three_pages_and_only_the_letter_pdf(built):
    _, site, _ = built
    for language in LANGUAGES:
        for output, page in PAGES.items():
            assert (folder(site, language) / page).is_file(), (language, output)
        assert (folder(site, language) / "parent-letter.pdf").read_bytes().startswith(b"%PDF")
        assert not (folder(site, language) / "policy.pdf").exists()
        assert not (folder(site, language) / "staff-code.pdf").exists()
    assert not (site / OTHER / "social-media" / "pl").exists()


@pytest.mark.parametrize("language", NAMES)
def test_every_page_says_its_language_and_direction(built, language):
    _, site, _ = built
    for page in PAGES.values():
        head = parsed(folder(site, language) / page)
        assert (head.lang, head.dir) == (language, DIRECTIONS[language]), page


@pytest.mark.parametrize("language", NAMES)
def test_the_switcher_names_each_language_in_itself_and_links_the_same_page_in_it(built, language):
    _, site, _ = built
    for page in PAGES.values():
        path = folder(site, language) / page
        links = parsed(path).switcher
        assert [link["text"] for link in links] == list(NAMES.values()), path
        for link, (code, _) in zip(links, NAMES.items(), strict=True):
            assert link["lang"] == link["hreflang"] == code
            target = Path(urljoin(path.as_uri(), link["href"]).removeprefix("file://")) / "index.html"
            assert target.resolve() == (folder(site, code) / page).resolve(), (path, link)
            assert ("aria-current" in link) == (code == language), (path, link)


def test_the_head_names_no_alternates_for_mkdocs_material_to_fetch_a_sitemap_of(built):
    """<link rel="alternate"> makes mkdocs-material's script fetch <its address>/sitemap.xml
    (from the published site, with site_url): the sitemap names the alternates instead."""
    _, site, _ = built
    for language in NAMES:
        assert parsed(folder(site, language) / PAGES["letter"]).alternates == []


def test_a_school_without_translations_has_no_switcher_and_stays_english(built):
    _, site, _ = built
    for page in PAGES.values():
        head = parsed(site / OTHER / "social-media" / page)
        assert (head.switcher, head.alternates, head.lang) == ([], [], "en-GB")
    home = parsed(site / "index.html")
    assert (home.switcher, home.lang) == ([], "en-GB")


def test_each_language_folder_searches_its_own_pages(built):
    _, site, _ = built
    import json

    for language in NAMES:
        index = json.loads((folder(site, language) / "search/search_index.json").read_text(encoding="utf-8"))
        pages = {entry["location"].split("#")[0] for entry in index["docs"]}
        assert pages == {"", "parent-letter/", "staff-code/"}, language
        # lunr's English word pipeline strips Urdu letters: translations match words as written
        assert index["config"]["pipeline"] == ([] if language != "en-GB" else ["stemmer", "stopWordFilter", "trimmer"])
        page = (folder(site, language) / PAGES["letter"]).read_text(encoding="utf-8")
        assert 'config.base = "../";' in page  # mkdocs-material searches this folder's index


def test_the_sitemap_lists_every_language_with_its_alternates(built, tmp_path):
    _, _, result = built
    sitemap.write_sitemap(tmp_path, {"site_url": "https://example.org/p/"}, result.schools, None)
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ET.parse(tmp_path / "sitemap.xml").getroot().findall("s:url", namespaces)
    by_address = {url.find("s:loc", namespaces).text: url for url in urls}
    base = f"https://example.org/p/{SLUG}/social-media/"
    for page in ("", "parent-letter/", "staff-code/"):
        versions = {base + page, base + "pl/" + page, base + "ur/" + page}
        for address in versions:
            alternates = by_address[address].findall("x:link", namespaces)
            assert {link.get("href") for link in alternates} == versions
            assert [link.get("hreflang") for link in alternates] == [*NAMES, "x-default"]
            assert alternates[-1].get("href") == base + page  # the English page is the default
    assert not by_address[f"https://example.org/p/{OTHER}/social-media/"].findall("x:link", namespaces)


def letter(result, language: str):
    return next(r for r in result.outputs if (r.school.slug, r.output, r.language) == (SLUG, "letter", language))


def urdu_letter_job(root: Path, result, target: Path) -> pdfs.PdfJob:
    """The build's own PDF job for the Urdu letter, written to `target`."""
    with reproducible_env():
        project = open_project(root)
    rendered = letter(result, "ur")
    papers, pages = pipeline.composed_pages(project, (rendered,), result.content.catalogues)
    plan = type("Plan", (), {"build_pdfs": frozenset({f"{SLUG}/social-media/ur/parent-letter.pdf"})})
    [job] = pipeline._pdf_jobs(papers, result.content, pages, plan, target, project.templates_dir)
    return job


def test_the_urdu_letter_pdf_is_checked_against_its_urdu_titles(built, tmp_path):
    """pdfium reads Urdu (Noto Naskh Arabic) back as the same letters, so the contract's
    check of a section's title holds in Urdu; and it is a real check: a title the PDF
    does not show is reported."""
    root, site, result = built
    job = urdu_letter_job(root, result, tmp_path)
    urdu = [title for title in job.expected_text if any(unicodedata.bidirectional(c) == "AL" for c in title)]
    assert len(urdu) >= 3, job.expected_text  # translated titles, not the English ones
    assert pdfs.make_pdf(job) == []
    wrong = dataclasses.replace(job, expected_text=(*job.expected_text, "والدین کے لیے ایک اور عنوان"))
    [finding] = pdfs.check_pdf(wrong)
    assert "ur/parent-letter.pdf" in finding.message and "does not show" in finding.message
    published = folder(site, "ur") / "parent-letter.pdf"
    assert pdfs.check_pdf(dataclasses.replace(job, target=str(published))) == []


def test_a_section_missing_from_the_polish_page_is_an_error_naming_polish(built, tmp_path):
    _, site, result = built
    rendered = letter(result, "pl")
    contract = result.content.contract
    section = contract.required["letter"][0]
    copy = tmp_path / "site"
    page = check.page_path(copy, SLUG, "letter", "pl")
    page.parent.mkdir(parents=True)
    html = check.page_path(site, SLUG, "letter", "pl").read_text(encoding="utf-8")
    page.write_text(re.sub(rf'\sid="{section}"', "", html), encoding="utf-8")
    [finding] = check.check_page(copy, contract, rendered)
    assert f"`{section}` is missing" in finding.message and "output `letter` in `pl`" in finding.message
    assert check.check_page(site, contract, rendered) == []  # the page as built has it
    english = letter(result, "en")
    [gone] = check.check_page(copy, contract, english)  # the English page is read from its own folder
    assert "was not written" in gone.message and f"{SLUG}/social-media/parent-letter/index.html" in gone.message


def test_the_site_templates_words_are_in_the_pages_language(tmp_path):
    """Our mkdocs templates' words (the navigation's "All schools", the footer's links) come
    from the catalogue, per page: Urdu on the Urdu pages once ur.po translates them, English
    on the English pages; escaped, as mkdocs prints them as they are."""
    root = languages_copy(tmp_path / "project")
    update = [sys.executable, "build.py", "translations", "update", "--root", str(root)]
    subprocess.run(update, cwd=ROOT, check=True, capture_output=True)
    catalogue = root / "content/social-media/translations/ur.po"
    for english, urdu in (("All schools", "تمام اسکول"), ("About this site", 'اس سائٹ کے بارے میں & \\"')):
        assert f'msgid "{english}"' in catalogue.read_text(encoding="utf-8")  # `translations update` found it
        set_msgstr(catalogue, f'msgid "{english}"', urdu)  # `urdu` as a .po writes it: \" a quote
    build_site(root, root / "site")
    urdu = (folder(root / "site", "ur") / PAGES["policy"]).read_text(encoding="utf-8")
    assert '<span class="md-ellipsis">تمام اسکول</span>' in urdu and "All schools" not in urdu
    assert 'aria-label="اس سائٹ کے بارے میں &amp; &quot;"' in urdu
    english = (folder(root / "site", "en-GB") / PAGES["policy"]).read_text(encoding="utf-8")
    assert '<span class="md-ellipsis">All schools</span>' in english and 'aria-label="About this site"' in english
