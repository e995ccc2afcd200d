"""Issue 10, reviewed as an attacker, a hurried school office and a careful governor would:
each test is a hole found after the issue's work landed, tried on a real project."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from policysite.inputs.chars import MULTI_LINE, ONE_LINE
from policysite.inputs.history import ENV_OFF

from .errors_support import finding, make_project, run
from .git_support import commit, init
from .helpers import ROOT, visible_text


def _require(project: Path, output: str, section_id: str) -> None:
    """Add `section_id` to the contract's required sections of `output`."""
    contract = project / "content" / "social-media" / "contract.yml"
    lines = contract.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith(f"{output}:"))
    at += next(n for n, line in enumerate(lines[at:]) if line.lstrip().startswith("required: ["))
    lines[at] = lines[at].replace("required: [", f"required: [{section_id}, ", 1)
    contract.write_text("".join(lines), encoding="utf-8")


def test_a_contract_edit_is_checked_against_pages_an_earlier_build_left_unchanged(tmp_path):
    """The pages a build reuses from the previous site were checked against the contract of
    that build; a section the contract now requires must be looked for in them too."""
    project = make_project(tmp_path / "project")
    assert run(project, "build", "--no-pdf")[0] == 0
    _require(project, "policy", "safeguarding")  # in no page
    code, _, err = run(project, "build", "--no-pdf")
    assert code == 1, err
    finding(err, "content/social-media/contract.yml:4:13", "error", "required section `safeguarding` is missing")


def test_section_changes_in_the_federation_defaults_are_checked_where_they_are_written(tmp_path):
    """defaults.yml goes through the school schema, and its `sections` reach every school
    that has none of its own: a required section left out, or an id that names no section,
    is an error at its line there, as it would be in a school's file (not a missing section
    blamed on contract.yml, nor nothing at all)."""
    project = make_project(tmp_path / "project", {"plain": "name: Plain School\n"})
    defaults = project / "content" / "social-media" / "defaults.yml"
    text = defaults.read_text(encoding="utf-8").rstrip("\n") + "\n"
    line = text.count("\n") + 1
    defaults.write_text(
        text + "sections:\n  overview:\n    omit: true\n  overveiw:\n    append: More.\n", encoding="utf-8"
    )
    for command in ("check", "build"):
        code, _, err = run(project, command, "--no-pdf") if command == "build" else run(project, command)
        assert code == 1, err
        shown = "content/social-media/defaults.yml"
        finding(err, f"{shown}:{line + 1}:3", "error", "section `overview` is required by the contract")
        finding(err, f"{shown}:{line + 3}:3", "error", "there is no section `overveiw`")
        assert "required section `overview` is missing" not in err, err


@pytest.mark.parametrize(
    "key, value",
    [
        ("site_name", 'Oak \\" onmouseover=\\"alert(1)'),  # the header's aria-label prints it unescaped
        ("site_description", 'x\\" onfocus=\\"alert(1)\\" autofocus=\\"'),  # <meta content="...">
        ("copyright", "<img src=x onerror=alert(1)>"),  # the footer prints it as HTML
    ],
)
def test_mkdocs_text_settings_the_theme_prints_as_html_are_refused(tmp_path, key, value):
    """mkdocs-material prints these settings into every page unescaped: a quote in the
    federation's name put an event handler on the logo link of every page."""
    project = make_project(tmp_path / "project")
    settings = project / "mkdocs.yml"
    lines = [row for row in settings.read_text(encoding="utf-8").splitlines() if not row.startswith(f"{key}:")]
    settings.write_text("\n".join([*lines, f'{key}: "{value}"']) + "\n", encoding="utf-8")
    for command in ("check", "build"):
        code, _, err = run(project, command)
        assert code == 1, err
        finding(err, f"mkdocs.yml:{len(lines) + 1}:{len(key) + 3}", "error", f"`{key}` can't hold <, > or \"")
    assert not (project / "site").exists()


def test_a_commit_summary_or_author_is_one_line_of_plain_text_that_names_no_other_commit(project, monkeypatch):
    """Whoever commits a school's file writes a row of its version table (its Policy-Change
    trailer), and git takes control characters, bidi overrides, carriage returns and record
    separators in a trailer or a name. None may reach the page or the search index, and none
    may make a row of its own: in another school's table, with a date and an author of the
    committer's choosing. The subject is never shown, whatever it holds."""
    init(project)
    commit(project, "The federation's policy", change="The federation's policy")
    school = project / "schools" / "cambois.yml"
    school.write_text(school.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    forged = "\x1e" + "\x1f".join(["0" * 40, "978307200", "2001-01-01", "Mallory", "Forged row"])
    avenue = "\rschools/the-avenue.yml"
    commit(
        project,
        f"Zq-subject {avenue}{forged}",
        change=f"Zq-summary \x1b]0;title\x07 \u202eesrever\u202c{avenue}{forged}{avenue}",
        paths=("schools/cambois.yml",),
        author="Ann\u2066 \x1b[31mLead",
    )
    monkeypatch.delenv(ENV_OFF, raising=False)
    code, _, err = run(project, "build", "--no-pdf")
    assert code == 0, err

    def page(slug: str) -> str:
        return (project / "site" / slug / "social-media" / "index.html").read_text(encoding="utf-8")

    assert "Zq-summary" not in page("the-avenue") and "Forged row" not in page("the-avenue")
    assert re.search(r"<td>Zq-summary [^<]*schools/the-avenue\.yml[^<]*Forged row[^<]*</td>", page("cambois"))
    assert all("Zq-subject" not in page(slug) for slug in ("cambois", "the-avenue"))
    # Cambois' own index holds its pages' text (the site's holds only the schools' names).
    index = json.loads((project / "site/cambois/social-media/search/search_index.json").read_text(encoding="utf-8"))
    for where, text in [("page", visible_text(page("cambois"))), *((e["location"], e["text"]) for e in index["docs"])]:
        refused = ONE_LINE.search(text.replace("\n", " "))
        assert refused is None, f"{where}: {refused!r}"


@pytest.mark.parametrize("name", ["s" * 300, "s" * 250, "/".join(["d" * 200] * 25)], ids=["name", "lock", "path"])
def test_a_site_folder_whose_name_is_too_long_is_refused_not_a_crash(tmp_path, name):
    """300 characters: too long for the disk; 250: the site's lock file beside it,
    `.<name>-build.lock`, would be; 5,000: too long a path. Each is the command line's
    mistake (exit 2), said before anything is written."""
    project = make_project(tmp_path / "project")
    code, out, err = run(project, "build", "--no-pdf", site=tmp_path / name)
    assert code == 2, out + err
    assert err.startswith(f"Not building into {tmp_path / name}: ") and "too long" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def _serve(project: Path, port: str) -> subprocess.CompletedProcess:
    """`serve` as a process with a time limit: one that did start serving would never return."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "serve", "--no-pdf", "--port", port, "--root", str(project)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("port", ["99999", "-1", "0", "http"])
def test_serve_on_a_port_that_cant_be_is_a_usage_error(tmp_path, port):
    project = make_project(tmp_path / "project")
    done = _serve(project, port)
    assert done.returncode == 2 and "is not a port" in done.stderr, done.stderr
    assert not (project / "site").exists()


def test_serve_on_a_port_in_use_says_so_plainly(tmp_path):
    """The machine's refusal, not a policysite bug: a plain message and exit 2, never
    'failed unexpectedly'."""
    project = make_project(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _serve(project, str(port))
    assert done.returncode == 2, done.stderr
    assert f"Can't serve on 127.0.0.1:{port}" in done.stderr and "--port" in done.stderr, done.stderr


def test_diff_prints_no_character_a_terminal_would_act_on(tmp_path):
    """`diff` turns the site's character references back into characters for the terminal;
    in a school's code span they were never decoded by the check, which shows them as
    written on the page. A bidi override or a carriage return there would reorder or hide
    what a lead reviews."""
    text = "name: Oak School\nsections:\n  overview:\n    append: 'Look: `&#x202e;gnirts&#x202c;` `a&#13;b` `&#x85;`'\n"
    project = make_project(tmp_path / "project", {"oak": text})
    for args in (("diff", "oak"), ("diff", "--all")):
        code, out, err = run(project, *args)
        assert code == 0, err
        refused = MULTI_LINE.search(out)
        assert refused is None, f"{args}: {refused!r}"
    assert "gnirts" in run(project, "diff", "oak")[1]


def test_a_greek_school_name_in_capitals_is_found_in_its_pdfs(tmp_path):
    """The PDF check compares text case-blind; lower() writes a word-final capital sigma as
    ς, but in the PDF's text (spaces dropped) the name runs on into the next word and it
    becomes σ: a real name failed the build as missing from its PDFs."""
    project = make_project(tmp_path / "project", {"agios": "name: ΣΧΟΛΕΊΟ ΆΓΙΟΣ\n"}, keep_good=False)
    code, _, err = run(project, "build")
    assert code == 0, err


@pytest.mark.parametrize("epoch", ["99999999999", "4102444800"])  # year 5138; the first second of 2100
def test_a_source_date_epoch_past_the_last_policy_year_is_a_plain_error(tmp_path, monkeypatch, epoch):
    """SOURCE_DATE_EPOCH dates the site's archives as a policy date would; past 2106 the
    sitemap's gzip header overflows. The environment's mistake: a message, exit 1."""
    project = make_project(tmp_path / "project")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    code, _, err = run(project, "build", "--no-pdf")
    assert code == 1, err
    assert f"\nerror: SOURCE_DATE_EPOCH is {epoch}, after the year 2099" in err, err
    assert not (project / "site").exists()
