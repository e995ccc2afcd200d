"""Whole-site golden test: a fresh build of the repo, normalised, equals tests/golden/site/."""

from __future__ import annotations

import difflib
import subprocess
import sys

from .golden import GOLDEN, _tidy, normalised_tree, read_tree, write_tree
from .helpers import PAGES, PDFS, ROOT, SLUGS

SHOWN_FILES = 3  # diffs printed in full
SHOWN_LINES = 60  # per file


def diff_report(expected: dict[str, str], actual: dict[str, str]) -> str:
    lines = []
    missing, extra = sorted(set(expected) - set(actual)), sorted(set(actual) - set(expected))
    if missing:
        lines.append("no longer built: " + ", ".join(missing))
    if extra:
        lines.append("new, not in the golden tree: " + ", ".join(extra))
    changed = [name for name in sorted(set(expected) & set(actual)) if expected[name] != actual[name]]
    for name in changed[:SHOWN_FILES]:
        diff = difflib.unified_diff(
            expected[name].splitlines(), actual[name].splitlines(), f"golden/site/{name}", f"built/{name}", lineterm=""
        )
        lines += list(diff)[:SHOWN_LINES]
    if len(changed) > SHOWN_FILES:
        lines.append(f"... and {len(changed) - SHOWN_FILES} more changed file(s): " + ", ".join(changed[SHOWN_FILES:]))
    return "\n".join(lines)


def test_site_matches_the_golden_tree(built_site):
    site, _ = built_site
    expected, actual = read_tree(GOLDEN), normalised_tree(site)
    assert expected, f"{GOLDEN} is empty: run `make golden` and commit tests/golden/"
    report = diff_report(expected, actual)
    assert not report, (
        "The built site differs from tests/golden/site/:\n"
        + report
        + "\n\nIf the change is intended, run `make golden` and review `git diff tests/golden/`."
    )


def test_golden_tree_covers_every_school_output(built_site):
    site, _ = built_site
    tree = normalised_tree(site)
    for slug in SLUGS:
        for page in PAGES.values():
            assert f"{slug}/social-media/{page}" in tree
        for pdf in PDFS.values():
            assert tree[f"{slug}/social-media/{pdf}.txt"].startswith("=== page 1 ===\n")
    assert "index.html" in tree
    assert ("sitemap.xml" in tree) == (site / "sitemap.xml").is_file()


def test_golden_tree_leaves_out_theme_files(built_site):
    site, _ = built_site
    assert (site / "404.html").is_file() and (site / "assets").is_dir() and (site / "search").is_dir()
    tree = normalised_tree(site)
    assert "404.html" not in tree
    assert not [name for name in tree if name.startswith(("assets/", "search/"))]
    assert not [name for name in tree if name.endswith(".pdf")]


def test_golden_pages_hold_our_html_not_the_theme(built_site):
    """A page's golden file is our school navigation's links and the article region: no
    header, footer, scripts or search box of mkdocs-material's, so a theme upgrade is a small diff."""
    site, _ = built_site
    pages = {name: text for name, text in normalised_tree(site).items() if name.endswith(".html")}
    for name, text in pages.items():
        lines = text.splitlines()
        navigation = [line for line in lines if line.startswith("nav: ")]
        assert lines[len(navigation)].startswith('<article class="md-content__inner md-typeset">'), name
        assert lines[-1].strip() == "</article>", name
        assert not [chrome for chrome in ("md-header", "md-footer", "<script", "md-search") if chrome in text], name
    for slug in SLUGS:
        navigation = pages[f"{slug}/social-media/index.html"].splitlines()[:4]
        assert navigation == [
            "nav: Social media policy -> ./",
            "nav: Letter to parents and carers -> parent-letter/",
            "nav: Staff code of conduct -> staff-code/",
            "nav: All schools -> ../..",
        ]


def test_diff_report_names_changes_and_shows_a_diff():
    report = diff_report({"a.html": "x\ny\n", "gone.html": ""}, {"a.html": "x\nz\n", "new.html": ""})
    assert "no longer built: gone.html" in report and "new, not in the golden tree: new.html" in report
    assert "-y" in report and "+z" in report and "--- golden/site/a.html" in report


def test_tidy_drops_trailing_spaces_and_blank_lines():
    assert _tidy("<p>  \r\n\n   \n  <b>x</b>   \n") == "<p>\n  <b>x</b>\n"


def test_write_tree_replaces_the_whole_folder(tmp_path):
    write_tree({"old.html": "old\n"}, tmp_path / "g")
    write_tree({"a/index.html": "a\n", "b.pdf.txt": "=== page 1 ===\nb\n"}, tmp_path / "g")
    assert read_tree(tmp_path / "g") == {"a/index.html": "a\n", "b.pdf.txt": "=== page 1 ===\nb\n"}


def test_committed_golden_files_are_normalised():
    golden = read_tree(GOLDEN)
    assert golden, "no golden files: run `make golden`"
    assert not [name for name, text in golden.items() if _tidy(text) != text]
    assert not [name for name in golden if name.startswith(("assets/", "search/")) or name == "404.html"]


def test_make_golden_writes_what_the_test_compares(built_site, tmp_path):
    site, _ = built_site
    subprocess.run(
        [sys.executable, "-m", "tests.golden", str(tmp_path / "g")], cwd=ROOT, check=True, capture_output=True
    )
    assert read_tree(tmp_path / "g") == normalised_tree(site)


def test_built_pages_hold_no_build_paths(built_site):
    # A page naming the temporary build folder or this checkout would differ on every machine.
    site, _ = built_site
    leaks = {str(site.parent), str(ROOT), "/.site-build-"}
    assert not [(name, leak) for name, text in normalised_tree(site).items() for leak in leaks if leak in text]
