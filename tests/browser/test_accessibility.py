"""WCAG 2.2 A and AA with axe-core: every page type of every school, in headless Chromium.

A violation is fixed in templates/ (theme overrides or CSS), never by turning a rule off.
Only a violation in mkdocs-material's own markup that no override can fix may be listed
in axe-allowlist.txt, with its reason.
"""

from __future__ import annotations

import pytest

from .support import PAGES, allow_list, page_id, page_path

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ALLOWED = allow_list("axe-allowlist.txt")
USED: set[int] = set()
CHECKED: set[str] = set()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_no_wcag_violations(desktop, base_url, axe, page):
    kind, slug = page
    url = base_url + page_path(kind, slug)
    loaded = desktop.load(url)
    results = axe.run(loaded, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            allowed = next((a for a in ALLOWED if a.what == violation["id"] and a.where == target), None)
            if allowed:
                USED.add(allowed.line)
                continue
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
                f"    at {target}: {' '.join(node['html'].split())[:160]}\n"
                f"    {' / '.join(node['failureSummary'].splitlines()[1:])}"
            )
    CHECKED.add(page_id(page))
    assert not found, f"{url}: {len(found)} WCAG violation(s):\n" + "\n".join(found)


def test_allow_list_has_no_stale_entries():
    if {page_id(page) for page in PAGES} != CHECKED:
        pytest.skip("only meaningful when every page was checked in this run")
    stale = [f"line {a.line}: {a.what} at {a.where}" for a in ALLOWED if a.line not in USED]
    assert not stale, "axe-allowlist.txt entries that match nothing any more (remove them):\n" + "\n".join(stale)
