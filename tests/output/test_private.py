"""output/private.py: a file of personal data is written whole or not at all, readable by
its owner only, and (where Linux's O_TMPFILE allows) never under a name while partial."""

from __future__ import annotations

import os

import pytest

from policysite.output.private import write_atomically

DATA = b"%PDF- Zo\xc3\xab O'Brien" * 1000
LINUX_ONLY = pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="Linux's O_TMPFILE")


def listing_at_fsync(folder, monkeypatch, then=None) -> list[list[str]]:
    """Record what `folder` holds each time a file is synced; then raise `then`, if given."""
    seen: list[list[str]] = []
    fsync = os.fsync

    def record(fd):
        seen.append(sorted(path.name for path in folder.iterdir()))
        if then is not None:
            raise then
        fsync(fd)

    monkeypatch.setattr(os, "fsync", record)
    return seen


def test_a_new_file_is_written_whole_and_readable_by_its_owner_only(tmp_path):
    out = tmp_path / "letters.pdf"
    write_atomically(out, DATA)
    assert out.read_bytes() == DATA and out.stat().st_mode & 0o777 == 0o600
    assert [path.name for path in tmp_path.iterdir()] == ["letters.pdf"]


def test_an_earlier_file_is_replaced_whole(tmp_path):
    out = tmp_path / "letters.pdf"
    out.write_bytes(b"last week's")
    write_atomically(out, DATA)
    assert out.read_bytes() == DATA and [path.name for path in tmp_path.iterdir()] == ["letters.pdf"]


@LINUX_ONLY
@pytest.mark.parametrize("earlier", [False, True])
def test_while_it_is_written_the_file_has_no_name(tmp_path, monkeypatch, earlier):
    out = tmp_path / "letters.pdf"
    if earlier:
        out.write_bytes(b"last week's")
    seen = listing_at_fsync(tmp_path, monkeypatch)
    write_atomically(out, DATA)
    assert seen[0] == (["letters.pdf"] if earlier else [])  # synced, still unnamed: a kill leaves nothing
    assert out.read_bytes() == DATA


@LINUX_ONLY
def test_a_failure_while_unnamed_leaves_the_earlier_file(tmp_path, monkeypatch):
    out = tmp_path / "letters.pdf"
    out.write_bytes(b"last week's")
    listing_at_fsync(tmp_path, monkeypatch, then=OSError(28, "No space left on device"))
    with pytest.raises(OSError):
        write_atomically(out, DATA)
    assert out.read_bytes() == b"last week's" and [path.name for path in tmp_path.iterdir()] == ["letters.pdf"]


def test_without_o_tmpfile_a_hidden_part_is_removed_on_ctrl_c(tmp_path, monkeypatch):
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)  # as on macOS
    out = tmp_path / "letters.pdf"
    out.write_bytes(b"last week's")
    seen = listing_at_fsync(tmp_path, monkeypatch, then=KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        write_atomically(out, DATA)
    hidden = [name for name in seen[0] if name != "letters.pdf"]
    assert len(hidden) == 1 and hidden[0].startswith(".letters.pdf.") and hidden[0].endswith(".part")
    assert out.read_bytes() == b"last week's" and [path.name for path in tmp_path.iterdir()] == ["letters.pdf"]


def test_without_o_tmpfile_the_file_is_still_whole_and_private(tmp_path, monkeypatch):
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    out = tmp_path / "letters.pdf"
    write_atomically(out, DATA)
    assert out.read_bytes() == DATA and out.stat().st_mode & 0o777 == 0o600
