"""Issue 15: a pupil list is whatever file an office saves. What isn't a CSV (a workbook, a
PDF, UTF-16, binary, empty, huge) is named as such at its line; any bytes at all give a
list or findings, never a traceback; a quoted value's line breaks are counted as editors
count them."""

from __future__ import annotations

import csv
import io
import tracemalloc
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policysite.errors import BuildFailed, split_lines
from policysite.inputs.chars import first_refused
from policysite.inputs.csvtext import MAX_CSV_BYTES
from policysite.inputs.roster import read_roster


def findings(tmp_path: Path, raw: bytes) -> list[str]:
    path = tmp_path / "pupils.csv"
    path.write_bytes(raw)
    with pytest.raises(BuildFailed) as raised:
        read_roster(path, "pupils", "pupils.csv")
    return [finding.format(tmp_path) for finding in raised.value.findings]


def workbook() -> bytes:
    """A real zip, as an .xlsx is, holding a sheet with a child's name."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/worksheets/sheet1.xml", "<sheetData><c><is><t>Zoë O'Brien</t></is></c></sheetData>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("raw", "where", "message"),
    [
        (workbook(), "pupils.csv:1:1", "this is an Excel workbook (a zip file), not a CSV file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "pupils.csv:1:1", "this is an Excel 97–2003 workbook"),
        (
            "Name\tClass\r\nZoë\t3B\r\n".encode("utf-16"),
            "pupils.csv:1:1",
            "this file is saved as Unicode text (UTF-16)",
        ),
        (b"%PDF-1.7\n", "pupils.csv:1:1", "this is a PDF"),
        (b"Name,Class\nZo\x00e,3B\n", "pupils.csv:2:1", "this is not a text file: it holds NUL bytes"),
        (b"Name,Class\r\n\r\nZo\x81e,3B\r\n", "pupils.csv:3:1", "this is neither UTF-8 nor Windows-1252 text"),
        (b"", "pupils.csv:1:1", "the file is empty"),
        (b"\xef\xbb\xbf\r\n  \r\n", "pupils.csv:1:1", "the file is empty"),
    ],
)
def test_a_file_that_is_not_a_csv_is_named_for_what_it_is(tmp_path, raw, where, message):
    printed = findings(tmp_path, raw)
    assert printed[0].startswith(f"{where}: error: {message}"), printed
    assert "Zo" not in printed[0]


def test_a_workbook_says_how_to_save_a_csv(tmp_path):
    assert "File > Save As" in findings(tmp_path, workbook())[0] and "CSV UTF-8" in findings(tmp_path, workbook())[0]


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "pupils.csv"
    with path.open("wb") as file:
        file.truncate(2 * 1024**3)
    tracemalloc.start()
    with pytest.raises(BuildFailed) as raised:
        read_roster(path, "pupils", "pupils.csv")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "file is 2097152 KB; at most 5120 KB is allowed" in raised.value.findings[0].message
    assert peak < 3 * MAX_CSV_BYTES


def test_a_folder_is_refused_with_a_hint_for_a_list(tmp_path):
    (tmp_path / "pupils.csv").mkdir()
    with pytest.raises(BuildFailed) as raised:
        read_roster(tmp_path / "pupils.csv", "pupils", "pupils.csv")
    assert raised.value.findings[0].format() == (
        "pupils.csv: error: this is a folder, not a plain file, so it is not read\n"
        "  hint: Give the path of the CSV file itself."
    )


def test_a_missing_file_is_a_finding(tmp_path):
    with pytest.raises(BuildFailed) as raised:
        read_roster(tmp_path / "gone.csv", "pupils", "gone.csv")
    assert raised.value.findings[0].message.startswith("the file cannot be read")


# Bytes that reach every branch: separators, quotes, line ends, UTF-8 and Windows-1252
# letters, a header the reader knows, controls and a bidi override.
_PIECES = st.sampled_from(
    [b",", b";", b"\t", b'"', b'""', b"\r", b"\n", b"\r\n", b"Name", b"Surname", b"Forename", b"Class"]
    + [b"Zo\xc3\xab", b"Zo\xeb", b"O\x92Brien", b" ", b"\x1b", b"\xe2\x80\xae", b"\xef\xbb\xbf", b"x" * 120]
)
CSVISH = st.lists(_PIECES, max_size=60).map(b"".join)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.one_of(st.binary(max_size=400), CSVISH))
def test_any_bytes_give_a_list_or_findings_never_a_traceback(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("any")
    path = folder / "pupils.csv"
    path.write_bytes(raw)
    try:
        roster = read_roster(path, "pupils", "pupils.csv")
    except BuildFailed as failed:
        assert failed.findings
        for finding in failed.findings:
            assert finding.location is not None and finding.location.path == "pupils.csv"
            assert len(finding.format(folder).splitlines()) <= 2  # the message and its hint, never a quoted line
        return
    assert roster.people
    assert all(person.name and first_refused(person.name) is None for person in roster.people)


# Values as an office's lists hold them: letters of any script, spaces, apostrophes, hyphens,
# commas and quotes, which the writer quotes, and line breaks only in a column not read.
_VALUE = st.text(
    st.characters(
        categories=["L", "M", "Nd"], include_characters=" '-,\"’", exclude_characters="\ufeff\u115f\u1160\u3164\uffa0"
    ),
    min_size=1,
    max_size=12,
).map(lambda text: unicodedata.normalize("NFC", text).strip())
_ROW = st.tuples(_VALUE.filter(bool), _VALUE, _VALUE, st.sampled_from(["", "a\nb", "a\r\nb", "1, 2"]))


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(_ROW, min_size=1, max_size=8), line_end=st.sampled_from(["\r\n", "\n"]))
def test_what_pythons_csv_writer_writes_reads_back_on_its_lines(tmp_path_factory, rows, line_end):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow(["Forename", "Surname", "Class", "Notes"])
    starts = []
    for row in rows:
        starts.append(len(split_lines(out.getvalue())) + 1)
        writer.writerow(row)
    path = tmp_path_factory.mktemp("csv") / "pupils.csv"
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    people = read_roster(path, "pupils", "pupils.csv").people
    assert [(p.forename, p.surname, p.group) for p in people] == [row[:3] for row in rows]
    assert [p.line for p in people] == starts


def test_a_tab_separated_file_is_read_when_its_header_says_so(tmp_path):
    path = tmp_path / "pupils.csv"
    path.write_text("First name\tLast name\tClass\nZoë\tO'Brien, Jr\t3B\n", encoding="utf-8")
    roster = read_roster(path, "pupils", "pupils.csv")
    assert [(p.forename, p.surname, p.group) for p in roster.people] == [("Zoë", "O'Brien, Jr", "3B")]
    assert roster.separator == "\t"


def test_a_semicolon_file_without_a_known_header_is_refused_as_a_comma_file(tmp_path):
    assert findings(tmp_path, "Nom;Prénom\nO'Brien;Zoë\n".encode())[0].startswith(
        "pupils.csv:1:1: error: none of the columns in the header row is a name column"
    )
