"""The README is the user's manual: its schema table and commands must match the code."""

from pathlib import Path

from policysite.schema import schema_markdown

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_schema_table_is_the_schema():
    start = README.index("<!-- schema:start -->") + len("<!-- schema:start -->\n")
    end = README.index("<!-- schema:end -->")
    assert README[start:end] == schema_markdown(), "run: python build.py schema, and paste it into the README"


def test_quick_start_has_exactly_the_two_commands():
    quick = README.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in quick.splitlines()[1:] if line.strip()]
    assert commands == ["make site", "make test"]


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci/run").read_text(encoding="utf-8")


def test_how_it_works_names_every_module():
    section = README.split("## How it works", 1)[1].split("\n## ", 1)[0]
    modules = [path.name for path in sorted((ROOT / "policysite").glob("*.py")) if path.name != "__init__.py"]
    assert [name for name in modules if name not in section] == []
