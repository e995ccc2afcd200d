"""`build.py check`: the summary per school, reviews due, platform ages, and exit codes."""

from __future__ import annotations

import re
import shutil

import pytest

from ..errors_support import run, seed_copy
from ..helpers import ROOT
from ..leads_support import edit, row_of

SLUGS = ("cambois", "cumbria-futures", "heathfields-wilnecote", "the-avenue")


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return seed_copy(tmp_path_factory.mktemp("leads-check") / "project")


@pytest.fixture(scope="module")
def checked(seed):
    """(exit code, stdout, stderr) of `check --today 2026-11-25` on the seed schools."""
    return run(seed, "check", "--today", "2026-11-25", reproducible=True)


def test_check_passes_with_warnings_and_writes_nothing(seed, checked):
    code, out, err = checked
    assert code == 0, err
    assert "Checked 4 school(s)" in out and "no errors" in out
    assert not (seed / "site").exists()


@pytest.mark.parametrize("slug", SLUGS)
def test_summary_row_counts_every_required_section(checked, slug):
    # policy 9 sections, letter 9 (4 of them from the letter's frame), staff code 10 (declaration from the frame)
    cells = row_of(checked[1], slug)
    assert cells[1:5] == ["3", "9/9", "9/9", "10/10"]


# The seeds give no review date to Cambois or Cumbria, no name to sign a letter, and no link
# for any linked policy (advice.py); Cumbria and Heathfields quote 14; two reviews are overdue.
@pytest.mark.parametrize(
    "slug, warnings", [("cambois", 5), ("cumbria-futures", 3), ("heathfields-wilnecote", 5), ("the-avenue", 4)]
)
def test_summary_row_counts_the_school_files_warnings(checked, slug, warnings):
    assert row_of(checked[1], slug)[-1] == str(warnings)


def test_the_avenue_is_reported_overdue(checked):
    err = checked[2]
    line = next(line for line in err.splitlines() if line.startswith("schools/the-avenue.yml:") and "overdue" in line)
    assert "warning: The Avenue Primary School" in line
    assert "November 2022" in line and "3 years overdue" in line


def test_schools_quoting_14_are_warned_but_13_and_none_are_not(checked):
    err = checked[2]
    assert re.search(
        r"schools/cumbria-futures\.yml:\d+:\d+: warning: Cumbria Futures Federation quotes a minimum "
        r"age of 14, but Facebook and Twitter require 13",
        err,
    )
    assert re.search(
        r"schools/heathfields-wilnecote\.yml:\d+:\d+: warning: .* quotes a minimum age of 14, "
        r"but Facebook, Twitter, WhatsApp and Instagram require 13",
        err,
    )
    assert "Cambois Primary School quotes" not in err and "The Avenue Primary School quotes" not in err


def test_strict_turns_the_warnings_into_a_failure(seed):
    code, _, err = run(seed, "check", "--today", "2026-11-25", "--strict", reproducible=True)
    assert code == 1
    assert "Stopped:" in err


def test_platform_age_warning_does_not_fail_the_build(seed):
    code, out, err = run(seed, "--today", "2026-11-25", reproducible=True)
    assert code == 0, err
    assert "Built 4 school(s)" in out and (seed / "site" / "index.html").is_file()


def test_reviews_due_in_the_next_60_days(seed):
    # Heathfields' review is due in Autumn 2024, as its seed says: by 31 December 2024.
    code, out, _ = run(seed, "check", "--today", "2024-11-15", reproducible=True)
    assert code == 0
    assert (
        "Reviews due in the next 60 days (from 2024-11-15):\n  heathfields-wilnecote: review_on Autumn 2024, "
        "in 46 day(s)" in out
    )


def test_no_reviews_due(checked):
    assert "Reviews due in the next 60 days (from 2026-11-25): none." in checked[1]


def test_stale_platform_ages_are_reported(seed):
    _, _, err = run(seed, "check", "--today", "2028-01-01", reproducible=True)
    assert re.search(
        r"content/platform-ages\.yml:\d+:8: warning: the platform ages were last checked on "
        r"2026-11-25, 1 year ago",
        err,
    )
    _, _, fresh = run(seed, "check", "--today", "2027-11-01", reproducible=True)
    assert "last checked" not in fresh


def test_a_broken_platform_ages_file_is_an_error(tmp_path):
    project = seed_copy(tmp_path / "project")
    edit(
        project / "content" / "platform-ages.yml",
        "  - name: TikTok\n    minimum_age: 13",
        "  - name: TikTok\n    minimum_age: thirteen",
    )
    code, _, err = run(project, "check", "--today", "2026-11-25", reproducible=True)
    assert code == 1
    assert re.search(r"content/platform-ages\.yml:\d+:18: error: `platforms\[2\]\.minimum_age`", err)


def test_a_required_section_that_renders_empty_stops_check(tmp_path):
    project = seed_copy(tmp_path / "project")
    edit(
        project / "content" / "social-media" / "contract.yml",
        "    - objectives\n",
        "    - objectives\n    - before-you-post\n",
    )
    code, _, err = run(project, "check", "--today", "2026-11-25", reproducible=True)
    assert code == 1
    # Only The Avenue turns on the questions that fill the section: the others' error is
    # at the section's heading in the content, where the text that came out empty is.
    for slug in ("cambois", "cumbria-futures", "heathfields-wilnecote"):
        assert re.search(
            rf"content/social-media/policy.md:\d+:1: error: required section `before-you-post` "
            rf"comes out empty for {slug}\n",
            err,
        ), err
    assert "comes out empty for the-avenue" not in err


def test_reading_grades_are_reported_and_compared_with_the_target(tmp_path, checked):
    for slug in SLUGS:
        policy, letter = row_of(checked[1], slug)[5:7]
        assert 1 < float(policy) <= 7 and 1 < float(letter) <= 7
    assert "reading" not in checked[2]  # no school is above the target of 7

    project = seed_copy(tmp_path / "project")
    edit(project / "content" / "social-media" / "settings.yml", "reading_grade_target: 7", "reading_grade_target: 3")
    long = (
        "When a parent posts about the school on any social media site, whether in a public group or a private "
        "chat between friends and relatives, the school would much rather hear the worry directly, in person, "
        "on the telephone or by email, because then it can be put right quickly and kindly for everybody."
    )
    edit(project / "schools" / "the-avenue.yml", "easily.\n", f"easily. {long}\n")
    code, out, err = run(project, "check", "--today", "2026-11-25", reproducible=True)
    assert code == 0
    assert "the federation's target is 3" in out
    warning = next(line for line in err.splitlines() if "The Avenue Primary School: the policy reads at grade" in line)
    assert warning.startswith("schools/the-avenue.yml: warning:")
    first = re.search(r"Longest sentences: \[(\S+), (\d+) words\] “(.*?)”", warning)
    assert first and first[1] == "overview" and int(first[2]) == len(long.split()) and first[3] == long
    assert warning.count("words]") == 3


def test_short_texts_get_a_grade_but_no_warning(mini_project):
    root = mini_project("name: Mini School\n")
    (root / "content" / "social-media" / "settings.yml").write_text("reading_grade_target: 1\n", encoding="utf-8")
    code, out, err = run(root, "check", "--today", "2026-11-25", reproducible=True)
    assert code == 0, err
    assert float(row_of(out, "mini")[5]) > 1
    assert "reads at grade" not in err


def test_a_bad_reading_target_is_an_error(mini_project):
    root = mini_project("name: Mini School\n")
    (root / "content" / "social-media" / "settings.yml").write_text("reading_grade_target: seven\n", encoding="utf-8")
    code, _, err = run(root, "check", "--today", "2026-11-25", reproducible=True)
    assert code == 1
    assert "content/social-media/settings.yml:1:23: error: `reading_grade_target`" in err


def test_an_age_with_no_known_site_is_compared_with_the_age_of_digital_consent(mini_project):
    root = mini_project(
        {
            "odd": "name: Odd School\nplatforms: [Mastodon]\nminimum_age: 16\n",
            "fine": "name: Fine School\nplatforms: [Mastodon, TikTok]\nminimum_age: 13\n",
        }
    )
    shutil.copy(ROOT / "content" / "platform-ages.yml", root / "content" / "platform-ages.yml")
    code, _, err = run(root, "check", "--today", "2026-11-25", reproducible=True)
    assert code == 0, err
    assert (
        "schools/odd.yml:3:14: warning: Odd School quotes a minimum age of 16, but the UK's age of digital "
        "consent is 13" in err
    )
    assert "Fine School quotes" not in err
