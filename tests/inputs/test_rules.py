"""Input rules (rules.py) on dates: an overdue review dated by a term, a letter dated more
than 6 months before today or more than 2 months after it, an approval date still to come;
each read from the merged school, so a date in the federation's defaults.yml is checked too.
The last tests run them through `build.py check`."""

from __future__ import annotations

import datetime as dt

import pytest

from policysite.errors import Location
from policysite.inputs import rules
from policysite.inputs.load import load_content, load_schools

from ..errors_support import finding, make_project, run

POLICY = "content/social-media"


def date_warnings(mini_project, schools: str | dict[str, str], today: dt.date, defaults: str = "") -> list:
    """rules.check_schools on the mini project's schools, with its defaults.yml plus `defaults`."""
    root = mini_project(schools)
    path = root / POLICY / "defaults.yml"
    path.write_text(path.read_text(encoding="utf-8") + defaults, encoding="utf-8")
    content, problems = load_content(root, POLICY)
    files, more = load_schools(root)
    assert content is not None and not problems + more, [f.format() for f in problems + more]
    return rules.check_schools(files, today, content)


def letter_warnings(mini_project, date: str, today: dt.date) -> list:
    return date_warnings(mini_project, f"name: M\nletter:\n  date: {date}\n", today)


@pytest.mark.parametrize(
    "today, overdue",
    [
        (dt.date(2024, 12, 31), False),  # the term's last day
        (dt.date(2025, 1, 1), True),
        (dt.date(2025, 11, 25), True),
    ],
)
def test_a_term_review_is_overdue_only_after_the_terms_last_day(mini_project, today, overdue):
    found = date_warnings(mini_project, "name: M\ndocument_control:\n  review_on: Autumn 2024\n", today)
    assert bool(found) == overdue


def test_a_term_review_warning_says_in_the_term_and_how_late(mini_project):
    text = "name: Term School\ndocument_control:\n  review_on: Spring 2025\n"
    [warning] = date_warnings(mini_project, text, dt.date(2025, 11, 25))
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
        ("2026-01-25", dt.date(2025, 11, 25), False),  # exactly 2 months ahead
        ("2026-01", dt.date(2025, 11, 25), False),  # January begins within 2 months
        ("2026-01-26", dt.date(2025, 11, 25), True),
        ("2026-11-20", dt.date(2025, 11, 25), True),  # next year's date: the year is wrong
    ],
)
def test_a_letter_dated_more_than_6_months_ago_or_2_months_ahead_is_wrong(mini_project, date, today, stale):
    assert bool(letter_warnings(mini_project, date, today)) == stale


def test_a_letter_dated_next_year_is_warned_at_the_date_asking_about_the_year(mini_project):
    [warning] = letter_warnings(mini_project, "2026-11-20", dt.date(2025, 11, 25))
    assert (warning.location.line, warning.location.col) == (3, 9)
    assert warning.message == "M: the parent letter is dated 20 November 2026, more than 2 months ahead"
    assert warning.hint.startswith("Is the year right?") and "blank date line" in warning.hint


@pytest.mark.parametrize(
    "approved_on, future",
    [
        ("2025-11-25", False),  # today
        ("2025-11-26", True),
        ("2025-11", False),  # this month
        ("2025-12", True),
        ("Autumn 2025", False),  # this term
        ("Spring 2026", True),
        ("2052-09-01", True),  # a typo that would hide every re-approval warning until 2052
    ],
)
@pytest.mark.parametrize("key", ["approved_on", "published_on"])
def test_an_approval_or_publication_date_still_to_come_is_warned(mini_project, key, approved_on, future):
    text = f"name: M\ndocument_control:\n  {key}: {approved_on}\n"
    found = date_warnings(mini_project, text, dt.date(2025, 11, 25))
    assert [(f.location.line, f.message) for f in found] == (
        [(3, f"M: `{key}` is {found[0].message.split(' is ')[1].split(',')[0]}, a date still to come")]
        if future
        else []
    )


def test_the_stale_letter_warning_is_at_the_date_with_its_age_and_both_ways_out(mini_project):
    [warning] = letter_warnings(mini_project, "2021-11-05", dt.date(2025, 11, 25))
    assert warning.level == "warning" and (warning.location.line, warning.location.col) == (3, 9)
    assert warning.message == "M: the parent letter is dated 5 November 2021, 4 years ago"
    assert "the day the letter goes home" in warning.hint and "blank date line" in warning.hint


def test_a_school_without_a_letter_date_is_not_warned(mini_project):
    assert date_warnings(mini_project, "name: M\n", dt.date(2025, 11, 25)) == []


# Appended to the mini defaults.yml, which ends inside `document_control:`.
FEDERATION = "  review_on: 2022-11\nletter:\n  date: 2021-11-05\n"


def test_a_stale_date_in_the_federation_defaults_is_one_warning_at_its_line_naming_its_schools(mini_project):
    """Federation-wide dates were never checked: rules saw only the school files."""
    schools = {
        "a": "name: Ash School\n",
        "b": "name: Beech School\n",
        "own": "name: Own\nletter:\n  date: 2025-11-01\n",
    }
    found = date_warnings(mini_project, schools, dt.date(2025, 11, 25), defaults=FEDERATION)
    defaults = (mini_project({}) / POLICY / "defaults.yml").read_text(encoding="utf-8")
    line = defaults.count("\n") + 1  # the first line added after the file's own
    assert [(f.location, f.message) for f in found] == [
        (
            Location(f"{POLICY}/defaults.yml", line, 14),
            "Ash School, Beech School, Own: the policy was due for review in November 2022 and is 2 years overdue",
        ),
        (
            Location(f"{POLICY}/defaults.yml", line + 2, 9),
            "Ash School, Beech School: the parent letter is dated 5 November 2021, 4 years ago",
        ),
    ]


def test_a_default_used_by_many_schools_names_three_then_counts(mini_project):
    schools = {f"s{n}": f"name: School {n}\n" for n in range(5)}
    [review, _] = date_warnings(mini_project, schools, dt.date(2025, 11, 25), defaults=FEDERATION)
    assert review.message.startswith("School 0, School 1 and 3 other schools: the policy was due")


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


def test_check_warns_about_a_stale_letter_date_in_the_federation_defaults(dated):
    defaults = dated / POLICY / "defaults.yml"
    text = defaults.read_text(encoding="utf-8")
    defaults.write_text(text + "letter:\n  date: 2024-09-02\n", encoding="utf-8")
    code, _, err = run(dated, "check")
    assert code == 0, err
    line = text.count("\n") + 2
    block = finding(err, f"{POLICY}/defaults.yml:{line}:9", "warning", "the parent letter is dated 2 September 2024")
    assert "Term School" in block and "Stale Letter School" not in block.splitlines()[0]  # it has its own date


def test_strict_check_fails_on_a_stale_letter_date(dated):
    (dated / "schools" / "term-review.yml").unlink()
    code, _, err = run(dated, "check", "--strict")
    assert code == 1
    finding(err, "schools/stale-letter.yml:3:9", "error", "the parent letter is dated 1 March 2025")
