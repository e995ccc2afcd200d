"""`build.py letters <school> (--pupils | --staff) FILE.csv --out FILE.pdf`: a class set of
named letters, or staff codes to sign, in one PDF, for the school office to print.

cli.py parses and handles errors; this module checks the arguments and --out, renders the
school's letter (or staff code) as the build's PDF job does, reads the CSV (roster.py),
sets each person's name into a copy of the slip (named.py) and writes the PDF to --out.

Pupils' names are personal data. They go into --out and nowhere else: --out may not be in
the site folder or the project (git would carry them into the repository, and from there
to the published site); the PDF is made in memory and written beside --out as a file that
has no name until it is whole (write_atomically), then becomes --out; nothing this command
prints names anyone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import system
from ..errors import Finding, Location, warning
from ..inputs import rules
from ..inputs.catalogue import language as language_of
from ..inputs.chars import one_line
from ..inputs.dates import PolicyDate
from ..inputs.roster import Kind, describe_columns, read_roster, sort_by_class
from ..model import School
from ..output import guard, sitemap
from ..output.named import Output, named_pdf
from ..output.pipeline import BuildOptions, prepare, print_inputs
from ..output.private import write_atomically
from ..pages.paper import Paper
from .leads import find_school

OUTPUTS: dict[Kind, Output] = {"pupils": "letter", "staff": "staff-code"}  # the list given -> the document named
COPIES = {"pupils": "letters", "staff": "staff codes"}
USAGE = "build.py letters <school> --pupils FILE.csv --out FILE.pdf (or --staff FILE.csv)"
OPTIONS = ("pupils", "staff", "out", "sort", "duplex", "language")
EPILOG = (  # build.py --help's last lines: the command in full, for the office
    "Named letters for the school office: build.py letters <school> --pupils FILE.csv --out FILE.pdf "
    "[--sort class] [--duplex] [--language pl], or build.py letters <school> --staff FILE.csv --out FILE.pdf "
    "[--duplex] (docs/office.md)."
)
LIST_INSIDE = (  # a list kept there is one `git add` away from the repository, and the published site
    "Git would carry the names in it into the repository. Move it to your own folder, such as Downloads, "
    "and delete it once the letters are printed."
)
SAVE_HINT = "Save it in your own Documents folder, e.g. --out ~/Documents/cambois-letters.pdf."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pupils", type=Path, metavar="FILE.csv", help="letters: the pupils' list, one letter each")
    p.add_argument("--staff", type=Path, metavar="FILE.csv", help="letters: the staff list, one staff code each")
    p.add_argument("--out", type=Path, metavar="FILE.pdf", help="letters: the PDF to write, outside the project")
    p.add_argument("--sort", choices=("class",), help="letters: by class, then surname (default: the CSV's order)")
    p.add_argument("--duplex", action="store_true", help="letters: each letter starts on a front side")
    p.add_argument(
        "--language", metavar="CODE", help="letters: the letter in a language the school publishes (default: English)"
    )


def usage_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the command line for `letters` (or with its options given to
    another command), for argparse to report as a usage error (exit 2)."""
    given = [f"--{name}" for name in OPTIONS if getattr(args, name) not in (None, False)]
    if args.command != "letters":
        return f"{given[0]} is for letters: {USAGE}" if given else None
    if args.slug is None:
        return f"letters needs a school: {USAGE}"
    if (args.pupils is None) == (args.staff is None):
        given_lists = "both" if args.pupils else "neither"
        return f"letters needs one list, --pupils FILE.csv or --staff FILE.csv, not {given_lists}"
    if args.out is None:
        return f"letters needs --out FILE.pdf, the PDF to write. {SAVE_HINT}"
    if args.out.suffix.lower() != ".pdf":
        return f"--out must name a PDF file, ending in .pdf (not `{args.out.name}`)"
    if args.sort and args.staff:
        return "--sort class is for --pupils: staff codes come in the CSV's order"
    if args.language and args.staff:
        return "--language is for --pupils: staff codes are signed in English, the school's own version"
    return None


def run(args: argparse.Namespace, options: BuildOptions) -> int:
    """Check --out and the list, make the PDF in memory, write it; 2 for a refusal. Input
    errors (the project's or the CSV's) raise BuildFailed, which cli.py reports."""
    _no_core_dumps()
    kind: Kind = "pupils" if args.pupils is not None else "staff"
    csv = (args.pupils or args.staff).expanduser()  # `~` that a shell left as it was
    out = args.out.expanduser().absolute()  # `..` kept: after a link, the disk takes it as the target's parent
    project = options.project
    try:
        refused = out_problem(project.root, project.site_dir, out) or _missing(csv) or _is_list(out, csv)
    except OSError as exc:  # a name longer than the disk allows, a folder this user may not look into
        refused = f"Can't use {exc.filename or out}: {exc.strerror or exc}. Check the file names given."
    if refused:
        print(one_line(refused), file=sys.stderr)  # paths as typed: an escape in a name stays inert
        return 2
    if guard.relation_of(Path(os.path.realpath(csv)), Path(os.path.realpath(options.project.root))) == "is inside":
        print(one_line(f"Warning: {csv} is in the project folder. {LIST_INSIDE}"), file=sys.stderr)
    found = _document(options, args.slug, OUTPUTS[kind], args.language or "en")
    if found is None:
        return 2
    school, printed = found
    if kind == "pupils":  # before the list is read: a wrong date is the school file's to fix first
        for caution in rules.settle(_before_printing(school, options.today or dt.date.today()), options.strict):
            print(caution.format(options.project.root), file=sys.stderr)
    roster = read_roster(csv, kind, str(csv))  # BuildFailed: every problem of the file, located
    print(describe_columns(roster), flush=True)
    people = sort_by_class(roster.people) if args.sort == "class" else roster.people
    data = named_pdf(*printed, OUTPUTS[kind], people, args.duplex, source=roster.source)
    try:
        write_atomically(out, data)
    except OSError as exc:
        print(
            one_line(f"Could not write {out}: {exc.strerror or exc}. No PDF was written. {SAVE_HINT}"), file=sys.stderr
        )
        return 1
    pages = _page_count(data)
    copies = COPIES[kind] if len(people) != 1 else COPIES[kind].removesuffix("s")
    print(one_line(f"Wrote {len(people)} {copies} for {school.data['name']} ({pages} pages) to {out}"))
    sides = "double-sided: each one starts on a front side" if args.duplex else "single-sided"
    print(f"Print it {sides}. Delete the PDF once printed: it holds people's names.")
    return 0


def _no_core_dumps() -> None:
    """A crash of this process or a worker forked from it (in WeasyPrint's C libraries, say)
    would dump its memory, every name read, into a core file in the working folder (often the
    project) or the system's crash store (systemd-coredump, apport), which honour this limit."""
    import resource  # not on Windows, where cli.py stops before any command (system.unsupported)

    _, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (0, hard))


def _document(
    options: BuildOptions, slug: str, output: Output, language: str
) -> tuple[School, tuple[str, str, tuple]] | None:
    """The school, and what WeasyPrint prints its `output` from in `language`, made as the
    build makes its PDF (pipeline.prepare, then print_inputs); None once find_school said
    there is no such school, or the school publishes no such language (said here). Warnings
    (a review date) are `check`'s business, as for `diff`."""
    project, findings = options.project, list[Finding]()
    content, schools, outputs = prepare(project, findings, today=options.today)
    rules.settle(findings, options.strict)
    school = find_school(schools, slug)
    if school is None:
        return None
    mine = {o.language: o for o in outputs if o.school.slug == school.slug and o.output == output}
    if language not in mine:
        print(one_line(_no_language(school, language, sorted(mine.keys() - {"en"}))), file=sys.stderr)
        return None
    catalogue = content.catalogues[language] if language != "en" else None
    paper = Paper(project.templates_dir, sitemap.site_url(project.site_settings), catalogue)  # as write_site makes it
    return school, print_inputs(paper, mine[language], paper.page(mine[language]), project.templates_dir)


def _no_language(school: School, language: str, published: list[str]) -> str:
    """--language names a language the school does not publish its letter in."""
    offered = ", ".join(f"{code} ({language_of(code).english})" for code in published) or "none but English"
    return (
        f"{school.data['name']} does not publish its letter in `{language}`. Its languages: {offered}. "
        f"Leave out --language for English, or add the language to `languages:` in {school.path}."
    )


def _before_printing(school: School, today: dt.date) -> list[Finding]:
    """What to fix before printing a class set, as warnings at the school file's line: the
    letter's date and a return date before it, as `check` warns (rules.py), and a return date
    already past, which no build rule looks at: a site may keep last term's letter, but every
    printed slip would ask for itself back by a day gone by."""

    def value(path: tuple):
        node: Any = school.data
        for key in path:
            node = node.get(key) if isinstance(node, Mapping) else None
        return node

    dated = [rule(value, today) for rule in (rules.letter_date, rules.reply_by_date)]
    reply_by = value(("letter", "reply_by"))
    if isinstance(reply_by, PolicyDate) and reply_by.last_day() < today:
        past = f"the reply slip is due back by {reply_by}, a day already past"
        todo = "Set `reply_by:` under `letter:` to a day still to come (or delete it), then make the letters again."
        dated.append(rules.Dated(("letter", "reply_by"), past, todo))
    where = {d.path: school.origins.get(d.path, Location(school.path)) for d in dated if d}
    return [warning(where[d.path], f"{school.data['name']}: {d.message}", d.hint) for d in dated if d]


def out_problem(root: Path, site_dir: Path, out: Path) -> str | None:
    """Why --out (absolute) can't be written, or None: it must be a new or existing file in a
    folder that exists and is writable, outside the site folder and the project, wherever
    links lead (`out` itself, a link, would be replaced; refused if it leads in too)."""
    folder = out.parent
    placed = Path(os.path.realpath(folder)) / out.name  # where os.replace puts the file
    reached = Path(os.path.realpath(out))  # where a link named --out leads
    for inside, what in ((site_dir, "the site folder"), (root, "the project folder")):
        real = Path(os.path.realpath(inside))
        paths = (placed, reached)
        if any(guard.relation_of(path, real) in ("is", "is inside") for path in paths) or _bound_inside(placed, real):
            return (
                f"Not writing {out}: it is inside {what} ({real}). The PDF holds people's names, which must "
                f"never go into the site or the project (git would carry them to the published site). {SAVE_HINT}"
            )
    if not folder.is_dir():
        return f"Not writing {out}: the folder {folder} does not exist. {SAVE_HINT}"
    if out.is_dir():
        return f"Not writing {out}: it is a folder. Give --out a file name ending in .pdf. {SAVE_HINT}"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"Not writing {out}: the folder {folder} is not writable by this user. {SAVE_HINT}"
    return None


def _bound_inside(placed: Path, inside: Path) -> bool:
    """Whether `placed` (its folders resolved) is in a folder of `inside` mounted elsewhere too
    (a bind mount, a container's second volume of one disk): a path apart, the same device and
    inode. Only a mount point that doesn't hold `inside` can be one, so the walk is rare."""
    mounts = system.mount_points()
    bound = [
        folder
        for folder in placed.parents
        if (str(folder) in mounts or os.path.ismount(folder)) and guard.relation_of(inside, folder) is None
    ]
    if not bound or not inside.is_dir():
        return False
    device = inside.stat().st_dev  # a bind mount keeps its disk's device: /home on another disk is no copy
    wanted = {(found.st_dev, found.st_ino) for found in map(os.stat, bound) if found.st_dev == device}
    if not wanted:
        return False
    walked = (os.stat(folder) for folder, _, _ in os.walk(inside))  # `inside` first; links not followed
    return any((found.st_dev, found.st_ino) in wanted for found in walked)


def _page_count(data: bytes) -> int:
    """pdfium counts 3,000 pages in 2 ms; pypdf took 0.5 s."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def _missing(csv: Path) -> str | None:
    if csv.is_file():
        return None
    if csv.is_dir():  # a folder is there: "There is no file" would send the office looking for it
        return f"{csv} is a folder, not a list. Give the whole name of the CSV file in it, ending in .csv."
    return f"There is no file {csv}. Export the list from your school's information system as CSV, and give its name."


def _is_list(out: Path, csv: Path) -> str | None:
    """--out naming the list itself (a CSV saved as .pdf) would replace the office's list."""
    placed = Path(os.path.realpath(out.parent)) / out.name  # where os.replace puts the file
    if placed != Path(os.path.realpath(csv)):
        return None
    return f"Not writing {out}: it is the list {csv} itself, which the PDF would replace. {SAVE_HINT}"
