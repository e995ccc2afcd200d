"""Progress: a rich bar on a terminal, plain lines in CI or a pipe, driven by the pipeline per school."""

from __future__ import annotations

import io

from policysite.commands import progress
from policysite.output.pipeline import PDFS, RENDERING, WRITING, build

from ..errors_support import run, seed_copy
from ..helpers import options, reproducible_env


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_without_ci_is_interactive(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert progress.interactive(Terminal())
    assert not progress.interactive(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not progress.interactive(Terminal())


def test_the_pipeline_reports_each_school_then_the_writing(mini_project):
    """The PDFs (three a school) are a stage of the writing, announced once their workers run."""
    root = mini_project({"a": "name: A\n", "b": "name: B\n", "c": "name: C\n"})
    calls = []
    with reproducible_env():
        build(options(root, progress=lambda *call: calls.append(call)))
    assert calls == [
        (RENDERING, 0, 3),
        (RENDERING, 1, 3),
        (RENDERING, 2, 3),
        (RENDERING, 3, 3),
        (WRITING, 0, None),
        (PDFS, 0, 9),
        (PDFS, 9, 9),
        (WRITING, 1, 1),
    ]
    calls.clear()
    with reproducible_env():  # nothing changed: no PDF to make, no PDF stage
        build(options(root, progress=lambda *call: calls.append(call)))
    assert (WRITING, 0, None) in calls and not [call for call in calls if call[0] == PDFS]


def test_plain_lines_stay_few_for_many_schools():
    out = io.StringIO()
    lines = progress.PlainLines(out)
    for done in range(0, 401):
        lines(RENDERING, done, 400)
    printed = out.getvalue().splitlines()
    assert printed[0] == f"{RENDERING}…"
    assert printed[1] == f"{RENDERING}: 40/400" and printed[-1].startswith(f"{RENDERING}: 400/400 (")
    assert len(printed) == 11


def test_rich_bar_shows_each_stage(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    screen = Terminal()
    with progress.progress_reporter(screen) as callback:
        assert isinstance(callback, progress.RichBar)
        for done in range(5):
            callback(RENDERING, done, 4)
        callback(WRITING, 0, None)
        callback(WRITING, 1, 1)
    shown = screen.getvalue()
    assert RENDERING in shown and "4/4" in shown and WRITING in shown and "1/1" in shown


def test_build_command_prints_plain_progress_when_not_on_a_terminal(tmp_path):
    code, _, err = run(seed_copy(tmp_path / "project"), "build", "--today", "2026-11-25", reproducible=True)
    assert code == 0, err
    progress_lines = [line.split(" (")[0] for line in err.splitlines() if line.startswith((RENDERING, WRITING))]
    assert progress_lines == [
        f"{RENDERING}…",
        *(f"{RENDERING}: {n}/4" for n in range(1, 5)),
        f"{WRITING}…",
        f"{WRITING}: 1/1",
    ]  # under ten schools: a line each


def test_check_shows_no_progress(tmp_path):
    _, _, err = run(seed_copy(tmp_path / "project"), "check", "--today", "2026-11-25", reproducible=True)
    assert RENDERING not in err and WRITING not in err
