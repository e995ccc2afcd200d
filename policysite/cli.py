"""The door in: parse arguments, run the pipeline, print findings, choose the exit code.

Exit codes: 0 built (warnings allowed), 1 problems in the inputs, 2 wrong command-line
usage, 3 a bug in policysite (the traceback is shown only with --debug).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

from .errors import BuildFailed, Finding
from .pipeline import BuildOptions, build
from .schema import schema_markdown

ROOT = Path(__file__).resolve().parent.parent


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build.py", description="Build every school's policy pages, letters and PDFs.")
    p.add_argument("command", nargs="?", default="build", choices=("build", "check", "schema"),
                   help="build: write site/ (default); check: validate without writing; schema: print the school-file fields")
    p.add_argument("--root", type=Path, default=ROOT, help="project folder holding content/, schools/, templates/")
    p.add_argument("--site-dir", type=Path, default=None, help="where to write the site (default: <root>/site)")
    p.add_argument("--debug", action="store_true", help="show the Python traceback if policysite itself fails")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "schema":
        print(schema_markdown(), end="")
        return 0
    root = args.root.resolve()
    site_dir = (args.site_dir or root / "site").resolve()
    started = time.perf_counter()
    try:
        result = build(BuildOptions(root=root, site_dir=site_dir, write=args.command == "build"))
    except BuildFailed as failed:
        report(failed.findings, root)
        errors = sum(f.level == "error" for f in failed.findings)
        print(f"\nStopped: {errors} error(s). Nothing was written; site/ is as it was.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted. site/ is as it was.", file=sys.stderr)
        return 130
    except Exception:  # a bug in policysite, not in the inputs
        if args.debug:
            traceback.print_exc()
        print("policysite failed unexpectedly. Please report this, with the output of "
              "`python build.py --debug`.", file=sys.stderr)
        return 3
    report(result.findings, root)
    seconds = time.perf_counter() - started
    schools = len(result.schools)
    if args.command == "check":
        print(f"Checked {schools} school(s) in {seconds:.1f} s: no errors.")
    else:
        print(f"Built {schools} school(s), {len(result.outputs)} pages, in {seconds:.1f} s.")
        print(f"Open {site_dir / 'index.html'} in a browser.")
    return 0


def report(findings: tuple[Finding, ...], root: Path) -> None:
    def order(finding: Finding):
        where = finding.location
        return (finding.level != "error", where.path if where else "", where.line if where else 0,
                where.col if where else 0)

    for finding in sorted(findings, key=order):
        print(finding.format(root), file=sys.stderr)
