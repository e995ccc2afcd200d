"""docs/translations.md followed word for word by a federation lead, on a copy of the project,
each command in its own process as the guide writes it (`python build.py …` run in the
project's folder): add Romanian, translate two entries in a text editor, publish it for a
school, build, change one English paragraph, update, build, `check` (the coverage table and
the warning), `check --strict` (exit 1), then name the reviewer and the note goes. Each step
first finds its command or example in the guide, so a guide that changes fails here until
the test follows it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ..errors_support import TODAY, seed_copy
from ..helpers import ROOT

GUIDE = (ROOT / "docs" / "translations.md").read_text(encoding="utf-8")
PO = "content/social-media/translations/ro.po"
SCHOOL = "cambois"  # publishes English only in the seed
# Two entries the lead translates in a text editor, between the quotes of msgstr.
OVERVIEW = ('msgctxt "overview"\nmsgid "Overview"\nmsgstr ""', "Prezentare generală")
THANKS = ("Thank you for your understanding and support.", "Vă mulțumim pentru înțelegere și sprijin.")
CHANGED = "Thank you for your understanding and for your support."


def in_guide(text: str) -> str:
    assert text in GUIDE, f"docs/translations.md no longer says: {text}"
    return text


def run(root: Path, command: str) -> subprocess.CompletedProcess:
    """A command as the guide writes it, `python build.py …`, in the project's folder."""
    words = command.split()
    assert words[:2] == ["python", "build.py"], command
    extra = ["--today", TODAY] if words[2] in ("build", "check") else []
    return subprocess.run(
        [sys.executable, str(root / "build.py"), *words[2:], *extra],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def ok(root: Path, command: str) -> str:
    done = run(root, command)
    assert done.returncode == 0, f"{command}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def lead(tmp_path_factory) -> Path:
    """The project copied as a lead's checkout: its code too, so `python build.py` runs there."""
    root = seed_copy(tmp_path_factory.mktemp("guide") / "project")
    (root / "build.py").symlink_to(ROOT / "build.py")
    (root / "policysite").symlink_to(ROOT / "policysite", target_is_directory=True)
    return root


@pytest.fixture(scope="module")
def walked(lead) -> dict[str, str]:
    """The guide's steps in order; what each printed, by step."""
    said = {"add": ok(lead, in_guide("python build.py translations update --add ro"))}
    po = lead / PO
    said["started"] = po.read_text(encoding="utf-8")
    edit(po, OVERVIEW[0], OVERVIEW[0][:-2] + f'"{OVERVIEW[1]}"')
    edit(po, f'msgid "{THANKS[0]}"\nmsgstr ""', f'msgid "{THANKS[0]}"\nmsgstr "{THANKS[1]}"')
    school = lead / "schools" / f"{SCHOOL}.yml"
    school.write_text(school.read_text(encoding="utf-8") + "\nlanguages: [ro]\n", encoding="utf-8")
    said["build"] = ok(lead, "python build.py build --no-pdf")
    said["page"] = (lead / f"site/{SCHOOL}/social-media/ro/parent-letter/index.html").read_text(encoding="utf-8")
    edit(lead / "content/social-media/letter.md", THANKS[0], CHANGED)
    said["update"] = ok(lead, "python build.py translations update")
    said["rebuild"] = ok(lead, "python build.py build --no-pdf")
    said["stale"] = (lead / f"site/{SCHOOL}/social-media/ro/parent-letter/index.html").read_text(encoding="utf-8")
    said["check"] = ok(lead, "python build.py check")
    strict = run(lead, "python build.py check --strict")
    said["strict"] = f"exit {strict.returncode}\n{strict.stdout}{strict.stderr}"
    reviewer = in_guide('"X-Reviewed-By: Anna Nowak <anna.nowak@example.org>\\n"')
    edit(po, in_guide('"X-Reviewed-By: \\n"'), reviewer)
    ok(lead, "python build.py build --no-pdf")
    said["reviewed"] = (lead / f"site/{SCHOOL}/social-media/ro/parent-letter/index.html").read_text(encoding="utf-8")
    return said


def test_add_starts_a_file_with_every_entry_empty_and_says_so(walked):
    assert re.search(r"^ro\.po: \d+ new, 0 newly fuzzy, 0 newly obsolete$", walked["add"], re.M), walked["add"]
    text = walked["started"]
    assert not re.search(r'^msgstr "[^"]', text, re.M)
    assert "\n#, fuzzy" not in text and '"Language: ro\\n"' in text and '"X-Reviewed-By: \\n"' in text


def test_the_two_translated_entries_are_on_the_page_and_the_rest_in_english(walked):
    assert THANKS[1] in walked["page"]
    assert walked["page"].count('class="ps-fallback"') > 10  # the entries nobody translated yet
    assert 'id="ps_unreviewed"' in walked["page"]


def test_update_after_an_english_change_prints_what_the_guide_shows(walked):
    example = in_guide("pl.po: 0 new, 1 newly fuzzy, 0 newly obsolete\nur.po: 0 new, 1 newly fuzzy, 0 newly obsolete")
    for line in example.splitlines() + ["ro.po: 0 new, 1 newly fuzzy, 0 newly obsolete"]:
        assert line in walked["update"].splitlines(), walked["update"]


def test_the_changed_paragraph_is_shown_in_english_never_the_old_translation(walked):
    assert THANKS[1] not in walked["stale"]
    assert re.search(rf'<p lang="en" dir="ltr" class="ps-fallback"[^>]*>{re.escape(CHANGED)}</p>', walked["stale"])
    assert 'id="ps_fallback"' in walked["stale"]


def test_check_prints_the_coverage_table_and_warns_at_the_po_file(walked):
    in_guide("how many entries of each document (and\nof the frame) are translated, fuzzy and missing")
    table = walked["check"]
    assert re.search(r"^language\s+document\s+translated\s+fuzzy\s+missing$", table, re.M), table
    assert re.search(r"^ro \(Romanian\)\s+letter\s+0\s+1\s+\d+$", table, re.M), table
    assert re.search(r"^ro \(Romanian\)\s+policy\s+1\s+0\s+\d+$", table, re.M), table
    assert re.search(rf"^{re.escape(PO)}: warning: Romanian: ", table, re.M), table


def test_check_strict_fails_on_the_warning(walked):
    in_guide("With `--strict` such a warning fails the check")
    assert walked["strict"].startswith("exit 1\n"), walked["strict"]


def test_naming_the_reviewer_takes_the_note_away(walked):
    assert 'id="ps_unreviewed"' not in walked["reviewed"] and 'id="ps_unreviewed_en"' not in walked["reviewed"]
    assert 'id="ps_fallback"' in walked["reviewed"]  # the stale paragraph is still marked
