"""A folder policysite may replace whole: absent, empty, or an earlier copy of a site.

An earlier copy is recognised by its manifest (`.policysite-manifest.json`, written by
incremental.py) listing every file and folder it holds: a folder without one, or one that
has gained files since, holds someone's own files, which replacing it would delete. The
build's site folder (guard.py) and `publish`'s folder (commands/publish.py) follow these
same rules; a Writer words the refusal for each.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .incremental import MANIFEST, read_manifest, site_listing


@dataclass(frozen=True)
class Writer:
    """What replaces a folder's contents, to word the refusals: a build (its --site-dir) or
    `publish` (its --to, commands/publish.py), which keeps the same rules."""

    option: str  # the command-line option that names the folder
    who: str  # "a build": … would replace the folder a link points to
    earlier: str  # "an earlier policysite build": … did not write these files
    replaces: str  # why files of its own would be lost
    again: str  # what to do once the folder is fixed
    scratch: str = ""  # names starting with this are the writer's own unfinished files, not foreign
    needs_listing: bool = False  # a manifest that lists no files is not enough (a build trusts an old one)


BUILD = Writer(
    "--site-dir",
    "a build",
    "an earlier policysite build",
    "a build replaces everything in its site folder",
    "build again",
)


def folder_problem(folder: Path, writer: Writer) -> tuple[str, str] | None:
    """Why `writer` may not replace what `folder` holds, as (why, what to do), or None when
    it is absent, empty, or an earlier copy of a site: its manifest lists everything in it."""
    if folder.is_symlink():
        return (
            f"it is a symbolic link (to {os.readlink(folder)}), and {writer.who} would replace the folder it "
            "points to.",
            f"Remove the link, or give {writer.option} the real folder.",
        )
    if os.path.lexists(folder) and not folder.is_dir():
        return (
            f"it is a file, not a folder, and {writer.who} would delete it.",
            f"Move the file away, or give {writer.option} a new or empty folder.",
        )
    try:
        names = {n for n in os.listdir(folder) if not _scratch(n, writer)} if folder.is_dir() else set()
    except OSError as exc:
        return (f"it can't be read ({exc.strerror}).", f"Give {writer.option} a folder this user may read and write.")
    listed = read_manifest(folder).get("files") if names else None
    manifest = folder / MANIFEST
    if names and not (
        MANIFEST in names
        and manifest.is_file()
        and not manifest.is_symlink()
        and (isinstance(listed, list) or not writer.needs_listing)
    ):
        return (
            f"it holds files {writer.earlier} did not write (it has no {MANIFEST}), and {writer.replaces}.",
            f"Move those files away, or give {writer.option} a new or empty folder.",
        )
    return _added_since(folder, listed, writer) if isinstance(listed, list) else None


def _added_since(site: Path, listed: list, writer: Writer) -> tuple[str, str] | None:
    """An earlier site that has gained files since (notes, a .git folder for publishing):
    the writer would delete them with the old site, so it refuses. A manifest from before
    the build listed its files (no "files") can't tell, and is trusted as before."""
    added = added_names(site, listed, writer.scratch)
    if not added:
        return None
    shown = ", ".join(added[:3]) + (f" and {len(added) - 3} more" if len(added) > 3 else "")
    return (
        f"it is an earlier site with files added since policysite wrote it ({shown}), and {writer.replaces}.",
        f"Move those files out of it (keep your own files beside the site, not in it), then {writer.again}.",
    )


def added_names(folder: Path, listed: list, scratch: str = "") -> list[str]:
    """What `folder` holds that its manifest's `listed` does not name: the top-most names
    only (a new folder is named, not everything in it), a writer's scratch files left out."""
    added: list[str] = []
    for name in sorted(site_listing(folder) - set(listed)):  # sorted: a folder comes before what it holds
        if not (added and name.startswith(added[-1] + "/")) and not _scratch(name, scratch):
            added.append(name)
    return added


def _scratch(name: str, writer: Writer | str) -> bool:
    prefix = writer.scratch if isinstance(writer, Writer) else writer
    return bool(prefix) and name.rpartition("/")[2].startswith(prefix)
