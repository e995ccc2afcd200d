"""units.py: which blocks of a canonical document are translation units, and where they are."""

from __future__ import annotations

import pytest

from policysite.errors import split_lines
from policysite.inputs.load import load_content
from policysite.inputs.units import document_units, jinja_spans, units_of
from tests.helpers import ROOT


def _units(text: str):
    return units_of(text, "sec", "doc.md", 10)


def _sources(text: str) -> list[tuple[str, str]]:
    return [(unit.kind, unit.source) for unit in _units(text)]


def test_a_paragraph_over_two_lines_is_one_unit_with_its_line_break():
    text = "First line of it\nand its second line.\n\nNext paragraph."
    assert _sources(text) == [("paragraph", "First line of it\nand its second line."), ("paragraph", "Next paragraph.")]


def test_list_items_nested_items_and_continuation_lines():
    text = "Rules:\n\n- One rule\n  that goes on.\n- Two\n  - Nested rule\n1. Numbered rule\n"
    assert _sources(text) == [
        ("paragraph", "Rules:"),
        ("item", "One rule\n  that goes on."),
        ("item", "Two"),
        ("item", "Nested rule"),
        ("item", "Numbered rule"),
    ]


def test_tag_only_lines_end_a_block_and_belong_to_no_unit():
    text = "{% if x -%}\nShown when x.\n{%- else -%}\nShown otherwise.\n{%- endif %}\n{# a note #}\nAfter."
    assert _sources(text) == [
        ("paragraph", "Shown when x."),
        ("paragraph", "Shown otherwise."),
        ("paragraph", "After."),
    ]


def test_a_tag_before_the_item_marker_is_structure():
    text = '{% if "police" in actions %}- Contact the police.\n{% endif -%}\n{% if y %}- Write to them.\n{% endif %}'
    units = _units(text)
    assert [(u.kind, u.source) for u in units] == [("item", "Contact the police."), ("item", "Write to them.")]
    assert units[0].location.col == len('{% if "police" in actions %}- ') + 1


def test_a_continuation_line_starting_with_a_tag_stays_in_the_paragraph():
    text = 'We will ask.\n{%- if "legal_advice" in actions %} In a serious case, advice.{% endif %} Our policy says.'
    assert _sources(text) == [("paragraph", text)]


def test_inline_jinja_is_kept_exactly():
    text = "Sites{% if school.platforms %}, such as {{ school.platforms | join_and }}{% endif %} help."
    assert _sources(text) == [("paragraph", text)]


def test_headings_inside_a_body():
    text = "Intro.\n### Our aims\nAims text.\n\n#### Deeper heading"
    assert _sources(text) == [
        ("paragraph", "Intro."),
        ("heading", "Our aims"),
        ("paragraph", "Aims text."),
        ("heading", "Deeper heading"),
    ]


def test_a_tables_cells_are_units_and_its_delimiter_row_is_not():
    text = (
        "| Item | Details |\n|---|:--:|\n{%- if dc.ref %}\n| Reference | {{ dc.ref }} |\n| A \\| B | {{ x | join }} c |"
    )
    assert _sources(text) == [
        ("cell", "Item"),
        ("cell", "Details"),
        ("cell", "Reference"),
        ("cell", "A \\| B"),
        ("cell", "{{ x | join }} c"),
    ]


def test_a_block_of_only_school_values_is_not_a_unit():
    assert _sources("{{ school.aims }}\n\n- {{ value }}\n\n| {{ a }} | {{ b }} |\n\nWords.") == [
        ("paragraph", "Words.")
    ]


def test_a_title_string_is_one_unit():
    (unit,) = units_of("Why we write: {{ x }}", "letter-why", "doc.md", 3, "title")
    assert (unit.kind, unit.source, unit.start, unit.end, unit.location.line) == (
        "title",
        "Why we write: {{ x }}",
        0,
        21,
        3,
    )


@pytest.mark.parametrize(
    "text",
    [
        "One\ntwo\n\n- a\n  b\n{% if x %}- c\n{% endif %}\n| d | e |\n### f\n{%- if y %} g",
        "crlf line\r\ncontinued\r\n\r\n- item\r\n",
        "  indented paragraph  \n\n> quoted words\n",
    ],
)
def test_start_and_end_give_the_source_back_exactly(text):
    units = _units(text)
    assert units
    for unit in units:
        assert text[unit.start : unit.end] == unit.source
        assert unit.source == unit.source.strip()


def test_lines_count_from_the_first_line_given():
    units = _units("One.\n\n- Two\n\nThree\nfour.")
    assert [(u.location.line, u.location.col) for u in units] == [(10, 1), (12, 3), (14, 1)]


def test_document_units_title_then_each_sections_title_and_body():
    content, findings = load_content(ROOT, "content/social-media")
    assert not findings
    letter = document_units(content.documents["letter"])
    assert [(u.context, u.kind) for u in letter[:3]] == [
        ("letter", "title"),
        ("letter-why", "title"),
        ("letter-why", "paragraph"),
    ]
    assert letter[0].source == "Social media: a letter to parents and carers"
    assert (letter[0].location.line, letter[0].location.col) == (1, 3)
    assert (letter[1].location.line, letter[1].location.col) == (3, 4)


@pytest.mark.parametrize("output", ["policy", "letter", "staff-code"])
def test_every_unit_of_the_real_content_starts_where_its_location_says(output):
    content, _ = load_content(ROOT, "content/social-media")
    document = content.documents[output]
    lines = split_lines((ROOT / document.path).read_text(encoding="utf-8"))
    units = document_units(document)
    assert len(units) > 10
    for unit in units:
        first = unit.source.split("\n")[0]
        line = lines[unit.location.line - 1]
        assert line[unit.location.col - 1 :].startswith(first), unit
        # each further line of a unit is the file's next line, as written
        for offset, rest in enumerate(unit.source.split("\n")[1:], start=1):
            assert lines[unit.location.line - 1 + offset] == rest, unit


def test_the_real_contents_jinja_structure_lines_are_in_no_unit():
    content, _ = load_content(ROOT, "content/social-media")
    sources = "\n".join(u.source for d in content.documents.values() for u in document_units(d))
    assert "{%- endif %}\n" not in sources and "{% endif -%}" not in sources
    assert "In a very serious case" in sources  # the continuation line starting with a tag is kept
    assert "Contact the police, if we think it is right." in sources


def test_jinja_spans_finds_each_tag_once_and_an_open_one():
    assert jinja_spans("a {{ b }} c {% d %}{# e #}") == ([(2, 9), (12, 19), (19, 26)], False)
    assert jinja_spans("a {{ b }} {{ c") == ([(2, 9)], True)
    assert jinja_spans("{{ '%}' }}") == ([(0, 10)], False)


def test_hostile_text_costs_time_in_proportion_to_its_length():
    """School text reaches units_of (a school's own translations): a line of tags and then
    text was tried split every possible way (2**40 here: the test would not finish), and a
    table row of `{{{{…` compared each `{{` with the rest of the row."""
    assert _sources("{% a %}" * 40 + " words") == [("paragraph", "words")]  # the tags open the block
    assert _sources("| words " + "{{" * 50_000) == [("cell", "words " + "{{" * 50_000)]


def test_code_blocks_rules_and_underlined_headings_as_markdown_reads_them():
    """School text reaches units_of too (its own translations): a fenced code block is not
    translated, a rule ends a paragraph, and an underlined title is a heading."""
    text = "Intro.\n```\n- not an item\n```\nTitle\n=====\nAfter.\n***\nLast."
    assert _sources(text) == [
        ("paragraph", "Intro."),
        ("heading", "Title"),
        ("paragraph", "After."),
        ("paragraph", "Last."),
    ]
