"""The README is the front door: short, the two commands, and links into the manual in docs/
that lead somewhere. The manual's own checks are in test_docs.py."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_has_exactly_the_two_commands():
    quick = README.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in quick.splitlines()[1:] if line.strip()]
    assert commands == ["make site", "make test"]


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci/run").read_text(encoding="utf-8")


def test_readme_is_a_front_door_not_a_manual():
    # Issue 11: at most about 10 KB; the manual belongs in docs/.
    assert len(README.encode("utf-8")) <= 10_240


def test_every_link_into_the_manual_leads_to_a_page():
    links = re.findall(r"\]\((docs/[^)#]*)", README)
    assert len(links) >= 9, "the README should point into the manual"
    assert [link for link in links if not (ROOT / link).exists()] == []


def test_readme_links_every_page_of_the_manual():
    pages = sorted(path.name for path in (ROOT / "docs").glob("*.md") if path.name != "index.md")
    assert [page for page in pages if f"](docs/{page})" not in README] == []


def test_the_readme_shows_no_command_output():
    # Pasted output goes stale unseen; example runs live in docs/, where test_docs.py reruns them.
    assert not re.search(r"^\$ ", README, re.M)
