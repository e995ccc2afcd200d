"""`build.py letters` as a school office uses it: docs/office.md's commands copied as written,
on pupil lists exported the way SIMS, Arbor and Bromcom export them and Excel on Windows
saves them (Windows-1252 or UTF-8 with a BOM, CRLF, quoted commas), 30 pupils in two
classes, for every seed school, with `site_url` and a return date set. Everything is read
back from the PDFs the command wrote: whose name is on which page, where it is drawn, the
cut line, double-sided fronts, the class order, the QR code, and that each copy of the
letter (or staff code) still says what its seed says."""

from __future__ import annotations

import re
import shlex
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
import zxingcpp

from ..errors_support import run, seed_copy
from ..helpers import ROOT, squash
from ..test_seed_facts import ABSENT, FACTS, LETTER
from ..test_seed_points import COMMON, POINTS

SITE = "https://policies.example.org/"
REPLY_BY = "the end of the Summer term 2026"  # letter.reply_by: Summer 2026
FORENAMES = ["Zoë", "Siobhán", "Oliver", "Amelia", "Łukasz", "Thi Minh", "Renée", "Kwame"]
FORENAMES += ["Aoife", "Jack", "Isla", "Noah", "Freya", "Mohammed", "Ava"]
SURNAMES = ["O'Brien", "García Márquez", "Smith-Jones", "Nguyễn", "Kowalski", "Ní Bhraonáin", "Ahmed"]
SURNAMES += ["Brown", "Wilson", "Taylor", "Évora", "Davies", "Patel", "Hughes", "Ó Súilleabháin"]
CP1252 = str.maketrans({"Ł": "L", "ễ": "e"})  # Excel's plain CSV can't hold these: SIMS's list spells them so
CLASSES = {"sims": ("2A", "10B"), "arbor": ("2 Oak", "10 Willow"), "bromcom": ("Year 2", "Year 10")}
STAFF = [
    ("Aoife", "Ní Bhraonáin", "Teaching Assistant"),
    ("Kwame", "Mensah-Boateng", "Governor"),
    ("Renée", "O'Connor", "Headteacher"),
    ("José", "Fernández López", "Class Teacher, Year 2"),
]
FOOTER_TOP = 16 * 72 / 25.4  # pdf.css's bottom margin: only the running footer is below it
SLIP_FIELDS = ("Child's name", "Class", "Parent or carer's name", "Signature", "Date")


def pupils(system: str) -> list[tuple[str, str, str]]:
    """30 pupils, every other one in each class, each name once."""
    rows = []
    for i in range(30):
        forename, surname = FORENAMES[i % 15], SURNAMES[(i * 7 + i // 15) % 15]
        if system == "sims":
            forename, surname = forename.translate(CP1252), surname.translate(CP1252)
        rows.append((forename, surname, CLASSES[system][i % 2]))
    return rows


def excel(path: Path, lines: list[str], encoding: str) -> None:
    """As Excel on Windows saves it: CRLF; "CSV UTF-8" with a BOM, plain "CSV" as Windows-1252."""
    text = ("\ufeff" if encoding == "utf-8" else "") + "\r\n".join(lines) + "\r\n"
    path.write_bytes(text.encode(encoding))


def exports(folder: Path) -> None:
    """A SIMS student list (Excel's plain CSV), an Arbor and a Bromcom export (CSV UTF-8), and
    a SIMS staff list; other columns (UPN, birth dates, an address with commas) ride along."""
    sims = ["Adno,UPN,Legal Surname,Legal Forename,Preferred Forename,Reg Group,Year Taught In,DOB"]
    sims += [
        f'{i:06d},A{i:012d},"{s}",{f},{f if i % 3 == 0 else ""},{c},{c[:-1]},01/03/2016'
        for i, (f, s, c) in enumerate(pupils("sims"))
    ]
    arbor = ['Student,Legal First Name,Legal Last Name,Preferred First Name,Year,Registration Form,"Address, line 1"']
    arbor += [
        f'"{s}, {f}",{f},{s},,Year {c.split()[0]},{c},"Flat {i}, ""The Maltings"""'
        for i, (f, s, c) in enumerate(pupils("arbor"))
    ]
    bromcom = ["Surname,Forename,Preferred Forename,Year Group,Tutor Group,UPN"]
    bromcom += [f'"{s}",{f},,{c},{c},A{i:012d}' for i, (f, s, c) in enumerate(pupils("bromcom"))]
    staff = ["Title,Forename,Surname,Job Title,Staff Code"] + [
        f'Ms,{f},{s},"{r}",S{i}' for i, (f, s, r) in enumerate(STAFF)
    ]
    excel(folder / "pupils.csv", sims, "cp1252")
    excel(folder / "arbor.csv", arbor, "utf-8")
    excel(folder / "bromcom.csv", bromcom, "utf-8")
    excel(folder / "staff.csv", staff, "cp1252")


def guide_commands() -> list[list[str]]:
    """docs/office.md's `letters` commands in English, as an office copies them (without the venv's python)."""
    guide = (ROOT / "docs" / "office.md").read_text(encoding="utf-8")
    commands = [shlex.split(line) for line in re.findall(r"^\.venv/bin/python build\.py letters .*$", guide, re.M)]
    commands = [command for command in commands if "--language" not in command]  # test_letters_language.py's
    assert len(commands) == 4 and all(command[1] == "build.py" for command in commands)
    return [command[2:] for command in commands]


# name -> (school, list, options): the runs besides the guide's, one per school and list style
RUNS = {
    "the-avenue arbor": ("the-avenue", "arbor", ("--sort", "class")),
    "heathfields bromcom duplex": ("heathfields-wilnecote", "bromcom", ("--sort", "class", "--duplex")),
    "cumbria-futures sims": ("cumbria-futures", "sims", ("--sort", "class")),
    "the-avenue staff duplex": ("the-avenue", "staff", ("--duplex",)),
}


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """The office's home folder: the exports in Downloads, the PDFs to go in Documents."""
    folder = tmp_path_factory.mktemp("home")
    (folder / "Downloads").mkdir()
    (folder / "Documents").mkdir()
    exports(folder / "Downloads")
    return folder


@pytest.fixture(scope="module")
def made(tmp_path_factory, home) -> dict[str, tuple[str, pdfium.PdfDocument]]:
    """Each run's (stdout, PDF): the guide's four commands, ~ being the office's home, and RUNS."""
    root = seed_copy(tmp_path_factory.mktemp("office") / "project")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as settings:
        settings.write(f"site_url: {SITE}\n")
    for school in (root / "schools").glob("[!_]*.yml"):
        assert "\nletter:" not in school.read_text(encoding="utf-8")
        with school.open("a", encoding="utf-8") as text:
            text.write("\nletter:\n  reply_by: Summer 2026\n")
    found = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        for number, command in enumerate(guide_commands()):
            argv = [str(Path(arg).expanduser()) for arg in command]  # as the shell expands ~
            code, stdout, err = run(root, *argv)
            assert (code, err) == (0, ""), command
            found[f"guide {number}"] = (stdout, pdfium.PdfDocument(Path(argv[argv.index("--out") + 1]).read_bytes()))
    lists = {"sims": "pupils.csv", "arbor": "arbor.csv", "bromcom": "bromcom.csv", "staff": "staff.csv"}
    for name, (slug, system, options) in RUNS.items():
        out = home / "Documents" / f"{name}.pdf"
        csv = str(home / "Downloads" / lists[system])
        code, stdout, err = run(
            root, "letters", slug, f"--{'staff' if system == 'staff' else 'pupils'}", csv, "--out", str(out), *options
        )
        assert (code, err) == (0, ""), name
        found[name] = (stdout, pdfium.PdfDocument(out.read_bytes()))
    return found


# run -> (school, list, sorted by class, double-sided); "guide N" is docs/office.md's Nth command
PLAN = {
    "guide 0": ("cambois", "sims", False, False),
    "guide 1": ("cambois", "sims", True, False),
    "guide 2": ("cambois", "sims", False, True),
    "guide 3": ("cambois", "staff", False, False),
    **{
        name: (slug, system, "--sort" in options, "--duplex" in options)
        for name, (slug, system, options) in RUNS.items()
    },
}
LETTERS = [name for name, (_, system, _, _) in PLAN.items() if system != "staff"]
STAFF_CODES = [name for name, (_, system, _, _) in PLAN.items() if system == "staff"]


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def people(name: str) -> list[tuple[str, str, str]]:
    """The run's people in the order their copies must come: by class number then surname
    and forename, accents ignored, when sorted; else the list's order."""
    _, system, by_class, _ = PLAN[name]
    listed = STAFF if system == "staff" else pupils(system)
    if not by_class:
        return listed
    return sorted(listed, key=lambda p: (int(re.findall(r"\d+", p[2])[0]), fold(p[1]), fold(p[0])))


def text(page) -> str:
    return unicodedata.normalize("NFC", page.get_textpage().get_text_range())


def copies(made, name: str) -> list[list]:
    """The run's PDF as one list of pages per person, every copy as long as the others."""
    document = made[name][1]
    per_copy, rest = divmod(len(document), len(people(name)))
    assert rest == 0 and per_copy == (4 if PLAN[name][3] else 3), f"{name}: {len(document)} pages"
    return [[document[i] for i in range(k * per_copy, (k + 1) * per_copy)] for k in range(len(people(name)))]


def signed_page(copy: list):
    """The copy's reply slip (or declaration): its last page with anything on it."""
    return [page for page in copy if text(page).strip()][-1]


def box(page, value: str, after: int = 0) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) around `value`'s characters, its first whole-word match."""
    textpage = page.get_textpage()
    found = textpage.search(value, index=after, match_case=True, match_whole_word=True).get_next()
    assert found, f"{value!r} is not on the page"
    chars = [textpage.get_charbox(i) for i in range(found[0], found[0] + found[1]) if not text_is_space(textpage, i)]
    return min(c[0] for c in chars), min(c[1] for c in chars), max(c[2] for c in chars), max(c[3] for c in chars)


def text_is_space(textpage, index: int) -> bool:
    return chr(raw.FPDFText_GetUnicode(textpage.raw, index)).isspace()


def drawn(page, kind: int) -> list[tuple[float, float, float, float]]:
    """The bounds of the page's objects of one kind, those inside the letter's form included."""
    return [tuple(o.get_bounds()) for o in page.get_objects(max_depth=4) if o.type == kind]


def test_the_guide_s_commands_run_as_written_and_say_what_the_guide_shows(made, home):
    for number, document in ((0, "letters"), (1, "letters"), (2, "letters"), (3, "staff codes")):
        stdout, pdf = made[f"guide {number}"]
        described, wrote, advice = stdout.splitlines()
        assert described.startswith(("Read 30 pupils: names from “", "Read 4 staff: names from “"))
        assert wrote.startswith(f"Wrote {len(people(f'guide {number}'))} {document} for Cambois Primary School (")
        assert f"({len(pdf)} pages) to {home}/Documents/cambois-" in wrote
        assert advice.startswith("Print it double-sided" if number == 2 else "Print it single-sided")


def test_each_information_system_s_export_is_read_by_its_own_headers(made):
    sims, arbor, bromcom = (
        made[name][0].splitlines()[0] for name in ("guide 0", "the-avenue arbor", "heathfields bromcom duplex")
    )
    assert "(“Legal Forename” where that is empty) and “Legal Surname”; class from “Reg Group”" in sims
    assert "year from “Year Taught In”" in sims and sims.endswith("read as Windows-1252.")
    assert "“Legal First Name”" in arbor and "“Legal Last Name”" in arbor and "class from “Registration Form”" in arbor
    assert "class from “Tutor Group”; year from “Year Group”" in bromcom
    assert "role from “Job Title”" in made["guide 3"][0] and made["guide 3"][0].startswith("Read 4 staff")


@pytest.mark.parametrize("name", [*LETTERS, *STAFF_CODES])
def test_each_person_has_one_copy_named_on_its_slip_alone_in_order(made, name):
    """Every name once in the whole PDF, on its own copy's slip (declaration), with its class
    (role): in the list's order, or by class when sorted."""
    everything = [text(page) for page in made[name][1]]
    for copy, (forename, surname, group) in zip(copies(made, name), people(name), strict=True):
        signed = text(signed_page(copy))
        assert sum(page.count(f"{forename} {surname}") for page in everything) == 1, (name, forename, surname)
        assert f"{forename} {surname}" in signed.splitlines() and group in signed.splitlines()


def fields(page) -> list[tuple[float, float, float, float]]:
    """The slip's (declaration's) fields, top to bottom: the boxes drawn with a rule at their
    foot, as wide as the value column and a line high."""
    rows = [b for b in drawn(page, raw.FPDF_PAGEOBJ_PATH) if b[2] - b[0] > 200 and 10 < b[3] - b[1] < 25]
    return sorted(rows, key=lambda b: -b[3])


def inside(value: tuple[float, float, float, float], field: tuple[float, float, float, float]) -> bool:
    """Within the field and above its rule (its bottom edge)."""
    return field[0] <= value[0] and value[2] <= field[2] and field[1] < value[1] and value[3] <= field[3]


@pytest.mark.parametrize("name", ["guide 1", "the-avenue arbor", "heathfields bromcom duplex", "guide 3"])
def test_each_value_is_in_its_own_field_beside_its_label_below_the_cut_line(made, name):
    """On the first and last copies: the name beside "Child's name" (or "Name") and the class
    beside "Class" (or the role beside "Role"), inside that field above its rule; the fields
    for the parent's name, signature and date empty; all of it below the cut line."""
    staff = PLAN[name][1] == "staff"
    labels = ("Name", "Role", "Signature", "Date") if staff else SLIP_FIELDS
    listed = people(name)
    for at in (0, len(listed) - 1):
        page = signed_page(copies(made, name)[at])
        rows = fields(page)
        assert len(rows) == len(labels)
        for label, row in zip(labels, rows, strict=True):
            label_box = box(page, label)
            assert row[1] <= (label_box[1] + label_box[3]) / 2 <= row[3] and label_box[2] < row[0], label
        forename, surname, group = listed[at]
        assert inside(box(page, f"{forename} {surname}"), rows[0]) and inside(box(page, group), rows[1])
        words = page.get_textpage()
        assert not any(words.get_text_bounded(*row).strip() for row in rows[2:])  # left for the parent
        assert not staff or box(page, "Declaration")[3] > rows[0][3]
        if not staff:
            assert box(page, "Please cut here")[1] > rows[0][3]


def cut_line(slip) -> float:
    """The height of the slip's dashed top edge: the top of the box drawn around the slip, the
    widest one holding the "Please cut here" note."""
    note = box(slip, "Please cut here")
    width, _ = slip.get_size()
    around = [b for b in drawn(slip, raw.FPDF_PAGEOBJ_PATH) if b[2] - b[0] > width / 2 and b[1] < note[1] < b[3]]
    assert around, "no box drawn around the slip"
    return max(top for _, _, _, top in around)


@pytest.mark.parametrize("name", ["guide 0", "guide 2", "heathfields bromcom duplex"])
def test_the_slip_is_alone_on_its_page_below_its_cut_line(made, name):
    """Cutting along the slip's dashed top edge cuts away none of the letter: nothing is drawn
    above it on the slip's page, the letter ends on the page before, and double-sided the
    slip's back is blank."""
    for copy in copies(made, name)[:: len(people(name)) - 1]:  # the first and the last
        slip = signed_page(copy)
        at, cut = copy.index(slip), cut_line(slip)
        assert text(slip).startswith("Please cut here and return this part to school.")
        assert "Yours sincerely" in text(copy[at - 1])
        for kind in (raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE):
            assert all(top <= cut + 0.5 for _, _, _, top in drawn(slip, kind))
        back = copy[at + 1 :]
        assert len(back) == PLAN[name][3] and all(not list(page.get_objects()) for page in back)


@pytest.mark.parametrize("name", ["guide 2", "heathfields bromcom duplex", "the-avenue staff duplex"])
def test_double_sided_every_copy_starts_on_a_front_with_its_slip_on_a_front(made, name):
    document = made[name][1]
    assert len(document) == 4 * len(people(name))
    for number, copy in enumerate(copies(made, name)):
        first = 4 * number  # 0-based: an even index is a front (an odd page number)
        assert "Page 1 of 3" in text(document[first]) and (first == 0 or "Page 1 of 3" not in text(document[first - 1]))
        slip_at = first + copy.index(signed_page(copy))
        assert slip_at % 2 == 0 and slip_at == first + 2  # the slip on the second sheet's front


def surnames(made, name: str) -> list[str]:
    """Each copy's surname, as its slip shows it, in the PDF's order."""
    listed = {f"{f} {s}": s for f, s, _ in people(name)}
    return [
        next(listed[line] for line in text(signed_page(copy)).splitlines() if line in listed)
        for copy in copies(made, name)
    ]


def test_by_class_year_2_comes_before_year_10_then_surnames_a_to_z_accents_and_all(made):
    """Classes in number order ("2 Oak" before "10 Willow", though "1" sorts before "2"
    as text); within a class by surname, Évora among the Es (not after Z), Nguyễn before Ní."""
    for name in ("guide 1", "the-avenue arbor", "heathfields bromcom duplex"):
        classes = [
            next(line for line in text(signed_page(copy)).splitlines() if line in CLASSES[PLAN[name][1]])
            for copy in copies(made, name)
        ]
        assert classes == [CLASSES[PLAN[name][1]][0]] * 15 + [CLASSES[PLAN[name][1]][1]] * 15, name
    year_2 = surnames(made, "heathfields bromcom duplex")[:15]
    assert year_2[:8] == ["Ahmed", "Brown", "Davies", "Évora", "Hughes", "Kowalski", "Nguyễn", "Ní Bhraonáin"]
    assert year_2[-5:] == ["Patel", "Smith-Jones", "Taylor", "Wilson", "Wilson"]


def test_without_sort_the_copies_keep_the_list_s_order(made):
    assert surnames(made, "guide 0") == [s for _, s, _ in pupils("sims")]
    assert surnames(made, "guide 2") == [s for _, s, _ in pupils("sims")]


def qr_codes(pages) -> list[str]:
    """What zxing-cpp reads from the pages as a phone's camera would see them (216 dpi)."""
    found = []
    for page in pages:
        image = page.render(scale=3, grayscale=True).to_pil()
        found += [code.text for code in zxingcpp.read_barcodes(image) if code.format.name == "QRCode"]
    return found


@pytest.mark.parametrize("name", LETTERS)
def test_every_copy_s_qr_code_and_address_lead_to_its_school_s_policy_page(made, name):
    address = f"{SITE}{PLAN[name][0]}/social-media/"
    for copy in copies(made, name)[:: len(people(name)) - 1]:
        letter = copy[: copy.index(signed_page(copy))]
        assert qr_codes(letter) == [address]
        assert sum(re.sub(r"\s+", "", text(page)).count(address) for page in letter) == 1


def says(slug: str, output: str, said: str) -> list[str]:
    """What the seed tests require of the school's letter (staff code) that `said` misses."""
    facts = (LETTER if output == "letter" else []) + FACTS[slug].get(output, [])
    missing = [fact for fact in facts if squash(fact) not in said]
    missing += [fact for fact in ABSENT.get(slug, {}).get(output, []) if squash(fact) in said]
    for point in [p for p in POINTS[slug] + COMMON if p.output == output]:
        counts = [said.count(squash(phrase)) for phrase in point.phrases]
        if not all(counts) if point.times is None else counts != [point.times] * len(counts):
            missing.append(point.says)
    return missing


@pytest.mark.parametrize("name", ["guide 1", *RUNS])  # each school's letter, two staff codes
def test_every_copy_says_what_its_school_s_seed_says_and_only_its_names_differ(made, name):
    """Each copy's letter (staff code) keeps every seed fact and point of the seed tests, and
    its pages read the same, word for word, as the first copy's but for the name and class
    (role) in the slip (declaration): the address, QR code and values change no rule."""
    slug, system, _, _ = PLAN[name]
    output = "staff-code" if system == "staff" else "letter"
    listed, first = people(name), copies(made, name)[0]

    def without_values(copy: list, person: tuple[str, str, str]) -> list[str]:
        values = {f"{person[0]} {person[1]}", person[2]}
        return [squash("\n".join(line for line in text(page).splitlines() if line not in values)) for page in copy]

    assert says(slug, output, squash(" ".join(text(page) for page in first))) == []
    expected = without_values(first, listed[0])
    for copy, person in zip(copies(made, name), listed, strict=True):
        assert without_values(copy, person) == expected


@pytest.mark.parametrize("name", LETTERS)
def test_the_return_date_is_in_the_letter_and_on_every_slip(made, name):
    for copy in copies(made, name):
        slip = signed_page(copy)
        letter = squash(" ".join(text(page) for page in copy[: copy.index(slip)]))
        assert f"Please return the reply slip by {REPLY_BY}." in letter
        assert f"Please return this slip by {REPLY_BY}." in squash(text(slip))


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("Cambois Primary School", "Did you mean `cambois`?"),  # the name on the letterhead
        ("the avenue primary school", "Did you mean `the-avenue`?"),
        ("St Mary's", "The schools are: `cambois`, `cumbria-futures`, `heathfields-wilnecote`, `the-avenue`."),
    ],
)
def test_the_school_typed_as_the_office_knows_it_is_answered_with_its_file_name(tmp_path, home, typed, answer):
    root = seed_copy(tmp_path / "project")
    pupils_csv, out = home / "Downloads" / "pupils.csv", tmp_path / "letters.pdf"
    code, _, err = run(root, "letters", typed, "--pupils", str(pupils_csv), "--out", str(out))
    assert code == 2 and err == f"there is no school `{typed}` in schools/. {answer}\n" and not out.exists()


def test_a_return_date_already_past_is_warned_before_the_office_prints(tmp_path, home):
    root = seed_copy(tmp_path / "project")
    with (root / "schools" / "cambois.yml").open("a", encoding="utf-8") as school:
        school.write("\nletter:\n  reply_by: 2025-09-19\n")  # last year's letter's date; run()'s today is 2025-11-25
    out = tmp_path / "letters.pdf"
    code, _, err = run(
        root, "letters", "cambois", "--pupils", str(home / "Downloads" / "pupils.csv"), "--out", str(out)
    )
    assert code == 0 and "19 September 2025" in err
