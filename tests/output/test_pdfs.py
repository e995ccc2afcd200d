"""pdfs.py's check of each PDF's text: a school named in a right-to-left script.

WeasyPrint draws Arabic and Hebrew right to left, and pdfium reads a run of such words back
in the order they are drawn, with Arabic's lam-alef as its two letters swapped: the check
that the PDF shows the school's name failed every build of a school named in Arabic."""

from __future__ import annotations

import json

import pytest

from policysite.output.pdfs import shows

from ..helpers import PDFS, build_site, pdf_path, pdf_text

ARABIC = "مدرسة النور الابتدائية"  # "Al-Noor Primary School"; ال + ا is drawn as one lam-alef


@pytest.mark.parametrize("name", [ARABIC, f"{ARABIC} Primary School שלום"])
def test_a_school_named_in_arabic_builds_its_pdfs(mini_project, name):
    root = mini_project(f"name: {json.dumps(name)}\n")
    build_site(root, root / "site", pdfs=True)  # raised BuildFailed: "does not show “مدرسة …”"
    for output in PDFS:
        text = pdf_text(pdf_path(root / "site", "mini", output))
        assert "مدرسة" in text and "النور" in text


def test_a_right_to_left_name_missing_from_the_text_is_still_found_missing():
    drawn = "Before. االبتدائية النور مدرسة. After"  # as pdfium reads ARABIC back
    assert shows(drawn, ARABIC)
    assert not shows("Before. النور مدرسة. After", ARABIC)  # a word missing
    assert not shows("Before. After", "St Mary's")
