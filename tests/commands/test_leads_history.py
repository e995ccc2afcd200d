"""Version history: the manual `document_control.history`, then the `Policy-Change:` commits
of content/ and the school file."""

from __future__ import annotations

import shutil

import pytest

from policysite.inputs import history
from policysite.inputs.fields import PolicyDate
from policysite.output.pipeline import prepare
from policysite.project import open_project

from ..errors_support import seed_copy
from ..git_support import commit, init
from ..leads_support import edit

MANUAL = """document_control:
  history:
    - version: "2.1"
      date: 2019-05
      summary: Paper policy updated by the governors
      by: Mrs Hill
"""


def _append(path, text: str = "\n") -> None:
    """A change that leaves the pages as they were, whatever the seed text says today."""
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A seed copy in git: the start, a change to The Avenue, a change to the policy, a change to
    Cambois committed later but dated earlier, each with a Policy-Change trailer; then a typo
    fix of the policy without one. The Avenue has one manual history entry."""
    root = seed_copy(tmp_path_factory.mktemp("leads-history") / "project")
    edit(root / "schools" / "the-avenue.yml", "document_control:\n", MANUAL)
    policy = root / "content" / "social-media" / "policy.md"
    avenue, cambois = root / "schools" / "the-avenue.yml", root / "schools" / "cambois.yml"
    init(root)
    commit(root, "Seed the project", change="Start: policy and four schools", date="2025-01-10T09:00:00Z")
    _append(avenue, "# new lead\n")
    commit(root, "the-avenue.yml: lead", change="The Avenue: new policy lead | and a pipe", date="2025-02-20T23:30:00Z")
    _append(policy)
    commit(root, "policy.md: overview", change="Policy: plainer overview", date="2025-03-05T08:00:00Z")
    _append(cambois, "# past pupils\n")
    commit(root, "cambois.yml: ages", change="Cambois: past pupils up to 18", date="2025-01-20T12:00:00Z")
    _append(policy)
    commit(root, "Fix a typo in the overview", "Code, tests and typos are no version.", date="2025-03-06T08:00:00Z")
    return root


def versions(root, slug):
    _, schools, outputs = prepare(open_project(root), [])
    school = next(s for s in schools if s.slug == slug)
    page = next(o for o in outputs if o.school.slug == slug and o.output == "policy")
    table = next(s for s in page.sections if s.id == "document-control").markdown
    return [dict(v) for v in school.data["document_control"]["versions"]], table


def test_manual_history_then_the_policy_change_commits_that_touch_the_school(repo, monkeypatch):
    monkeypatch.delenv(history.ENV_OFF, raising=False)
    rows, _ = versions(repo, "the-avenue")
    assert [(r["version"], r["date"], r["summary"], r["by"]) for r in rows] == [
        ("2.1", PolicyDate(2019, 5), "Paper policy updated by the governors", "Mrs Hill"),
        ("3", PolicyDate(2025, 1, 10), "Start: policy and four schools", "Ann Author"),
        ("4", PolicyDate(2025, 2, 20), "The Avenue: new policy lead | and a pipe", "Ann Author"),
        ("5", PolicyDate(2025, 3, 5), "Policy: plainer overview", "Ann Author"),
    ]


def test_commits_are_ordered_by_date_and_numbered_from_1_without_manual_history(repo, monkeypatch):
    monkeypatch.delenv(history.ENV_OFF, raising=False)
    rows, _ = versions(repo, "cambois")
    assert [(r["version"], r["date"].iso(), r["summary"]) for r in rows] == [
        ("1", "2025-01-10", "Start: policy and four schools"),
        ("2", "2025-01-20", "Cambois: past pupils up to 18"),  # committed last, dated before the policy change
        ("3", "2025-03-05", "Policy: plainer overview"),
    ]


def test_a_commit_without_the_trailer_is_no_version_and_the_trailer_is_the_summary(repo, monkeypatch):
    """The typo fix changed the canonical policy, so it touched every school, and still shows
    nowhere; no commit subject shows either: readers see what the trailer says."""
    monkeypatch.delenv(history.ENV_OFF, raising=False)
    for slug in ("the-avenue", "cambois", "heathfields-wilnecote", "cumbria-futures"):
        rows, table = versions(repo, slug)
        assert rows[-1]["summary"] == "Policy: plainer overview", slug
        for subject in ("Fix a typo", "Seed the project", "policy.md: overview", "cambois.yml"):
            assert subject not in table, (slug, subject)


def test_the_policy_page_shows_the_combined_table_escaped(repo, monkeypatch):
    monkeypatch.delenv(history.ENV_OFF, raising=False)
    _, table = versions(repo, "the-avenue")
    assert "### Version history" in table
    assert "| 2.1 | May 2019 | Paper policy updated by the governors | Mrs Hill |" in table
    assert "| 4 | 20 February 2025 | The Avenue: new policy lead &#124; and a pipe | Ann Author |" in table


def test_the_same_repo_gives_the_same_table(repo, monkeypatch):
    monkeypatch.delenv(history.ENV_OFF, raising=False)
    assert versions(repo, "the-avenue") == versions(repo, "the-avenue")


def test_env_var_turns_git_history_off(repo, monkeypatch):
    monkeypatch.setenv(history.ENV_OFF, "1")
    rows, _ = versions(repo, "the-avenue")
    assert [r["version"] for r in rows] == ["2.1"]
    assert versions(repo, "cambois")[0] == [] and "Version history" not in versions(repo, "cambois")[1]


def test_a_copy_without_git_uses_the_manual_history(repo, tmp_path, monkeypatch):
    monkeypatch.delenv(history.ENV_OFF, raising=False)
    copy = tmp_path / "copy"
    shutil.copytree(repo, copy, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    assert not (copy / ".git").exists()
    rows, table = versions(copy, "the-avenue")
    assert [r["version"] for r in rows] == ["2.1"]
    assert "| 2.1 | May 2019 |" in table and "| 3 |" not in table


def test_without_the_git_program_the_build_still_works(repo, monkeypatch):
    monkeypatch.delenv(history.ENV_OFF, raising=False)
    monkeypatch.setenv("PATH", "")
    rows, _ = versions(repo, "the-avenue")
    assert [r["version"] for r in rows] == ["2.1"]


@pytest.mark.parametrize("manual, first", [((), 1), (("2.1",), 3), (("v4", "draft"), 5), (("draft", "final"), 3)])
def test_numbering_continues_after_the_manual_history(manual, first):
    assert history.next_version(tuple({"version": v} for v in manual)) == first
