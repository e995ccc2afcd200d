"""Policy dates (dates.py): a day, a month or a school term; what each means for 'is it
past yet?', how each is shown, and how a school's text is read into one."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from policysite.inputs.dates import PolicyDate, Unreadable, read_date

AUTUMN_2024 = PolicyDate.of_term("Autumn", 2024)


@pytest.mark.parametrize(
    "text, last_day",
    [
        ("Autumn 2024", dt.date(2024, 12, 31)),
        ("Spring 2025", dt.date(2025, 3, 31)),
        ("Summer 2025", dt.date(2025, 8, 31)),
        ("2024-02", dt.date(2024, 2, 29)),  # a leap year's February
        ("2025-09-01", dt.date(2025, 9, 1)),
    ],
)
def test_a_date_lasts_until_its_last_day(text, last_day):
    assert read_date(text, terms=True).last_day() == last_day


def test_the_three_terms_cover_the_school_year_without_a_gap():
    terms = [PolicyDate.of_term(name, year) for name, year in (("Autumn", 2024), ("Spring", 2025), ("Summer", 2025))]
    assert terms[0].first_day() == dt.date(2024, 9, 1) and terms[-1].last_day() == dt.date(2025, 8, 31)
    for earlier, later in itertools.pairwise(terms):
        assert later.first_day() - earlier.last_day() == dt.timedelta(days=1)


@pytest.mark.parametrize(
    "value, shown, written, iso",
    [
        (PolicyDate(2025, 9, 1), "1 September 2025", "2025-09-01", "2025-09-01"),
        (PolicyDate(2022, 11), "November 2022", "2022-11", "2022-11"),
        (AUTUMN_2024, "Autumn 2024", "Autumn 2024", "2024"),
    ],
)
def test_how_each_kind_of_date_is_shown(value, shown, written, iso):
    assert (str(value), value.as_written(), value.iso()) == (shown, written, iso)


def test_a_terms_iso_form_is_a_valid_html_datetime_year():
    # HTML's <time datetime> takes a year as four or more ASCII digits; it has no school terms.
    assert re.fullmatch(r"[0-9]{4,}", AUTUMN_2024.iso())


@pytest.mark.parametrize("text", ["Autumn 2024", "autumn 2024", "AUTUMN 2024", "Autumn term 2024", "autumn  Term 2024"])
def test_a_term_is_read_in_any_case_with_or_without_the_word_term(text):
    assert read_date(f" {text} ", terms=True) == AUTUMN_2024


@pytest.mark.parametrize(
    "text, date",
    [
        ("Autumn\u00a02024", AUTUMN_2024),  # a no-break space, as a word processor puts it
        ("Autumn\u2003term\u00a02024", AUTUMN_2024),  # an em space
        ("Autumn 2024 term", AUTUMN_2024),  # "term" after the year
        ("Autumn \uff12\uff10\uff12\uff14", AUTUMN_2024),  # full-width digits
        ("\uff12\uff10\uff12\uff15-09-01", PolicyDate(2025, 9, 1)),
        ("2025\u201309\u201301", PolicyDate(2025, 9, 1)),  # en dashes
        ("2025\u201009", PolicyDate(2025, 9)),  # a Unicode hyphen
    ],
)
def test_a_date_pasted_with_look_alike_spaces_digits_or_dashes_reads_as_it_looks(text, date):
    """The error message would show the value as "Autumn 2024", leaving nothing to correct."""
    assert read_date(text, terms=True) == date


def test_digits_of_another_script_are_not_read_as_a_year():
    assert isinstance(read_date("Autumn \u0662\u0660\u0662\u0664", terms=True), Unreadable)  # Arabic-Indic 2024


def test_a_term_is_always_shown_in_one_spelling():
    assert str(read_date("spring TERM 2025", terms=True)) == "Spring 2025"


@pytest.mark.parametrize(
    "text, message, hint",
    [
        ("Winter 2024", "Winter is not a school term; use Autumn, Spring or Summer", "Autumn 2024, Spring 2025"),
        ("Autum 2024", "Autum is not a school term", "Did you mean `Autumn 2024`?"),
        ("Autumn 24", "write the year in full, such as Autumn 2024", "Autumn ends on 31 December"),
        ("Autumn 2024/25", "not the school year", "Did you mean `Autumn 2024`?"),
        ("Summer term 2024/25", "not the school year", "Did you mean `Summer 2025`?"),
        ("Spring 24/25", "not the school year", "Did you mean `Spring 2025`?"),
        ("November 2022", "use YYYY-MM-DD, YYYY-MM or a term", "such as 2022-11"),
        ("01/09/2025", "use YYYY-MM-DD, YYYY-MM or a term", "Spring on 31 March and Summer on 31 August"),
        ("2025-02-30", "which is not a real date", "YYYY-MM-DD"),
    ],
)
def test_a_near_miss_says_what_to_write(text, message, hint):
    problem = read_date(text, terms=True)
    assert isinstance(problem, Unreadable)
    assert message in problem.message and hint in problem.hint, problem


def test_where_terms_are_not_taken_a_term_is_refused():
    problem = read_date("Autumn 2024", terms=False)
    assert isinstance(problem, Unreadable)
    assert "a term cannot be used here" in problem.message and "YYYY-MM-DD" in problem.hint
    assert "Autumn" not in read_date("Winter 2024", terms=False).hint  # no terms offered where none are taken


def test_dates_sort_by_the_day_they_begin_then_the_day_they_end():
    mixed = [
        PolicyDate.of_term("Spring", 2025),
        PolicyDate(2024, 12, 31),
        AUTUMN_2024,
        PolicyDate(2024, 9),
        PolicyDate.of_term("Summer", 2024),
        PolicyDate(2024, 9, 1),
    ]
    assert [d.as_written() for d in sorted(mixed)] == [
        "Summer 2024",
        "2024-09-01",
        "2024-09",
        "Autumn 2024",
        "2024-12-31",
        "Spring 2025",
    ]
    assert PolicyDate(2024, 8, 31) < AUTUMN_2024 < PolicyDate(2024, 12) and AUTUMN_2024 <= AUTUMN_2024


def test_a_term_needs_its_own_first_month():
    with pytest.raises(ValueError, match="not a term"):
        PolicyDate(2024, 5, term="Autumn")
