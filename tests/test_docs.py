"""The manual in docs/ must match the code: its field table, its example runs, the files it
says a build writes, its module list, and it must build with mkdocs --strict."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from policysite.inputs.schema import schema_markdown

from .errors_support import run, seed_copy
from .helpers import ROOT, SLUGS

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
DOCS_CONFIG = ROOT / "mkdocs-docs.yml"
# ```text blocks that start with a command: `$ python build.py …`, then its output.
TRANSCRIPT = re.compile(r"^```text\n(\$ python build\.py [^\n]*)\n(.*?)^```$", re.M | re.S)
# ```yaml title="schools/x.yml" blocks: school files the page's example runs are given.
SCHOOL_FILE = re.compile(r'^```yaml title="schools/([a-z0-9-]+)\.yml"\n(.*?)^```$', re.M | re.S)
SKIPPED = "…"  # a line of its own in a transcript: some lines of the real output left out
TIMING = re.compile(r"\bin \d+(\.\d+)? s\b")  # "in 0.9 s": the one thing that varies by run


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def test_school_files_page_schema_table_is_the_schema():
    page = read("school-files.md")
    start = page.index("<!-- schema:start -->") + len("<!-- schema:start -->\n")
    end = page.index("<!-- schema:end -->")
    assert page[start:end] == schema_markdown(), (
        "run: python build.py schema, and paste it into docs/school-files.md between the schema markers"
    )


def test_how_it_works_names_every_module():
    page = read("how-it-works.md").split("## The files", 1)[1]
    package = ROOT / "policysite"
    files = package.rglob("*.py")
    modules = sorted(path.relative_to(package).as_posix() for path in files if path.name != "__init__.py")
    assert len([name for name in modules if "/" in name]) > 20  # the walk reached the sub-packages
    assert [name for name in modules if name not in page] == []


def _transcripts() -> list:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        schools = dict(SCHOOL_FILE.findall(text))
        for command, output in TRANSCRIPT.findall(text):
            found.append(pytest.param(command, output, schools, id=f"{page.name}: {command[2:]}"))
    return found


def _lines(text: str) -> list[str]:
    return [TIMING.sub("in N s", line.rstrip()) for line in text.rstrip().splitlines()]


def _shows(shown: list[str], real: list[str]) -> bool:
    """Whether the real output reads as shown: the parts between `…` lines appear in order,
    the first at the start and the last at the end unless a `…` stands before or after it."""
    parts = "\n".join(shown).split(SKIPPED)
    position = 0
    for index, part in enumerate(parts):
        lines = part.strip("\n").split("\n") if part.strip("\n") else []
        if not lines:
            continue
        starts = [at for at in range(position, len(real) - len(lines) + 1) if real[at : at + len(lines)] == lines]
        if not starts or (index == 0 and starts[0] != 0):
            return False
        position = starts[0] + len(lines)
    return position == len(real) or not parts[-1].strip("\n")


def test_the_example_runs_are_counted():
    # If the pattern stopped matching, the test below would check nothing.
    assert len(_transcripts()) >= 7


@pytest.mark.parametrize(("command", "output", "schools"), _transcripts())
def test_example_run_reads_as_the_real_command_prints(tmp_path, command, output, schools):
    root = seed_copy(tmp_path / "project")
    for slug, text in schools.items():
        (root / "schools" / f"{slug}.yml").write_text(text, encoding="utf-8")
    shown, _, status = output.partition("$ echo $?\n")
    code, out, err = run(root, *shlex.split(command[2:])[2:], today=None, reproducible=True)
    real = _lines(err + out)
    assert _shows(_lines(shown), real), f"The docs show, for `{command}`:\n{shown}\nbut it prints:\n" + "\n".join(real)
    if status:
        assert code == int(status.split()[0])


def test_every_file_the_output_page_lists_is_built(built_site):
    site, _ = built_site
    tree = read("output.md").split("```\nsite/\n", 1)[1].split("```", 1)[0]
    listed = [line.split()[0] for line in tree.splitlines()]
    assert len(listed) >= 9
    missing = [
        path.replace("<slug>", slug)
        for path in listed
        for slug in SLUGS
        if not _built(site / path.replace("<slug>", slug))
    ]
    assert missing == []


def _built(path: Path) -> bool:
    """A file the page lists is there; a folder it lists (`assets/logos/`) holds files."""
    return path.is_file() or (path.is_dir() and any(child.is_file() for child in path.iterdir()))


def test_the_manual_builds_with_strict_links(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(DOCS_CONFIG), site_dir=str(tmp_path / "out"), strict=True)
    build(config)  # strict: any warning (a broken link or anchor) aborts with an exception
    built = {path.relative_to(tmp_path / "out").as_posix() for path in (tmp_path / "out").rglob("index.html")}
    assert {f"{page.stem}/index.html" for page in PAGES if page.stem != "index"} | {"index.html"} <= built
    assert (tmp_path / "out" / "screenshots" / "policy-desktop.png").is_file()


def test_the_manual_is_built_apart_from_the_policy_site():
    config = DOCS_CONFIG.read_text(encoding="utf-8")
    found = re.search(r"^site_dir: (\S+)", config, re.M)
    assert found, "mkdocs-docs.yml must name its own site_dir"
    site_dir = found.group(1)
    assert site_dir not in {"site", "docs"}
    assert f"/{site_dir}/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert re.search(r"^strict: true", config, re.M)
