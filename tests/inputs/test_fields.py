"""Date fields in a school file (fields.Date): which fields take a school term, where a bad
date is reported, and how a term reaches the pages and the schema's docs."""

from __future__ import annotations

import re

import pytest

from policysite.errors import Location
from policysite.inputs.dates import PolicyDate
from policysite.inputs.schema import schema_markdown

from ..errors_support import seed_copy
from ..helpers import check_errors, check_project

SCHOOL_PATH = "schools/mini.yml"
HISTORY = "name: M\ndocument_control:\n  history:\n    - version: '1'\n      date: {}\n      summary: First.\n"


def only_error(mini_project, text: str):
    errors = check_errors(mini_project(text))
    assert len(errors) == 1, [f.format() for f in errors]
    return errors[0]


def control(mini_project, text: str):
    """The merged document_control of a valid mini school."""
    result = check_project(mini_project(text))
    return result.schools[0].data["document_control"]


@pytest.mark.parametrize("field", ["approved_on", "review_on"])
def test_approval_and_review_dates_take_a_term(mini_project, field):
    value = control(mini_project, f"name: M\ndocument_control:\n  {field}: autumn term 2099\n")[field]
    assert value == PolicyDate.of_term("Autumn", 2099) and str(value) == "Autumn 2099"


def test_a_history_date_takes_a_term(mini_project):
    [entry] = control(mini_project, HISTORY.format("Spring 2025"))["versions"]
    assert str(entry["date"]) == "Spring 2025"


def test_a_bad_term_is_an_error_at_its_value_listing_the_accepted_forms(mini_project):
    finding = only_error(mini_project, "name: M\ndocument_control:\n  review_on: Winter 2024\n")
    assert finding.location == Location(SCHOOL_PATH, 3, 14)
    assert finding.message == "`document_control.review_on` is `Winter 2024`: Winter is not a school term; use " + (
        "Autumn, Spring or Summer"
    )
    assert "Autumn 2024, Spring 2025 or Summer 2025" in finding.hint and "YYYY-MM-DD" in finding.hint


def test_a_misspelt_history_term_is_an_error_at_its_line(mini_project):
    finding = only_error(mini_project, HISTORY.format("Autum 2024"))
    assert finding.location == Location(SCHOOL_PATH, 5, 13)
    assert "Did you mean `Autumn 2024`?" in finding.hint


def test_a_terms_year_is_range_checked_like_any_date(mini_project):
    finding = only_error(mini_project, "name: M\ndocument_control:\n  approved_on: Summer 2205\n")
    assert finding.location == Location(SCHOOL_PATH, 3, 16) and "in the year 2205" in finding.message


def test_a_letter_date_is_a_day_not_a_term(mini_project):
    finding = only_error(mini_project, "name: M\nletter:\n  date: Autumn 2025\n")
    assert finding.location == Location(SCHOOL_PATH, 3, 9)
    assert "`letter.date` is `Autumn 2025`: a term cannot be used here" in finding.message


def test_heathfields_policy_shows_its_review_term_as_its_seed_does(tmp_path):
    result = check_project(seed_copy(tmp_path / "project"))
    [policy] = [o for o in result.outputs if (o.school.slug, o.output) == ("heathfields-wilnecote", "policy")]
    [control_section] = [s.markdown for s in policy.sections if s.id == "document-control"]
    assert re.search(r"\| Autumn 2024 \|", control_section), control_section
    assert "September 2024" not in control_section


def test_the_schema_docs_say_when_a_term_ends():
    row = next(line for line in schema_markdown().splitlines() if line.startswith("| `document_control.review_on`"))
    assert "Autumn 2024" in row
    assert all(day in row for day in ("31 December", "31 March", "31 August")), row
