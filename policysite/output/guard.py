"""Where a build may write, and one build at a time for each site.

The build replaces its site folder whole, so `--site-dir` must name a folder it may
replace: one that is absent, empty, or a site an earlier build wrote (replaceable.py: its
manifest lists everything in it). Anything else — the project, a folder that holds it,
its inputs, a folder of other files, a file, a symbolic link — is refused (exit 2)
before anything is touched. Builds of one site take turns through a lock file beside
it; each staging folder is marked as ours, and only folders with that mark are ever
cleared.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sys
from pathlib import Path

from .. import system
from .replaceable import BUILD, folder_problem

INPUTS = ("content", "schools", "templates", ".git")  # what a build reads and never writes
OWNER = ".owner"  # in a staging folder: {"pid": the building process, "site": its site's name}
_held: set[int] = set()  # lock file descriptors this process holds


class Refused(Exception):
    """The site folder can't be used as given: a command-line problem (exit 2)."""


# What the machine, not the inputs, refused: a full disk, a read-only disk, no permission.
_DISK = {
    errno.ENOSPC: "full",
    errno.EDQUOT: "full",
    errno.EROFS: "read-only",
    errno.EACCES: "denied",
    errno.EPERM: "denied",
}
_TODO = {
    "full": "Free some space on that disk, or give --site-dir a folder on another disk, and build again.",
    "read-only": "Give --site-dir a folder on a writable disk (or make that disk writable), and build again.",
    "denied": "Give this user the rights it needs there (or give --site-dir a folder it can write to), "
    "and build again.",
}


def disk_problem(exc: BaseException, site_dir: Path) -> str | None:
    """A plain message for a file the machine would not let the build write, or None when
    `exc` (and what it was raised from) is something else."""
    seen = 0
    cause: BaseException | None = exc
    while cause is not None and seen < 10:
        if isinstance(cause, OSError) and cause.errno is not None and cause.errno in _DISK:
            return _disk_message(cause, _DISK[cause.errno], location(site_dir))
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return None


def _disk_message(exc: OSError, kind: str, site: Path) -> str:
    written = exc.filename2 or exc.filename  # a copy or rename names its source first
    named = f" ({written})" if written else ""
    where = {
        "full": f"The disk holding {site.parent} is full: the build could not write a file{named}.",
        "read-only": f"The build could not write{named or ' into ' + str(site.parent)}: the disk is read-only.",
        "denied": f"The build was not allowed to use {written or site.parent}: {exc.strerror}.",
    }[kind]
    return f"{where} {site} is as it was. {_TODO[kind]}"


def location(site_dir: Path) -> Path:
    """Where site_dir really is: its parent with every link followed, then its own name,
    not followed (a link there is refused, not written through)."""
    path = Path(site_dir).absolute()
    if path.name in ("", ".."):
        return Path(os.path.realpath(path))
    return Path(os.path.realpath(path.parent)) / path.name


def check_site_dir(root: Path, site_dir: Path) -> None:
    """Raise Refused, saying why and what to do, unless site_dir may be replaced by a build."""
    site, shown = location(site_dir), Path(site_dir).absolute()
    try:
        why = _too_long(site) or _protected(Path(os.path.realpath(root)), site) or _unusable(site) or _unwritable(site)
    except OSError as exc:  # what the disk says of the path itself, such as a loop of links
        why = (f"it can't be used ({exc.strerror}).", "Give --site-dir another folder.")
    if why:
        raise Refused(f"Not building into {shown}: {why[0]} {why[1]} Nothing was written.")


def _too_long(site: Path) -> tuple[str, str] | None:
    """The disk would refuse the path, or the lock file's name beside it (lock_path), only
    once the build had begun."""
    parent = site.parent
    while not parent.exists():
        parent = parent.parent
    try:
        longest_name, longest_path = os.pathconf(parent, "PC_NAME_MAX"), os.pathconf(parent, "PC_PATH_MAX")
    except (OSError, ValueError):
        longest_name, longest_path = 255, 4096
    if len(os.fsencode(site)) >= longest_path or len(os.fsencode(lock_path(site).name)) > longest_name:
        return (
            "its name is too long for the disk, with the lock file (`.<name>-build.lock`) a build keeps beside it.",
            "Give --site-dir a shorter name.",
        )
    return None


def _protected(root: Path, site: Path) -> tuple[str, str] | None:
    todo = f"Give --site-dir a new or empty folder, such as {root / 'site'}."
    relation = relation_of(site, root)
    if relation in ("is", "holds"):
        return (
            f"it {relation} the project folder{f' ({root})' if relation == 'holds' else ''}, and a build "
            "replaces everything in its site folder.",
            todo,
        )
    for name in INPUTS:
        real = Path(os.path.realpath(root / name))
        relation = relation_of(site, real)
        if relation:
            return (
                f"it {relation} the project's {name}/ folder ({real}), which a build reads and must never replace.",
                todo,
            )
    return None


def relation_of(site: Path, folder: Path) -> str | None:
    """How `site` stands to `folder`: "is", "is inside", "holds", or None."""
    if site == folder:
        return "is"
    if folder in site.parents:
        return "is inside"
    return "holds" if site in folder.parents else None


def _unusable(site: Path) -> tuple[str, str] | None:
    if _mount_point(site) and not site.is_symlink():
        return (
            "it is a mount point, and a build puts a new site in place by renaming folders, which a "
            "mount point can't be.",
            "Mount the folder that holds it instead, or give --site-dir a folder inside the mount.",
        )
    return folder_problem(site, BUILD)


def _mount_point(site: Path) -> bool:
    """os.path.ismount misses a folder bind-mounted from the same disk: Linux lists them all."""
    return os.path.ismount(site) or str(site) in system.mount_points()


def _unwritable(site: Path) -> tuple[str, str] | None:
    """The staging folder and the lock are made in the site folder's parent, and the swap
    renames the site folder itself: both must be writable."""
    parent = site.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        return (f"{parent} is a file, so no folder can be made inside it.", "Give --site-dir another folder.")
    for folder in (parent, site) if site.is_dir() else (parent,):
        if not os.access(folder, os.W_OK | os.X_OK):
            cause = "is on a read-only file system" if _read_only(folder) else "is not writable by this user"
            return (f"{folder} {cause}.", "Give --site-dir a folder you can write to.")
    return None


def _read_only(folder: Path) -> bool:
    return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)


def lock_path(site_dir: Path) -> Path:
    site = location(site_dir)
    return site.with_name(f".{site.name}-build.lock")


def lock_site(site_dir: Path) -> int:
    """Wait until no other build of this site runs, saying so once; returns the lock's
    file descriptor (an flock: the kernel frees it when this process dies)."""
    path = lock_path(site_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EISDIR):
            raise Refused(
                f"Not building into {Path(site_dir).absolute()}: {path} is not the lock file a build "
                "uses (it is a link or a folder). Move it away and build again."
            ) from None
        raise
    try:
        if not system.lock(fd, wait=False):
            print(
                f"Waiting for another build of {Path(site_dir).absolute()} to finish{_holder(fd)}…",
                file=sys.stderr,
                flush=True,
            )
            system.lock(fd, wait=True)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    except BaseException:
        os.close(fd)
        raise
    _held.add(fd)
    return fd


def _holder(fd: int) -> str:
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return f" (process {text})" if text.isdigit() else ""


def unlock(fd: int) -> None:
    _held.discard(fd)
    os.close(fd)


def close_inherited_locks() -> None:
    """In a forked worker: drop the copies of the parent's locks, so that only the parent
    holds them and a killed build frees its site at once (see pdfs.die_with_parent)."""
    for fd in list(_held):
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


def mark(staging: Path, site_dir: Path) -> None:
    owner = {"pid": os.getpid(), "site": location(site_dir).name}
    (staging / OWNER).write_text(json.dumps(owner), encoding="utf-8")


def finished_builds(site_dir: Path) -> list[Path]:
    """Staging folders beside site_dir that carry our mark and whose build is over: this
    site's (we hold its lock, so no build of it is running) or any whose process is gone.
    A folder without the mark is someone else's and is never touched."""
    site = location(site_dir)
    found = []
    for folder in sorted(site.parent.glob(".site-build-*")):
        owner = _owner(folder)
        if owner is not None and (owner.get("site") == site.name or not system.running(owner.get("pid"))):
            found.append(folder)
    return found


def _owner(folder: Path) -> dict | None:
    path = folder / OWNER
    if folder.is_symlink() or not folder.is_dir() or path.is_symlink() or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, int):  # written by policysite before the lock: the pid alone
        return {"pid": data}
    return data if isinstance(data, dict) else None
