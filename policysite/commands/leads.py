"""The federation leads' sub-commands of build.py: `diff`, `serve`, and `check`'s summary.

cli.py parses and handles errors; this module adds the arguments and runs the commands:

    build.py check [--today D] [--strict]   summary.run_check after the ordinary check build
    build.py diff <slug> | diff --all       drift.school_markdown / drift.federation_markdown
    build.py serve [--port 8000]            serve.serve: live preview of site/
"""

from __future__ import annotations

import argparse
import difflib
import html
import sys
from collections.abc import Callable
from dataclasses import replace

from ..errors import Finding
from ..inputs import rules
from ..inputs.chars import MULTI_LINE, one_line
from ..model import School
from ..output.pipeline import BuildOptions, prepare
from ..pages import drift
from ..pages.render import compile_templates
from . import serve
from .progress import progress_reporter
from .summary import run_check  # noqa: F401  (cli calls it as leads.run_check)

COMMANDS = ("diff", "serve")
TAKE_A_SCHOOL = ("diff", "letters")  # the commands a school name may follow


class _OnlyForDiff(argparse.Action):
    """A school name after any command but `diff` or `letters` is a usage error, not silently ignored."""

    def __call__(self, parser, namespace, values, option_string=None):
        if values is not None and namespace.command not in TAKE_A_SCHOOL:
            parser.error(f"`{namespace.command}` takes no school name (`{values}`); did you mean `diff {values}`?")
        setattr(namespace, self.dest, values)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "slug",
        nargs="?",
        default=None,
        action=_OnlyForDiff,
        metavar="school",  # as the office's guide and the usage lines name it, not the code's "slug"
        help="diff: the school to compare with the canonical policy; letters: the school whose letters to print "
        "(its file name without .yml)",
    )
    p.add_argument("--all", action="store_true", help="diff: every school at once, as a matrix of sections")
    p.add_argument(
        "--port",
        type=_port,
        default=None,
        help=f"serve: the port to serve on at {serve.HOST} (default {serve.PORT}, or ${serve.PORT_VARIABLE})",
    )


def _port(text: str) -> int:
    if text.isdigit() and 1 <= int(text) <= 65535:
        return int(text)
    raise argparse.ArgumentTypeError(f"`{text}` is not a port: use a number from 1 to 65535, such as 8000")


def with_progress(build: Callable, enabled: bool) -> Callable:
    """`build`, showing its progress (progress.py) when `enabled`."""
    if not enabled:
        return build

    def run(options: BuildOptions):
        with progress_reporter() as callback:
            return build(replace(options, progress=callback))

    return run


def run(args: argparse.Namespace, options: BuildOptions, report) -> int:
    """diff or serve (`serve --no-pdf` is quicker); input errors raise BuildFailed, which cli.py reports."""
    if args.command == "serve":
        return serve.serve(options, report, port=args.port)
    return diff(options, args.slug, args.all)


def diff(options: BuildOptions, slug: str | None, every: bool) -> int:
    """Markdown on stdout; warnings are `check`'s business, errors stop it (BuildFailed)."""
    if bool(slug) == every:
        print("usage: build.py diff <school> | build.py diff --all", file=sys.stderr)
        return 2
    findings: list[Finding] = []
    content, schools, outputs = prepare(options.project, findings, today=options.today)
    rules.settle(findings, options.strict)
    if every:
        return _show(drift.federation_markdown(content, schools, outputs))
    school = find_school(schools, slug)
    if school is None:
        return 2
    return _show(drift.school_markdown(content, school, compile_templates(content)))


def find_school(schools: tuple[School, ...], slug: str | None) -> School | None:
    """The school whose file is schools/<slug>.yml; None once it has said there is none,
    with the nearest name (a usage error: exit 2). `diff` and `letters` both look it up."""
    school = next((s for s in schools if s.slug == slug), None)
    if school is None:
        said = f"there is no school `{slug}` in schools/. {_nearest(schools, slug or '')}"
        print(one_line(said), file=sys.stderr)  # as typed, but inert: an escape pasted in stays text
    return school


def _nearest(schools: tuple[School, ...], typed: str) -> str:
    """The file name nearest to what was typed, or the file of the school whose name was
    typed (an office knows "Cambois Primary School", not `cambois`); else every file name."""
    named = [s.slug for s in schools if str(s.data.get("name", "")).casefold() == typed.strip().casefold()]
    near = named or difflib.get_close_matches(typed, [s.slug for s in schools], n=1)
    if near:
        return f"Did you mean `{near[0]}`?"
    return "The schools are: " + ", ".join(f"`{s.slug}`" for s in schools) + "."


def _show(markdown: str) -> int:
    """The page's Markdown, with the escapes the site needs turned back into characters;
    never one a terminal would act on (a school's code span keeps `&#x202e;` as written, so
    the input check never saw it decoded): each is shown as U+FFFD."""
    print(MULTI_LINE.sub("\ufffd", html.unescape(markdown)), end="")
    return 0
