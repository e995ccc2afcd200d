"""build_epoch (pipeline.py): the date mkdocs is handed comes from the inputs, never the
clock, now that a letter without `letter.date` has no date at all."""

from __future__ import annotations

import datetime as dt

import pytest

from policysite.output.pipeline import build_epoch

from ..helpers import check_project


def epoch_of(mini_project, schools: dict[str, str]) -> dt.date:
    outputs = check_project(mini_project(schools)).outputs
    return dt.datetime.fromtimestamp(build_epoch(outputs), dt.UTC).date()


@pytest.fixture(autouse=True)
def no_source_date_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def test_no_letter_or_approval_date_gives_a_fixed_epoch_not_the_clock(mini_project):
    assert epoch_of(mini_project, {"a": "name: A\n", "b": "name: B\n"}) == dt.date(1970, 1, 1)


def test_the_newest_letter_or_approval_date_gives_the_epoch(mini_project):
    schools = {
        "a": "name: A\nletter:\n  date: 2024-06-01\n",
        "b": "name: B\ndocument_control:\n  approved_on: Autumn 2024\n",  # lasts until 31 December
        "c": "name: C\ndocument_control:\n  approved_on: 2023-01\n",
    }
    assert epoch_of(mini_project, schools) == dt.date(2024, 12, 31)


def test_a_publication_date_counts_as_an_input_date(mini_project):
    """A school whose document gives only a publication date (Heathfields) still dates the site."""
    schools = {
        "a": "name: A\nletter:\n  date: 2024-06-01\n",
        "b": "name: B\ndocument_control:\n  published_on: 2025-02\n",
    }
    assert epoch_of(mini_project, schools) == dt.date(2025, 2, 28)
