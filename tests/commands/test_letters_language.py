"""`letters --language pl`: a class set of the letter in a language the school publishes
(cumbria-futures publishes pl and ur), each slip named as in English; a language the school
doesn't publish, or staff codes in another language, are refused before any list is read."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from ..errors_support import run, seed_copy
from ..helpers import ROOT, pdf_pages
from .test_letters import PUPILS, nfc, pages_naming, pupils_csv

SCHOOL = "cumbria-futures"


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return seed_copy(tmp_path_factory.mktemp("letters-language") / "project")


@pytest.mark.parametrize(
    ("code", "greeting", "slip"), [("pl", "Szanowni Państwo", "Odcinek zwrotny"), ("ur", "محترم", "جوابی پرچی")]
)
def test_a_class_set_in_the_schools_language_names_each_slip(seed, office, code, greeting, slip):
    csv, out = pupils_csv(office), office / f"letters-{code}.pdf"
    result = run(seed, "letters", SCHOOL, "--pupils", str(csv), "--out", str(out), "--language", code)
    assert result[0] == 0, result
    pages = [nfc(page) for page in pdf_pages(out)]
    assert greeting in pages[0] and "Dear Parent/Carer" not in " ".join(pages)
    slips = pages_naming(out, [f"{forename} {surname}" for forename, surname, _ in PUPILS])
    assert [len(found) for found in slips] == [1] * len(PUPILS)  # each name once, on its own slip
    assert all(slip in pages[found[0]] for found in slips)


def test_a_language_the_school_does_not_publish_is_refused(seed, office):
    csv, out = pupils_csv(office), office / "letters.pdf"
    code, _, err = run(seed, "letters", "cambois", "--pupils", str(csv), "--out", str(out), "--language", "pl")
    assert code == 2 and not out.exists()
    assert "does not publish its letter in `pl`" in err and "none but English" in err


def test_staff_codes_in_another_language_are_refused(seed, office):
    csv, out = pupils_csv(office), office / "codes.pdf"
    code, _, err = run(seed, "letters", SCHOOL, "--staff", str(csv), "--out", str(out), "--language", "pl")
    assert code == 2 and not out.exists() and "--language is for --pupils" in err


def test_the_office_guides_command_runs_as_written(seed, tmp_path, monkeypatch):
    guide = (ROOT / "docs" / "office.md").read_text(encoding="utf-8")
    (line,) = [
        line for line in re.findall(r"^\.venv/bin/python build\.py letters .*$", guide, re.M) if "--language" in line
    ]
    command = shlex.split(line)[2:]
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Downloads").mkdir()
    (tmp_path / "Documents").mkdir()
    csv = Path(command[command.index("--pupils") + 1]).expanduser()
    pupils_csv(csv.parent, name=csv.name)
    code, stdout, err = run(seed, *(str(Path(arg).expanduser()) for arg in command))
    assert (code, err) == (0, "") and f"Wrote {len(PUPILS)} letters" in stdout
    assert "Odcinek zwrotny" in " ".join(pdf_pages(Path(command[command.index("--out") + 1]).expanduser()))
