"""Helpers for the federation leads' tools tests (issue 4): project copies and the CLI in-process."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

from policysite.cli import main

from .helpers import ROOT, project_skeleton, reproducible_env


def seed_copy(target: Path) -> Path:
    """The real content/ and schools/ (the four seed schools) in a throwaway project."""
    project_skeleton(target)
    shutil.copytree(ROOT / "content", target / "content")
    for path in sorted((ROOT / "schools").glob("*.yml")):
        shutil.copy(path, target / "schools" / path.name)
    return target


def cli(root: Path, *args: str) -> tuple[int, str, str]:
    """build.py in-process on `root` (site/ inside it); returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with reproducible_env(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([*args, "--root", str(root), "--site-dir", str(root / "site")])
        except SystemExit as exc:  # argparse: usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def row_of(table: str, first_cell: str) -> list[str]:
    """The cells of the summary table's row whose first cell is `first_cell`."""
    for line in table.splitlines():
        cells = line.split()
        if cells and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no row `{first_cell}` in:\n{table}")
