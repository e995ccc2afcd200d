"""The letter's frame and the page chrome in a translation (pages/chrome.py, templates/print/*.html).

Each test builds the mini project with a school that publishes Polish (`languages: [pl]`) and
a pl.po the test writes with Babel (policysite's PoCatalog, Babel's Catalog that keeps
X-Reviewed-By), renders it as `check` does (the English outputs and translate.py's Polish
ones), then lays out pages with Paper as the build does: one Paper per language.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from policysite.errors import Location
from policysite.inputs.catalogue import Catalogue, Entry, language, read_catalogues
from policysite.inputs.pofile import PoCatalog, po_bytes
from policysite.inputs.schema import CONTACT_ROLES as SCHEMA_CONTACT_ROLES
from policysite.inputs.units import document_units
from policysite.model import OUTPUT_LABELS
from policysite.pages import chrome
from policysite.pages.paper import Paper

from ..helpers import check_errors, check_project, mini_copy, parse_page

SCHOOL = """name: Mini Primary
languages: [pl]
letter:
  date: 2025-09-19
  reply_by: 2025-10
document_control:
  approved_on: 2022-11
"""
FRAME = {
    "Dear Parent/Carer,": "Szanowni Rodzice i Opiekunowie,",
    "Reply slip": "Odcinek zwrotny",
    "the end of %(month)s": "koniec %(month)s",
    "Please return this slip by %(when)s.": "Prosimy o zwrot odcinka do %(when)s.",
    "Approved %(date)s": "Zatwierdzono: %(date)s",
}
REVIEWER = "Anna Nowak, 2026-11-30"
SITE = "https://example.org/"


def write_po(root, frame=FRAME, units=(), reviewed_by="", code="pl") -> str:
    """content/social-media/translations/<code>.po with the frame strings `frame` and the
    units `units` translated (each as its own English: a translation that keeps every tag);
    returns its text."""
    catalog = PoCatalog(locale=code, fuzzy=False)
    catalog.reviewed_by = reviewed_by
    for english, translation in frame.items():
        catalog.add(english, translation, flags=("python-format",) if "%(" in english else ())
    for unit in units:
        catalog.add(unit.source, unit.source, context=unit.context)
    folder = root / "content" / "social-media" / "translations"
    folder.mkdir(parents=True, exist_ok=True)
    data = po_bytes(catalog)
    (folder / f"{code}.po").write_bytes(data)
    return data.decode("utf-8")


def project(tmp_path, **po):
    root = mini_copy(tmp_path / "project", {"mini": SCHOOL})
    write_po(root, **po)
    return root


def rendered(root):
    """(language, output) -> RenderedOutput, as `check` renders them."""
    return {(r.language, r.output): r for r in check_project(root).outputs}


def papers(root, site_url=None):
    catalogues, findings = read_catalogues(root)
    assert not findings
    return {"en": Paper(root / "templates", site_url), "pl": Paper(root / "templates", site_url, catalogues["pl"])}


def attribute_names(html: str) -> set[str]:
    names: set[str] = set()

    class Names(HTMLParser):
        def handle_starttag(self, tag, attrs):
            names.update(name for name, _ in attrs)

    Names().feed(html)
    return names


def letter_units(root):
    result = check_project(root)
    return document_units(result.content.documents["letter"])


def test_a_translated_frame_string_shows_on_the_letter_page_and_in_its_print_html(tmp_path):
    root = project(tmp_path)
    letter, paper = rendered(root)[("pl", "letter")], papers(root)["pl"]
    page = paper.page(letter)
    printed = paper.print_html(letter, page.print_body())
    for html in (page.body.html, page.print_body().html, printed):
        assert "Szanowni Rodzice i Opiekunowie," in html and "Odcinek zwrotny" in html
        assert "Dear Parent/Carer," not in html
    assert printed.startswith('<!DOCTYPE html>\n<html lang="pl">\n')  # ltr: no dir, as English has none
    assert dict(page.meta)["lang"] == "pl" and dict(page.meta)["dir"] == "ltr"


def test_an_untranslated_frame_string_stays_english_and_the_english_frame_is_unchanged(tmp_path):
    root = project(tmp_path)
    outputs, by_language = rendered(root), papers(root)
    polish = by_language["pl"].page(outputs[("pl", "letter")]).body.html
    assert "Yours sincerely," in polish  # not in the .po: shown as the English has it
    english = by_language["en"].page(outputs[("en", "letter")])
    printed = by_language["en"].print_html(outputs[("en", "letter")], english.print_body())
    assert printed.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    assert "Dear Parent/Carer," in english.body.html and "Reply slip" in english.body.html
    assert "ps_translation_notes" not in english.body.html + printed
    assert '<time datetime="2025-09-19">19 September 2025</time>' in printed
    assert dict(english.meta)["lang"] == "en" and dict(english.meta)["dir"] == "ltr"


def test_dates_are_written_in_polish(tmp_path):
    root = project(tmp_path)
    letter, paper = rendered(root)[("pl", "letter")], papers(root)["pl"]
    printed = paper.print_html(letter)
    assert '<time datetime="2025-09-19">19 września 2025</time>' in printed  # the letter's date
    # reply_by, a month inside a sentence: the genitive ("października"), in the translated sentence
    assert 'Prosimy o zwrot odcinka do koniec <time datetime="2025-10">października 2025</time>.' in printed
    # approved_on, a month on its own in the footer: the nominative ("listopad")
    assert "Zatwierdzono: listopad 2022" in printed


@pytest.mark.parametrize("reviewed_by", ["", REVIEWER])
def test_the_unreviewed_note_is_shown_exactly_when_x_reviewed_by_is_empty(tmp_path, reviewed_by):
    root = project(tmp_path, reviewed_by=reviewed_by)
    letter, paper = rendered(root)[("pl", "letter")], papers(root, SITE)["pl"]
    page = paper.page(letter)
    for html in (page.body.html, paper.print_html(letter, page.print_body())):
        assert ("ps_unreviewed" in parse_page(html).ids) == (reviewed_by == "")
    if reviewed_by == "":
        # The English page, from the web page's folder (site/mini/social-media/pl/parent-letter/)
        # and in full in the PDF; its link's text is English, in a paragraph marked so.
        assert '<p class="ps-note-english" lang="en"><a href="../../parent-letter/">English version</a></p>' in (
            page.body.html
        )
        english = f'<a href="{SITE}mini/social-media/parent-letter/">English version</a>'
        assert english in page.print_body().html


def test_without_the_sites_address_the_pdfs_note_has_no_link(tmp_path):
    root = project(tmp_path)
    letter, paper = rendered(root)[("pl", "letter")], papers(root)["pl"]
    printed = paper.page(letter).print_body().html
    assert "ps_unreviewed" in parse_page(printed).ids and "ps-note-english" not in printed


def test_the_fallback_note_is_shown_exactly_when_a_unit_is_shown_in_english(tmp_path):
    root = mini_copy(tmp_path / "project", {"mini": SCHOOL})
    write_po(root)  # the units, to read them
    units = letter_units(root)
    for translated, note in ((units, False), (units[1:], True)):  # every unit; all but the title
        write_po(root, units=translated, reviewed_by=REVIEWER)
        letter, paper = rendered(root)[("pl", "letter")], papers(root)["pl"]
        body = paper.page(letter).body.html
        assert ("ps_fallback" in parse_page(body).ids) == note
        assert ('class="ps-fallback"' in body) == note  # the unit itself, marked (markup.py)


def test_urdu_is_right_to_left_on_the_page_and_in_the_pdf(tmp_path):
    root = mini_copy(tmp_path / "project", {"mini": SCHOOL.replace("[pl]", "[ur]")})
    write_po(root, frame={"Reply slip": "جوابی پرچی"}, code="ur")
    letter = rendered(root)[("ur", "letter")]
    catalogues, _ = read_catalogues(root)
    paper = Paper(root / "templates", None, catalogues["ur"])
    page = paper.page(letter)
    assert dict(page.meta)["lang"] == "ur" and dict(page.meta)["dir"] == "rtl"
    assert paper.print_html(letter).startswith('<!DOCTYPE html>\n<html lang="ur" dir="rtl">\n')
    assert "جوابی پرچی" in page.body.html


def test_a_translation_is_data_in_the_frame_and_the_front_matter(tmp_path):
    """A hostile .po that inputs/catalogue.py would refuse, laid out anyway: every translation
    is escaped where it is printed (Jinja's i18n would trust it as markup)."""
    root = project(tmp_path)
    letter = rendered(root)[("pl", "letter")]
    hostile = {
        "Reply slip": "<script>alert(1)</script>",
        "Dear Parent/Carer,": '" onmouseover="alert(1)',
        "Print this letter": "<img src=x onerror=alert(1)>",
    }
    entries = {(None, k): Entry(None, k, v, False, Location("pl.po", 1, 1)) for k, v in hostile.items()}
    paper = Paper(root / "templates", None, Catalogue(language("pl"), "pl.po", "", entries))
    page = paper.page(letter)
    printed = paper.print_html(letter, page.print_body())
    assert "<script>alert(1)</script>" not in printed and "&lt;script&gt;alert(1)&lt;/script&gt;" in printed
    assert not {"onmouseover", "onerror"} & attribute_names(printed)  # the greeting's text, as text
    assert 'id="greeting">" onmouseover="alert(1)</p>' in printed
    assert dict(page.meta)["print_label"] == "&lt;img src=x onerror=alert(1)&gt;"


def test_the_footers_page_numbers_are_css_escapes_of_the_translation():
    entries = {(None, chrome.PAGE_OF): Entry(None, chrome.PAGE_OF, 'S %(page)s"}</style>%(pages)s', False, None)}
    css = chrome.Chrome(Catalogue(language("pl"), "pl.po", "", entries)).page_numbers_css()
    assert css == (
        '.ps-footer-page::after { content: "\\000053\\000020" counter(page) '
        '"\\000022\\00007d\\00003c\\00002f\\000073\\000074\\000079\\00006c\\000065\\00003e" counter(pages); }'
    )
    assert chrome.ENGLISH.page_numbers_css() == ""  # pdf.css says it in English


def test_the_marked_copies_of_english_tables_say_what_the_tables_say():
    """chrome.py marks the navigation's labels and the contacts' roles for translation; the
    English tables they copy are model.OUTPUT_LABELS and schema.CONTACT_ROLES."""
    assert dict(OUTPUT_LABELS) == chrome.NAV_LABELS
    assert chrome.CONTACT_ROLES == SCHEMA_CONTACT_ROLES


def test_a_frame_translation_with_a_stray_percent_sign_is_found_at_its_po_line(tmp_path):
    """templatecheck.py: every % of a frame string is filled in, so "100%" would stop the
    build half-way; `check` says where it is before anything is written."""
    root = mini_copy(tmp_path / "project", {"mini": SCHOOL})
    text = write_po(root, frame={**FRAME, "Reply slip": "Odcinek 100% zwrotny"})
    line = text.splitlines().index('msgid "Reply slip"') + 1
    [finding] = check_errors(root)
    assert (finding.location.path, finding.location.line) == ("content/social-media/translations/pl.po", line)
    assert "Reply slip" in finding.message and "%%" in finding.hint


def test_the_page_title_and_labels_are_translated_and_escaped(tmp_path):
    root = project(tmp_path)
    write_po(root, frame={"%(title)s – %(school)s": "%(school)s: %(title)s", "Print this letter": "Drukuj & zachowaj"})
    letter, paper = rendered(root)[("pl", "letter")], papers(root)["pl"]
    meta = dict(paper.page(letter).meta)
    assert meta["title"].startswith("Mini Primary: ")
    assert meta["print_label"] == "Drukuj &amp; zachowaj"  # mkdocs-material prints it as HTML
    assert meta["pdf"] == "../parent-letter.pdf"  # the letter's PDF is in the language's folder
    policy = dict(paper.page(rendered(root)[("pl", "policy")]).meta)
    assert policy["pdf"] == "../policy.pdf" and "English" in policy["pdf_label"]  # the policy's is English only
    assert [label for label, _ in meta["school"]["pages"]] == list(OUTPUT_LABELS.values())
    assert {href for _, href in meta["school"]["pages"]} >= {"mini/social-media/pl/parent-letter/"}


def test_the_pdfs_footer_key_changes_with_the_footers_translation(tmp_path):
    """The footer and its page numbers are outside the page's body: the PDF's rebuild key
    takes them from Paper.footer_key, so a .po edit of only these words remakes the PDF."""
    root = project(tmp_path)
    letter = rendered(root)[("pl", "letter")]
    keys = {papers(root)["pl"].footer_key(letter)}
    for frame in ({**FRAME, "Approved %(date)s": "Zatw. %(date)s"}, {**FRAME, chrome.PAGE_OF: "%(page)s/%(pages)s"}):
        write_po(root, frame=frame)
        keys.add(papers(root)["pl"].footer_key(letter))
    assert len(keys) == 3
