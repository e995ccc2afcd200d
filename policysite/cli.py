"""The door in: parse arguments, run the pipeline, print findings, choose the exit code.

Exit codes: 0 built (warnings allowed), 1 problems in the inputs, 2 wrong command-line
usage, 3 a bug in policysite (the traceback is shown only with --debug).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import traceback
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from . import system
from .commands import leads, letters, publish, serve, translations
from .errors import BuildFailed, Finding
from .inputs.chars import one_line
from .inputs.schema import schema_markdown
from .output import emit, guard
from .output.pdfs import workers
from .output.pipeline import BuildOptions, build
from .project import open_project, site_location

WRITERS = ("build", "serve")  # the commands that write the site folder


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py", description="Build every school's policy pages, letters and PDFs.", epilog=letters.EPILOG
    )
    p.add_argument(
        "command",
        nargs="?",
        default="build",
        choices=("build", "check", "schema", *leads.COMMANDS, "publish", "letters", "translations"),
        help="build: write site/ (default); check: validate without writing; schema: print the school-file fields"
        "; diff: what a school changes; serve: live preview; publish: copy the last good site/ to --to DIR"
        "; letters: a school's letters named for each pupil (or staff codes for each person) in one PDF"
        "; translations update [--add CODE]: the translation files (build.py translations --help)",
    )
    p.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="project folder holding content/, schools/, templates/ (default: the current folder)",
    )
    p.add_argument("--site-dir", type=Path, default=None, help="where to write the site (default: <root>/site)")
    p.add_argument("--strict", action="store_true", help="treat warnings (such as an overdue review date) as errors")
    p.add_argument(
        "--today",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date review dates are compared with (default: today)",
    )
    p.add_argument("--no-pdf", action="store_true", help="build the web pages only, without PDFs (quicker previews)")
    p.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="processes to build with: PDF workers, and mkdocs for a large site (default: one per core)",
    )
    p.add_argument(
        "--to",
        type=Path,
        default=None,
        metavar="DIR",
        help="publish: the folder to copy site/ to (a mounted web share): new, empty, or an earlier copy",
    )
    p.add_argument("--debug", action="store_true", help="show the Python traceback if policysite itself fails")
    leads.add_arguments(p)
    letters.add_arguments(p)
    return p


def _iso_date(text: str) -> dt.date:
    try:
        if len(text) == 10:  # fromisoformat alone would also take 20250901
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"`{text}` is not a date: use YYYY-MM-DD")


def _jobs(text: str) -> int:
    if text.isdigit() and 1 <= int(text) <= 64:
        return int(text)
    raise argparse.ArgumentTypeError(f"`{text}` is not a number of processes: use 1 to 64")


def main(argv: list[str] | None = None) -> int:
    unsupported = system.unsupported()  # Windows: say to use WSL, before a lock or a worker fails
    if unsupported:
        print(unsupported, file=sys.stderr)
        return 2
    arguments = parser()
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["translations"]:  # its own arguments: translations.py
        return translations.main(argv[1:], report)
    if "translations" in argv and not {"diff", "letters"} & set(argv):
        arguments.error("write `translations` first: build.py translations update [--add CODE] [--root DIR]")
    args = arguments.parse_args(argv)  # usage errors: argparse prints them and exits with 2
    if (args.command == "publish") != (args.to is not None):
        arguments.error(
            "publish needs --to DIR" if args.to is None else "--to is for publish: build.py publish --to DIR"
        )
    misuse = letters.usage_problem(args)
    if misuse:
        arguments.error(misuse)
    try:
        if args.command in WRITERS:  # refused before a minute of rendering, not after
            guard.check_site_dir(*_folders(args))
        return _run(args)
    except guard.Refused as refused:
        print(refused, file=sys.stderr)
        return 2
    except BuildFailed as failed:
        errors = report(failed.findings, args.root)
        print(f"\nStopped: {errors} error(s). Nothing was written; {_as_it_was(args)}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        said = f"Nothing was written; {_as_it_was(args)}" if args.command == "letters" else "site/ is as it was"
        print(f"Interrupted. {said}.", file=sys.stderr)
        return 130
    except BrokenProcessPool:  # a PDF worker killed from outside (out of memory, kill -9): no bug of ours to report
        print(
            "A worker process was killed before it finished (the computer may have run out of memory). "
            f"Nothing was written; {_as_it_was(args)}.",
            file=sys.stderr,
        )
        return 1
    except Exception as exc:  # noqa: BLE001 - the machine said no, or a bug in policysite: one line, unless --debug
        problem = guard.disk_problem(exc, _folders(args)[1])
        if problem:
            print(problem, file=sys.stderr)
            return 1
        if args.debug:
            traceback.print_exc()
        print(
            "policysite failed unexpectedly. Please report this, with the output of `python build.py --debug`.",
            file=sys.stderr,
        )
        return 3


def _as_it_was(args: argparse.Namespace) -> str:
    """What a stopped run left as it was: site/, or for `letters` (which never writes it) --out."""
    if args.command != "letters":
        return "site/ is as it was"
    out = args.out.expanduser() if args.out is not None else None  # `~` as letters.run reads it
    return f"{one_line(str(out))} is as it was" if out is not None and out.exists() else "no PDF was made"


def _folders(args: argparse.Namespace) -> tuple[Path, Path]:
    """The project folder, and the site folder where it really is (guard.location: a link
    named as the site folder stays a link, to be refused, not followed)."""
    return args.root.resolve(), site_location(args.root, args.site_dir)


def _run(args: argparse.Namespace) -> int:
    """The command itself. Everything it does, reporting included, is inside main's handlers."""
    if args.command == "schema":
        print(schema_markdown(), end="")
        return 0
    root, site_dir = _folders(args)
    if args.command == "publish":  # the last good site/ as it is: nothing is built
        return publish.run(root, site_dir, args.to)
    started = time.perf_counter()
    options = BuildOptions(
        project=open_project(root, site_dir),
        write=args.command in WRITERS,
        pdfs=not args.no_pdf,
        today=args.today,
        strict=args.strict,
        jobs=args.jobs or workers(),
    )
    if args.command in leads.COMMANDS:
        return leads.run(args, options, report)
    if args.command == "letters":
        return letters.run(args, options)
    result = leads.with_progress(build, args.command == "build")(options)
    if args.command == "check":
        result = leads.run_check(result, options)
    report(result.findings, root)
    seconds = time.perf_counter() - started
    schools = len(result.schools)
    if args.command == "check":
        warnings = len(set(result.findings))
        print(
            f"Checked {schools} school(s) in {seconds:.1f} s: no errors"
            + (f", {warnings} warning(s) above." if warnings else ".")
        )
        print("\n" + result.summary)
    else:
        for note in result.notes:  # once a build, such as a missing site_url (output/sitemap.py)
            print(f"Note: {note}")
        print(f"Built {schools} school(s), {len(result.outputs)} pages, in {seconds:.1f} s.")
        print(f"For leads: how each school differs from the canonical policy is at {emit.DIFFERENCES_URL} in the site.")
        print(serve.preview_hint(args.root, args.site_dir))
    return 0


def report(findings: tuple[Finding, ...], root: Path) -> int:
    """Print every finding once, errors first, in file order; returns the number of errors."""

    def order(finding: Finding):
        where = finding.location
        return (
            finding.level != "error",
            where.path if where else "",
            where.line if where else 0,
            where.col if where else 0,
        )

    # The same content error is found once per school that renders it: report it once.
    unique = sorted(dict.fromkeys(findings), key=order)
    for finding in unique:
        print(finding.format(root), file=sys.stderr)
    return sum(f.level == "error" for f in unique)
