"""Issue 15, items 1 and 6: a pupil or staff list exported from a school information system
is read into names, classes, years and roles; anything wrong is every problem at once,
located, and never with a name in the message or a line of the file quoted."""

from __future__ import annotations

from pathlib import Path

import pytest

from policysite.errors import BuildFailed, Finding, Location
from policysite.inputs.roster import MAX_ROWS, Person, Roster, describe_columns, read_roster, sort_by_class

ROSTERS = Path(__file__).resolve().parents[1] / "fixtures" / "rosters"
# Every value of the bad files below: none may appear in what a finding prints.
PRIVATE = ("Zoë", "O'Brien", "Łukasz", "Nguyễn", "Siobhán", "3B", "UPN-SECRET")


def read(name: str, kind: str = "pupils") -> Roster:
    return read_roster(ROSTERS / name, kind, f"{name}")  # type: ignore[arg-type]


def names(roster: Roster) -> list[tuple[str, str, str, str, str]]:
    return [(p.forename, p.surname, p.group, p.year, p.role) for p in roster.people]


def test_a_sims_export_with_a_byte_order_mark_and_crlf():
    raw = (ROSTERS / "sims.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # the fixture is what Excel's CSV UTF-8 writes
    roster = read("sims.csv")
    assert names(roster) == [
        ("Zoë", "O'Brien", "3B", "Year 3", ""),
        ("Łukasz", "Nguyễn", "10A", "Year 10", ""),
        ("Siobhán", "García Márquez", "3B", "Year 3", ""),
        ("Amélie", "Smith-Jones", "R", "Reception", ""),
    ]
    assert [p.line for p in roster.people] == [2, 3, 4, 5]
    assert roster.columns == (
        ("forename", "Legal Forename"),
        ("surname", "Legal Surname"),
        ("group", "Reg Group"),
        ("year", "Year"),
    )
    assert roster.people[0].name == "Zoë O'Brien"


def test_the_other_columns_are_counted_never_kept():
    roster = read("sims.csv")
    kept = repr(roster)
    assert "A123456789012" not in kept and "Ashington" not in kept and "2017" not in kept
    assert roster.ignored == 3
    assert describe_columns(roster) == (
        "Read 4 pupils: names from “Legal Forename” and “Legal Surname”; class from “Reg Group”; "
        "year from “Year”; 3 other columns ignored."
    )


def test_an_arbor_export_prefers_the_preferred_first_name_and_says_so():
    roster = read("arbor.csv")
    assert names(roster) == [
        ("Mo", "Al-Hassan", "Year 2", "2", ""),
        ("Zoë", "O'Brien", "Year 10", "10", ""),  # no preferred name: the legal one
        ("Siobhán", "García Márquez", "Year 2", "2", ""),
    ]
    assert [p.line for p in roster.people] == [2, 3, 5]  # the blank line 4 is skipped, and counted
    assert roster.columns[:2] == (("forename", "Preferred first name"), ("legal forename", "First name"))
    assert describe_columns(roster).startswith(
        "Read 3 pupils: names from “Preferred first name” (“First name” where that is empty) and “Last name”; "
    )


def test_windows_1252_is_read_when_the_bytes_are_not_utf8():
    raw = (ROSTERS / "excel-1252.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    roster = read("excel-1252.csv")
    assert names(roster) == [("Zoë", "O'Brien", "4C", "4", ""), ("Siobhán", "O’Connor", "4C", "4", "")]
    assert roster.encoding == "Windows-1252"
    assert describe_columns(roster).endswith("; read as Windows-1252.")


def test_carriage_returns_alone_end_lines_and_headers_ignore_underscores_and_dots():
    assert b"\n" not in (ROSTERS / "mac-cr.csv").read_bytes()
    roster = read("mac-cr.csv")
    assert names(roster) == [("Zoë", "O'Brien", "5D", "", "")]
    assert roster.people[0].line == 2
    assert "no class column" not in describe_columns(roster)
    assert "no year column" in describe_columns(roster)


def test_a_semicolon_separated_file_is_read_when_its_header_says_so():
    roster = read("semicolons.csv")
    assert names(roster) == [("Zoë", "O'Brien", "1A", "", ""), ("John", "Smith, Jr", "1A", "", "")]
    assert "separated by semicolons" in describe_columns(roster)


def test_a_staff_list_with_one_name_column_keeps_it_as_written():
    roster = read("staff.csv", "staff")
    assert names(roster) == [
        ("O'Brien, Zoë", "", "", "", "Class teacher"),
        ("Mr Łukasz Nguyễn", "", "", "", "Teaching assistant, Year 2"),
    ]
    assert roster.people[0].name == "O'Brien, Zoë"
    assert describe_columns(roster) == (
        "Read 2 staff: names from “Staff name”, as written; role from “Job title”; 1 other column ignored."
    )


def test_a_staff_list_may_have_no_role_column():
    roster = read("staff-no-role.csv", "staff")
    assert names(roster) == [("Zoë", "O'Brien", "", "", "")]
    assert describe_columns(roster) == (
        "Read 1 member of staff: names from “First Name” and “Last Name”; "
        "no role column, so the Role is left blank to write by hand."
    )


def test_a_pupil_list_reads_no_role_and_a_staff_list_no_class(tmp_path):
    path = tmp_path / "both.csv"
    path.write_text("Forename,Surname,Class,Role\nA,B,3B,Head\n", encoding="utf-8")
    assert names(read_roster(path, "pupils", "both.csv")) == [("A", "B", "3B", "", "")]
    assert names(read_roster(path, "staff", "both.csv")) == [("A", "B", "", "", "Head")]


@pytest.mark.parametrize(
    "header",
    [
        "Forename,Surname,Class,Year",
        "FIRST NAME,LAST NAME,REGISTRATION GROUP,YEAR GROUP",
        "  first_name , last.name ,reg. group,nc year",
        "Legal Forename,Legal Surname,Tutor Group,Year",
        "Given name,Family name,Form,NC Year",
    ],
)
def test_header_styles(tmp_path, header):
    path = tmp_path / "pupils.csv"
    path.write_text(f"{header}\nZoë,O'Brien,3B,3\n", encoding="utf-8")
    assert names(read_roster(path, "pupils", "pupils.csv")) == [("Zoë", "O'Brien", "3B", "3", "")]


@pytest.mark.parametrize(
    "name",
    ["O'Brien", "Zoë", "Łukasz", "Nguyễn", "Siobhán", "Smith-Jones", "García Márquez", "O’Connor", "Ó Súilleabháin"],
)
def test_names_keep_their_spelling(tmp_path, name):
    path = tmp_path / "pupils.csv"
    path.write_text(f'Name,Class\n"  {name}  ",1\n', encoding="utf-8")
    assert read_roster(path, "pupils", "pupils.csv").people[0].forename == name


def test_names_are_nfc_normalised(tmp_path):
    path = tmp_path / "pupils.csv"
    path.write_text("Forename,Surname\nZoe\u0308,Nguye\u0302\u0303n\n", encoding="utf-8")  # as a Mac may type them
    person = read_roster(path, "pupils", "pupils.csv").people[0]
    assert (person.forename, person.surname) == ("Zoë", "Nguyễn")


def failed(tmp_path: Path, text: str | bytes, kind: str = "pupils") -> list[str]:
    """Every finding of the file, as the command line prints it, checked for privacy."""
    path = tmp_path / "pupils.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(BuildFailed) as raised:
        read_roster(path, kind, "pupils.csv")  # type: ignore[arg-type]
    printed = [finding.format(tmp_path) for finding in raised.value.findings]
    for block in printed:
        assert not any(value in block for value in PRIVATE), block
        quoted = [line for line in block.splitlines()[1:] if not line.startswith("  hint: ")]
        assert quoted == [], block
    return printed


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("UPN,Class\nUPN-SECRET,3B\n", "pupils.csv:1:1", "none of the columns in the header row is a name column"),
        ("Zoë,O'Brien,3B\n", "pupils.csv:1:1", "none of the columns"),  # no header: line 1 is a child
        ("Surname,Forenames (legal)\nO'Brien,Zoë\n", "pupils.csv:1:1", "there is a surname column but no forename"),
        ("Forename,Surname,First name\nZoë,O'Brien,Zoë\n", "pupils.csv:1:18", "“First name” is a second forename"),
        ("Name,Class,Class\nZoë,3B,3B\n", "pupils.csv:1:12", "“Class” is a second class column"),
        ("Forename,Surname,Class\n\nZoë,O'Brien,3B\n,,3B\n", "pupils.csv:4:1", "this row has no name"),
        ("Name,Class\nZoë,3B\n  ,3B\n", "pupils.csv:3:1", "this row has no name"),
        (
            "Forename,Surname,Class\nZoë,O'Brien,3B\nforename,SURNAME,Class\n",
            "pupils.csv:3:1",
            "this row repeats the header",
        ),
        ("Name,Class\nZoë,3B,,UPN-SECRET\n", "pupils.csv:2:9", "this row has 4 values but the header names 2"),
        (
            "Forename,Surname\nZo\u202eë,O'Brien\n",
            "pupils.csv:2:1",
            "the forename holds U+202E (RIGHT-TO-LEFT OVERRIDE)",
        ),
        ("Forename,Surname\nZoë,O'\x1bBrien\n", "pupils.csv:2:5", "the surname holds U+001B"),
        ("Name\n" + "x" * 101 + "\n", "pupils.csv:2:1", "the name is 101 characters long"),
        ('Name,Class\n"Zoë" O\'Brien,3B\n', "pupils.csv:2:6", "after a quoted value's closing quote"),
        ('Name,Class\n"Zoë,3B\n', "pupils.csv:2:1", "a quote opens a value here but never closes it"),
        ("Name,Class\n", "pupils.csv:1:1", "the file names its columns but lists no pupils"),
    ],
)
def test_bad_rows_are_located_without_their_values(tmp_path, text, where, message):
    printed = failed(tmp_path, text)
    assert any(block.startswith(f"{where}: error: {message}") for block in printed), printed


def test_a_line_break_in_a_name_is_refused_and_later_lines_still_counted_right(tmp_path):
    text = 'Name,Address\n"Zoë","1 High St\nAshington"\n"O\'Brien\nSiobhán",x\n,\nŁukasz,"a\r\nb\rc"\n"",y\n'
    printed = failed(tmp_path, text)
    assert printed[0].startswith("pupils.csv:4:1: error: the name holds U+000A (a line break)")
    # Lines 2-3, 4-5 and 7-9 (CRLF, then CR alone, inside the quotes) are one row each.
    assert printed[1].startswith("pupils.csv:10:1: error: this row has no name")
    assert len(printed) == 2


def test_empty_cells_past_the_last_column_are_harmless(tmp_path):
    path = tmp_path / "pupils.csv"
    path.write_text("Name,Class\nZoë,3B,, \n", encoding="utf-8")
    assert names(read_roster(path, "pupils", "pupils.csv")) == [("Zoë", "", "3B", "", "")]


def test_every_problem_of_the_file_at_once(tmp_path):
    text = "Name,Class\n,3B\nZoë,3B,x\nO'Brien\u202e,3B\n"
    assert [block.split(": error:")[0] for block in failed(tmp_path, text)] == [
        "pupils.csv:2:1",
        "pupils.csv:3:8",
        "pupils.csv:4:1",
    ]


def test_a_wrong_file_stops_at_fifty_findings(tmp_path):
    assert len(failed(tmp_path, "Name,Class\n" + ",\n,x,y\n" * 200)) == 50


def test_more_rows_than_a_school_has_is_refused(tmp_path):
    assert failed(tmp_path, "Name\n" + "x\n" * (MAX_ROWS + 1))[0].startswith(
        f"pupils.csv:{MAX_ROWS + 2}:1: error: the list has more than 5,000 rows"
    )


def test_blank_rows_count_towards_a_cap_too(tmp_path):
    failed(tmp_path, "Name\nx\n" + ",,\n" * (2 * MAX_ROWS))  # five million blank lines took 20 s


def test_a_finding_that_must_not_quote_its_line_does_not(tmp_path):
    (tmp_path / "pupils.csv").write_text("Name\nZoë O'Brien\n", encoding="utf-8")
    where = Location("pupils.csv", 2, 1)
    assert "Zoë" in Finding("error", where, "row 2").format(tmp_path)  # the usual finding quotes its line
    assert Finding("error", where, "row 2", "a hint", quote=False).format(tmp_path) == (
        "pupils.csv:2:1: error: row 2\n  hint: a hint"
    )


def person(group: str, surname: str = "", forename: str = "", line: int = 0) -> Person:
    return Person(line, forename, surname, group, "", "")


def test_sort_by_class_puts_numbers_in_number_order():
    people = [person(g) for g in ("Year 10", "10A", "Year 2", "3B", "R", "Year 1")]
    assert [p.group for p in sort_by_class(people)] == ["3B", "10A", "R", "Year 1", "Year 2", "Year 10"]


def test_sort_by_class_then_surname_then_forename_ignoring_case_and_accents():
    people = [
        person("3B", "zane", "Amy"),
        person("3B", "Émile", "Bo"),
        person("3B", "Emile", "Al"),
        person("3b", "adams", "Zoë"),
        person("2A", "Young", "Xi"),
    ]
    assert [(p.surname, p.forename) for p in sort_by_class(people)] == [
        ("Young", "Xi"),
        ("adams", "Zoë"),
        ("Emile", "Al"),
        ("Émile", "Bo"),
        ("zane", "Amy"),
    ]


def test_sort_by_class_reads_letters_with_a_stroke_as_their_plain_letter():
    # NFKD takes no stroke off Ł or Ø: without folding them, Łukasz and Øberg sorted after Zak.
    people = [person("3B", "Zak"), person("3B", "Łukasik"), person("3B", "Lewis"), person("3B", "Øberg")]
    assert [p.surname for p in sort_by_class(people)] == ["Lewis", "Łukasik", "Øberg", "Zak"]


def test_sort_by_class_puts_no_class_last_and_keeps_ties_in_order():
    people = [person("", "A", line=1), person("1A", "B", line=2), person("1A", "b", line=3), person("", "a", line=4)]
    assert [p.line for p in sort_by_class(people)] == [2, 3, 1, 4]


def test_a_name_column_wins_over_half_a_name(tmp_path):
    path = tmp_path / "pupils.csv"
    path.write_text("Forename,Name,Class\nZoë,Zoë O'Brien,3B\n", encoding="utf-8")
    roster = read_roster(path, "pupils", "pupils.csv")
    assert names(roster) == [("Zoë O'Brien", "", "3B", "", "")]
    assert "names from “Name”, as written; “Forename” not used" in describe_columns(roster)


def test_a_preferred_surname_beside_a_legal_one_and_a_name_column(tmp_path):
    path = tmp_path / "pupils.csv"
    text = "Legal Surname,Preferred Surname,Forename,Full name\nSmith,Smith-Jones,Amélie,x\nO'Brien,,Zoë,y\n"
    path.write_text(text, encoding="utf-8")
    roster = read_roster(path, "pupils", "pupils.csv")
    assert [p.name for p in roster.people] == ["Amélie Smith-Jones", "Zoë O'Brien"]
    assert roster.passed_over == ("Full name",)
    assert roster.ignored == 0


def test_the_description_prints_no_control_character_from_a_header(tmp_path):
    path = tmp_path / "pupils.csv"
    path.write_text("Fore\x1fname,Surname\nZoë,O'Brien\n", encoding="utf-8")  # \x1f is a space to Python's \s
    assert "\x1f" not in describe_columns(read_roster(path, "pupils", "pupils.csv"))
