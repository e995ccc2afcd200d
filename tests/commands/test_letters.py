"""`build.py letters <school>`: a class set of named letters (or staff codes) in one PDF,
end to end on the seed project: the PDF's pages and text, the usage errors, and that a failed
or interrupted run leaves no PDF, whole or partial. Where --out may go: test_letters_out.py;
that names go nowhere else: test_letters_privacy.py."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from ..errors_support import run, seed_copy
from ..helpers import ROOT, pdf_pages

PUPILS = [  # forename, surname, class: the names, in the CSV's order
    ("Zoë", "Smith-Jones", "Year 10"),
    ("Łukasz", "Kowalski", "Year 2"),
    ("Thi Minh", "Nguyễn", "Year 2"),
    ("Siobhán", "O'Brien", "Year 10"),
    ("Gabriel", "García Márquez", "Year 6"),
]
BY_CLASS = [1, 2, 4, 3, 0]  # Year 2 before Year 10, then by surname
STAFF = [("Aoife", "Ní Bhraonáin", "Teaching assistant"), ("Kwame", "Mensah-Boateng", "Governor")]
PAGE_COUNT = "({} pages)"


def pupils_csv(folder: Path, rows=PUPILS, name: str = "pupils.csv") -> Path:
    """As Excel saves "CSV UTF-8": a BOM, CRLF, and a quoted field."""
    lines = ["Legal Forename,Legal Surname,Reg Group,Year"]
    lines += [f'{forename},"{surname}",{group},{group.split()[-1]}' for forename, surname, group in rows]
    path = folder / name
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def staff_csv(folder: Path) -> Path:
    lines = ["First Name,Last Name,Role", *(",".join(row) for row in STAFF)]
    path = folder / "staff.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    return seed_copy(tmp_path_factory.mktemp("letters") / "project")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def pages_naming(pdf: Path, names: list[str]) -> list[list[int]]:
    """For each name, the (0-based) pages whose text holds it."""
    pages = [nfc(" ".join(page.split())) for page in pdf_pages(pdf)]
    return [[at for at, text in enumerate(pages) if nfc(name) in text] for name in names]


def test_one_letter_per_pupil_named_on_its_slip_in_the_csv_order(seed, office):
    csv, out = pupils_csv(office), office / "cambois-letters.pdf"
    code, stdout, err = run(seed, "letters", "cambois", "--pupils", str(csv), "--out", str(out))
    assert (code, err) == (0, "")
    pages = pdf_pages(out)
    per_letter, rest = divmod(len(pages), len(PUPILS))
    assert rest == 0 and per_letter >= 2  # every letter as long as the others: the letter, then its slip
    slips = pages_naming(out, [f"{forename} {surname}" for forename, surname, _ in PUPILS])
    assert [len(found) for found in slips] == [1] * len(PUPILS)  # each name once, on its own slip
    assert [found[0] for found in slips] == [per_letter * (at + 1) - 1 for at in range(len(PUPILS))]
    for (_, _, group), (page,) in zip(PUPILS, slips, strict=True):
        assert "Reply slip" in pages[page] and group in pages[page]
    assert PAGE_COUNT.format(len(pages)) in stdout and f"{len(PUPILS)} letters" in stdout
    assert "Reg Group" in stdout  # the columns it used
    assert str(out) in stdout and "single-sided" in stdout


def test_sort_class_puts_the_letters_in_class_then_surname_order(seed, office):
    out = office / "by-class.pdf"
    args = ("--pupils", str(pupils_csv(office)), "--out", str(out), "--sort", "class")
    assert run(seed, "letters", "cambois", *args)[0] == 0
    order = [PUPILS[at] for at in BY_CLASS]
    slips = pages_naming(out, [f"{forename} {surname}" for forename, surname, _ in order])
    assert [len(found) for found in slips] == [1] * len(order)
    assert [found[0] for found in slips] == sorted(found[0] for found in slips)


def test_duplex_starts_every_letter_on_a_front_side(seed, office):
    out = office / "duplex.pdf"
    args = ("--pupils", str(pupils_csv(office)), "--out", str(out), "--duplex")
    code, stdout, _ = run(seed, "letters", "cambois", *args)
    assert code == 0 and "double-sided" in stdout
    greetings = [at for at, text in enumerate(pdf_pages(out)) if "Dear Parent/Carer" in text]
    slips = pages_naming(out, [f"{forename} {surname}" for forename, surname, _ in PUPILS])
    assert len(greetings) == len(PUPILS) and [len(found) for found in slips] == [1] * len(PUPILS)
    assert [at % 2 for at in greetings + [found[0] for found in slips]] == [0] * 2 * len(PUPILS)  # fronts: 1, 3, 5…


def test_the_office_guide_shows_what_the_command_prints(seed, tmp_path):
    guide = (ROOT / "docs" / "office.md").read_text(encoding="utf-8")
    shown = guide.split("```text\n", 1)[1].split("```", 1)[0]
    documents = tmp_path / "Documents"
    documents.mkdir()
    out = documents / "cambois-letters.pdf"
    csv = pupils_csv(tmp_path, rows=[(f"Pupil{at}", "Example", "Year 3") for at in range(28)])
    code, stdout, _ = run(seed, "letters", "cambois", "--pupils", str(csv), "--out", str(out))
    assert code == 0 and stdout == shown.replace("/home/office/Documents", str(documents))


def test_staff_list_gives_one_staff_code_per_person_with_name_and_role(seed, office):
    out = office / "staff-codes.pdf"
    code, stdout, err = run(seed, "letters", "cambois", "--staff", str(staff_csv(office)), "--out", str(out))
    assert (code, err) == (0, "")
    pages = pdf_pages(out)
    signed = pages_naming(out, [f"{forename} {surname}" for forename, surname, _ in STAFF])
    assert [len(found) for found in signed] == [1, 1] and signed[0][0] < signed[1][0]
    for (_, _, role), (page,) in zip(STAFF, signed, strict=True):
        assert "Declaration" in pages[page] and role in pages[page]
    assert len(pages) % len(STAFF) == 0 and "2 staff codes" in stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("letters", "--pupils", "p.csv", "--out", "x.pdf"), "letters needs a school"),
        (("letters", "cambois", "--out", "x.pdf"), "not neither"),
        (("letters", "cambois", "--pupils", "p.csv", "--staff", "s.csv", "--out", "x.pdf"), "not both"),
        (("letters", "cambois", "--pupils", "p.csv"), "letters needs --out FILE.pdf"),
        (("letters", "cambois", "--pupils", "p.csv", "--out", "x.csv"), "--out must name a PDF file"),
        (("letters", "cambois", "--staff", "s.csv", "--out", "x.pdf", "--sort", "class"), "--sort class is for"),
        (("letters", "cambois", "--pupils", "p.csv", "--out", "x.pdf", "--sort", "surname"), "invalid choice"),
        (("build", "--pupils", "p.csv"), "--pupils is for letters"),
        (("check", "--duplex"), "--duplex is for letters"),
        (("check", "cambois"), "takes no school name"),
    ],
)
def test_command_line_misuse_is_a_usage_error(seed, args, says):
    code, out, err = run(seed, *args)
    assert code == 2 and says in err and "usage: build.py" in err and out == ""


def test_the_help_shows_the_command_and_its_options(seed):
    code, out, _ = run(seed, "--help")
    assert code == 0
    for shown in ("letters", "--pupils FILE.csv", "--staff FILE.csv", "--out FILE.pdf", "--sort", "--duplex"):
        assert shown in out
    said = " ".join(out.split())  # argparse wraps the lines to the terminal's width
    assert "build.py letters <school> --pupils FILE.csv --out FILE.pdf [--sort class] [--duplex]" in said
    assert "build.py letters <school> --staff FILE.csv --out FILE.pdf" in said


def test_an_unknown_school_says_which_it_may_be(seed, office):
    out = office / "x.pdf"
    code, _, err = run(seed, "letters", "cambios", "--pupils", str(pupils_csv(office)), "--out", str(out))
    assert code == 2 and "there is no school `cambios`" in err and "Did you mean `cambois`?" in err
    assert sorted(path.name for path in office.iterdir()) == ["pupils.csv"]


def test_an_unknown_school_holding_a_terminal_escape_is_printed_inert(seed, office):
    out = office / "x.pdf"
    code, _, err = run(seed, "letters", "\x1b[2Jcambois", "--pupils", str(pupils_csv(office)), "--out", str(out))
    assert code == 2 and "there is no school `" in err and "\x1b" not in err


def test_a_missing_csv_is_named(seed, office):
    code, _, err = run(seed, "letters", "cambois", "--pupils", str(office / "nope.csv"), "--out", str(office / "x.pdf"))
    assert code == 2 and f"There is no file {office / 'nope.csv'}" in err
    assert list(office.iterdir()) == []


@pytest.mark.parametrize("given", ["--pupils", "--out"])
def test_a_file_name_too_long_for_the_disk_is_refused_in_words_not_a_traceback(seed, office, given):
    paths = {"--pupils": str(pupils_csv(office)), "--out": str(office / "x.pdf")}
    paths[given] = str(office / ("a" * 300 + (".csv" if given == "--pupils" else ".pdf")))
    code, _, err = run(seed, "letters", "cambois", *(part for pair in paths.items() for part in pair))
    assert code == 2 and err.startswith("Can't use ") and "File name too long" in err
    assert sorted(path.name for path in office.iterdir()) == ["pupils.csv"]


def test_a_folder_given_as_the_list_is_named_as_a_folder(seed, office):
    code, _, err = run(seed, "letters", "cambois", "--pupils", str(office), "--out", str(office / "x.pdf"))
    assert code == 2 and f"{office} is a folder, not a list" in err and "There is no file" not in err
    assert list(office.iterdir()) == []


@pytest.mark.parametrize(
    ("lines", "where"),
    [
        (["Given,Family", "Ada,Lovelace"], 1),  # no name column it knows
        (["Forename,Surname,Class", "Ada,Lovelace,Year 2", ",,Year 2", "Alan,Turing,Year 3"], 3),  # an empty name
    ],
)
def test_a_bad_csv_is_located_and_writes_no_pdf(seed, office, lines, where):
    csv = office / "pupils.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, stdout, err = run(seed, "letters", "cambois", "--pupils", str(csv), "--out", str(office / "x.pdf"))
    assert code == 1 and f"pupils.csv:{where}:" in err and "Nothing was written" in err
    assert sorted(path.name for path in office.iterdir()) == ["pupils.csv"]  # no PDF, no hidden part
    assert "Lovelace" not in stdout + err and "Turing" not in stdout + err  # the other rows are not shown


def test_a_mistake_in_a_school_file_is_reported_as_a_build_reports_it(tmp_path, office):
    project = seed_copy(tmp_path / "project")
    (project / "schools" / "broken.yml").write_text("name: Broken School\nheadteacher_nmae: X\n", encoding="utf-8")
    out = office / "letters.pdf"
    code, stdout, err = run(project, "letters", "cambois", "--pupils", str(pupils_csv(office)), "--out", str(out))
    assert code == 1 and "schools/broken.yml:2:1: error:" in err and "Did you mean `headteacher_name`?" in err
    assert err.rstrip().endswith("Nothing was written; no PDF was made.") and stdout == ""
    assert sorted(path.name for path in office.iterdir()) == ["pupils.csv"]


def test_dates_the_letters_would_carry_wrongly_are_warned(tmp_path, office):
    project = seed_copy(tmp_path / "project")
    with (project / "schools" / "cambois.yml").open("a", encoding="utf-8") as school:
        school.write("\nletter:\n  date: 2024-09-01\n  reply_by: 2024-09-19\n")  # last year's, copied
    out, csv = office / "letters.pdf", pupils_csv(office)
    code, _, err = run(project, "letters", "cambois", "--pupils", str(csv), "--out", str(out))
    assert code == 0 and out.is_file()
    assert "schools/cambois.yml:" in err and "warning: Cambois Primary School: the parent letter is dated" in err
    assert "the reply slip is due back by 19 September 2024, a day already past" in err
    assert "the-avenue" not in err  # only the school whose letters these are


def test_a_failed_run_leaves_an_earlier_pdf_as_it_was(seed, office):
    out = office / "letters.pdf"
    out.write_bytes(b"%PDF- last week's letters")
    csv = office / "pupils.csv"
    csv.write_text("Surname\nLovelace\n", encoding="utf-8")  # no forename column
    assert run(seed, "letters", "cambois", "--pupils", str(csv), "--out", str(out))[0] == 1
    assert out.read_bytes() == b"%PDF- last week's letters"


def test_a_failed_run_says_an_earlier_pdf_given_with_a_tilde_is_as_it_was(seed, office, monkeypatch):
    monkeypatch.setenv("HOME", str(office))  # --out "~/letters.pdf", quoted, so that no shell expands it
    out = office / "letters.pdf"
    out.write_bytes(b"%PDF- last week's letters")
    csv = office / "pupils.csv"
    csv.write_text("Surname\nLovelace\n", encoding="utf-8")  # no forename column
    code, _, err = run(seed, "letters", "cambois", "--pupils", str(csv), "--out", "~/letters.pdf")
    assert code == 1 and err.rstrip().endswith(f"Nothing was written; {out} is as it was.")
    assert out.read_bytes() == b"%PDF- last week's letters"


def test_a_successful_run_replaces_an_earlier_pdf(seed, office):
    out = office / "letters.pdf"
    out.write_bytes(b"%PDF- last week's letters")
    assert run(seed, "letters", "cambois", "--pupils", str(pupils_csv(office)), "--out", str(out))[0] == 0
    assert len(pdf_pages(out)) > len(PUPILS)
    assert sorted(path.name for path in office.iterdir()) == ["letters.pdf", "pupils.csv"]


def _interrupted_at_fsync(seed, office, monkeypatch) -> tuple[int, str, list[str]]:
    """Run letters over an earlier PDF, Ctrl-C landing as the new one is synced; returns
    the exit code, stderr, and the names the folder held at that moment."""
    out = office / "letters.pdf"
    out.write_bytes(b"%PDF- last week's letters")
    seen: list[str] = []

    def interrupted(fd):
        seen.extend(sorted(path.name for path in office.iterdir()))
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    code, _, err = run(seed, "letters", "cambois", "--pupils", str(pupils_csv(office)), "--out", str(out))
    assert code == 130 and f"Interrupted. Nothing was written; {out} is as it was." in err
    assert sorted(path.name for path in office.iterdir()) == ["letters.pdf", "pupils.csv"]
    assert out.read_bytes() == b"%PDF- last week's letters"
    return code, err, seen


@pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="Linux's O_TMPFILE: elsewhere the file is named")
def test_the_pdf_has_no_name_until_it_is_whole_and_ctrl_c_leaves_the_earlier_one(seed, office, monkeypatch):
    _, _, seen = _interrupted_at_fsync(seed, office, monkeypatch)
    assert seen == ["letters.pdf", "pupils.csv"]  # nothing beside them while it is written: a kill leaves nothing


def test_without_o_tmpfile_ctrl_c_removes_the_hidden_file_and_keeps_the_earlier_pdf(seed, office, monkeypatch):
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)  # as on macOS
    _, _, seen = _interrupted_at_fsync(seed, office, monkeypatch)
    hidden = [name for name in seen if name not in ("letters.pdf", "pupils.csv")]
    assert len(hidden) == 1 and hidden[0].startswith(".letters.pdf.") and hidden[0].endswith(".part")


def test_the_pdf_is_readable_by_its_owner_only(seed, office):
    out = office / "letters.pdf"
    assert run(seed, "letters", "cambois", "--pupils", str(pupils_csv(office)), "--out", str(out))[0] == 0
    assert out.stat().st_mode & 0o777 == 0o600
