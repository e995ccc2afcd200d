"""The site's search: one index for the whole site, and one for each school.

mkdocs-material's search plugin indexes the pages one mkdocs process rendered. The build
may render in several parts (mkdocs_run.py) and reuse unchanged schools from the previous
site (incremental.py), so the parts' entries and the reused schools' are merged here into
the one index of the whole site, which the home and federation pages search.

A school's pages search that school only (templates/mkdocs/main.html points mkdocs-material
at the school's folder): each school gets its own index there, cut from the site's, with
the same settings and locations relative to the school's folder.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model import POLICY_DIR
from .emit import safe_join

INDEX = "search/search_index.json"  # where mkdocs-material looks, below its `base`


def merge_search_index(site_dir: Path, fresh_indexes: tuple[Path, ...], slugs: list[str], rebuilt: frozenset) -> dict:
    """mkdocs indexed only the pages it rendered, in one or more parts (see mkdocs_run.py);
    gather the rebuilt schools' entries from every part and the reused schools' entries from
    the previous site into the first part's index, which is the one in the new site.

    Entries are always re-ordered the same way (home first, then schools in order), so a
    full build and an incremental one write the same bytes."""
    index_path = fresh_indexes[0]
    fresh = json.loads(index_path.read_text(encoding="utf-8"))
    sources = [(fresh["docs"], True, True)]  # entries, from this build, site's own pages wanted
    sources += [(json.loads(path.read_text(encoding="utf-8"))["docs"], True, False) for path in fresh_indexes[1:]]
    old_path = site_dir / INDEX
    if old_path.is_file():
        sources.append((json.loads(old_path.read_text(encoding="utf-8"))["docs"], False, False))
    by_school: dict[str, list] = {slug: [] for slug in slugs}
    home = []
    for entries, from_this_build, site_pages in sources:
        for entry in entries:
            slug = entry["location"].split("/", 1)[0] if "/" in entry["location"] else ""
            if slug in by_school:
                if (slug in rebuilt) == from_this_build:
                    by_school[slug].append(entry)
            elif site_pages:
                home.append(entry)
    fresh["docs"] = home + [entry for slug in slugs for entry in by_school[slug]]
    _write(index_path, fresh)
    return fresh


def write_school_indexes(site: Path, whole: dict, slugs: list[str]) -> None:
    """site/<slug>/social-media/search/search_index.json for every school, cut from `whole`."""
    by_folder: dict[str, list] = {f"{slug}/{POLICY_DIR}/": [] for slug in slugs}
    for entry in whole["docs"]:
        folder = "/".join(entry["location"].split("/", 2)[:2]) + "/"
        if folder in by_folder:
            by_folder[folder].append({**entry, "location": entry["location"].removeprefix(folder)})
    for folder, entries in by_folder.items():
        _write(safe_join(site, folder + INDEX), {**whole, "docs": entries})


def _write(path: Path, index: dict) -> None:
    path.write_text(json.dumps(index, sort_keys=True, separators=(",", ":")), encoding="utf-8")
