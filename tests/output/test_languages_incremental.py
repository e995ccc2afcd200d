"""A translation's edit rebuilds that language's pages and letter PDF only; an English edit
rebuilds every language's, since each translation shows the English where it has none."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policysite.inputs.load import school_files

from ..helpers import build_site
from .test_incremental import current_plan
from .test_languages_site import LANGUAGES, SLUG, languages_copy, set_msgstr

POLISH = f"{SLUG}/social-media/pl/"
CHANGED_TITLE = "Dlaczego piszemy (zmienione)"


def files(site: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of every school's folders (the site's own pages are made on every build):
    (inode, bytes) by its path."""
    return {
        path.relative_to(site).as_posix(): (os.stat(path).st_ino, path.read_bytes())
        for slug in slugs(site.parent)
        for path in sorted((site / slug).rglob("*"))
        if path.is_file()
    }


def slugs(root: Path) -> set[str]:
    return {path.stem for path in school_files(root / "schools")}


@pytest.fixture
def built(tmp_path):
    root = languages_copy(tmp_path / "project")
    build_site(root, root / "site", pdfs=True)
    return root


def test_a_polish_edit_rebuilds_only_the_polish_pages_and_letter(built):
    root, site = built, built / "site"
    before = files(site)
    set_msgstr(root / "content/social-media/translations/pl.po", 'msgctxt "letter-why"', CHANGED_TITLE)
    plan = current_plan(root, root / "site")
    assert plan.build_pages == {POLISH}
    assert plan.build_pdfs == {POLISH + "parent-letter.pdf"}
    build_site(root, site, pdfs=True)
    after = files(site)
    assert set(after) == set(before)
    changed = {path for path in after if after[path][1] != before[path][1]}
    assert changed == {
        POLISH + "parent-letter/index.html",
        POLISH + "parent-letter.pdf",
        POLISH + "search/search_index.json",
    }
    assert CHANGED_TITLE in (site / POLISH / "parent-letter/index.html").read_text(encoding="utf-8")
    # every other language's file is the previous site's own, linked, not written again
    kept = [path for path in after if not path.startswith(POLISH)]
    assert kept and all(after[path][0] == before[path][0] for path in kept)


def test_an_english_edit_rebuilds_every_language(built):
    root = built
    letter = root / "content/social-media/letter.md"
    text = letter.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if len(line) > 60 and line[0].isalpha())
    letter.write_text(text.replace(line, line + " Thank you.", 1), encoding="utf-8")
    plan = current_plan(root, root / "site")
    english = {f"{slug}/social-media/" for slug in slugs(root)}
    assert plan.build_pages == english | {f"{SLUG}/social-media/{code}/" for code in LANGUAGES}
    letters = {f"{slug}/social-media/parent-letter.pdf" for slug in slugs(root)}
    assert plan.build_pdfs == letters | {f"{SLUG}/social-media/{code}/parent-letter.pdf" for code in LANGUAGES}


def test_nothing_changed_rebuilds_nothing_in_any_language(built):
    plan = current_plan(built, built / "site")
    assert plan.build_pages == frozenset() and plan.build_pdfs == frozenset()
    assert {f"{SLUG}/social-media/{code}/search/search_index.json" for code in LANGUAGES} <= set(plan.reuse)


def test_a_polish_footer_word_rebuilds_the_polish_letter_pdf_only(built):
    """The footer ("Strona 1 z 2") is printed outside the letter's body: its translation is
    part of the PDF's key, or an edit of it would leave the old words in the PDF."""
    root = built
    po = root / "content/social-media/translations/pl.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgid "Page %(page)s of %(pages)s"' in text
    set_msgstr(po, 'msgid "Page %(page)s of %(pages)s"', "Str. %(page)s / %(pages)s")
    plan = current_plan(root, root / "site")
    assert plan.build_pdfs == {POLISH + "parent-letter.pdf"}
