"""Version history from git (history.py): which commits are versions, and what a slow or
broken git costs.

Issue 12, item 1: a commit is a version only with a `Policy-Change:` trailer, as git parses
trailers, and only in the tables of the schools it touched. Issue 10, item 6: a `git log`
that never answers (a hung network disk, a huge repository) costs the version history and a
located warning, never the build."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from policysite.inputs import history
from policysite.inputs.fields import MAX_TEXT
from policysite.inputs.history import ENV_OFF, ENV_TIMEOUT
from policysite.output.pipeline import prepare
from policysite.project import open_project

from ..errors_support import finding, run, tree_hash
from ..git_support import commit, git, git_wrapper, init

SUMMARY = "Federation policy, committed by the history test"


def _commit_everything(project: Path) -> None:
    init(project)
    commit(project, "Start", change=SUMMARY)


def _summaries(root: Path) -> list[str]:
    commits, findings = history.git_commits(root)
    assert findings == []
    return [c.summary for c in commits]


@pytest.mark.parametrize(
    "subject, paragraphs, summary",
    [
        ("A new section", ["Policy-Change: New section on live streaming"], "New section on live streaming"),
        ("Two changes", ["Policy-Change: First\nPolicy-Change: Second"], "First; Second"),
        ("Folded", ["Policy-Change: A summary folded\n  over two lines"], "A summary folded over two lines"),
        ("Signed", ["Policy-Change: Signed off\nSigned-off-by: Ann <ann@example.org>"], "Signed off"),
        ("Policy-Change: in the subject", [], None),
        ("Mentioned", ["We did not write a\nPolicy-Change: here, as this is tidying."], None),
        ("Mid-sentence", ["This is not a Policy-Change: only tidying."], None),
        ("Not the last paragraph", ["Policy-Change: Too early", "More text after it."], None),
        ("Empty", ["Policy-Change:"], None),
        ("Only spaces", ["Policy-Change: \u2003\u3000"], None),
        ("Invisible", ["Policy-Change: \u200b"], None),  # nothing to read: no row of "\ufffd"
        ("Invisible mix", ["Policy-Change: \u200b\u2060 \u00ad\u202e"], None),
        ("Part invisible", ["Policy-Change: New\u200bsection"], "New\ufffdsection"),  # shown as refused, not hidden
        ("No trailer", ["Fix the build on macOS."], None),
    ],
)
def test_git_decides_what_is_a_policy_change(mini_project, monkeypatch, subject, paragraphs, summary):
    """A "Policy-Change:" counts only as git reads trailers: in the message's last paragraph,
    made of trailers. A mention in the subject or in the middle of a paragraph is not one."""
    monkeypatch.delenv(ENV_OFF, raising=False)
    root = mini_project("name: Mini School\n")
    init(root)
    commit(root, subject, *paragraphs)
    assert _summaries(root) == ([summary] if summary else [])


def test_a_summary_holding_the_field_separator_or_controls_is_one_line_with_its_files(mini_project, monkeypatch):
    """The summary is the last field of git's record: a unit separator, an escape sequence or
    a carriage return in it is shown as U+FFFD and leaves the commit's files as they were."""
    monkeypatch.delenv(ENV_OFF, raising=False)
    root = mini_project("name: Mini School\n")
    init(root)
    commit(root, "Start", change="a\x1fb \x1b[31mred\rschools/other.yml\x1fc")
    (commit_,) = history.git_commits(root)[0]
    assert commit_.summary == "a\ufffdb \ufffd[31mred\ufffdschools/other.yml\ufffdc"
    assert "schools/other.yml" not in commit_.paths and "schools/mini.yml" in commit_.paths


def test_a_policy_change_is_a_version_only_for_the_schools_it_touched(mini_project, monkeypatch):
    """A trailer on a commit that changed only another school's file, or neither the policy
    nor any school, adds no row to this school's table."""
    monkeypatch.delenv(ENV_OFF, raising=False)
    root = mini_project({"oak": "name: Oak School\n", "elm": "name: Elm School\n"})
    init(root)
    commit(root, "Start", change="Start")
    (root / "schools" / "elm.yml").write_text("name: Elm Primary School\n", encoding="utf-8")
    commit(root, "Elm's name", change="Elm: full name")
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    commit(root, "Site settings", change="Site settings")
    _, schools, _ = prepare(open_project(root), [])
    summaries = {s.slug: [v["summary"] for v in s.data["document_control"]["versions"]] for s in schools}
    assert summaries == {"elm": ["Start", "Elm: full name"], "oak": ["Start"]}


def test_commits_of_the_same_second_are_versions_in_the_order_they_were_made(mini_project, monkeypatch):
    monkeypatch.delenv(ENV_OFF, raising=False)
    root = mini_project("name: Mini School\n")
    init(root)
    school = root / "schools" / "mini.yml"
    for n in range(4):
        school.write_text(school.read_text(encoding="utf-8") + f"# {n}\n", encoding="utf-8")
        commit(root, f"Commit {n}", change=f"Change {n}", date="2025-06-01T12:00:00+00:00")
    assert _summaries(root) == ["Change 0", "Change 1", "Change 2", "Change 3"]


def test_the_version_table_shows_commits(project, monkeypatch):
    """What the timeout below costs: with a git that answers, the commit is a version row."""
    _commit_everything(project)
    monkeypatch.delenv(ENV_OFF, raising=False)
    code, _, err = run(project, "build", "--no-pdf")
    assert code == 0, err
    assert SUMMARY in _policy_page(project)


def _policy_page(project: Path) -> str:
    """A seed school's policy page (`project` is conftest's seed copy)."""
    return (project / "site" / "cambois" / "social-media" / "index.html").read_text(encoding="utf-8")


def test_git_log_that_never_answers_is_a_located_warning(project, tmp_path_factory, monkeypatch):
    """`project` (conftest.py) is a copy of the repository's content/ and schools/, whose
    policy shows the version table."""
    git = shutil.which("git")
    _commit_everything(project)
    outside = tmp_path_factory.mktemp("slow-git")  # beside the project, not in it
    asked, never = outside / "asked", outside / "never"
    os.mkfifo(never)
    git_wrapper(outside / "bin", git, f': > "{asked}"; exec cat "{never}"')  # git log blocks on a FIFO nobody writes
    monkeypatch.setenv("PATH", f"{outside / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv(ENV_TIMEOUT, "0.5")
    monkeypatch.delenv(ENV_OFF, raising=False)

    code, _, err = run(project, "build", "--no-pdf")
    assert code == 0, err
    assert asked.exists(), "the build never asked git for its log"
    block = finding(err, "content/social-media", "warning", "git did not answer within 0.5 s")
    assert ENV_TIMEOUT in block
    assert "Traceback" not in err
    assert SUMMARY not in _policy_page(project)  # the manual history alone


def _git_whose_log_fails(folder: Path) -> None:
    """A `git` first on PATH: inside a work tree, and `git log` fails, as on a broken repository."""
    folder.mkdir()
    script = folder / "git"
    script.write_text(
        '#!/bin/sh\ncase " $* " in *" rev-parse "*) echo true ;;\n'
        '  *) echo "fatal: bad object HEAD" >&2; exit 128 ;;\nesac\n',
        encoding="utf-8",
    )
    script.chmod(0o755)


@pytest.mark.parametrize("command", ["build", "check"])
def test_strict_fails_on_a_git_history_warning_and_leaves_the_site(command, mini_project, tmp_path, monkeypatch):
    """Issue 11, item 4: the history warning comes after loading and the rules, where
    `--strict` used to be applied; it must fail the run all the same, before site/ changes."""
    root = mini_project("name: Mini School\n")
    _git_whose_log_fails(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv(ENV_OFF, raising=False)

    code, _, err = run(root, command, "--no-pdf")
    assert code == 0, err  # without --strict the warning is only a warning
    finding(err, "content/social-media", "warning", "git log failed")
    assert run(root, "build", "--no-pdf")[0] == 0  # a site from before, which must survive
    before = tree_hash(root / "site")

    code, _, err = run(root, command, "--no-pdf", "--strict")
    assert code == 1, err
    finding(err, "content/social-media", "error", "git log failed")
    assert tree_hash(root / "site") == before


def test_a_pasted_paragraph_as_summary_is_cut_to_one_line_of_text(mini_project, monkeypatch):
    """A 10,000-character trailer would fill the version table (and re-approval messages):
    it is cut to MAX_TEXT characters, as a school file's one-line text, with an ellipsis."""
    monkeypatch.delenv(ENV_OFF, raising=False)
    root = mini_project("name: Mini School\n")
    init(root)
    commit(root, "Start", change="word " * 2000)
    (summary,) = _summaries(root)
    assert len(summary) == MAX_TEXT and summary.endswith("word\u2026")


def _commit_dated(root: Path, committer_date: str) -> str:
    """A real commit of a change to the policy whose committer date is `committer_date` as
    git stores it (seconds and zone, or anything a hand-made commit holds): `git commit`
    refuses dates it cannot read, so the object is written by hand, as a tool could."""
    policy = root / "content" / "social-media" / "policy.md"
    policy.write_text(policy.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    git(root, "add", "-A")
    tree, parent = git(root, "write-tree").stdout.strip(), git(root, "rev-parse", "HEAD").stdout.strip()
    body = (
        f"tree {tree}\nparent {parent}\nauthor Ann Author <ann@example.org> 1748779200 +0000\n"
        f"committer Cy Committer <cy@example.org> {committer_date}\n\nA change\n\n"
        f"Policy-Change: Dated {committer_date}\n"
    )
    made = subprocess.run(
        ["git", "-C", str(root), "hash-object", "-t", "commit", "-w", "--literally", "--stdin"],
        input=body,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    git(root, "update-ref", "HEAD", made)
    return made


@pytest.mark.parametrize(
    "committer_date",
    [
        "86400 +0000",  # 2 January 1970: a computer without the right time
        "99999999999 +0000",  # 16 November 5138
        "999999999999 +0000",  # year 33658: Python has no such date; the re-approval check crashed
        "-5 +0000",  # git prints no date at all ("%cs")
        "soon",
    ],
)
def test_a_commit_dated_outside_1990_to_2099_is_left_out_with_a_warning(mini_project, monkeypatch, committer_date):
    """The table would say "2 January 1970", and a date after 2099 asks for a re-approval no
    `approved_on` can give: such a commit is no version, and `check` says which and why."""
    monkeypatch.delenv(ENV_OFF, raising=False)
    root = mini_project("name: Mini School\ndocument_control:\n  approved_on: 2025-01-01\n")
    init(root)
    commit(root, "Start", change="Start", date="2024-12-01T12:00:00Z")
    sha = _commit_dated(root, committer_date)
    assert _summaries_and_warnings(root) == (["Start"], 1)

    code, _, err = run(root, "check")
    assert code == 0, err
    block = finding(err, "content/social-media/policy.md", "warning", f"Policy-Change commit {sha[:12]}")
    assert "has no date from 1990 to 2099" in block and "--amend" in block
    assert "approved_on" not in err  # nor a re-approval for it


def _summaries_and_warnings(root: Path) -> tuple[list[str], int]:
    commits, findings = history.git_commits(root)
    return [c.summary for c in commits], len(findings)
