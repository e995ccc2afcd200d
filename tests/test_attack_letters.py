"""`build.py letters` attacked as a careless or malicious list, --out or machine would
(issue 15 items 1 and 6): values that look like markup, template code or CSS stay text on
the slip and fetch nothing; values built to draw outside their field are refused or fitted;
--out never replaces the list; a worker killed from outside is a plain error, not a bug.
The attacks on the QR code's sanitiser: test_security_qr.py."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import resource
import signal
import socket
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from policysite.errors import BuildFailed
from policysite.inputs.roster import MAX_MARKS, Person, read_roster
from policysite.output.named_values import MIN_SCALE

from .errors_support import build_command, run, seed_copy
from .helpers import pdf_pages
from .output.test_named import SCHOOL, drawn, field_boxes, named, printed  # noqa: F401 - printed is a fixture

MARK = "\u0301"  # COMBINING ACUTE ACCENT: no letter q with it is precomposed, so NFC keeps them all


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    return seed_copy(tmp_path_factory.mktemp("attack") / "project")


def write_csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    text = io.StringIO()
    csv.writer(text).writerows([("Forename", "Surname", "Class"), *rows])
    path.write_text(text.getvalue(), encoding="utf-8")
    return path


def squashed(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def test_markup_template_and_css_in_names_are_printed_as_written_and_fetch_nothing(seed, office):
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        rows = [
            ("<script>alert(1)</script>", f"<img src=http://127.0.0.1:{port}/img>", "3B"),
            ("</dd><img src=x onerror=alert(1)>", f"<link rel=stylesheet href=http://127.0.0.1:{port}/css>", "3B"),
            ("{{ 7*7 }}", "{% include 'x' %}", "</p><style>*{background:url(file:///etc/passwd)}</style>"),
            ('x"; background: url(file:///etc/passwd)', "&lt;b&gt;&amp;#60;", "}</style><object data=file:///etc>"),
        ]
        out = office / "letters.pdf"
        code, _, err = run(
            seed, "letters", "cambois", "--pupils", str(write_csv(office / "p.csv", rows)), "--out", str(out)
        )
        listener.setblocking(False)
        with pytest.raises(BlockingIOError):  # WeasyPrint connected to no address a name gave
            listener.accept()
    assert code == 0, err
    pages = [squashed(page) for page in pdf_pages(out)]
    slips = pages[len(pages) // len(rows) - 1 :: len(pages) // len(rows)]
    for slip, (forename, surname, group) in zip(slips, rows, strict=True):
        assert f"{forename} {surname}" in slip and group in slip, slip
    # No /etc/passwd, no template run ({{ 7*7 }} would print 49; the port is printed as written, and may hold 49).
    assert not any("root:" in page or "49" in page.replace(str(port), "") for page in pages)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Zo\u200be", "the forename holds U+200B (ZERO WIDTH SPACE)"),
        ("\u2066Zoe\u2069", "the forename holds U+2066 (LEFT-TO-RIGHT ISOLATE)"),
        ("q" + MARK * 99, f"the forename has 99 accents or marks stacked on one letter; at most {MAX_MARKS} fit"),
        ("Zo" + "e" * 9_998, "the forename is 10,000 characters long; at most 100 fit on a slip"),
        ("\u00a0 \u00a0", "this row has no name"),
    ],
    ids=["zero-width", "bidi-isolate", "combining-flood", "10000-characters", "only-spaces"],
)
def test_a_name_built_to_hide_reorder_or_overflow_is_refused_located_and_not_quoted(tmp_path, value, message):
    path = tmp_path / "pupils.csv"
    path.write_text(f"Forename,Surname,Class\nAda,Lovelace,3B\n{value},,3B\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        read_roster(path, "pupils", "pupils.csv")
    [finding] = failed.value.findings
    printed_ = finding.format(tmp_path)
    assert printed_.startswith(f"pupils.csv:3:1: error: {message}"), printed_
    assert "Lovelace" not in printed_ and (not value.strip() or value.strip() not in printed_)


def test_the_most_marks_a_letter_may_carry_stay_clear_of_the_slips_text_above(printed):  # noqa: F811
    # MAX_MARKS + 2 marks reach the line above ("I have read the letter…"); 99 climbed over the cut line.
    person = Person(2, "Zoq" + MARK * MAX_MARKS, "Nguyễn", "3B", "3", "")
    document = named(printed, SCHOOL, "letter", [person])
    page = document[len(document) - 1]
    chars, _ = drawn(page, person.name)
    textpage = page.get_textpage()
    start, count = textpage.search("I have read the letter").get_next()
    line_above = min(textpage.get_charbox(i)[1] for i in range(start, start + count))
    assert max(char[3] for char in chars) < line_above


def test_a_name_of_two_hundred_wide_letters_stays_inside_its_field_on_two_lines(printed):  # noqa: F811
    # 200 W's need three lines at MIN_SCALE: the third was drawn over the slip's own text.
    person = Person(2, "W" * 100, "W" * 100, "3B", "3", "")
    document = named(printed, SCHOOL, "letter", [person])
    box = field_boxes(*printed[SCHOOL, "letter"], "letter")["ps_slip_child"]
    baselines = assert_within(document[len(document) - 1], box, person.name)
    assert len({round(baseline, 1) for baseline in baselines}) == 2
    assert MIN_SCALE == 0.5  # the scale under which it is set smaller still


def assert_within(page, box, value: str) -> list[float]:
    """Every character of `value` (its marks too) drawn inside the field's box; its baselines."""
    left, bottom, right, top = box
    chars, baselines = drawn(page, value)
    outside = [char for char in chars if char[0] < left or char[2] > right or char[1] < bottom or char[3] > top]
    assert outside == [], f"{len(outside)} characters of {value[:20]!r}… leave the field {box}: {outside[:3]}"
    return baselines


def test_a_sparse_one_gigabyte_list_is_refused_without_being_read(seed, office):
    big = office / "pupils.csv"
    with big.open("wb") as file:
        file.truncate(1024**3)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    code, _, err = run(seed, "letters", "cambois", "--pupils", str(big), "--out", str(office / "letters.pdf"))
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before  # KB
    assert code == 1 and "pupils.csv: error: file is 1048576 KB; at most 5120 KB is allowed" in err, err
    assert grown < 200 * 1024 and sorted(p.name for p in office.iterdir()) == ["pupils.csv"]


def test_out_naming_the_list_itself_is_refused_and_the_list_kept(seed, office):
    listed = write_csv(office / "pupils.pdf", [("Zoë", "O'Brien", "3B")])  # a list saved under a .pdf name
    before = listed.read_bytes()
    code, stdout, err = run(seed, "letters", "cambois", "--pupils", str(listed), "--out", str(listed))
    assert code == 2 and stdout == "" and f"Not writing {listed}: it is the list {listed} itself" in err
    assert listed.read_bytes() == before


def test_out_a_hard_link_to_the_list_replaces_the_link_never_the_list(seed, office):
    listed = write_csv(office / "pupils.csv", [("Zoë", "O'Brien", "3B")])
    before = listed.read_bytes()
    out = office / "letters.pdf"
    os.link(listed, out)
    code, _, err = run(seed, "letters", "cambois", "--pupils", str(listed), "--out", str(out))
    assert code == 0, err
    assert listed.read_bytes() == before and out.read_bytes().startswith(b"%PDF")


def test_out_a_dangling_link_into_the_site_is_refused(seed, office):
    out = office / "letters.pdf"
    out.symlink_to(seed / "site" / "cambois" / "letters.pdf")  # neither the file nor its folder exists yet
    listed = write_csv(office / "pupils.csv", [("Zoë", "O'Brien", "3B")])
    code, _, err = run(seed, "letters", "cambois", "--pupils", str(listed), "--out", str(out))
    assert code == 2 and "it is inside the site folder" in err
    assert out.is_symlink() and not (seed / "site").exists()


def worker_pids(parent: int) -> list[int]:
    """The processes forked from `parent` that still run its command line (named.py's pool)."""
    own = Path(f"/proc/{parent}/cmdline").read_bytes()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if entry.name.isdigit() and int(stat[1]) == parent and (entry / "cmdline").read_bytes() == own:
                found.append(int(entry.name))
        except (OSError, IndexError):
            continue  # gone meanwhile, or not a process
    return found


def kill_a_worker(folder: Path, sig: int) -> tuple[subprocess.Popen, str, str]:
    """Run letters for 1,000 pupils from `folder` (its working folder, with core dumps allowed
    as far as this machine lets), send `sig` to one of named.py's two workers once they run;
    the process, its stderr and the worker's limits as /proc showed them before the signal."""
    project = seed_copy(folder / "project")
    rows = [(f"Pupil{n:04}", "Example", "Year 3") for n in range(1000)]  # four parts of 250: two workers
    listed, out = write_csv(folder / "Documents" / "pupils.csv", rows), folder / "Documents" / "letters.pdf"
    command = build_command(project, "letters", "cambois", "--pupils", str(listed), "--out", str(out))

    def allow_core_dumps() -> None:
        resource.setrlimit(resource.RLIMIT_CORE, (resource.getrlimit(resource.RLIMIT_CORE)[1],) * 2)

    popen = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True, "cwd": folder}
    with subprocess.Popen(command, preexec_fn=allow_core_dumps, **popen) as process:  # type: ignore[call-overload]
        assert process.stdout is not None and process.stdout.readline().startswith("Read 1000 pupils")
        workers: list[int] = []
        while len(workers) < 2:  # the pool's two workers, not a gcc that ctypes runs meanwhile
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.05)
                break  # it ended before its workers were seen: the assertion below says so
            workers = worker_pids(process.pid)
        assert len(workers) == 2, process.communicate()
        limits = Path(f"/proc/{workers[0]}/limits").read_text()
        os.kill(workers[0], sig)
        _, err = process.communicate(timeout=300)
    return process, err, limits


@pytest.mark.skipif(os.cpu_count() == 1, reason="named.py forks workers only with two cores or more")
def test_a_worker_killed_from_outside_is_a_plain_error_with_no_pdf(office):
    process, err, _ = kill_a_worker(office.parent, signal.SIGKILL)  # as the out-of-memory killer does
    assert process.returncode == 1, err
    assert err == "A worker process was killed before it finished (the computer may have run out of memory). " + (
        "Nothing was written; no PDF was made.\n"
    )
    assert sorted(p.name for p in office.iterdir()) == ["pupils.csv"]


@pytest.mark.skipif(os.cpu_count() == 1, reason="named.py forks workers only with two cores or more")
def test_a_crashing_worker_dumps_no_core_holding_the_names(office):
    # A core file (in the working folder, often the project, or systemd-coredump's store) would
    # hold every name the worker had: with RLIMIT_CORE 0 the kernel and those stores write none.
    process, err, limits = kill_a_worker(office.parent, signal.SIGABRT)  # as a crash in a C library does
    assert process.returncode == 1, err
    [core_limit] = [line.split()[4] for line in limits.splitlines() if line.startswith("Max core file size")]
    assert core_limit == "0"
    assert [path.name for path in office.parent.iterdir() if path.name.startswith("core")] == []


def test_a_file_name_holding_a_terminal_escape_or_a_line_break_is_printed_inert(seed, office):
    trick = "\x1b[2J\x1b[1;1H\nStopped: 0 error(s)"  # clears the screen, then forges a line
    listed = write_csv(office / f"pupils{trick}.csv", [("Zoë", "O'Brien", "3B")])
    out = office / f"letters{trick}.pdf"
    code, stdout, err = run(seed, "letters", "cambois", "--pupils", str(listed), "--out", str(out))
    missing = office / f"gone{trick}.csv"
    refused, _, said = run(seed, "letters", "cambois", "--pupils", str(missing), "--out", str(out))
    assert (code, refused) == (0, 2) and out.is_file(), err
    assert "There is no file" in said and "to " + str(out).replace("\x1b", "\ufffd").replace("\n", "\ufffd") in stdout
    for printed_ in (stdout, err, said):
        assert "\x1b" not in printed_ and "\nStopped: 0" not in printed_, printed_


def has_font_for(lang: str) -> bool:
    listed = subprocess.run(["fc-list", f":lang={lang}"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


@pytest.mark.skipif(has_font_for("zh"), reason="this machine has a Chinese font: the name prints as written")
def test_a_name_no_installed_font_can_print_is_reported_by_its_line_not_printed_as_boxes(seed, office):
    listed = write_csv(office / "pupils.csv", [("Ada", "Lovelace", "3B"), ("芳", "王", "3B")])
    code, _, err = run(seed, "letters", "cambois", "--pupils", str(listed), "--out", str(office / "letters.pdf"))
    assert "pupils.csv:3" in err and "font" in err and "王" not in err, (code, err)
    assert code == 1 and not (office / "letters.pdf").exists()


def test_five_megabytes_of_quotes_are_read_in_little_memory(tmp_path):
    # The largest list read (csvtext.MAX_CSV_BYTES) of nothing but quotes: sre kept state for
    # every "" pair and peaked 350 MB above the file's own size; read in a process of its own.
    path = tmp_path / "pupils.csv"
    path.write_text("Name\n" + '"' * (5 * 1024 * 1024 - 16) + "\n", encoding="utf-8")
    script = (
        "import resource, sys\nfrom pathlib import Path\nfrom policysite.errors import BuildFailed\n"
        "from policysite.inputs.roster import read_roster\n"
        "peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\nbefore = peak()\n"
        "try:\n    read_roster(Path(sys.argv[1]), 'pupils', 'pupils.csv')\nexcept BuildFailed as failed:\n"
        "    print(failed.findings[0].message)\nprint(peak() - before)\n"
    )
    ran = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True)
    message, grown_mb = ran.stdout.splitlines()
    assert message.startswith("the name is 2,621,") and int(grown_mb) < 60, ran.stdout  # the text, read and decoded


def test_out_through_a_bind_mount_of_a_site_folder_is_refused(tmp_path):
    from .test_disk import in_namespace

    project = seed_copy(tmp_path / "project")
    published = project / "site" / "cambois"
    published.mkdir(parents=True)
    (tmp_path / "mounted").mkdir()
    listed = write_csv(tmp_path / "pupils.csv", [("Zoë", "O'Brien", "3B")])
    command = " ".join(f'"{part}"' for part in build_command(project, "letters", "cambois", "--pupils", str(listed)))
    done = in_namespace(f'''
        mount --bind "{published}" "{tmp_path / "mounted"}"
        set +e
        {command} --out "{tmp_path / "mounted" / "letters.pdf"}"
        echo "exit=$?"
    ''')
    # Paths alone (realpath) don't see it: the folder's device and inode do.
    assert "exit=2" in done.stdout and "it is inside the site folder" in done.stdout + done.stderr, done
    assert list(published.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="Linux's O_TMPFILE: elsewhere a kill leaves the .part")
def test_a_kill_while_the_pdf_is_written_leaves_no_file_holding_names(seed, office):
    listed = write_csv(office / "pupils.csv", [("Zoë", "O'Brien", "3B")])
    out = office / "letters.pdf"
    killed_at_fsync = (  # SIGKILL can't be caught: the moment it lands is the file's state
        "import os, signal, sys\nos.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from policysite.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    )
    args = build_command(seed, "letters", "cambois", "--pupils", str(listed), "--out", str(out))[2:]
    command = [sys.executable, "-c", killed_at_fsync, *args]
    ran = subprocess.run(command, capture_output=True, text=True, check=False, cwd=Path(__file__).parents[1])
    assert ran.returncode == -signal.SIGKILL, ran.stderr
    assert sorted(path.name for path in office.iterdir()) == ["pupils.csv"]
