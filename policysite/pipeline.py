"""The build, top to bottom: load, merge, render, emit, check, publish.

Each stage returns frozen objects and findings. Findings are collected; the build aborts
once at the end of a stage that found errors, so every problem of a run is reported
together, and site/ is replaced only after every check passed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import check, emit
from .errors import BuildFailed, Finding, has_errors
from .load import load_content, load_schools
from .merge import merge_school
from .model import OUTPUT_PDFS, Content, RenderedOutput, School
from .paper import Paper
from .render import Templates, render_school

POLICY = "content/social-media"


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    site_dir: Path
    write: bool = True  # False: validate and render only (`build.py check`)


@dataclass(frozen=True)
class BuildResult:
    schools: tuple[School, ...]
    outputs: tuple[RenderedOutput, ...]
    findings: tuple[Finding, ...] = field(default=())


def build(options: BuildOptions) -> BuildResult:
    findings: list[Finding] = []
    content, schools, outputs = prepare(options.root, findings)
    if options.write:
        findings += write_site(options, content, outputs)
    return BuildResult(schools=schools, outputs=outputs, findings=tuple(findings))


def prepare(root: Path, findings: list[Finding]) -> tuple[Content, tuple[School, ...], tuple[RenderedOutput, ...]]:
    """Load, validate, merge and render everything; no file is written."""
    content, problems = load_content(root, POLICY)
    findings += problems
    files, problems = load_schools(root)
    findings += problems
    _abort_if(findings)

    schools = []
    for file in files:
        school, problems = merge_school(content, file)
        findings += problems
        schools.append(school)
    templates = Templates(content)
    findings += templates.findings
    _abort_if(findings)

    outputs: list[RenderedOutput] = []
    for school in schools:
        rendered, problems = render_school(templates, content, school)
        findings += problems
        outputs += rendered
    _abort_if(findings)
    return content, tuple(schools), tuple(outputs)


def write_site(options: BuildOptions, content: Content, outputs: tuple[RenderedOutput, ...]) -> list[Finding]:
    """Write into a staging folder, build with mkdocs, check, then swap into site/."""
    root, templates_dir = options.root, options.root / "templates"
    emit.recover(options.site_dir)
    staging = emit.staging_dir(root, options.site_dir)
    try:
        docs, paper = staging / "docs", Paper(templates_dir)
        printable = []
        for rendered_school in _by_school(outputs):
            printable += emit.write_school_pages(docs, paper, rendered_school)
        for relative, print_html in printable:
            emit.write_pdf(docs, relative, print_html, templates_dir)
        names = _names(outputs)
        emit.write_assets(docs, templates_dir)
        emit.write_home(docs, emit.site_name(root), names)
        config = emit.mkdocs_config(root, staging, names)
        warnings = emit.run_mkdocs(config, build_epoch(outputs))
        findings = [Finding("error", None, f"mkdocs: {message}") for message in warnings]
        findings += check_site(staging / "site", content, outputs)
        _abort_if(findings)
        emit.publish(staging / "site", options.site_dir)
        return findings
    finally:
        emit.discard(staging)


def check_site(site: Path, content: Content, outputs: tuple[RenderedOutput, ...]) -> list[Finding]:
    findings = []
    for rendered in outputs:
        findings += check.check_page(site, content.contract, rendered)
        if rendered.output in OUTPUT_PDFS:
            findings += check.check_pdf(site, content.contract, rendered)
    return findings


def build_epoch(outputs: tuple[RenderedOutput, ...]) -> int:
    """SOURCE_DATE_EPOCH if set, else the newest date the inputs give: never the clock."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    import datetime as dt

    dates = [o.school.data["letter"]["date"] for o in outputs if o.school.data["letter"]["date"]]
    newest = max((d.last_day() for d in dates), default=dt.date(1970, 1, 1))
    return int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.timezone.utc).timestamp())


def _by_school(outputs: tuple[RenderedOutput, ...]) -> list[tuple[RenderedOutput, ...]]:
    groups: dict[str, list[RenderedOutput]] = {}
    for rendered in outputs:
        groups.setdefault(rendered.school.slug, []).append(rendered)
    return [tuple(group) for group in groups.values()]


def _names(outputs: tuple[RenderedOutput, ...]) -> list[tuple[str, str]]:
    return list(dict.fromkeys((o.school.slug, o.school.data["name"]) for o in outputs))


def _abort_if(findings: list[Finding]) -> None:
    if has_errors(findings):
        raise BuildFailed(tuple(findings))
