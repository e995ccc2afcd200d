"""`build.py translations update [--add CODE]`: the gettext catalogues of the canonical text.

Extracts every unit of policy.md, letter.md and staff-code.md (inputs/units.py) and every
marked string of the letter frame and page chrome (`{% trans %}`/`_()` in templates,
`N_()` in policysite/pages/*.py) into content/social-media/translations/messages.pot,
then merges that into each language's .po as msgmerge does (Babel's Catalog.update): a
changed English unit keeps its translation but is marked fuzzy, with the English it was
made from as `#| msgid`; a unit no longer there becomes obsolete (`#~`). The same inputs
give the same bytes, and a file whose bytes would not change is not written, so a
translator's file is only touched when the English moved.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import stat
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract

from ..errors import Finding, Location, error
from ..inputs.catalogue import TRANSLATIONS, language, read_po_file
from ..inputs.load import load_content
from ..inputs.pofile import PoCatalog, plain_units, po_bytes
from ..inputs.units import document_units
from ..model import OUTPUTS
from ..project import POLICY

TEMPLATE = "messages.pot"
# A fixed creation date: the header's date would otherwise change the bytes of every file
# at every run, and git would show eight lines of noise for each English comma.
CREATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
# Jinja's extractor by name, as a Babel mapping file names it: Babel then imports it. Passed
# as the function, it fails type checking: Babel annotates an extractor as returning
# (lineno, message, comments, context), yet extract() unpacks (lineno, funcname, messages,
# comments), which is what Jinja's returns.
JINJA_EXTRACTOR = "jinja2.ext:babel_extract"
JINJA_OPTIONS = {"trim_blocks": "true", "lstrip_blocks": "true", "silent": "false"}  # as paper.py's environment
CHROME_SOURCES = (("templates/print", "*.html"), ("templates/mkdocs", "**/*.html"))
PACKAGE = Path(__file__).resolve().parent.parent  # policysite/: its label tables are code, not project files
PYTHON_SOURCES = ("pages", "*.py")
COMMENT_TAGS = ("Translators:",)  # `{# Translators: ... #}` / `# Translators: ...` above a string: a note in the .po
KINDS = {"title": "title", "heading": "heading", "paragraph": "paragraph", "item": "list item", "cell": "table cell"}
Report = Callable[[tuple[Finding, ...], Path], int]


def main(argv: list[str], report: Report) -> int:
    """`build.py translations ...`: its own arguments, then run; exit codes as cli.py's."""
    parser = _parser()
    args = parser.parse_args(argv)  # usage errors: argparse prints them and exits with 2
    misuse = _add_problem(args.root.resolve(), args.add) if args.add is not None else None
    if misuse:
        parser.error(misuse)
    try:
        return run(args.root, args.add, report)
    except KeyboardInterrupt:
        print("Interrupted. Each translation file is the old one or the new one, never half of one.", file=sys.stderr)
        return 130
    except OSError as exc:  # the disk said no (read-only, full): the files already replaced are complete
        print(f"A translation file could not be written: {exc.strerror or exc}.", file=sys.stderr)
        return 1
    except Exception:  # noqa: BLE001 - a bug in policysite: one line, unless --debug
        if args.debug:
            traceback.print_exc()
        print("policysite failed unexpectedly. Please report this, with the output of `--debug`.", file=sys.stderr)
        return 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py translations",
        description="Extract the English of the canonical documents and the page chrome into "
        f"{TRANSLATIONS}/{TEMPLATE}, and merge it into every language's .po file.",
    )
    p.add_argument("action", choices=("update",), help="update: extract and merge (the only action)")
    p.add_argument("--add", metavar="CODE", default=None, help="start a new language's file, such as --add pl")
    p.add_argument("--root", type=Path, default=Path("."), help="project folder (default: the current folder)")
    p.add_argument("--debug", action="store_true", help="show the Python traceback if policysite itself fails")
    return p


def run(root: Path, add: str | None, report: Report) -> int:
    """Extract, merge, write; print what changed per language. 1 with located findings."""
    root = root.resolve()
    folder, findings = _folder(root)
    template: PoCatalog | None = None
    catalogues: dict[str, PoCatalog] = {}
    if not findings:
        template, findings = build_template(root)
    if template is not None:
        catalogues, problems = _read_all(root, folder, add)
        findings += problems
    findings = [finding for finding in findings if finding.level == "error"]  # warnings are for check
    if findings:
        errors = report(tuple(findings), root)
        print(f"\nStopped: {errors} error(s). No translation file was written.", file=sys.stderr)
        return 1
    assert template is not None
    for line in update(folder, template, catalogues):
        print(line)
    return 0


def _folder(root: Path) -> tuple[Path, list[Finding]]:
    """content/social-media/translations/, refused if it (or what holds it) is not a real
    folder inside the project: a link would make update write wherever it points."""
    folder = root / TRANSLATIONS
    for place in (root / POLICY.split("/")[0], root / POLICY, folder):
        try:
            mode = os.lstat(place).st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISDIR(mode):
            shown = place.relative_to(root).as_posix()
            kind = "a symbolic link" if stat.S_ISLNK(mode) else "not a folder"
            return folder, [error(Location(shown), f"this is {kind}", "Make it a plain folder inside the project.")]
    return folder, []


def _add_problem(root: Path, code: str) -> str | None:
    """Why `--add CODE` cannot start a language: not a language, English, or already there."""
    try:
        named = language(code)
    except ValueError as exc:
        return f"--add: {exc}; use a code such as pl, ur, ro, pa, ar or bn"
    if os.path.lexists(root / TRANSLATIONS / f"{code}.po"):
        return f"--add: {named.english} has its file already ({TRANSLATIONS}/{code}.po); run `translations update`"
    return None


def build_template(root: Path) -> tuple[PoCatalog | None, list[Finding]]:
    """messages.pot: the documents' units in reading order, then the chrome's strings."""
    content, findings = load_content(root, POLICY)
    if content is None:
        return None, findings
    template = PoCatalog(project="policysite", version="1", creation_date=CREATED, fuzzy=False)
    template.header_comment = "# The canonical social media policy, letter and staff code, and the page chrome.\n" + (
        "# Written by `python build.py translations update`; see docs/translations.md."
    )
    for output in OUTPUTS:
        document = content.documents[output]
        for unit in document_units(document):
            title = "document title" if unit.kind == "title" and unit.context == output else ""
            kind = title or ("section title" if unit.kind == "title" else KINDS[unit.kind])
            template.add(
                unit.source,
                locations=[(unit.location.path, unit.location.line)],
                auto_comments=[f"{output}, {kind}"],
                context=unit.context,
            )
    plain_units(template)
    findings += _chrome(root, template)
    return template, findings


def _chrome(root: Path, template: PoCatalog) -> list[Finding]:
    """The frame's and chrome's marked strings, file by file in name order."""
    findings: list[Finding] = []
    sources = [
        (root, folder, pattern, JINJA_EXTRACTOR, DEFAULT_KEYWORDS, JINJA_OPTIONS) for folder, pattern in CHROME_SOURCES
    ]
    sources.append(
        (PACKAGE.parent, PACKAGE.name + "/" + PYTHON_SOURCES[0], PYTHON_SOURCES[1], "python", {"N_": None}, {})
    )
    for base, folder, pattern, method, keywords, options in sources:
        for path in sorted((base / folder).glob(pattern)):
            shown = path.relative_to(base).as_posix()
            try:
                with open(path, "rb") as file:
                    found = list(extract(method, file, keywords, COMMENT_TAGS, options))
            except Exception as exc:  # noqa: BLE001 - a template Jinja cannot read: located, not a traceback
                line = getattr(exc, "lineno", 0) or 0
                hint = "Fix the template (the build reports it too), then run `translations update` again."
                findings.append(error(Location(shown, line, 1), f"its marked strings cannot be read: {exc}", hint))
                continue
            for line, message, comments, context in found:
                template.add(message, locations=[(shown, line)], auto_comments=comments, context=context)
    return findings


def _read_all(root: Path, folder: Path, add: str | None) -> tuple[dict[str, PoCatalog], list[Finding]]:
    """Every language's catalogue as it is now (a new one for --add); all problems at once."""
    catalogues: dict[str, PoCatalog] = {}
    findings: list[Finding] = []
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        catalogue, problems = read_po_file(root, path.stem)
        findings += problems
        if catalogue is not None:
            catalogues[path.stem] = catalogue
    if add is not None:
        catalogues[add] = new_catalogue(add)
    return catalogues, findings


def new_catalogue(code: str) -> PoCatalog:
    named = language(code)
    catalogue = PoCatalog(locale=code, project="policysite", version="1", creation_date=CREATED, fuzzy=False)
    catalogue.revision_date = "YEAR-MO-DA HO:MI+ZONE"  # a translation tool fills it in on saving
    catalogue.language_team = named.english
    catalogue.header_comment = (
        f"# {named.english} translation of the social media policy, letter and staff code.\n"
        "# Until X-Reviewed-By names who checked it, pages say that no fluent\n"
        "# reader has checked it yet (see docs/translations.md)."
    )
    return catalogue


def update(folder: Path, template: PoCatalog, catalogues: dict[str, PoCatalog]) -> list[str]:
    """Write messages.pot and every merged .po (only those whose bytes change); one line per
    language saying what changed."""
    folder.mkdir(exist_ok=True)
    _write(folder / TEMPLATE, po_bytes(template))
    lines = []
    for code, catalogue in sorted(catalogues.items()):
        _revive(catalogue, template)
        before = {key: message.fuzzy for key, message in catalogue._messages.items()}
        previous = {key: message.previous_id for key, message in catalogue._messages.items() if message.previous_id}
        obsolete = set(catalogue.obsolete)
        catalogue.update(template, update_header_comment=False)
        plain_units(catalogue)
        _drop_untranslated_obsolete(catalogue)
        for key, message in catalogue._messages.items():  # still fuzzy: keep the English it was made from
            if message.fuzzy and not message.previous_id and key in previous:
                message.previous_id = previous[key]
        new = sum(key not in before for key, message in catalogue._messages.items() if not message.fuzzy)
        fuzzy = sum(message.fuzzy and not before.get(key) for key, message in catalogue._messages.items())
        written = _write(folder / f"{code}.po", po_bytes(catalogue))
        lines.append(
            f"{code}.po: {new} new, {fuzzy} newly fuzzy, {len(set(catalogue.obsolete) - obsolete)} newly obsolete"
            + ("" if written else " (unchanged)")
        )
    return lines


def _revive(catalogue: PoCatalog, template: PoCatalog) -> None:
    """An obsolete entry whose English is back (a sentence restored, a revert) is an entry
    again, with its translation, as msgmerge does; Babel alone would start it empty."""
    for key in [key for key in catalogue.obsolete if key in template._messages]:
        catalogue._messages[key] = catalogue.obsolete.pop(key)


def _drop_untranslated_obsolete(catalogue: PoCatalog) -> None:
    """As msgmerge does: an entry no longer in the English is kept (as `#~`) only if it
    holds a translation someone may want back."""
    for key, message in list(catalogue.obsolete.items()):
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if not any(strings):
            del catalogue.obsolete[key]


def _write(path: Path, data: bytes) -> bool:
    """Replace `path` with `data` in one step (a reader sees the old file or the new one,
    never half), only if its bytes change; whether it was written."""
    try:
        if os.path.isfile(path) and not os.path.islink(path) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return True
