"""pages/translate.py: a school's outputs in another language, unit by unit, and English
kept (marked lang="en" dir="ltr" class="ps-fallback") wherever a translation is missing or stale."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType

import pytest

from policysite.errors import Location
from policysite.inputs.catalogue import Catalogue, Entry, language, read_catalogues
from policysite.inputs.load import load_inputs
from policysite.inputs.merge import merge_school
from policysite.model import RenderedOutput
from policysite.pages.compiling import compile_pieces, document_pieces
from policysite.pages.markup import clean_text, heading, inline_html, text_html
from policysite.pages.render import compile_templates, render_school
from policysite.pages.translate import (
    FALLBACK_CLOSE,
    FALLBACK_OPEN,
    compile_language,
    english,
    has_fallback,
    translate_content,
)
from policysite.project import POLICY, SCHOOLS

from ..helpers import ROOT, check_errors, check_project
from ..translate_support import entry_line, write_catalogue

BODY = ("letter-body", "Please post kindly about {{ school.short_name }}.")
POLISH = "Prosimy pisać życzliwie o {{ school.short_name }}."
SCHOOL = "name: Mini School\nshort_name: Minis\nlanguages: [pl]\n"
ENGLISH_BLOCK = '<p lang="en" dir="ltr" class="ps-fallback">'
PO = "content/social-media/translations/pl.po"


def outputs_in(root: Path, code: str) -> dict[str, RenderedOutput]:
    return {o.output: o for o in check_project(root).outputs if o.language == code}


def section_html(rendered: RenderedOutput, section_id: str) -> str:
    return text_html(next(s for s in rendered.sections if s.id == section_id).markdown, section_id).html


def test_a_translated_unit_is_shown_with_the_school_value_filled_in_after_translating(mini_project):
    root = mini_project(SCHOOL)
    write_catalogue(root, "pl", {BODY: POLISH})
    assert section_html(outputs_in(root, "pl")["letter"], "letter-body") == "<p>Prosimy pisać życzliwie o Minis.</p>\n"
    assert section_html(outputs_in(root, "en")["letter"], "letter-body") == "<p>Please post kindly about Minis.</p>\n"


@pytest.mark.parametrize("state", ["fuzzy", "missing"])
def test_a_stale_or_missing_translation_shows_the_english_marked_never_the_old_text(mini_project, state):
    root = mini_project(SCHOOL)
    old = "STARE TŁUMACZENIE o {{ school.short_name }}."
    write_catalogue(root, "pl", {BODY: old} if state == "fuzzy" else {}, fuzzy=frozenset({BODY}))
    letter = outputs_in(root, "pl")["letter"]
    assert section_html(letter, "letter-body") == f"{ENGLISH_BLOCK}Please post kindly about Minis.</p>\n"
    shown = [letter.title, *(part for s in letter.sections for part in (s.title, s.markdown))]
    assert not any("STARE" in text for text in shown)
    assert has_fallback(letter)


def test_a_title_shown_in_english_is_a_marked_heading(mini_project):
    root = mini_project(SCHOOL)
    write_catalogue(root, "pl", {BODY: POLISH, ("letter-help", "More help"): "Więcej pomocy"})
    sections = {s.id: s for s in outputs_in(root, "pl")["letter"].sections}
    english = heading(2, "letter-body", inline_html(sections["letter-body"].title))
    assert english.startswith('<h2 id="letter-body" lang="en" dir="ltr" class="ps-fallback">Why we are writing<a ')
    assert heading(2, "letter-help", inline_html(sections["letter-help"].title)).startswith(
        '<h2 id="letter-help">Więcej pomocy<a '
    )


def test_a_fully_translated_output_has_no_fallback(mini_project):
    root = mini_project(SCHOOL)
    write_catalogue(root, "pl", lambda english: english)  # "translated" as itself: every unit has a translation
    assert not any(has_fallback(rendered) for rendered in outputs_in(root, "pl").values())


def test_a_school_value_holding_a_mark_is_refused_in_the_school_file(mini_project):
    root = mini_project('name: Mini School\nshort_name: "\\ue000Minis\\ue001"\n')
    errors = check_errors(root)
    assert [(e.location, "U+E000" in e.message) for e in errors] == [(Location("schools/mini.yml", 2, 13), True)]


def test_a_school_value_holding_the_marks_cannot_make_an_english_block(mini_project):
    """Past the school file's check (a value from anywhere else): md_escape writes the marks
    as entities, and a block is marked English only by the marks themselves."""
    root = mini_project(SCHOOL)
    (root / "content" / "social-media" / "letter.md").write_text(
        "# Letter\n\n## Why {#letter-body}\n\n{{ school.short_name }}\n", encoding="utf-8"
    )
    content, files, _ = load_inputs(root, POLICY, SCHOOLS)
    school, _ = merge_school(content, files[0])
    marked = "\ue000Evil\ue001"
    control = {**school.data["document_control"], "title": marked}
    data = {**school.data, "short_name": marked, "document_control": MappingProxyType(control)}
    school = dataclasses.replace(school, data=MappingProxyType(data))
    outputs, problems = render_school(compile_templates(content), content, school)
    letter, policy = (next(o for o in outputs if o.output == name) for name in ("letter", "policy"))
    assert problems == [] and section_html(letter, "letter-body") == "<p>Evil</p>\n"
    assert heading(1, "title", inline_html(policy.title)).startswith('<h1 id="title">Evil<a ')  # the policy's title
    assert not has_fallback(letter) and not has_fallback(policy)


def test_a_schools_own_text_is_english_marked_unless_the_school_translates_it(mini_project):
    notes = ("notes", "Canonical notes for {{ school.name }}.")
    own = "sections:\n  notes:\n    append: |\n      Our own words.\n\n      - one\n      - two\n"
    root = mini_project(SCHOOL + own)
    write_catalogue(root, "pl", {notes: "Notatki dla {{ school.name }}."})
    assert section_html(outputs_in(root, "pl")["policy"], "notes") == (
        "<p>Notatki dla Mini School.</p>\n"
        f"{ENGLISH_BLOCK}Our own words.</p>\n"
        '<ul>\n<li lang="en" dir="ltr" class="ps-fallback">one</li>\n'
        '<li lang="en" dir="ltr" class="ps-fallback">two</li>\n</ul>\n'
    )
    translated = mini_project(SCHOOL + own + "    translations:\n      pl: Nasze własne słowa.\n")
    write_catalogue(translated, "pl", {notes: "Notatki dla {{ school.name }}."})
    policy = outputs_in(translated, "pl")["policy"]
    assert section_html(policy, "notes") == "<p>Notatki dla Mini School.</p>\n<p>Nasze własne słowa.</p>\n"
    assert section_html(outputs_in(translated, "en")["policy"], "notes").endswith("<li>two</li>\n</ul>\n")


def _with_translation(root: Path, key: tuple[str, str], text: str) -> Catalogue:
    """pl.po's catalogue with one entry's translation replaced: past catalogue.py's checks,
    which refuse an invented tag, to see where the render's own errors point."""
    catalogue = read_catalogues(root)[0]["pl"]
    entries = dict(catalogue.entries)
    entries[key] = dataclasses.replace(entries[key], translation=text)
    return dataclasses.replace(catalogue, entries=MappingProxyType(entries))


@pytest.mark.parametrize(
    "translation",
    ["Prosimy o {{ school.nosuch }}.", "Prosimy {% endif %} o {{ school.short_name }}."],
    ids=["render", "compile"],
)
def test_an_error_in_a_translated_unit_points_at_its_po_entry(mini_project, translation):
    root = mini_project(SCHOOL)
    po = write_catalogue(root, "pl", {BODY: POLISH})
    content, files, _ = load_inputs(root, POLICY, SCHOOLS)
    school, _ = merge_school(content, files[0])
    templates = compile_language(content, _with_translation(root, BODY, translation))
    _, problems = render_school(templates, content, school, "pl") if not templates.findings else (None, [])
    found = list(templates.findings) + problems
    assert [f.location for f in found] == [Location(PO, entry_line(po, *BODY), 1)]


def test_an_error_in_english_kept_in_a_translation_points_at_the_english(mini_project):
    root = mini_project(SCHOOL)
    letter = root / "content" / "social-media" / "letter.md"
    letter.write_text(letter.read_text(encoding="utf-8") + "\nSee {{ school.nosuch }}.\n", encoding="utf-8")
    write_catalogue(root, "pl", {})
    content, files, _ = load_inputs(root, POLICY, SCHOOLS)
    school, _ = merge_school(content, files[0])
    _, problems = render_school(compile_language(content, read_catalogues(root)[0]["pl"]), content, school, "pl")
    assert [f.location for f in problems] == [Location("content/social-media/letter.md", 11, 1)]


def test_outputs_in_other_languages_come_after_every_english_output(mini_project):
    root = mini_project({"a-school": SCHOOL, "b-school": "name: B School\nlanguages: [pl]\n"})
    write_catalogue(root, "pl", {BODY: POLISH})
    shown = [(o.school.slug, o.language) for o in check_project(root).outputs]
    assert (
        shown
        == [("a-school", "en")] * 3 + [("b-school", "en")] * 3 + [("a-school", "pl")] * 3 + [("b-school", "pl")] * 3
    )


def test_translate_content_replaces_each_unit_or_marks_its_english(mini_project):
    root = mini_project(SCHOOL)
    write_catalogue(root, "pl", {BODY: POLISH})
    content, _, _ = load_inputs(root, POLICY, SCHOOLS)
    letter = translate_content(content, read_catalogues(root)[0]["pl"]).documents["letter"]
    sections = {s.id: s for s in letter.sections}
    assert sections["letter-body"].body.strip() == POLISH
    assert sections["letter-help"].body.strip() == f"{FALLBACK_OPEN}Read the advice on cyberbullying.{FALLBACK_CLOSE}"
    assert letter.title == f"{FALLBACK_OPEN}A letter about social media{FALLBACK_CLOSE}"


def _catalogue(entries: dict) -> Catalogue:
    where = Location(PO, 1, 1)
    made = {key: Entry(key[0], key[1], text, False, where) for key, text in entries.items()}
    return Catalogue(language("pl"), PO, "", MappingProxyType(made))


def _shown(rendered: RenderedOutput) -> list[str]:
    return [rendered.title, *(part for s in rendered.sections for part in (s.id, s.title, s.markdown))]


def test_the_real_content_untranslated_reads_as_the_english_once_the_marks_are_dropped():
    """Marking every unit of policy.md, letter.md and staff-code.md as English changes no
    block, option or whitespace: each seed school's outputs are its English ones, marks aside."""
    content, files, problems = load_inputs(ROOT, POLICY, SCHOOLS)
    assert content is not None, problems
    # The English compiled as a Polish page compiles it: lists in Polish words (join_or: "lub").
    english = compile_pieces([piece for doc in content.documents.values() for piece in document_pieces(doc)], "pl")
    untranslated = compile_language(content, _catalogue({}))
    assert untranslated.findings == ()
    strip = str.maketrans("", "", FALLBACK_OPEN + FALLBACK_CLOSE)
    for file in files:
        school, _ = merge_school(content, file)
        expected, _ = render_school(english, content, school)
        shown, problems = render_school(untranslated, content, school, "pl")
        assert problems == [] and len(shown) == len(expected) == 3
        for want, got in zip(expected, shown, strict=True):
            assert [text.translate(strip) for text in _shown(got)] == _shown(want), (school.slug, want.output)
            assert has_fallback(got)


@pytest.mark.parametrize("shown", [False, True])
def test_an_english_unit_inside_an_option_shows_or_goes_as_the_english_does(mini_project, shown):
    """`{% if x %}Ask yourself….{% endif %}`: the unit holds the `{% endif %}` of a block it did
    not open; its English mark closes before it, so with the option off nothing is left over."""
    root = mini_project(SCHOOL + f"options:\n  questions_before_posting: {str(shown).lower()}\n")
    write_catalogue(root, "pl", {})
    sections = {s.id: s for s in outputs_in(root, "pl")["policy"].sections}
    assert ("before-you-post" in sections) is shown
    if shown:
        assert section_html(outputs_in(root, "pl")["policy"], "before-you-post") == (
            f"{ENGLISH_BLOCK}Ask yourself whether the post is kind.</p>\n"
        )


@pytest.mark.parametrize(
    "fragment, kept",
    [
        ('<p lang="en" dir="ltr" class="ps-fallback">x</p>', '<p lang="en" dir="ltr" class="ps-fallback">x</p>'),
        (
            '<table><tr><th lang="en" dir="ltr" class="ps-fallback">x</th></tr></table>',
            '<table><tbody><tr><th lang="en" dir="ltr" class="ps-fallback">x</th></tr></tbody></table>',
        ),
        ('<p lang="fr" class="ps-fallback-x">x</p>', "<p>x</p>"),
        ('<p class="md-button">x</p>', "<p>x</p>"),
        ('<strong lang="en" dir="ltr" class="ps-fallback">x</strong>', "<strong>x</strong>"),
        ('<a href="#a" lang="en" dir="ltr" class="ps-fallback">x</a>', '<a href="#a">x</a>'),
    ],
)
def test_the_sanitiser_keeps_exactly_the_english_marking_on_exactly_the_block_tags(fragment, kept):
    assert clean_text(fragment) == kept


def test_english_marks_a_unit_of_many_tags_in_time_in_proportion_to_its_length():
    """A unit's trailing tags were matched with `{%.*?%}`, which can span several tags: a
    unit of tags followed by words was tried split every possible way (2**39 here: the test
    would not finish). The mark closes before trailing tags only; here there are none."""
    source = "Text " + "{% if a %}" * 40 + " end."
    assert english(source) == FALLBACK_OPEN + source + FALLBACK_CLOSE
    closing = "Text." + "{%- endif %} " * 40
    assert english(closing) == FALLBACK_OPEN + "Text." + FALLBACK_CLOSE + "{%- endif %} " * 40
