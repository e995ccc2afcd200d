"""`languages:` and `sections.<id>.translations`: codes, catalogues, and a school's own translations."""

from __future__ import annotations

import pytest

from policysite.errors import Location

from ..helpers import check_errors, check_project
from ..translate_support import unit_count, write_catalogue

SCHOOL_PATH = "schools/mini.yml"
DEFAULTS = "content/social-media/defaults.yml"


def _warnings(result, path: str) -> list:
    return [f for f in result.findings if f.level == "warning" and f.location and f.location.path == path]


def test_a_listed_language_needs_its_catalogue_reported_at_its_line(mini_project):
    root = mini_project("name: Mini School\nlanguages:\n  - pl\n  - ur\n")
    write_catalogue(root, "pl", {})
    errors = check_errors(root)
    assert [(e.location, e.message) for e in errors] == [
        (
            Location(SCHOOL_PATH, 4, 5),
            "`ur` has no catalogue: content/social-media/translations/ur.po does not exist",
        )
    ]
    assert "python build.py translations update --add ur" in errors[0].hint


def test_languages_in_the_defaults_reach_every_school_and_a_missing_catalogue_is_said_once(mini_project):
    root = mini_project({"a-school": "name: A\n", "b-school": "name: B\n", "c-school": "name: C\nlanguages:\n"})
    defaults = root / DEFAULTS
    defaults.write_text(defaults.read_text(encoding="utf-8") + "languages: [pl]\n", encoding="utf-8")
    errors = check_errors(root)
    assert [(e.location.path, e.message.split(":")[0]) for e in errors] == [(DEFAULTS, "`pl` has no catalogue")]
    write_catalogue(root, "pl", {})
    shown = {(o.school.slug, o.language) for o in check_project(root).outputs}
    assert {slug for slug, code in shown if code == "pl"} == {"a-school", "b-school"}  # c-school's empty list: none


@pytest.mark.parametrize(
    "value, line, col, message, hint",
    [
        ("[pl, en]", 2, 17, "`en` is the canonical text", "List only the other languages"),
        ("[pl, pl]", 2, 17, "`pl` is listed twice", "List each language once."),
        ("[Polish]", 2, 13, "`Polish` is not a language code", "Use its code: pl."),
        ("[PL]", 2, 13, "`PL` is not a language code", "Use its code: pl."),
        ("[xx]", 2, 13, "`xx` is not a language code", "Write the language's code in lower case"),
        ("pl", 2, 12, "`languages` should be a list", "Write a list"),
    ],
)
def test_a_language_that_is_not_a_code_english_or_repeated_is_refused_at_its_value(
    mini_project, value, line, col, message, hint
):
    errors = check_errors(mini_project(f"name: Mini School\nlanguages: {value}\n"))
    assert [e.location for e in errors] == [Location(SCHOOL_PATH, line, col)]
    assert errors[0].message.startswith(message) and errors[0].hint.startswith(hint)


def test_a_translation_of_a_section_the_school_does_not_write_is_refused(mini_project):
    text = "name: Mini School\nlanguages: [pl]\nsections:\n  notes:\n    translations:\n      pl: Tekst.\n"
    root = mini_project(text)
    write_catalogue(root, "pl", {})
    errors = check_errors(root)
    assert [e.location for e in errors] == [Location(SCHOOL_PATH, 6, 7)]
    assert "has no `append:` or `replace:`" in errors[0].message
    assert "translations/<code>.po" in errors[0].hint


def test_a_translation_is_markdown_checked_as_the_schools_own_text_is(mini_project):
    text = (
        "name: Mini School\nlanguages: [pl]\nsections:\n  notes:\n    append: Words.\n"
        "    translations:\n      pl: Słowa <script>x</script>.\n      ur: ' '\n      Polish: Słowa.\n"
    )
    root = mini_project(text)
    write_catalogue(root, "pl", {})
    found = sorted((e.location.line, e.message.split(":")[0]) for e in check_errors(root))
    assert found == [
        (7, "HTML is not allowed in a school's Markdown"),
        (8, "`sections.notes.translations.ur` has no text a reader would see"),
        (9, "`Polish` is not a language code"),
    ]


def test_a_translation_into_a_language_the_school_does_not_publish_is_a_warning(mini_project):
    root = mini_project(
        "name: Mini School\nlanguages: [pl]\nsections:\n  notes:\n    append: Words.\n"
        "    translations:\n      pl: Słowa.\n      ur: Urdu words.\n"
    )
    write_catalogue(root, "pl", {})
    warned = [w for w in _warnings(check_project(root), SCHOOL_PATH) if "translations" in w.message]
    assert [(w.location, w.message) for w in warned] == [
        (
            Location(SCHOOL_PATH, 8, 11),
            "`sections.notes.translations.ur` is not shown: the school does not publish `ur` (languages: pl)",
        )
    ]


def test_a_language_below_full_coverage_is_one_warning_at_its_catalogue(mini_project):
    root = mini_project("name: Mini School\nlanguages: [pl]\n")
    body = ("letter-body", "Please post kindly about {{ school.short_name }}.")
    write_catalogue(root, "pl", lambda english: english if english != body[1] else "", fuzzy=frozenset())
    warned = _warnings(check_project(root), "content/social-media/translations/pl.po")
    assert [w.message for w in warned] == [
        f"Polish: 1 of {unit_count(root)} units of the policy, letter and staff code are shown in English "
        "(0 changed since translated, 1 not translated)"
    ]
    assert "translations update" in warned[0].hint and "fuzzy" in warned[0].hint
