"""The letter's QR code costs only the pages and PDFs a build writes (pages/online.py): the
bodies the rebuild keys are made from hold a slot where the code goes, and the code is
drawn into it as the page or PDF is written. segno's calls are counted in real builds of
the seed schools with `site_url` (segno still draws every code it is asked for); the drawn
body is byte for byte the one drawing the code inside its block gave; school text can't
make a slot.
"""

from __future__ import annotations

import pytest
import segno
from markupsafe import Markup

from policysite.output import incremental
from policysite.pages import online
from policysite.pages.markup import clean_page, clean_text
from policysite.pages.paper import Paper
from policysite.project import open_project

from ..errors_support import seed_copy
from ..helpers import ROOT, SLUGS, build_site, check_project, page_path, read_yaml

SITE = "https://policies.example.org/federation/"
TRANSLATIONS = ROOT / "content/social-media/translations"
SLOT_TEXT = '<svg class="ps-qr"></svg>'  # online.QR_SLOT, as school text would write it


def address(slug: str, language: str = "") -> str:
    return f"{SITE}{slug}/social-media/" + (f"{language}/" if language else "")


def letter_addresses(slug: str) -> list[str]:
    """The addresses a school's letters print: its policy page's, in English and in each
    language it publishes (a translated letter points at its own language's policy page)."""
    languages = read_yaml(ROOT / "schools" / f"{slug}.yml").get("languages") or []
    return [address(slug), *(address(slug, code) for code in languages)]


@pytest.fixture
def drawings(monkeypatch):
    """The addresses segno is asked to encode in this process, in order; segno still draws
    each. online.qr_svg's cache is emptied first, so a code drawn before can't hide one."""
    asked: list[str] = []
    make = segno.make

    def counted(content, *args, **kwargs):
        asked.append(content)
        return make(content, *args, **kwargs)

    monkeypatch.setattr(segno, "make", counted)
    online.qr_svg.cache_clear()
    yield asked
    online.qr_svg.cache_clear()


def test_a_rebuild_draws_only_the_codes_of_the_letters_it_writes(tmp_path, drawings):
    root, site = seed_copy(tmp_path / "project"), tmp_path / "site"
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as settings:
        settings.write(f"site_url: {SITE}\n")
    build_site(root, site, pdfs=True)
    # Every build lays out the first school's letter before writing anything, to check the
    # templates (templatecheck.check_templates), once in each language the project has
    # a catalogue of: one code a build and language, however many schools.
    checked = [address(SLUGS[0]), *(address(SLUGS[0], path.stem) for path in sorted(TRANSLATIONS.glob("*.po")))]
    # each letter's code once: its page and its PDF share the drawing
    assert sorted(drawings) == sorted({*checked, *(code for slug in SLUGS for code in letter_addresses(slug))})
    assert len(letter_addresses(SLUGS[1])) > 1  # a school that publishes translations: their letters too
    first = {slug: page_path(site, slug, "letter").read_bytes() for slug in SLUGS}

    drawings.clear()
    online.qr_svg.cache_clear()
    build_site(root, site, pdfs=True)
    assert drawings == checked, "a rebuild with nothing changed draws no letter's QR code"

    changed = root / "schools" / f"{SLUGS[1]}.yml"
    changed.write_text(changed.read_text(encoding="utf-8") + "phone: 01234 567890\n", encoding="utf-8")
    drawings.clear()
    online.qr_svg.cache_clear()
    build_site(root, site, pdfs=True)
    assert drawings[: len(checked)] == checked
    assert sorted(drawings[len(checked) :]) == sorted(letter_addresses(SLUGS[1])), "only the changed school's letters"
    for slug in SLUGS:
        drawing = clean_page(online.qr_svg(address(slug)))
        assert page_path(site, slug, "letter").read_text(encoding="utf-8").count(drawing) == 1, slug
        if slug != SLUGS[1]:
            assert page_path(site, slug, "letter").read_bytes() == first[slug], "kept from the first build"


@pytest.fixture(scope="module")
def letters():
    return [rendered for rendered in check_project(ROOT).outputs if rendered.output == "letter"]


def test_the_keys_body_holds_the_slot_and_the_written_page_and_pdf_the_drawing(letters):
    paper = Paper(ROOT / "templates", SITE)
    for rendered in letters:
        page, drawing = paper.page(rendered), clean_page(online.qr_svg(address(rendered.school.slug)))
        for body in (page.body.html, page.print_body().html):
            assert body.count(online.QR_SLOT) == 1 and "<path" not in body
        written = paper.drawn_page(rendered, page)
        assert written.body.html == page.body.html.replace(online.QR_SLOT, drawing)
        assert written.print_body().html == page.print_body().html.replace(online.QR_SLOT, drawing)
        assert written.body.headings == page.body.headings and written.meta == page.meta
        assert paper.print_html(rendered, page.print_body()).count(drawing) == 1


def test_drawing_into_the_slot_gives_the_bytes_of_the_code_drawn_in_its_block(letters):
    paper = Paper(ROOT / "templates", SITE)
    for rendered in letters:
        where = address(rendered.school.slug)
        block = {"title": "Social Media Policy", "address": where}
        inline = clean_page(str(paper.web.online(block | {"qr": Markup(online.qr_svg(where))})))
        slotted = clean_page(str(paper.web.online(block | {"qr": Markup(online.QR_SLOT)})))
        assert online.draw_qr(slotted, where) == inline


def test_the_slot_is_what_the_sanitiser_writes_and_school_text_cannot_write_it():
    assert clean_page(online.QR_SLOT) == online.QR_SLOT
    assert "<svg" not in clean_text(SLOT_TEXT)  # a section's text holds no svg at all
    assert online.QR_SLOT not in clean_page(online.qr_svg(address("oak")))  # a drawing is never a slot


def test_a_school_writing_the_slot_in_its_text_gets_text_and_one_code(mini_project):
    slot = SLOT_TEXT.replace('"', '\\"')
    root = mini_project(
        f'name: "Oak {slot}"\nshort_name: "{slot}"\ndocument_control:\n  title: "{slot}"\n'
        "sections:\n  letter-body:\n    append: |\n"
        f'      In code `{SLOT_TEXT}`, and as entities &lt;svg class="ps-qr"&gt;&lt;/svg&gt;.\n',
        slug="oak",
    )
    [letter] = [r for r in check_project(root).outputs if r.output == "letter"]
    for site_url, slots in ((SITE, 1), (None, 0)):
        paper = Paper(root / "templates", site_url)
        page = paper.page(letter)
        for body in (page.body.html, page.print_body().html):
            assert body.count(online.QR_SLOT) == slots, "only web.html's slot"
            assert "&lt;svg class=" in body, "the school's slot is shown as text"
        written = paper.drawn_page(letter, page).body.html
        assert written.count("<svg") == slots and written.count("<path") == slots


def test_a_new_segno_draws_every_code_again(monkeypatch):
    project = open_project(ROOT)
    before = incremental.toolchain_key(project)
    version = incremental._version
    monkeypatch.setattr(incremental, "_version", lambda name: "99.0" if name == "segno" else version(name))
    assert incremental.toolchain_key(project) != before
