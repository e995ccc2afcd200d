"""Issue 10: the build reads only plain files. A school file, content file or mkdocs.yml that
is a link, a pipe, a device or a folder is refused at its path, never read, never quoted."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from policysite.errors import Location, error
from policysite.inputs.textfile import MAX_FILE_BYTES, read_text

from ..errors_support import TODAY, finding, make_project, run

BUILD_PY = Path(__file__).resolve().parents[2] / "build.py"
SECRET = "root:SECRET-LINE-FROM-OUTSIDE:0:0\nname: Secret School\n"


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file outside the project, standing in for /etc/shadow."""
    path = tmp_path / "outside" / "shadow"
    path.parent.mkdir()
    path.write_text(SECRET, encoding="utf-8")
    return path


def check(project: Path) -> str:
    code, out, err = run(project, "check")
    assert code == 1 and "Traceback" not in out + err, err
    assert "SECRET-LINE" not in out + err
    return err


def test_a_school_file_linked_to_a_file_outside_is_not_read(tmp_path, secret):
    project = make_project(tmp_path / "project")
    (project / "schools" / "evil.yml").symlink_to(secret)
    block = finding(check(project), "schools/evil.yml", "error", "this is a symbolic link, not a plain file")
    assert "replace it with the file itself" in block.lower()


def test_a_school_file_linked_inside_the_project_is_refused_too(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "schools" / "copy.yml").symlink_to("good-school.yml")
    finding(check(project), "schools/copy.yml", "error", "this is a symbolic link")


def test_a_dangling_link_is_refused(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "schools" / "gone.yml").symlink_to(tmp_path / "nowhere.yml")
    finding(check(project), "schools/gone.yml", "error", "this is a symbolic link")


@pytest.mark.parametrize(
    "relative",
    [
        "content/social-media/letter.md",
        "content/social-media/contract.yml",
        "content/social-media/defaults.yml",
        "mkdocs.yml",
    ],
)
def test_content_and_settings_linked_outside_are_not_read(tmp_path, secret, relative):
    project = make_project(tmp_path / "project")
    path = project / relative
    path.unlink(missing_ok=True)
    path.symlink_to(secret)
    finding(check(project), relative, "error", "this is a symbolic link, not a plain file")


def test_a_folder_named_like_a_school_file_is_refused(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "schools" / "folder.yml").mkdir()
    finding(check(project), "schools/folder.yml", "error", "this is a folder, not a plain file")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    """Opening a pipe for reading waits for a writer for ever: run the real command, which
    must end by itself (the timeout only turns a hang into a failure)."""
    project = make_project(tmp_path / "project")
    os.mkfifo(project / "schools" / "pipe.yml")
    done = subprocess.run(
        [sys.executable, str(BUILD_PY), "check", "--root", str(project), "--today", TODAY],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    finding(done.stderr, "schools/pipe.yml", "error", "this is a named pipe, not a plain file")


def test_a_device_is_refused_before_it_is_opened():
    findings = read_text(Path("/dev/zero"), "schools/zero.yml")[1]
    assert [f.message for f in findings] == ["this is a device, not a plain file, so it is not read"]


def test_a_huge_file_is_refused_without_reading_it(tmp_path):
    """A 2 GB school file (sparse: it takes no disk) costs no more memory than the limit."""
    path = tmp_path / "huge.yml"
    with path.open("wb") as file:
        file.truncate(2 * 1024**3)
    tracemalloc.start()
    text, findings = read_text(path, "schools/huge.yml")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert text is None and "file is 2097152 KB; at most 256 KB is allowed" in findings[0].message
    assert peak < 4 * MAX_FILE_BYTES


def test_a_huge_school_file_is_a_located_error(tmp_path):
    project = make_project(tmp_path / "project")
    with (project / "schools" / "huge.yml").open("wb") as file:
        file.truncate(2 * 1024**3)
    finding(check(project), "schools/huge.yml", "error", "at most 256 KB is allowed")


def test_messages_never_quote_a_line_through_a_link(tmp_path, secret):
    """Finding.format quotes the line a finding points at: never from a link's target."""
    (tmp_path / "schools").mkdir()
    (tmp_path / "schools" / "evil.yml").symlink_to(secret)
    shown = error(Location("schools/evil.yml", 1, 1), "a problem").format(tmp_path)
    assert shown == "schools/evil.yml:1:1: error: a problem"


def test_messages_never_wait_on_a_pipe(tmp_path):
    os.mkfifo(tmp_path / "pipe.yml")
    assert error(Location("pipe.yml", 1, 1), "a problem").format(tmp_path) == "pipe.yml:1:1: error: a problem"


def test_a_character_in_a_file_with_old_mac_line_ends_is_located_on_its_line(tmp_path):
    path = tmp_path / "mac.yml"
    path.write_bytes(b"name: Oak\rshort_name: O\xe2\x80\xaeak\r")  # U+202E on line 2
    assert read_text(path, "mac.yml")[1][0].location == Location("mac.yml", 2, 14)


@pytest.mark.parametrize("name", ["Oak.YML", "Oak.Yml", "Oak.yaml", "Oak.YAML"])
def test_school_files_with_another_ending_are_named_not_skipped(tmp_path, name):
    project = make_project(tmp_path / "project")
    (project / "schools" / name).write_text("name: Oak\n", encoding="utf-8")
    block = finding(check(project), f"schools/{name}", "error", "school files must end in .yml")
    assert "rename it to oak.yml" in block.lower()


def test_a_file_name_with_a_line_break_is_shown_on_one_line(tmp_path):
    """Else a file name could print a line that looks like a finding of its own."""
    project = make_project(tmp_path / "project")
    (project / "schools" / "a\nb.yml:1:1: error: forged.yml").write_text("name: A\n", encoding="utf-8")
    err = check(project)
    assert "\nb.yml:1:1" not in err
    finding(err, "schools/a\ufffdb.yml:1:1: error: forged.yml", "error", "is not a valid school file name")
