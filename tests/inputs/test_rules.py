"""Input rules (rules.py) on dates: an overdue review dated by a term, and a letter dated
more than 6 months before today. The last tests run them through `build.py check`."""

from __future__ import annotations

import datetime as dt

import pytest

from policysite.inputs import rules
from policysite.inputs.load import load_schools

from ..errors_support import finding, make_project, run


def school_file(mini_project, text: str):
    files, problems = load_schools(mini_project(text))
    assert not problems, [f.format() for f in problems]
    return files[0]


def letter_warnings(mini_project, date: str, today: dt.date) -> list:
    return rules.letter_date(school_file(mini_project, f"name: M\nletter:\n  date: {date}\n"), today)


@pytest.mark.parametrize(
    "today, overdue",
    [
        (dt.date(2024, 12, 31), False),  # the term's last day
        (dt.date(2025, 1, 1), True),
        (dt.date(2025, 11, 25), True),
    ],
)
def test_a_term_review_is_overdue_only_after_the_terms_last_day(mini_project, today, overdue):
    file = school_file(mini_project, "name: M\ndocument_control:\n  review_on: Autumn 2024\n")
    assert bool(rules.review_date(file, today)) == overdue


def test_a_term_review_warning_says_in_the_term_and_how_late(mini_project):
    file = school_file(mini_project, "name: Term School\ndocument_control:\n  review_on: Spring 2025\n")
    [warning] = rules.review_date(file, dt.date(2025, 11, 25))
    assert warning.message == "Term School: the policy was due for review in Spring 2025 and is 7 months overdue"


@pytest.mark.parametrize(
    "date, today, stale",
    [
        ("2025-05-25", dt.date(2025, 11, 25), False),  # exactly 6 months
        ("2025-05-24", dt.date(2025, 11, 25), True),
        ("2025-05", dt.date(2025, 11, 30), False),  # a month lasts until its last day, 31 May
        ("2025-05", dt.date(2025, 12, 1), True),
        ("2025-02-28", dt.date(2025, 8, 31), False),  # no 31 February: 6 months before is the 28th
        ("2026-01-10", dt.date(2025, 11, 25), False),  # a letter to go home later
    ],
)
def test_a_letter_dated_more_than_6_months_ago_is_stale(mini_project, date, today, stale):
    assert bool(letter_warnings(mini_project, date, today)) == stale


def test_the_stale_letter_warning_is_at_the_date_with_its_age_and_both_ways_out(mini_project):
    [warning] = letter_warnings(mini_project, "2021-11-05", dt.date(2025, 11, 25))
    assert warning.level == "warning" and (warning.location.line, warning.location.col) == (3, 9)
    assert warning.message == "M: the parent letter is dated 5 November 2021, 4 years ago"
    assert "the day the letter goes home" in warning.hint and "blank date line" in warning.hint


def test_a_school_without_a_letter_date_is_not_warned(mini_project):
    assert rules.letter_date(school_file(mini_project, "name: M\n"), dt.date(2025, 11, 25)) == []


SCHOOLS = {
    "stale-letter": "name: Stale Letter School\nletter:\n  date: 2025-03-01\n",
    "term-review": "name: Term School\ndocument_control:\n  review_on: Autumn 2024\n",
}


@pytest.fixture
def dated(tmp_path):
    """The error-test project with the two schools above."""
    return make_project(tmp_path / "project", SCHOOLS)


def test_check_warns_about_a_stale_letter_date_and_a_term_review_and_passes(dated):
    code, _, err = run(dated, "check")  # --today 2025-11-25
    assert code == 0, err
    stale = finding(
        err,
        "schools/stale-letter.yml:3:9",
        "warning",
        "Stale Letter School: the parent letter is dated 1 March 2025, 8 months ago",
    )
    assert "hint: Set `letter.date:` to the day the letter goes home, or delete it" in stale
    finding(
        err,
        "schools/term-review.yml:3:14",
        "warning",
        "Term School: the policy was due for review in Autumn 2024 and is 10 months overdue",
    )


def test_strict_check_fails_on_a_stale_letter_date(dated):
    (dated / "schools" / "term-review.yml").unlink()
    code, _, err = run(dated, "check", "--strict")
    assert code == 1
    finding(err, "schools/stale-letter.yml:3:9", "error", "the parent letter is dated 1 March 2025")
