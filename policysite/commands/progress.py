"""Progress of a long build: a rich progress bar on a terminal, plain lines elsewhere.

The pipeline calls `progress(stage, done, total)` — per school while it renders, and at
the start (done 0, total None: length unknown) and end (done == total) of a stage it
cannot count. On a terminal, without CI set, each stage is a rich bar; in CI, a pipe or
a log file, a stage prints a plain line when it starts, every tenth of the way through,
and when it ends, so a log of a thousand schools stays short.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Callback = Callable[[str, int, "int | None"], None]


def interactive(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("CI")


@contextmanager
def progress_reporter(stream: TextIO | None = None) -> Iterator[Callback]:
    """A callback for BuildOptions.progress, and the display it drives, closed on exit."""
    stream = stream or sys.stderr
    if not interactive(stream):
        yield PlainLines(stream)
        return
    bar = RichBar(stream)
    try:
        yield bar
    finally:
        bar.stop()


class PlainLines:
    """`Rendering schools: 40/400`, at most about a dozen lines a stage."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.started: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage not in self.started:
            self.started[stage] = time.perf_counter()
            if not done:
                self._line(f"{stage}…")
        if not total or not done:
            return
        if done == total:
            self._line(f"{stage}: {done}/{total} ({time.perf_counter() - self.started[stage]:.1f} s)")
        elif done % max(1, total // 10) == 0:
            self._line(f"{stage}: {done}/{total}")

    def _line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)


class RichBar:
    """One rich task per stage; a stage of unknown length pulses until it is done."""

    def __init__(self, stream: TextIO):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TaskID,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=stream),
            transient=False,
        )
        self.tasks: dict[str, TaskID] = {}
        self.progress.start()

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)

    def stop(self) -> None:
        self.progress.stop()
