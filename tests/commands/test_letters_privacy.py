"""Pupils' names go into --out and nowhere else (issue 15's "Done when"): `build.py letters`
run as an office runs it, in its own process, with its own temporary folder, home and
caches; then every file it could have written, the project and a site built afterwards
included, is searched for each name in the encodings a file might hold it in."""

from __future__ import annotations

import os
import signal
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from ..errors_support import build_command, seed_copy

PUPILS = [  # names found nowhere else, so that any trace of one is this run's
    ("Zephyrine", "Quortleby-Vance", "Year 4"),
    ("Łukasz", "Wyszomirski", "Year 2"),
    ("Siobhán", "Ní Fhlaithbheartaigh", "Year 4"),
    ("Thị Bích", "Nguyễn Văn", "Year 10"),
    ("Ottoline", "O'Treadgold", "Year 2"),
]
ROWS = 600  # three of named.py's parts of 250 people: the forked workers' path too
AT = [0, 249, 250, 420, 599]  # where each of PUPILS stands among ROWS, the rest made-up "Pupil0001 Example"
WORDS = sorted({word for forename, surname, _ in PUPILS for word in f"{forename} {surname}".split() if len(word) > 4})


def encodings(text: str) -> list[bytes]:
    """`text` as a file might hold it: UTF-8 (composed or not) and UTF-16 (either byte order)."""
    forms = {unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)}
    return [form.encode(codec) for form in forms for codec in ("utf-8", "utf-16-le", "utf-16-be")]


NEEDLES = [(name, needle) for name in [*WORDS, *(f"{f} {s}" for f, s, _ in PUPILS)] for needle in encodings(name)]


def traces(folders: list[Path], allowed: set[Path]) -> list[str]:
    """`file: name` for every file under `folders` (links not followed) holding a name."""
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path in allowed or path.is_symlink() or not path.is_file():
                continue
            data = path.read_bytes()
            found += [f"{path}: {name}" for name, needle in NEEDLES if needle in data]
    return sorted(set(found))


@pytest.fixture
def machine(tmp_path) -> dict:
    """A project (with its own templates/, so they are searched too), an office's home with
    its Documents and Downloads, and a temporary folder and caches of this run's own."""
    home = tmp_path / "home"
    folders = {name: home / name for name in ("Documents", "Downloads", ".cache", ".config", ".local/share")}
    for folder in [*folders.values(), tmp_path / "tmp"]:
        folder.mkdir(parents=True)
    csv = folders["Downloads"] / "pupils.csv"
    rows = [f"Pupil{at:04},Example,Year 3" for at in range(ROWS)]
    for at, (forename, surname, group) in zip(AT, PUPILS, strict=True):
        rows[at] = f"{forename},{surname},{group}"
    csv.write_text("Forename,Surname,Class\n" + "\n".join(rows) + "\n", encoding="utf-8")
    xdg = {"XDG_CACHE_HOME": ".cache", "XDG_CONFIG_HOME": ".config", "XDG_DATA_HOME": ".local/share"}
    env = dict(os.environ) | {"TMPDIR": str(tmp_path / "tmp"), "HOME": str(home)}
    env |= {variable: str(folders[name]) for variable, name in xdg.items()}
    project = seed_copy(tmp_path / "project", own_templates=True)
    return {"project": project, "home": home, "tmp": tmp_path / "tmp", "csv": csv, "env": env, "folders": folders}


def letters(machine: dict, csv: Path, out: Path) -> subprocess.CompletedProcess:
    command = build_command(machine["project"], "letters", "cambois", "--pupils", str(csv), "--out", str(out))
    return subprocess.run(command, env=machine["env"], capture_output=True, text=True, check=False)


def test_names_are_in_the_pdf_and_nowhere_else(machine):
    out = machine["folders"]["Documents"] / "cambois-letters.pdf"
    ran = letters(machine, machine["csv"], out)
    assert ran.returncode == 0, ran.stderr
    pages = PdfReader(out).pages
    per_letter = len(pages) // ROWS
    for at, (forename, surname, _) in zip(AT, PUPILS, strict=True):  # the search below would find them
        slip = pages[per_letter * (at + 1) - 1].extract_text()
        assert unicodedata.normalize("NFC", f"{forename} {surname}") in unicodedata.normalize("NFC", slip)
    said = (ran.stdout + ran.stderr).encode("utf-8")
    assert [name for name, needle in NEEDLES if needle in said] == []  # nothing printed names anyone
    build = build_command(machine["project"], "build")
    built = subprocess.run(build, env=machine["env"], capture_output=True, text=True, check=False)
    assert built.returncode == 0 and (machine["project"] / "site" / "cambois").is_dir(), built.stderr
    searched = [machine["project"], machine["home"], machine["tmp"]]
    assert traces(searched, allowed={out, machine["csv"]}) == []
    assert sorted(path.name for path in out.parent.iterdir()) == [out.name]  # no hidden part left beside it


def test_a_failed_run_leaves_no_pdf_and_no_part(machine):
    bad = machine["folders"]["Downloads"] / "bad.csv"
    rows = machine["csv"].read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([*rows[:3], ",,Year 4", *rows[3:]]) + "\n", encoding="utf-8")  # line 4: no name
    out = machine["folders"]["Documents"] / "cambois-letters.pdf"
    ran = letters(machine, bad, out)
    assert ran.returncode == 1 and "bad.csv:4:" in ran.stderr
    assert list(out.parent.iterdir()) == []
    said = (ran.stdout + ran.stderr).encode("utf-8")
    assert [name for name, needle in NEEDLES if needle in said] == []  # not even the rows around line 4
    assert traces([machine["project"], machine["home"], machine["tmp"]], allowed={machine["csv"], bad}) == []


def test_ctrl_c_while_the_letters_are_made_leaves_no_pdf(machine):
    # As a terminal's Ctrl-C does: SIGINT to the command's whole process group (named.py's
    # workers too), once it has said which columns it read, that is, once the PDF is being made.
    out = machine["folders"]["Documents"] / "cambois-letters.pdf"
    args = ("letters", "cambois", "--pupils", str(machine["csv"]), "--out", str(out))
    command = build_command(machine["project"], *args)
    with subprocess.Popen(
        command, env=machine["env"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    ) as process:
        assert process.stdout is not None and process.stdout.readline().startswith("Read 600 pupils")
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=120)
    assert process.returncode == 130 and err == "Interrupted. Nothing was written; no PDF was made.\n"
    assert list(out.parent.iterdir()) == []
    assert traces([machine["project"], machine["home"], machine["tmp"]], allowed={machine["csv"]}) == []
