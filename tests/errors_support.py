"""The one command runner, `run` (policysite.cli.main in-process), and the project copies
the tests run it on.

Three fixture worlds remain, each for tests that need exactly it:
- make_project: tests/errors_fixtures/project, a small, stable content set and one valid
  school. The error, atomicity, determinism, fuzz and security tests use it, so they do not
  move when the real content/ is edited, and its builds are quick.
- seed_copy (and conftest's `project`, the same with its own templates/ to edit): the real
  content/ and the four seed schools. The leads' tools, incremental and parallel builds use
  it: they are about what the real policy and schools give (summaries, diffs, a site big
  enough to split).
- conftest's mini_project: tests/fixtures/mini, a tiny content set with a school text the
  test writes; the merge and schema tests use it to see one rule at a time.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import shutil
import sys
from pathlib import Path

from policysite.cli import main

from .helpers import ROOT, project_skeleton, reproducible_env

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "errors_fixtures"
BAD = FIXTURES / "bad"
TEMPLATES = HERE.parent / "templates"
TODAY = "2025-11-25"  # every run compares review dates with this day, not the clock


def make_project(target: Path, schools: dict[str, str | bytes] | None = None, keep_good: bool = True) -> Path:
    """A copy of the fixture project in `target`, plus extra school files {slug: text}."""
    shutil.copytree(FIXTURES / "project", target, symlinks=True)
    (target / "templates").symlink_to(TEMPLATES, target_is_directory=True)
    shutil.copytree(HERE.parent / "content" / "site", target / "content" / "site")  # the site's own pages
    if not keep_good:
        (target / "schools" / "good-school.yml").unlink()
    for slug, text in (schools or {}).items():
        path = target / "schools" / f"{slug}.yml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return target


def seed_copy(target: Path, own_templates: bool = False) -> Path:
    """The real content/ and schools/ (the four seed schools) in a throwaway project; the
    repo's templates/ linked, or copied when the test edits them."""
    project_skeleton(target, link_templates=not own_templates)
    if own_templates:
        shutil.copytree(ROOT / "templates", target / "templates")
    shutil.copytree(ROOT / "content", target / "content", dirs_exist_ok=True)
    for path in sorted((ROOT / "schools").glob("*.yml")):
        shutil.copy(path, target / "schools" / path.name)
    shutil.copytree(ROOT / "schools" / "logos", target / "schools" / "logos")  # the seeds' logo: files
    return target


def add_bad(project: Path, name: str) -> str:
    """Copy tests/errors_fixtures/bad/<name>.yml in as a school; returns its shown path."""
    shutil.copyfile(BAD / f"{name}.yml", project / "schools" / f"{name}.yml")
    return f"schools/{name}.yml"


BUILD_PY = HERE.parent / "build.py"


def build_command(project: Path, *args: str) -> list[str]:
    """build.py as a person runs it, in its own process, on `project` and its site/."""
    site = str(project / "site")
    return [sys.executable, str(BUILD_PY), *args, "--root", str(project), "--site-dir", site, "--today", TODAY]


def run(
    project: Path, *args: str, site: Path | None = None, today: str | None = TODAY, reproducible: bool = False
) -> tuple[int, str, str]:
    """policysite.cli.main in-process; returns (exit code, stdout, stderr).

    `today` is passed as --today unless `args` give their own. reproducible: run in
    helpers.reproducible_env (no git history, no SOURCE_DATE_EPOCH), as the seed tests do.
    """
    argv = [*args, "--root", str(project), "--site-dir", str(site or project / "site")]
    argv += ["--today", today] if today and "--today" not in args else []
    out, err = io.StringIO(), io.StringIO()
    env = reproducible_env() if reproducible else contextlib.nullcontext()
    with env, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def finding(output: str, where: str, level: str, message: str) -> str:
    """The block of `output` for the finding at `where` (path:line:col) whose message holds
    `message`; fails with the whole output if there is none."""
    blocks = re.split(r"\n(?=\S)", output)
    for block in blocks:
        if block.startswith(f"{where}: {level}: ") and message.lower() in block.splitlines()[0].lower():
            return block
    raise AssertionError(f"no `{where}: {level}: …{message}…` in:\n{output}")


def tree_hash(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path -> sha256), and every folder, to compare trees."""
    out = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        out[relative] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<dir>"
    return out


def staging_leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.glob(".site-build-*")) + (
        [site.name + ".old"] if site.with_name(site.name + ".old").exists() else []
    )
