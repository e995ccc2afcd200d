"""Writing a file that holds personal data (`build.py letters`' PDF of pupils' names):
whole or not at all, readable by its owner only, and never under a name while partial.

On Linux the file is made with O_TMPFILE in its folder: it has no name while it is written
and synced, so a kill or a power cut leaves nothing; then it is linked as its name, or under
a hidden name renamed over an earlier file at once. Where there is no O_TMPFILE (macOS, some
network disks) it is written as a hidden `.NAME.*.part` beside its place and renamed over
it, removed on any failure or Ctrl-C (a kill would leave it). Either way an earlier file of
that name is as it was until the new one is whole.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import tempfile
from pathlib import Path


def write_atomically(out: Path, data: bytes) -> None:
    """`data` as `out` (its folder must exist), whole or not at all, readable by its owner
    only: unnamed until whole where the disk allows it, else through a hidden `.part`."""
    unnamed = getattr(os, "O_TMPFILE", None)  # Linux only
    try:
        fd = os.open(out.parent, unnamed | os.O_WRONLY | os.O_CLOEXEC, 0o600) if unnamed else None
    except OSError as exc:
        if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):  # the disk can't: use a named file
            raise
        fd = None
    if fd is None:
        _write_named(out, data)
    else:
        try:
            _write(fd, data)
            _name(fd, out)
        finally:
            os.close(fd)
    _sync_folder(out.parent)


def _write(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def _name(fd: int, out: Path) -> None:
    """Give the whole, synced, unnamed file its name: `out` itself when there is none yet;
    else a hidden name renamed over `out` at once (only a kill between the two leaves it)."""
    temp = out.with_name(f".{out.name}.{secrets.token_hex(6)}.part")
    folder = os.open(out.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:  # linkat(AT_SYMLINK_FOLLOW) through /proc names it; a dir fd makes os.link call linkat, not link
        with contextlib.suppress(FileExistsError):
            os.link(f"/proc/self/fd/{fd}", out.name, dst_dir_fd=folder, follow_symlinks=True)
            return
        os.link(f"/proc/self/fd/{fd}", temp.name, dst_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)
    try:
        os.replace(temp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def _write_named(out: Path, data: bytes) -> None:
    """The same through a hidden file beside `out`, for systems without O_TMPFILE."""
    fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    try:
        try:
            _write(fd, data)
        finally:
            os.close(fd)
        os.replace(temp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def _sync_folder(folder: Path) -> None:
    """The rename itself survives a power cut once the folder is synced (where it can be)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
