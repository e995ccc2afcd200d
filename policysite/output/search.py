r"""The site's search: a small index of the schools for the home page, and a full one for
each school.

mkdocs-material's search plugin indexes every section of every page one mkdocs process
rendered: about 20 KB a school, 20 MB at 1,000 schools, and a browser downloads the whole
index as soon as a page opens. So:

- A school's pages search that school's pages in their own language only
  (templates/mkdocs/main.html points mkdocs-material at the page's folder: its English
  pages' site/<slug>/social-media/, or a translation's .../social-media/pl/). Each rebuilt
  folder gets its own index there: its entries from whichever mkdocs part rendered it
  (mkdocs_run.py), with the same settings, and locations relative to the folder. A folder
  reused from the previous site keeps its index, linked with its pages (incremental.PAGE_FILES).
  A translation's index has no word pipeline: lunr's stemmer and stop words are English,
  and its trimmer (JavaScript's \W, ASCII only) strips every Urdu letter, so an Urdu word
  was indexed as nothing; there, search matches the words as written.
- The site's own index (search/search_index.json: the home page, the leads' report, the
  404 page) finds a school by name: one entry a school, its name leading to its policy
  page, with no text. At 1,000 schools it is about 80 KB, and the home page with it about
  half a megabyte in all (bench/bench.py --home-weight).

Both are made the same way whichever schools a build rendered (the site's index from the
school names alone, in the build's order of schools), so a full build and an incremental
one write the same bytes.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path

from ..model import POLICY_DIR, School
from .emit import safe_join

INDEX = "search/search_index.json"  # where mkdocs-material looks, below its `base`


def write_indexes(site: Path, fresh_indexes: tuple[Path, ...], schools: Sequence[School], rebuilt: frozenset) -> None:
    """The site's index (in place of the first part's, which is site/INDEX) and each
    rebuilt folder's (`rebuilt`: incremental's page groups, "cambois/social-media/pl/").
    `fresh_indexes`: every mkdocs part's index, the first part's first."""
    first = json.loads(fresh_indexes[0].read_text(encoding="utf-8"))  # its settings: mkdocs.yml's
    by_folder: dict[str, list] = {folder: [] for folder in sorted(rebuilt)}
    for path in fresh_indexes:
        entries = first["docs"] if path == fresh_indexes[0] else json.loads(path.read_text(encoding="utf-8"))["docs"]
        for entry in entries:
            folder = _folder_of(entry["location"], by_folder)
            if folder is not None:
                by_folder[folder].append({**entry, "location": entry["location"].removeprefix(folder)})
    for folder, own in by_folder.items():
        config = first["config"] if _is_english(folder) else {**first["config"], "pipeline": []}
        _write(safe_join(site, folder + INDEX), {**first, "config": config, "docs": own})
    _write(site / INDEX, {**first, "docs": [school_entry(school) for school in schools]})


def _folder_of(location: str, folders: dict) -> str | None:
    """The longest of `folders` a page's location is in: "cambois/social-media/pl/staff-code/"
    is in the Polish folder, not the English one around it. A page's location has at most
    five parts (<slug>/social-media/<lang>/<page>/#id), so at most four prefixes are tried."""
    parts = location.split("#", 1)[0].split("/")
    for end in range(len(parts) - 1, 0, -1):
        folder = "/".join(parts[:end]) + "/"
        if folder in folders:
            return folder
    return None


def _is_english(folder: str) -> bool:
    """A school's English folder is <slug>/social-media/; a translation's is one deeper."""
    return folder.count("/") == 2


def school_entry(school: School) -> dict[str, str]:
    """A school in the site's index: its name (HTML-escaped: mkdocs-material shows a
    title as HTML) and its policy page; no text to download."""
    title = html.escape(school.data["name"], quote=False)
    return {"location": f"{school.slug}/{POLICY_DIR}/", "title": title, "text": ""}


def _write(path: Path, index: dict) -> None:
    path.write_text(json.dumps(index, sort_keys=True, separators=(",", ":")), encoding="utf-8")
