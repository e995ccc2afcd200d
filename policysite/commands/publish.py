"""`build.py publish --to DIR`: copy the last good site/ to a folder, such as a mounted web
share, for a federation lead without CI.

What is copied is the site the last successful build swapped in: site/ whose manifest
lists every file in it (a failed build never touches site/). Builds of the site wait while
it is copied (guard.lock_site). DIR follows the build's rules for a site folder
(replaceable.py): it must be absent (its parent must exist), empty, or an earlier copy,
whose manifest lists everything in it; it must not be in the project or the site, nor
hold either, and links are never followed. Refusals exit 2 before anything is written.

Only what changed is written: a file whose size and SHA-256 match is not touched (it
keeps its date), others are written beside their place under a scratch name and renamed
over it, and files the site no longer has are removed. The first write is a manifest
listing the old files and the new, marked unfinished; the last is the site's own. So a
publish stopped part-way leaves DIR part old, part new, recognised as an earlier copy,
and the next publish finishes it. A file that can't be read or written is a located
problem: exit 1.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import Finding, Location
from ..output import guard
from ..output.incremental import MANIFEST, read_manifest, site_listing
from ..output.replaceable import Writer, added_names, folder_problem

SCRATCH = ".policysite-publish-"  # a file being written, or the unfinished manifest; never foreign
PUBLISH = Writer(
    option="--to",
    who="publishing",
    earlier="an earlier publish",
    replaces="publishing replaces everything in it",
    again="publish again",
    scratch=SCRATCH,
    needs_listing=True,
)
UNFINISHED = "unfinished"  # in DIR's manifest while a publish writes


@dataclass(frozen=True)
class Plan:
    folders: list[str]  # the site's folders, parents first
    copy: list[str]  # files DIR lacks or holds otherwise
    unchanged: list[str]
    remove: list[str]  # what DIR holds that the site does not, deepest first
    listed: list[str]  # the unfinished manifest: everything DIR may hold while it is written
    done: bool  # DIR is the site already, manifest and all: nothing is written, not even a date


class Problem(Exception):
    """A file that could not be read or written (exit 1)."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} problem(s)")
        self.findings = findings


def run(root: Path, site_dir: Path, to: Path) -> int:
    """Publish site_dir to `to` (shown as typed); raises guard.Refused for exit 2."""
    site, target = guard.location(site_dir), guard.location(to)
    shown = Shown(root, site, str(to))
    _refuse_folders(root, site, target, shown)
    lock = guard.lock_site(site)
    try:
        _refuse_folders(root, site, target, shown)  # again: a build may have run while we waited
        return _publish(site, target, shown)
    finally:
        guard.unlock(lock)


@dataclass(frozen=True)
class Shown:
    """How messages name the project's site (relative to the project) and DIR (as typed)."""

    root: Path
    site: Path
    to: str

    def site_path(self, relative: str = "") -> str:
        base = self.site.relative_to(self.root).as_posix() if self.root in self.site.parents else str(self.site)
        return f"{base}/{relative}"

    def to_path(self, relative: str) -> str:
        return f"{self.to.rstrip('/')}/{relative}"


def _refuse_folders(root: Path, site: Path, target: Path, shown: Shown) -> None:
    why = _no_site(site, shown) or _misplaced(Path(os.path.realpath(root)), site, target) or _unusable(target)
    if why:
        raise guard.Refused(f"Not publishing to {shown.to}: {why[0]} {why[1]} Nothing was written.")


def _no_site(site: Path, shown: Shown) -> tuple[str, str] | None:
    files = read_manifest(site).get("files")
    if site.is_dir() and not site.is_symlink() and not (site / MANIFEST).is_symlink() and isinstance(files, list):
        return None
    return (
        f"there is no finished build in {shown.site_path()} to copy.",
        "Run make site (or python build.py) first, then publish.",
    )


def _misplaced(root: Path, site: Path, target: Path) -> tuple[str, str] | None:
    """DIR in the project or the site, or holding either (the site named first when DIR is in it)."""
    named = ((site, f"the site folder ({site})"), (root, f"the project folder ({root})"))
    found = [(guard.relation_of(target, folder), name) for folder, name in named]
    inside = [pair for pair in found if pair[0] in ("is", "is inside")] or [pair for pair in found if pair[0]]
    if not inside:
        return None
    relation, name = inside[0]
    return (
        f"it {relation} {name}: a copy of the site goes to a folder of its own, outside the project.",
        "Give --to another folder, such as a mounted web share.",
    )


def _unusable(target: Path) -> tuple[str, str] | None:
    if not target.parent.is_dir():
        return (
            f"the folder that would hold it, {target.parent}, does not exist.",
            "Check the path (is the share mounted?), or make that folder first.",
        )
    return folder_problem(target, PUBLISH)


def _publish(site: Path, target: Path, shown: Shown) -> int:
    try:
        plan = _plan(site, target, _site_files(site, shown))
    except Problem as problem:
        return _stopped(problem.findings, "Nothing was written.")
    except OSError as exc:
        return _stopped([_finding(exc, "could not read it")], "Nothing was written.")
    if read_manifest(target).get(UNFINISHED):
        print(f"The last publish to {shown.to} was stopped part-way: this one finishes it.", file=sys.stderr)
    try:
        _write(site, target, plan)
    except OSError as exc:
        return _stopped([_finding(exc, "could not write it")], f"{shown.to} holds part of the new site: publish again.")
    except KeyboardInterrupt:
        print(f"Interrupted: {shown.to} holds part of the new site; publish again to finish.", file=sys.stderr)
        return 130
    print(
        f"Published {shown.site_path()} to {shown.to}: {len(plan.copy)} file(s) copied, "
        f"{sum(not name.endswith('/') for name in plan.remove)} removed, {len(plan.unchanged)} unchanged."
    )
    return 0


def _finding(exc: OSError, what: str) -> Finding:
    """The file the machine refused, by its own name (not the scratch name written first)."""
    named = Path(str(exc.filename2 or exc.filename or "?"))
    real = named.with_name(named.name.removeprefix(SCRATCH))
    return Finding("error", Location(str(real)), f"{what}: {exc.strerror or exc}.", "Fix this, then publish again.")


def _stopped(findings: list[Finding], state: str) -> int:
    for finding in findings:
        print(finding.format(), file=sys.stderr)
    print(f"\nStopped: {len(findings)} problem(s). {state}", file=sys.stderr)
    return 1


def _site_files(site: Path, shown: Shown) -> dict[str, bool]:
    """Every name the site's manifest lists -> whether it is a folder. Raises Problem when
    site/ is not what its build wrote: a file added, missing, or turned into a link."""
    listed = read_manifest(site)["files"]
    hint = "Build again (make site), then publish: only what a build wrote is published."
    found = [
        Finding("error", Location(shown.site_path(name)), "added since the build that wrote site/.", hint)
        for name in added_names(site, listed)
    ]
    kinds: dict[str, bool] = {}
    for name in listed:
        mode = _mode(site / name)
        if mode is None or not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
            what = "missing" if mode is None else "not a plain file or folder"
            found.append(Finding("error", Location(shown.site_path(name)), f"{what}, but its build wrote it.", hint))
        else:
            kinds[name] = stat.S_ISDIR(mode)
    if found:
        raise Problem(found)
    return kinds


def _mode(path: Path) -> int | None:
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None


def _plan(site: Path, target: Path, files: dict[str, bool]) -> Plan:
    held = site_listing(target) if target.is_dir() else set()
    copy: list[str] = []
    unchanged: list[str] = []
    for name in sorted(name for name, folder in files.items() if not folder):
        # Listed by the walk only below real folders: a file behind a link is never compared.
        (unchanged if name in held and _same(site / name, target / name) else copy).append(name)
    stale = held - set(files)
    folders = sorted(name for name, folder in files.items() if folder)
    return Plan(
        folders=folders,
        copy=copy,
        unchanged=unchanged,
        remove=[name + "/" if _is_folder(target / name) else name for name in sorted(stale, reverse=True)],
        listed=sorted((held | set(files)) - {name for name in held if name.rpartition("/")[2].startswith(SCRATCH)}),
        done=not (copy or stale)
        and all(name in held and _is_folder(target / name) for name in folders)
        and _same(site / MANIFEST, target / MANIFEST),
    )


def _same(source: Path, copy: Path) -> bool:
    """Whether DIR's file is the site's, byte for byte (size first: most changes change it)."""
    mode = _mode(copy)
    if mode is None or not stat.S_ISREG(mode) or copy.stat().st_size != source.stat().st_size:
        return False
    return _digest(source) == _digest(copy)


def _digest(path: Path) -> bytes:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").digest()


def _is_folder(path: Path) -> bool:
    mode = _mode(path)
    return mode is not None and stat.S_ISDIR(mode)


def _write(site: Path, target: Path, plan: Plan) -> None:
    """The unfinished manifest first, the site's own last: stopped anywhere between, DIR is
    recognised as an earlier copy (everything in it is listed, or a scratch file)."""
    if plan.done:
        return
    target.mkdir(exist_ok=True)
    unfinished = json.dumps({UNFINISHED: True, "files": plan.listed}, indent=1) + "\n"
    _replace_with(target / MANIFEST, unfinished.encode("utf-8"))
    for name in plan.folders:
        _make_folder(target / name)
    for name in plan.copy:
        _replace_with(target / name, site / name)
    for name in plan.remove:  # some went already: a folder the site now has a file in place of
        path = target / name.rstrip("/")
        with contextlib.suppress(FileNotFoundError):
            path.rmdir() if name.endswith("/") else path.unlink()
    _replace_with(target / MANIFEST, site / MANIFEST)


def _make_folder(path: Path) -> None:
    """A folder at path, never through a link: what DIR held there (a file, a link) goes."""
    if _is_folder(path):
        return
    if os.path.lexists(path):
        path.unlink()
    path.mkdir()


def _replace_with(path: Path, source: Path | bytes) -> None:
    """Write a scratch file beside path (created anew, never through a link), then rename
    it over path, so a reader of the share sees the old file or the new, never half."""
    scratch = path.with_name(SCRATCH + path.name)
    if os.path.lexists(scratch):
        scratch.unlink()
    if _is_folder(path):  # the site has a file where DIR had a folder
        shutil.rmtree(path)
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        with os.fdopen(fd, "wb") as out:
            if isinstance(source, bytes):
                out.write(source)
            else:
                with source.open("rb") as data:
                    shutil.copyfileobj(data, out, 1 << 20)
    except OSError as exc:  # a failed write names no file: name the one being written
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    os.replace(scratch, path)
