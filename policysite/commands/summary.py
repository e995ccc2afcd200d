"""`build.py check`: everything the build validates, without writing site/, and a summary.

On top of the pipeline's own checks (load, merge, rules such as overdue reviews, render),
`check` tests each rendered output against the contract, the platform ages schools quote
(facts.py) and the reading grade of what parents read (readability.py), then prints one
row per school and the reviews due soon. Errors stop it (exit 1); with `--strict`,
warnings do too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import Finding
from ..inputs import facts, rules
from ..model import OUTPUTS, Content, RenderedOutput, School
from ..output import check
from ..output.pipeline import BuildOptions, BuildResult
from ..pages.paper import Paper
from ..pages.translate import FRAME, coverage
from . import readability

DUE_WITHIN = dt.timedelta(days=60)


@dataclass(frozen=True)
class CheckResult(BuildResult):
    summary: str = ""


def run_check(result: BuildResult, options: BuildOptions) -> CheckResult:
    """The leads' checks over a `check` build (write=False), on the content and settings it
    loaded (the project's: nothing is read again); raise BuildFailed on errors."""
    project, content, findings = options.project, result.content, list(result.findings)
    today = options.today or dt.date.today()
    present = sections_present(Paper(project.templates_dir), result.outputs)
    findings += [
        f for ids, rendered in present for f in check.missing_sections(rendered, content.contract, ids, "rendered")
    ]
    findings += facts.check_facts(project.platform_ages, result.schools, today)
    # Reading grades and the table are of the English (Flesch–Kincaid is for English);
    # the contract is checked above on every language's outputs.
    english = tuple(rendered for rendered in result.outputs if rendered.language == "en")
    scores, graded = readability.grade_findings(english, project.reading_target)
    findings += graded
    findings = rules.settle(findings, options.strict)  # the end of the run: every warning is in
    shown = [(ids, rendered) for ids, rendered in present if rendered.language == "en"]
    table = summary_table(content, result.schools, shown, scores, findings)
    text = f"{table}\n{legend(project.reading_target)}\n\n{coverage_text(content)}"
    text += due_text(result.schools, today)
    return CheckResult(
        content=content, schools=result.schools, outputs=result.outputs, findings=tuple(findings), summary=text
    )


def sections_present(paper: Paper, outputs: tuple[RenderedOutput, ...]) -> list[tuple[set[str], RenderedOutput]]:
    """(ids on the page, output) per output: its rendered sections plus the frame's own ids
    (letterhead, letter-date, greeting, sign-off, reply-slip, declaration)."""
    return [(ids_of(rendered) | frame_ids(paper, rendered), rendered) for rendered in outputs]


def ids_of(rendered: RenderedOutput) -> set[str]:
    return {section.id for section in rendered.sections}


def frame_ids(paper: Paper, rendered: RenderedOutput) -> set[str]:
    head, intro, after = paper.parts(rendered)
    return set(check.ID_ATTRIBUTE.findall("\n".join(head + intro + after)))


def coverage_text(content: Content) -> str:
    """Per language and document, how many units its catalogue translates; "" without any.
    The catalogues as the build read and checked them (Content.catalogues)."""
    catalogues = content.catalogues
    if not catalogues:
        return ""
    headers = ["language", "document", "translated", "fuzzy", "missing"]
    rows = [
        [f"{code} ({catalogues[code].language.english})", name, str(c.translated), str(c.fuzzy), str(c.missing)]
        for code in sorted(catalogues)
        for name, c in coverage(content, catalogues[code]).items()
    ]
    legend = (
        "translated: units shown in the language; fuzzy: shown in English, their English changed "
        f"since translated; missing: shown in English, not translated. {FRAME}: the letter frame's "
        "and page chrome's strings."
    )
    return f"Translations:\n{text_table(headers, rows)}\n{legend}\n\n"


def reviews_due(schools: tuple[School, ...], today: dt.date) -> list[tuple[School, dt.date]]:
    """Schools whose review date falls in the next 60 days (overdue ones are warnings)."""
    due = []
    for school in schools:
        review_on = school.data["document_control"].get("review_on")
        if review_on and today <= review_on.last_day() <= today + DUE_WITHIN:
            due.append((school, review_on.last_day()))
    return sorted(due, key=lambda item: (item[1], item[0].slug))


def due_text(schools: tuple[School, ...], today: dt.date) -> str:
    due = reviews_due(schools, today)
    head = f"Reviews due in the next {DUE_WITHIN.days} days (from {today.isoformat()}):"
    if not due:
        return head + " none."
    rows = [
        f"  {school.slug}: review_on {school.data['document_control']['review_on'].as_written()}, "
        f"in {(day - today).days} day(s)"
        for school, day in due
    ]
    return "\n".join([head, *rows])


def summary_table(content: Content, schools: tuple[School, ...], present, scores, findings: list[Finding]) -> str:
    grades = {(s.slug, s.output): f"{s.grade:.1f}" for s in scores}
    counts = {}
    for ids, rendered in present:
        required = content.contract.required[rendered.output]
        counts[(rendered.school.slug, rendered.output)] = f"{len([i for i in required if i in ids])}/{len(required)}"
    headers = ["school", "outputs", *OUTPUTS, "grade: policy", "grade: letter", "warnings"]
    rows = []
    for school in schools:
        made = [o for o in OUTPUTS if (school.slug, o) in counts]
        warned = sum(1 for f in set(findings) if f.level == "warning" and f.location and f.location.path == school.path)
        rows.append(
            [
                school.slug,
                str(len(made)),
                *(counts.get((school.slug, o), "-") for o in OUTPUTS),
                grades.get((school.slug, "policy"), "-"),
                grades.get((school.slug, "letter"), "-"),
                str(warned),
            ]
        )
    return text_table(headers, rows)


def legend(target: int) -> str:
    return (
        "policy, letter, staff-code: required sections present / required by the contract.\n"
        f"grade: Flesch–Kincaid reading grade; the federation's target is {target} "
        f"({readability.SETTINGS_FILE}).\n"
        "warnings: warnings that point into the school's file."
    )


def text_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = [headers, ["-" * w for w in widths], *rows]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines)
