"""School-file errors point at the exact line and column and say how to fix the value."""

from __future__ import annotations

import subprocess
import sys

import pytest

from policysite.cli import main
from policysite.errors import Location, has_errors
from policysite.inputs.fields import ListOf
from policysite.inputs.schema import CONTACT_ROLES, SCHOOL, SECTION_CHANGE, Record, SectionChanges, schema_markdown

from ..helpers import ROOT, check_errors, check_project

SCHOOL_PATH = "schools/mini.yml"


def only_error(mini_project, text: str):
    """The one finding a broken school file gives."""
    errors = check_errors(mini_project(text))
    assert len(errors) == 1, [f.format() for f in errors]
    return errors[0]


def test_unknown_key_suggests_the_nearest_field(mini_project):
    finding = only_error(mini_project, "name: M\nheadteacher_nmae: Mrs X\n")
    assert finding.location == Location(SCHOOL_PATH, 2, 1)
    assert "unknown field `headteacher_nmae`" in finding.message
    assert finding.hint == "Did you mean `headteacher_name`?"


def test_unknown_nested_key_names_its_group(mini_project):
    finding = only_error(mini_project, "name: M\ndocument_control:\n  refrence: P1\n")
    assert finding.location == Location(SCHOOL_PATH, 3, 3)
    assert "`refrence` in `document_control`" in finding.message and "`reference`" in finding.hint


def test_unquoted_phone_number_says_quote_it(mini_project):
    finding = only_error(mini_project, "name: M\nphone: 01234567890\n")
    assert finding.location == Location(SCHOOL_PATH, 2, 8)
    assert "`phone` should be text" in finding.message and "quotes" in finding.hint


def test_quote_hint_keeps_the_number_as_written(mini_project):
    finding = only_error(mini_project, "name: M\nphone: 01234567890\n")
    assert 'phone: "01234567890"' in finding.hint, finding.hint


def test_missing_name_is_an_error_at_the_top(mini_project):
    finding = only_error(mini_project, "short_name: M\n")
    assert finding.location == Location(SCHOOL_PATH, 1, 1)
    assert "missing required field(s): name" in finding.message


def test_british_date_asks_for_yyyy_mm_dd(mini_project):
    finding = only_error(mini_project, "name: M\ndocument_control:\n  approved_on: 01/09/2025\n")
    assert finding.location == Location(SCHOOL_PATH, 3, 16)
    assert "`01/09/2025`" in finding.message and "YYYY-MM-DD" in finding.hint


def test_impossible_date_is_refused(mini_project):
    finding = only_error(mini_project, "name: M\nletter:\n  date: 2025-02-30\n")
    assert finding.location == Location(SCHOOL_PATH, 3, 9) and "not a real date" in finding.message


@pytest.mark.parametrize(
    "text, line, col",
    [
        ("name: M\nwebsite: javascript:alert(1)\n", 2, 10),
        ('name: M\nlinked_policies:\n  - policy: complaints\n    url: "javascript:alert(1)"\n', 4, 10),
    ],
)
def test_javascript_url_is_refused(mini_project, text, line, col):
    finding = only_error(mini_project, text)
    assert finding.location == Location(SCHOOL_PATH, line, col)
    assert "not an allowed link" in finding.message and "https:" in finding.hint


@pytest.mark.parametrize(
    "markdown, line",
    [
        ("Read [this](javascript:alert(1)).", 5),
        ("Read [this](data:text/html,hi).", 5),
        ("Read [this][1].\n\n      [1]: javascript:alert(1)", 7),
    ],
)
def test_javascript_link_in_school_markdown_is_refused(mini_project, markdown, line):
    # The README: "links must be https:, mailto: or tel:". mkdocs would make these live links.
    text = f"name: M\nsections:\n  notes:\n    append: |\n      {markdown}\n"
    finding = only_error(mini_project, text)
    assert finding.location.path == SCHOOL_PATH and finding.location.line == line
    assert "link" in finding.message


def test_unknown_contact_role_lists_the_known_ones(mini_project):
    finding = only_error(mini_project, "name: M\ncontacts:\n  - class_teacher\n  - head_techer\n")
    assert finding.location == Location(SCHOOL_PATH, 4, 5)
    assert "unknown contact role `head_techer`" in finding.message
    assert "Did you mean `headteacher`?" in finding.hint
    assert all(role in finding.hint for role in CONTACT_ROLES)


def test_yes_is_not_a_boolean(mini_project):
    finding = only_error(mini_project, "name: M\noptions:\n  report_abuse: yes\n")
    assert finding.location == Location(SCHOOL_PATH, 3, 17) and "true or false" in finding.message


def test_all_errors_of_a_file_are_reported_together(mini_project):
    errors = check_errors(mini_project("name: M\nphone: 0123\nwebsite: ftp://x.example\nminimum_age: 40\n"))
    lines = sorted(f.location.line for f in errors)
    assert lines == [2, 3, 4]


def test_cli_prints_location_caret_and_hint_and_exits_1(mini_project, capsys):
    assert main(["check", "--root", str(mini_project("name: M\nheadteacher_nmae: X\n"))]) == 1
    err = capsys.readouterr().err
    assert "schools/mini.yml:2:1: error: unknown field `headteacher_nmae`" in err
    assert "    headteacher_nmae: X\n    ^\n  hint: Did you mean `headteacher_name`?" in err


def test_past_review_date_is_reported_as_overdue(mini_project):
    # schema.py documents review_on: "a past date is reported as overdue".
    result = check_project(mini_project("name: M\ndocument_control:\n  review_on: 2001-01\n"))
    overdue = [f for f in result.findings if "overdue" in f.message.lower()]
    assert overdue and overdue[0].location == Location(SCHOOL_PATH, 3, 14)


def field_names(record: Record, prefix: str = "") -> list[str]:
    """Every dotted field name of the schema, walked independently of schema_markdown."""
    names = []
    for field in record.fields:
        name = prefix + field.name
        names.append(name)
        if isinstance(field.type, Record):
            names += field_names(field.type, name + ".")
        elif isinstance(field.type, ListOf) and isinstance(field.type.item, Record):
            names += field_names(field.type.item, name + "[].")
        elif isinstance(field.type, SectionChanges):
            names += field_names(SECTION_CHANGE, name + ".<id>.")
    return names


def test_schema_command_prints_schema_markdown_with_every_field():
    shown = subprocess.run(
        [sys.executable, "build.py", "schema"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert shown == schema_markdown()
    rows = [line.split("|")[1].strip().strip("`") for line in shown.splitlines()[2:]]
    assert rows == field_names(SCHOOL)
    assert {"name", "letter.signed_by", "sections.<id>.omit", "document_control.history[].date"} <= set(rows)


@pytest.mark.parametrize(
    "date, ok",
    [
        ("1990-01-01", True),
        ("2099-12-31", True),
        ("2099-12", True),
        ("1989-12-31", False),
        ("2100-01", False),
        ("2205-09-01", False),
    ],
)
def test_policy_dates_are_from_1990_to_2099(mini_project, date, ok):
    text = f"name: M\ndocument_control:\n  approved_on: {date}\n"
    if ok:
        assert not has_errors(check_project(mini_project(text)).findings)
    else:
        finding = only_error(mini_project, text)
        assert finding.location == Location(SCHOOL_PATH, 3, 16)
        assert "policy dates must be from 1990 to 2099" in finding.message and "year" in finding.hint


@pytest.mark.parametrize(
    "email, ok",
    [
        ("office@oak.sch.uk", True),
        ("head+policy@école.example", True),
        ("o'brien@oak.example", False),
        ("office@oak", False),
        ("office@@oak.example", False),
        ('office@oak.example" onclick="x', False),
        ("office@oak.example)", False),
        ("<office@oak.example>", False),
        ("office@oak.example?subject=x", False),
        # A mailto: link reads these in the name: it would write to someone the text doesn't show.
        ("office?cc=head@oak.example", False),  # to "office", copied to the head
        ("head%40other.example?@oak.example", False),  # to head@other.example
        ("office#@oak.example", False),  # to "office"
    ],
)
def test_email_addresses_cannot_end_their_link(mini_project, email, ok):
    text = f"name: M\nemail: '{email.replace(chr(39), chr(39) * 2)}'\n"
    if ok:
        assert not has_errors(check_project(mini_project(text)).findings)
    else:
        finding = only_error(mini_project, text)
        assert finding.location == Location(SCHOOL_PATH, 2, 8) and "not an email address" in finding.message


@pytest.mark.parametrize("value", ['"Oak\\tSchool"', "Oak\tSchool"])
def test_a_tab_inside_one_line_text_is_refused(mini_project, value):
    finding = only_error(mini_project, f"name: {value}\n")
    assert finding.location.line == 1 and "U+0009 (a tab)" in finding.message


def test_a_tab_or_line_break_at_either_end_of_one_line_text_is_dropped(mini_project):
    result = check_project(mini_project('name: "\\tOak School\\r\\n"\n'))
    assert not has_errors(result.findings) and result.schools[0].data["name"] == "Oak School"


@pytest.mark.parametrize("key", ['"over\\x00view"', '"\\u202eoverview"', '"overview\\u200b"'])
def test_a_section_id_with_a_hidden_character_is_refused_at_the_key(mini_project, key):
    finding = only_error(mini_project, f"name: M\nsections:\n  {key}:\n    append: x\n")
    assert finding.location == Location(SCHOOL_PATH, 3, 3) and finding.message.startswith("the section id `")


def test_a_number_too_long_for_python_is_a_located_error(mini_project):
    finding = only_error(mini_project, "name: M\nminimum_age: 1" + "0" * 5000 + "\n")
    assert finding.location == Location(SCHOOL_PATH, 2, 14)
    assert finding.message == "a number is too long (more than 4,300 digits)" and "quotes" in finding.hint


@pytest.mark.parametrize("key, col", [("12", 3), ("? [a]\n  ", 5)])
def test_a_section_id_that_is_not_a_name_is_located(mini_project, key, col):
    finding = only_error(mini_project, f"name: M\nsections:\n  {key}: {{append: x}}\n")
    assert finding.location == Location(SCHOOL_PATH, 3, col) and "is not a section id" in finding.message


@pytest.mark.parametrize("value", ['"\\u00ad"', '"\\u3164"', '"\\u2800 \\u00ad"'])
def test_one_line_text_of_only_invisible_characters_is_refused(mini_project, value):
    finding = only_error(mini_project, f"name: {value}\n")
    assert finding.location == Location(SCHOOL_PATH, 1, 7)
    assert finding.message == "`name` shows nothing: it holds only blank or invisible characters"


def test_a_link_found_nowhere_as_written_does_not_move_the_next_finding(mini_project):
    """`java\\u0073cript:` is `javascript:` only once YAML has read the quoted value: the link
    is reported at the value, and the tag after it is still found after the tag before it."""
    text = 'name: M\nsections:\n  notes:\n    append: "<b>1</b> [a](java\\u0073cript:x) <b>2</b>"\n'
    errors = check_errors(mini_project(text))
    assert sorted((f.location.col, f.message[:20]) for f in errors) == [
        (13, "a link in `sections."),
        (14, "HTML is not allowed "),
        (46, "HTML is not allowed "),
    ]
