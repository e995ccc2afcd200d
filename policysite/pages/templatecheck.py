"""templates/ is ours to edit too: before anything is written, each output's frame is laid
out once (paper and screen), so a broken template or a missing stylesheet is a located
error rather than a failed build half-way through its PDFs. So is each language's: a
translation of a frame string that can't be filled in is found at its .po line.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import TemplateNotFound, TemplateSyntaxError

from ..errors import Finding, Location, error
from ..model import RenderedOutput
from .paper import Paper

if TYPE_CHECKING:
    from ..inputs.catalogue import Catalogue


def check_templates(
    root: Path,
    templates_dir: Path,
    samples: tuple[RenderedOutput, ...],
    site_url: str | None = None,
    catalogues: Mapping[str, Catalogue] | None = None,
) -> list[Finding]:
    """templates/ is ours to edit too: load it and lay out one page of each output (with
    the site's address, as the build will), so a broken frame or a missing stylesheet is a
    located error before anything is written; then each language's frame, once the English
    one is sound."""
    from ..output.emit import assets

    paper = None
    try:
        assets(templates_dir)
        paper = Paper(templates_dir, site_url)
        _lay_out(paper, samples)
    except TemplateSyntaxError as exc:
        return [
            error(
                Location(_shown(root, exc.filename), exc.lineno or 1, 1),
                exc.message or "template syntax error",
                "Check that every {{ has a }} and every {% if %} an {% endif %}.",
            )
        ]
    except TemplateNotFound as exc:
        return [error(Location(f"templates/{exc.name}"), "this template is missing", TEMPLATES_HINT)]
    except OSError as exc:
        return [error(Location(_shown(root, exc.filename)), f"cannot read this file: {exc.strerror}", TEMPLATES_HINT)]
    except Exception as exc:  # noqa: BLE001 - any failure of a template is the template's problem
        return [
            error(
                _failing_line(paper, root, templates_dir, exc),
                f"this template fails: {type(exc).__name__}: {exc}",
                TEMPLATES_HINT,
            )
        ]
    findings: list[Finding] = []
    for catalogue in (catalogues or {}).values():
        findings += frame_translation_problems(catalogue) or _lay_out_language(
            templates_dir, samples, site_url, catalogue
        )
    return findings


def _lay_out(paper: Paper, samples: tuple[RenderedOutput, ...]) -> None:
    for output in dict.fromkeys(rendered.output for rendered in samples):
        sample = next(r for r in samples if r.output == output)
        paper.print_html(sample)
        paper.page(sample)  # the screen's frame too: the policy's banner is on its page only


def frame_translation_problems(catalogue: Catalogue) -> list[Finding]:
    """Each translation of a frame or chrome string with a % sign that is not a placeholder
    of the English (%(name)s) or %%, at its .po line: every one is filled in with %, in the
    templates (jinja's i18n) and in chrome.py alike, and "100%" would stop the build while
    "%s" would print the placeholders' table. (A placeholder dropped or renamed is
    inputs/catalogue.py's finding.)"""
    findings = []
    for entry in catalogue.entries.values():
        if entry.context is None and not entry.fuzzy and entry.translation and _STRAY_PERCENT.search(entry.translation):
            message = f"the translation of “{entry.source}” has a % sign that is not a placeholder of the English"
            findings.append(error(entry.location, message, FILL_HINT))
    return findings


_STRAY_PERCENT = re.compile(r"%(?!\(\w+\)s|%)")
FILL_HINT = "Keep each placeholder of the English, such as %(date)s, exactly as it is, and write a % sign as %%."


def _lay_out_language(
    templates_dir: Path, samples: tuple[RenderedOutput, ...], site_url: str | None, catalogue: Catalogue
) -> list[Finding]:
    """The language's frame laid out once: the English one was, so a failure is its translation's."""
    try:
        _lay_out(Paper(templates_dir, site_url, catalogue), samples)
    except Exception as exc:  # noqa: BLE001 - the English frame was laid out: this is the translation's problem
        where, name = Location(catalogue.path), catalogue.language.english
        return [error(where, f"the {name} frame of the letter and pages fails: {type(exc).__name__}: {exc}", FILL_HINT)]
    return []


TEMPLATES_HINT = "Undo the change to templates/ (`git diff templates/` shows it), or put the file back from git."


def _failing_line(paper: Paper | None, root: Path, templates_dir: Path, exc: Exception) -> Location:
    """The template line that failed: a macro called from Python keeps the compiled
    code's line numbers in its traceback, so map them back as Jinja would."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(str(templates_dir))]
    if not frames:
        return Location("templates")
    name = Path(frames[-1].filename).relative_to(templates_dir).as_posix()
    line = frames[-1].lineno or 1
    if paper is not None:
        line = paper.env.get_template(name).get_corresponding_lineno(line)
    return Location(_shown(root, frames[-1].filename), line, 1)


def _shown(root: Path, filename) -> str:
    path = Path(str(filename or "templates"))
    return path.relative_to(root).as_posix() if path.is_absolute() and path.is_relative_to(root) else str(path)
