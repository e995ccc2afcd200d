"""Never a stale translation: one English paragraph changed falls back to English in every
language, `check` counts it per language and document, and `--strict` fails on it."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from policysite.cli import main
from policysite.pages.translate import FALLBACK_CLOSE, FALLBACK_OPEN

from ..errors_support import run, seed_copy
from ..helpers import check_project, mini_copy
from ..translate_support import translate_everything, unit_count, write_catalogue

LETTER = Path("content") / "social-media" / "letter.md"
OLD = "Thank you for your understanding and support."
NEW = "Thank you very much for your understanding and support."
SCHOOL = "cumbria-futures"
_ENGLISH = re.compile(f"{FALLBACK_OPEN}(.*?){FALLBACK_CLOSE}", re.DOTALL)


def _seed_in_two_languages(tmp_path: Path) -> Path:
    """The real project, one school publishing Polish and Urdu, both catalogues complete."""
    project = seed_copy(tmp_path / "project")
    school = project / "schools" / f"{SCHOOL}.yml"
    text = school.read_text(encoding="utf-8")
    if not re.search(r"^languages:", text, re.MULTILINE):
        school.write_text(text.rstrip("\n") + "\nlanguages: [pl, ur]\n", encoding="utf-8")
    _update(project)
    for code in ("pl", "ur"):
        translate_everything(project, code)
    return project


def _update(project: Path) -> None:
    """`build.py translations update` as a lead runs it (it takes no --site-dir or --today)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["translations", "update", "--root", str(project)])
    assert code == 0, out.getvalue() + err.getvalue()


def _english_in(project: Path) -> dict[str, list[str]]:
    """Per language, every piece of its outputs shown in English."""
    shown: dict[str, list[str]] = {}
    for rendered in check_project(project).outputs:
        texts = [rendered.title, *(part for s in rendered.sections for part in (s.title, s.markdown))]
        found = shown.setdefault(rendered.language, [])
        found += [piece for text in texts for piece in _ENGLISH.findall(text)]
    return shown


def _coverage_warnings(output: str) -> list[str]:
    return re.findall(r"^content/social-media/translations/\w+\.po: (?:warning|error): (.*)$", output, re.MULTILINE)


def test_one_changed_english_paragraph_falls_back_in_both_languages_and_check_reports_it(tmp_path):
    project = _seed_in_two_languages(tmp_path)
    assert _english_in(project) == {"en": [], "pl": [], "ur": []}
    code, out, err = run(project, "check")
    assert code == 0 and _coverage_warnings(out + err) == []

    letter = project / LETTER
    assert letter.read_text(encoding="utf-8").count(OLD) == 1
    letter.write_text(letter.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    _update(project)

    assert _english_in(project) == {"en": [], "pl": [NEW], "ur": [NEW]}
    code, out, err = run(project, "check")
    assert code == 0
    warned = _coverage_warnings(out + err)
    assert [w.split(":")[0] for w in warned] == ["Polish", "Urdu"]
    assert all(re.search(r": 1 of \d+ units .* \(1 changed since translated, 0 not translated\)$", w) for w in warned)
    rows = [line.split() for line in out.splitlines() if re.match(r"(pl|ur) \(", line)]
    letters = [row for row in rows if row[2] == "letter"]
    assert [(row[0], row[-2], row[-1]) for row in letters] == [("pl", "1", "0"), ("ur", "1", "0")]
    assert all(row[-2:] == ["0", "0"] for row in rows if row[2] != "letter")


CLEAN_SCHOOL = """name: Mini School
headteacher_name: Mrs J Okafor
languages: [pl]
linked_policies:
  - policy: complaints
    url: https://minischool.sch.uk/complaints
document_control:
  review_on: 2099-09
"""


def test_strict_check_fails_only_once_a_language_falls_below_full_coverage(tmp_path):
    project = mini_copy(tmp_path / "mini", {"mini": CLEAN_SCHOOL})
    defaults = project / "content" / "social-media" / "defaults.yml"
    contact = "federation_contact:\n  email: office@minifed.sch.uk\n"
    defaults.write_text(defaults.read_text(encoding="utf-8") + contact, encoding="utf-8")
    write_catalogue(project, "pl", lambda english: f"PL: {english}")
    code, out, err = run(project, "check", "--strict")
    assert code == 0, out + err

    letter = project / LETTER
    letter.write_text(letter.read_text(encoding="utf-8").replace("Read the advice", "Please read the advice"))
    code, out, err = run(project, "check", "--strict")
    assert code == 1, out + err
    assert _coverage_warnings(out + err) == [
        f"Polish: 1 of {unit_count(project)} units of the policy, letter and staff code are shown in English "
        "(0 changed since translated, 1 not translated)"
    ]
