"""Issue 12, item 2 (approval.py): when a `Policy-Change:` commit changed the canonical text
after a school's `approved_on`, `check` and `build` warn at that line, once per school.
Real git repositories in the test's folder, through the real command line."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from policysite.inputs.history import ENV_OFF

from ..errors_support import finding, run, tree_hash
from ..git_support import commit, git_wrapper, init
from ..helpers import ROOT

APPROVED = "name: Oak School\ndocument_control:\n  approved_on: {}\n"
AT = "schools/oak.yml:3:16"  # the value of approved_on
CHANGE = "New section on live-streaming school events"


@pytest.fixture(autouse=True)
def _git_history_on(monkeypatch):
    monkeypatch.delenv(ENV_OFF, raising=False)


def _repo(mini_project, approved_on: str = "2025-03", others: dict[str, str] | None = None) -> Path:
    """A mini project in git: Oak, approved on `approved_on`, and the policy as it was in September 2024."""
    root = mini_project({"oak": APPROVED.format(approved_on), **(others or {})})
    init(root)
    commit(root, "Start", change="First version", date="2024-09-01T10:00:00+00:00")
    return root


def _change_policy(root: Path, date: str, change: str | None = CHANGE, subject: str = "Live streaming") -> None:
    policy = root / "content" / "social-media" / "policy.md"
    policy.write_text(policy.read_text(encoding="utf-8") + f"\nA change made on {date}.\n", encoding="utf-8")
    commit(root, subject, change=change, date=date)


def _warnings(root: Path) -> list[str]:
    code, _, err = run(root, "check")
    assert code == 0, err
    return [line for line in err.splitlines() if "canonical policy text changed" in line]


def test_a_policy_change_after_the_approval_is_a_warning_at_approved_on(mini_project):
    root = _repo(mini_project)
    _change_policy(root, "2025-04-02T09:00:00+00:00")
    code, _, err = run(root, "check")
    assert code == 0, err
    block = finding(err, AT, "warning", "Oak School: `approved_on` is March 2025, but the canonical policy text")
    assert f'changed after that, on 2 April 2025: "{CHANGE}"' in block
    assert "hint: The governors approved an older text: have them approve the current one" in block
    assert block.count("\n  hint:") == 1 and err.count("canonical policy text changed") == 1


def test_the_manual_shows_the_warning_as_check_prints_it(mini_project):
    root = _repo(mini_project)
    _change_policy(root, "2025-04-02T09:00:00+00:00")
    block = finding(run(root, "check")[2], AT, "warning", "canonical policy text changed")
    manual = (ROOT / "docs" / "canonical-policy.md").read_text(encoding="utf-8")
    shown = re.search(r"^```text\n(schools/oak\.yml:.*?)\n```$", manual, re.M | re.S)
    assert shown is not None and shown[1] == block.rstrip("\n")


@pytest.mark.parametrize("command", ["check", "build"])
def test_strict_makes_it_an_error_and_leaves_the_site(mini_project, command):
    root = _repo(mini_project)
    assert run(root, "build", "--no-pdf")[0] == 0  # the site from before the change
    before = tree_hash(root / "site")
    _change_policy(root, "2025-04-02T09:00:00+00:00")
    code, _, err = run(root, command, "--no-pdf", "--strict")
    assert code == 1, err
    finding(err, AT, "error", "Oak School: `approved_on` is March 2025")
    assert tree_hash(root / "site") == before


def test_several_changes_are_one_warning_naming_the_latest_and_how_many(mini_project):
    root = _repo(mini_project, approved_on="2025-03-10")
    _change_policy(root, "2025-03-11T09:00:00+00:00", change="Photos")
    _change_policy(root, "2025-05-20T09:00:00+00:00", change=CHANGE)
    _change_policy(root, "2025-04-01T09:00:00+00:00", change="Reporting abuse")  # made last, dated before
    (line,) = _warnings(root)
    assert line == (
        f"{AT}: warning: Oak School: `approved_on` is 10 March 2025, but the canonical policy text "
        f'changed 3 times after that, most recently on 20 May 2025: "{CHANGE}"'
    )


@pytest.mark.parametrize(
    "approved_on, changed",
    [
        ("2025-04-15", "2025-04-02T09:00:00+00:00"),  # approved after the change
        ("2025-04-02", "2025-04-02T18:00:00+00:00"),  # the same day: approved at the evening meeting
        ("2025-04", "2025-04-30T09:00:00+00:00"),  # "April 2025" may mean the 30th
        ("Autumn 2024", "2024-12-31T09:00:00+00:00"),  # a term may mean its last day, 31 December
    ],
)
def test_no_warning_when_approved_on_or_after_the_change(mini_project, approved_on, changed):
    root = _repo(mini_project, approved_on=approved_on)
    _change_policy(root, changed)
    assert _warnings(root) == []


def test_a_change_after_the_term_the_policy_was_approved_in_is_a_warning(mini_project):
    root = _repo(mini_project, approved_on="Autumn 2024")
    _change_policy(root, "2025-01-01T09:00:00+00:00")
    assert _warnings(root) == [
        f"{AT}: warning: Oak School: `approved_on` is Autumn 2024, but the canonical policy text "
        f'changed after that, on 1 January 2025: "{CHANGE}"'
    ]


def test_no_warning_for_a_commit_without_the_trailer(mini_project):
    """A typo fix or a code change is not a new text for the governors, even if its message
    mentions the trailer in a paragraph."""
    root = _repo(mini_project)
    _change_policy(root, "2025-04-02T09:00:00+00:00", change=None)
    policy = root / "content" / "social-media" / "policy.md"
    policy.write_text(policy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    commit(root, "Tidy", "This is not a\nPolicy-Change: only tidying.", date="2025-04-03T09:00:00+00:00")
    assert _warnings(root) == []


def test_no_warning_for_a_commit_touching_only_a_school_file(mini_project):
    """Elm's own change is Elm's business (its version table shows it); Oak's text is unchanged.
    A school's own change needs no re-approval warning either."""
    root = _repo(mini_project, others={"elm": "name: Elm School\ndocument_control:\n  approved_on: 2025-03\n"})
    (root / "schools" / "elm.yml").write_text(
        "name: Elm Primary School\ndocument_control:\n  approved_on: 2025-03\n", encoding="utf-8"
    )
    commit(root, "Elm", change="Elm: full name", date="2025-04-02T09:00:00+00:00")
    assert _warnings(root) == []


def test_no_warning_without_approved_on(mini_project):
    root = mini_project({"oak": "name: Oak School\n"})
    init(root)
    commit(root, "Start", change="First version", date="2024-09-01T10:00:00+00:00")
    _change_policy(root, "2025-04-02T09:00:00+00:00")
    assert _warnings(root) == []


PUBLISHED = "name: Oak School\ndocument_control:\n  published_on: {}\n"
AT_PUBLISHED = "schools/oak.yml:3:17"  # the value of published_on


def test_a_policy_only_published_is_compared_with_its_publication_date(mini_project):
    """Heathfields' seed gives a "Publication Date", no approval date: a change after it is a
    text the school never published, nor anyone approved; the warning says which date it read."""
    root = mini_project({"oak": PUBLISHED.format("2025-03")})
    init(root)
    commit(root, "Start", change="First version", date="2024-09-01T10:00:00+00:00")
    _change_policy(root, "2025-04-02T09:00:00+00:00")
    block = finding(
        run(root, "check")[2],
        AT_PUBLISHED,
        "warning",
        "Oak School: `published_on` is March 2025, but the canonical policy text",
    )
    assert f'changed after that, on 2 April 2025: "{CHANGE}"' in block
    assert "hint: The school published an older text: have the governors approve the current one" in block


def test_a_change_in_the_month_of_publication_needs_no_warning(mini_project):
    root = mini_project({"oak": PUBLISHED.format("2025-03")})
    init(root)
    commit(root, "Start", change="First version", date="2024-09-01T10:00:00+00:00")
    _change_policy(root, "2025-03-31T09:00:00+00:00")
    assert _warnings(root) == []


@pytest.mark.parametrize("changed, warned", [("2025-04-15T09:00:00+00:00", False), ("2025-06-02T09:00:00+00:00", True)])
def test_approved_on_is_compared_before_published_on(mini_project, changed, warned):
    """Published in March, approved in May: a change in April came before the approval."""
    school = "name: Oak School\ndocument_control:\n  approved_on: 2025-05\n  published_on: 2025-03\n"
    root = mini_project({"oak": school})
    init(root)
    commit(root, "Start", change="First version", date="2024-09-01T10:00:00+00:00")
    _change_policy(root, changed)
    expected = [f"{AT}: warning: Oak School: `approved_on` is May 2025, but the canonical policy text "]
    assert [line[: len(expected[0])] for line in _warnings(root)] == (expected if warned else [])


def test_no_git_history_no_warning(mini_project, monkeypatch):
    """POLICYSITE_NO_GIT_HISTORY=1 (the golden tests) turns the version rows and this check off."""
    root = _repo(mini_project)
    _change_policy(root, "2025-04-02T09:00:00+00:00")
    assert len(_warnings(root)) == 1  # what the variable turns off
    monkeypatch.setenv(ENV_OFF, "1")
    assert _warnings(root) == []


@pytest.mark.parametrize("command", ["check", "build"])
def test_git_log_runs_once_for_versions_and_approvals(mini_project, tmp_path_factory, monkeypatch, command):
    root = _repo(mini_project)
    _change_policy(root, "2025-04-02T09:00:00+00:00")
    outside = tmp_path_factory.mktemp("counting-git")
    git = next(
        str(Path(d) / "git") for d in os.environ["PATH"].split(os.pathsep) if os.access(Path(d) / "git", os.X_OK)
    )
    git_wrapper(outside / "bin", git, f'echo log >> "{outside / "calls"}"')  # counts each git log
    monkeypatch.setenv("PATH", f"{outside / 'bin'}{os.pathsep}{os.environ['PATH']}")
    code, _, err = run(root, command, "--no-pdf")
    assert code == 0, err
    assert err.count("canonical policy text changed") == 1
    assert (outside / "calls").read_text(encoding="utf-8").splitlines() == ["log"]
