"""Helpers for the federation leads' tools tests (issue 4): editing a project copy, reading the
summary table. The runner and the project copies are in errors_support (run, seed_copy)."""

from __future__ import annotations

from pathlib import Path


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
