"""PDFs: rendered by WeasyPrint in parallel, each checked as soon as it is written.

Making a PDF is the build's heaviest step (about 0.12 s each), so the jobs run in worker
processes, one per core, while the main process runs mkdocs. A worker renders, then reads
the PDF back with pdfium and checks it against the contract: the check reads the real
file, and costs milliseconds rather than the tenths of a second pypdf would take.
"""

from __future__ import annotations

import ctypes
import logging
import unicodedata
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import system
from ..errors import Finding, Location, error
from ..model import Image
from . import guard
from .check import missing, normalise


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make and what it must contain."""

    target: str  # absolute path to write
    print_html: str
    base_url: str
    school_path: str  # the school file, where findings point
    label: str  # "the-avenue: parent-letter.pdf"
    required_ids: tuple[str, ...]
    contract_location: Location
    expected_text: tuple[str, ...]  # the school's name and every section title
    # The logos the PDF may show, as (name, media type, data, its file as messages name it):
    # fetch.py serves each from here, so a worker reads no file for them.
    logos: tuple[tuple[str, str, bytes, str], ...] = ()


def logo_table(image: Image | None) -> tuple[tuple[str, str, bytes, str], ...]:
    """A PdfJob's `logos`: the school's logo (its own, else the federation's), if any."""
    return () if image is None else ((image.name, image.media_type, image.data, image.source),)


class _Errors(logging.Handler):
    """WeasyPrint's errors while it makes a PDF. An image it cannot load or draw is logged
    and left out, never raised: a letterhead would lose its logo without a word."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def workers() -> int:
    return system.cores()


class PdfPool:
    """Start rendering as soon as jobs are known; collect findings at the end."""

    def __init__(self, processes: int | None = None):
        self.processes = processes or workers()
        self.executor = (
            ProcessPoolExecutor(self.processes, mp_context=system.process_context(), initializer=die_with_parent)
            if self.processes > 1
            else None
        )
        self.futures: list[Future | list[Finding]] = []

    def submit(self, job: PdfJob) -> None:
        if self.executor is None:
            self.futures.append(make_pdf(job))
        else:
            self.futures.append(self.executor.submit(make_pdf, job))

    def results(self) -> list[Finding]:
        findings: list[Finding] = []
        try:
            for future in self.futures:
                findings += future if isinstance(future, list) else future.result()
        finally:
            self.close()
        return findings

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None


def die_with_parent() -> None:
    """Each worker's start (PDF and mkdocs workers alike). A killed build must not leave
    workers behind, still writing into its staging folder or keeping its site locked: close
    a forked copy of the site's lock (guard.py), and end the worker when the build dies
    (system.py says how on each system)."""
    guard.close_inherited_locks()
    system.die_with_parent()


def make_pdf(job: PdfJob) -> list[Finding]:
    from weasyprint import HTML  # each worker imports it once

    from .fetch import ProjectFetcher

    Path(job.target).parent.mkdir(parents=True, exist_ok=True)
    fetcher = ProjectFetcher((Path(job.base_url),), {name: (data, media) for name, media, data, _ in job.logos})
    errors, logger = _Errors(), logging.getLogger("weasyprint")
    logger.addHandler(errors)
    try:
        HTML(string=job.print_html, base_url=job.base_url, url_fetcher=fetcher).write_pdf(
            job.target, pdf_variant="pdf/ua-1"
        )
    finally:
        logger.removeHandler(errors)
    return refusals(job.base_url, fetcher.refused) or _undrawn_logos(job, errors.messages) or check_pdf(job)


def refusals(base_url: str, refused: list[str]) -> list[Finding]:
    """An error for each address the fetcher refused (fetch.py), located in templates/.
    Said once per address, not per PDF: the same templates make every school's PDFs."""
    from .fetch import where_named

    return [
        error(
            where_named(Path(base_url), url),
            f"a PDF may not load `{url}`: nothing was read or fetched",
            "PDFs may use only files under templates/ and the school's own logo, nothing else on this "
            "machine or the network. Remove the image, font or stylesheet that names it.",
        )
        for url in refused
    ]


def _undrawn_logos(job: PdfJob, messages: list[str]) -> list[Finding]:
    """A logo WeasyPrint logged as failed (its message names the logo's address): svg.py
    accepts drawings a renderer may still fail on, such as a font 1e308 points high."""
    return [
        error(
            Location(job.school_path),
            f"{job.label}: the logo {source} could not be drawn in the PDF",
            "Open the logo in a drawing program and save it again as a plain SVG, or use a PNG of it.",
        )
        for name, _, _, source in job.logos
        if any(name in message for message in messages)
    ]


def check_pdf(job: PdfJob) -> list[Finding]:
    """Every required id is a destination in the PDF; every expected text is in it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(job.target)
    try:
        ids = _named_destinations(document)
        text = " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    where = Location(job.school_path)
    findings = missing(job.label, job.required_ids, job.contract_location, ids)
    findings += [
        error(where, f"{job.label} does not show “{expected}”", "A section is missing from the PDF's text.")
        for expected in job.expected_text
        if not shows(text, expected)
    ]
    return findings


def shows(text: str, expected: str) -> bool:
    """`expected` is in `text`, as a reader sees it. A run of right-to-left words (Arabic, Hebrew) is
    read out of a PDF in the order it is drawn, and Arabic's lam-alef as its two letters
    swapped: a school named in Arabic failed every build. For such a text, each word counts
    when a word of the PDF has the same letters."""
    if normalise(expected) in normalise(text):
        return True
    if not any(unicodedata.bidirectional(char) in ("R", "AL") for char in expected):
        return False
    drawn = {_letters(word) for word in text.split()}
    return all(_letters(word) in drawn for word in expected.split() if _letters(word))


def _letters(word: str) -> str:
    return "".join(sorted(char for char in normalise(word) if char.isalnum()))


def _named_destinations(document) -> set[str]:
    import pypdfium2.raw as raw

    names = set()
    for index in range(raw.FPDF_CountNamedDests(document.raw)):
        length = ctypes.c_long(0)
        raw.FPDF_GetNamedDest(document.raw, index, None, ctypes.byref(length))
        buffer = ctypes.create_string_buffer(length.value)
        raw.FPDF_GetNamedDest(document.raw, index, buffer, ctypes.byref(length))
        names.add(buffer.raw[: length.value].decode("utf-16-le").rstrip("\x00"))
    return names
