"""The operating system in one place: what policysite asks of it, and how on each system.

Linux is where policysite is built and tested. There it forks its worker processes (they
start with everything loaded), swaps the new site in with one atomic renameat2 exchange,
and asks the kernel to kill each worker when the build dies (PR_SET_PDEATHSIG).

macOS has none of those three: workers are spawned (forking a process that has loaded
system frameworks is unsafe there), the site goes in with two renames (emit.publish; the
manifest and emit.recover mend a kill between them), and each worker runs a thread that
ends it when its parent is gone. Locks (flock) and the probe for a running process (kill
with signal 0) are the same on both. Any other Unix takes macOS's branch, untested.

Windows has no flock, fork or signals as policysite uses them: `unsupported` says to run
policysite in WSL, before anything else happens. Nothing here imports a Unix-only module
at import time, so that message is what a Windows user sees, not an ImportError.

POLICYSITE_MACOS_ON_LINUX=1 in the environment on Linux takes macOS's branch: the tests run
real builds through it (tests/test_system.py). On any other system it changes nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import re
import sys
import threading
from multiprocessing.context import BaseContext

MACOS_ON_LINUX = "POLICYSITE_MACOS_ON_LINUX"
_OCTAL = re.compile(r"\\([0-7]{3})")  # /proc/self/mountinfo writes a space in a path as \040
WINDOWS = (
    "policysite runs on Linux and macOS, not on Windows itself: it needs file locks, fork "
    "or spawn with Unix signals, and atomic renames of folders. On Windows, run it inside "
    "WSL (Windows Subsystem for Linux): open a WSL terminal (`wsl --install` sets one up), "
    "clone the project there and run `python build.py` in it."
)


def linux() -> bool:
    """Whether to take the Linux branch: on Linux, unless MACOS_ON_LINUX asks otherwise."""
    return sys.platform == "linux" and os.environ.get(MACOS_ON_LINUX) != "1"


def unsupported() -> str | None:
    """Why policysite can't run on this system (with what to do instead), or None."""
    return WINDOWS if sys.platform in ("win32", "cygwin") else None


def cores() -> int:
    """The cores this process may use (Linux can pin it to fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def process_context() -> BaseContext:
    """How worker processes start: forked on Linux (cheap, and everything loaded is
    shared); spawned elsewhere, so whatever they are given must pickle."""
    return multiprocessing.get_context("fork" if linux() else "spawn")


def exchange(a: os.PathLike, b: os.PathLike) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 with RENAME_EXCHANGE); False
    when the system can't, and the caller falls back to two renames."""
    if not linux():
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a libc older than glibc 2.28
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def die_with_parent() -> None:
    """In a worker process: end it as soon as the process that started it dies, so that a
    killed build leaves no worker behind still writing into its staging folder."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    if linux():
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
        if os.getppid() != parent.pid:  # it died before prctl took effect
            os._exit(1)
        return
    # Elsewhere: multiprocessing gives a spawned worker the read end of a pipe only its
    # parent writes to; it reads as closed the moment the parent is gone, killed or not.
    threading.Thread(target=_exit_when_gone, args=(parent,), name="die-with-parent", daemon=True).start()


def _exit_when_gone(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()
    os._exit(1)


def lock(fd: int, wait: bool) -> bool:
    """Take the exclusive lock on an open file; False if another process holds it and
    `wait` is False. The kernel frees it when the holder dies."""
    import fcntl  # Unix only: imported here so that Windows reaches `unsupported`

    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def running(pid: object) -> bool:
    """Whether process `pid` still runs; True when that can't be told (a pid we can't
    read, or another user's process), so that nothing of a running build is touched."""
    if not isinstance(pid, int) or pid <= 0:
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def mount_points() -> set[str]:
    """Every mount point Linux lists, bind mounts of a folder on the same disk included
    (os.path.ismount misses those); empty elsewhere, where os.path.ismount is all we ask."""
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as mounts:
            lines = mounts.read().splitlines()
    except OSError:
        return set()
    # The fifth field is the mount point, with a space written as \040.
    return {_OCTAL.sub(lambda m: chr(int(m[1], 8)), line.split()[4]) for line in lines if len(line.split()) > 4}
