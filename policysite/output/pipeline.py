"""The build, top to bottom: load, merge, render, emit, check, publish.

Each stage returns frozen objects and findings. Findings are collected; the build aborts
once at the end of a stage that found errors, so every problem of a run is reported
together, and site/ is replaced only after every check passed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from ..errors import BuildFailed, Finding, has_errors
from ..inputs import advice, approval, history, rules
from ..inputs.catalogue import Catalogue
from ..inputs.fields import LAST_YEAR
from ..inputs.load import load_inputs
from ..inputs.merge import merge_school
from ..model import Content, RenderedOutput, School, output_folder
from ..pages import drift, home, markup, shell, sitepages, translate
from ..pages.markup import Page
from ..pages.paper import Paper, plain_title
from ..pages.render import compile_templates, render_school
from ..pages.templatecheck import check_templates
from ..project import POLICY, SCHOOLS, Project
from . import check, emit, guard, incremental, mkdocs_run, search, sitemap
from .pdfs import PdfJob, PdfPool, logo_table, workers

RENDERING, WRITING = "Rendering schools", "Writing pages and PDFs"  # progress stages
PDFS = "Making PDFs"  # announced once the PDF workers run (tests kill a build there)
_AFTER_LAST_YEAR = int(dt.datetime(LAST_YEAR + 1, 1, 1, tzinfo=dt.UTC).timestamp())


@dataclass(frozen=True)
class BuildOptions:
    project: Project  # its folders, the site folder and its settings (project.py)
    write: bool = True  # False: validate and render only (`build.py check`)
    pdfs: bool = True  # False: web pages only, for quick previews (`--no-pdf`)
    today: dt.date | None = None  # for the review-date warning; None: the clock's date
    strict: bool = False  # warnings are errors (rules.settle); `check` (write=False) settles at its own end
    jobs: int = field(default_factory=workers)  # processes: PDF workers, mkdocs parts (`--jobs`)
    progress: Callable[[str, int, int | None], None] | None = None  # (stage, done, total): progress.py


@dataclass(frozen=True)
class BuildResult:
    content: Content  # as the build loaded it: `check` reads it from here, not from disk again
    schools: tuple[School, ...]
    outputs: tuple[RenderedOutput, ...]
    findings: tuple[Finding, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())  # said once after a build, not findings: sitemap.note


def build(options: BuildOptions) -> BuildResult:
    findings: list[Finding] = []
    content, schools, outputs = prepare(options.project, findings, today=options.today, progress=options.progress)
    if options.write:
        rules.settle(findings, options.strict)  # the warnings so far; write_site settles its own
        _tick(options.progress, WRITING, 0, None)
        findings += write_site(options, content, schools, outputs)
        _tick(options.progress, WRITING, 1, 1)
    note = sitemap.note(options.project.site_settings) if options.write else None
    notes = (note,) if note else ()
    return BuildResult(content=content, schools=schools, outputs=outputs, findings=tuple(findings), notes=notes)


def prepare(
    project: Project, findings: list[Finding], *, today: dt.date | None = None, progress=None
) -> tuple[Content, tuple[School, ...], tuple[RenderedOutput, ...]]:
    """Load, validate, merge and render everything; no file is written. Errors stop it;
    warnings (the project's own first) are left in `findings` for the caller to settle
    (rules.settle) with `--strict`."""
    findings += project.warnings
    content, files, problems = load_inputs(project.root, POLICY, SCHOOLS)
    findings += problems + rules.check_schools(files, today, content)  # content: its defaults' dates
    _abort_if(findings)
    assert content is not None  # None only with an error, raised just above

    merged = [merge_school(content, file) for file in files]
    findings += [problem for _, problems in merged for problem in problems]
    templates = compile_templates(content)
    findings += templates.findings
    _abort_if(findings)
    schools = [school for school, _ in merged if school is not None]  # None only with an error
    findings += advice.advise(files, schools)  # warnings that need the merged values: advice.py
    commits, problems = history.git_commits(project.root)  # git is asked once a run
    schools = history.add_versions(schools, commits)  # document_control.versions
    findings += problems + approval.reapproval_warnings(schools, commits)
    catalogues, problems = translate.read_languages(project.root, schools)  # languages need their .po
    findings += problems
    content = replace(content, catalogues=MappingProxyType(catalogues))  # read once a run

    outputs: list[RenderedOutput] = []
    _tick(progress, RENDERING, 0, len(schools))
    for done, school in enumerate(schools, start=1):
        rendered, problems = render_school(templates, content, school)
        findings += problems
        outputs += rendered
        _tick(progress, RENDERING, done, len(schools))
    # after every English output, so `samples` and the English order stay as they were
    outputs += translate.render_languages(content, schools, catalogues, findings)
    samples, address = tuple(outputs[: len(content.documents)]), sitemap.site_url(project.site_settings)
    findings += check_templates(project.root, project.templates_dir, samples, address, catalogues)
    findings += sitepages.site_pages(project.root, content, project.site_name)[1]  # written by site_documents
    _abort_if(findings)
    return content, tuple(schools), tuple(outputs)


def write_site(
    options: BuildOptions, content: Content, schools: tuple[School, ...], outputs: tuple[RenderedOutput, ...]
) -> list[Finding]:
    """Write into a staging folder, build with mkdocs, check, then swap into site/.

    Only what changed since the previous site/ is rendered (see incremental.py); PDFs are
    made in worker processes while mkdocs runs, and with no PDFs to make a large site's
    pages are split between mkdocs processes (mkdocs_run.py)."""
    project = options.project
    templates_dir, site_dir = project.templates_dir, project.site_dir
    staging = _claim(project.root, site_dir)
    pool = None
    try:
        pool = PdfPool(options.jobs)  # inside the try: a pool that fails to start must release the lock
        (papers, pages), site = composed_pages(project, outputs, content.catalogues), staging / "site"
        page_keys, pdf_keys = _keys(project, papers, pages, content)
        build_plan = incremental.plan(site_dir, page_keys, pdf_keys if options.pdfs else {})
        for job in _pdf_jobs(papers, content, pages, build_plan, staging / "pdf", templates_dir):
            pool.submit(job)
        _pdf_progress(options.progress, build_plan.build_pdfs, finished=False)
        shared = site_documents(project, content, schools, outputs)
        by_school = _school_documents(papers, pages, build_plan.build_pages)
        parts = mkdocs_run.parts_for(len(by_school), options.jobs, making_pdfs=bool(build_plan.build_pdfs))
        epoch = build_epoch(outputs)
        built = mkdocs_run.build_site(project, staging, epoch, shared, by_school, parts, content.federation)
        findings = [Finding("error", None, f"mkdocs: {message}") for message in built.warnings]
        findings += [
            problem
            for rendered in outputs
            if _folder(rendered) in build_plan.build_pages
            for problem in check.check_page(site, content.contract, rendered)
        ]
        findings += pool.results()
        _pdf_progress(options.progress, build_plan.build_pdfs, finished=True)
        rules.settle(findings, options.strict)  # before anything reaches site/
        emit.move_tree(staging / "pdf", site)
        incremental.reuse_previous(site_dir, site, build_plan.reuse)
        search.write_indexes(site, built.search_indexes, schools, build_plan.build_pages)
        sitemap.write_sitemap(site, project.site_settings, schools, source_date_epoch())
        incremental.write_manifest(site, build_plan)
        emit.publish(site, site_dir)
        return findings
    finally:
        if pool is not None:
            pool.close()
        emit.discard(staging)


def site_documents(
    project: Project, content: Content, schools: tuple[School, ...], outputs: tuple[RenderedOutput, ...]
) -> dict[str, str | bytes | Page]:
    """The site's own pages and our assets (every logo too), by their place in the docs tree."""
    differences = markup.page_html(drift.federation_markdown(content, schools, outputs))
    statements = sitepages.site_pages(project.root, content, project.site_name)[0]  # its findings: prepare's
    ours = emit.assets(project.templates_dir) | shell.logo_files(content.federation, schools) | statements
    return ours | {
        "index.md": Page(meta=(), body=home.home_page(project.site_name, schools)),  # titled by the site navigation
        emit.DIFFERENCES_PAGE: Page(meta=emit.DIFFERENCES_META, body=differences),
    }


def composed_pages(
    project: Project, outputs: tuple[RenderedOutput, ...], catalogues: Mapping[str, Catalogue]
) -> tuple[dict[str, Paper], list[tuple[RenderedOutput, Page]]]:
    """Each language's Paper, and every output's page as its language's Paper composes it,
    with the school's languages for the switcher and the site templates' words in the page's
    language (emit.with_site_meta): what the keys hash. A Paper for each language of the
    outputs lays out its frame, labels and dates in that language, from the catalogues
    prepare read (Content.catalogues): the pages and their text from one reading of a .po."""
    address = sitemap.site_url(project.site_settings)
    languages = sorted({rendered.language for rendered in outputs} - {"en"})
    papers = {"en": Paper(project.templates_dir, address)}
    papers |= {code: Paper(project.templates_dir, address, catalogues[code]) for code in languages}
    labels = emit.site_labels(project.templates_dir, {code: catalogues[code] for code in languages})
    return papers, [(r, emit.with_site_meta(papers[r.language].page(r), r, labels)) for r in outputs]


def _folder(rendered: RenderedOutput) -> str:
    """The output's page group (incremental.py): its school's folder for its language."""
    return output_folder(rendered.school.slug, rendered.language)


def _school_documents(
    papers: dict[str, Paper], pages: list[tuple[RenderedOutput, Page]], rebuild: frozenset
) -> dict[str, dict[str, Page]]:
    """The pages to rebuild, by school (each school's in one mkdocs part), by their place in
    the docs tree, drawn (QR codes). `rebuild`: the page groups' folders."""
    by_school: dict[str, dict[str, Page]] = {}
    for rendered, page in pages:
        if _folder(rendered) in rebuild:
            drawn = papers[rendered.language].drawn_page(rendered, page)
            by_school.setdefault(rendered.school.slug, {})[emit.page_source(rendered)] = drawn
    return by_school


def _keys(
    project: Project, papers: dict[str, Paper], pages: list[tuple[RenderedOutput, Page]], content: Content
) -> tuple[dict, dict]:
    """One key for each page group (a school's pages in one language), one per PDF: see
    incremental.py. The contract's required ids are part of each: only pages the build makes
    are checked against it, so a page kept from the previous site must have been checked
    against the same contract.
    So is the favicon (the federation's logo): every page prints it, outside its front matter."""
    toolchain, contract = incremental.toolchain_key(project), content.contract
    favicon = shell.favicon(content.federation)
    page_parts: dict[str, list[str]] = {}
    pdf_keys = {}
    for rendered, page in pages:
        required = "required: " + " ".join(contract.required[rendered.output])
        name, markdown = rendered.school.data["name"], required + "\n" + page.source() + page.body.html
        page_parts.setdefault(_folder(rendered), [toolchain, favicon or "", name]).append(markdown)
        if emit.has_pdf(rendered):  # + its footer (version, date, "Page n of m") in its language
            footer = papers[rendered.language].footer_key(rendered)
            printed = page.print_body().html  # the policy's PDF has the letterhead its page lacks
            pdf_keys[emit.pdf_path(rendered)] = incremental.key_of(toolchain, "pdf", name, markdown, printed, footer)
    return {folder: incremental.key_of(*parts) for folder, parts in page_parts.items()}, pdf_keys


def _pdf_jobs(papers: dict[str, Paper], content: Content, pages, build_plan, folder: Path, templates_dir: Path):
    for rendered, page in pages:
        relative = emit.pdf_path(rendered) if emit.has_pdf(rendered) else None
        if relative is None or relative not in build_plan.build_pdfs:
            continue
        school = rendered.school
        print_html, base_url, logos = print_inputs(papers[rendered.language], rendered, page, templates_dir)
        yield PdfJob(
            target=str(emit.safe_join(folder, relative)),
            print_html=print_html,
            base_url=base_url,
            logos=logos,
            school_path=school.path,
            label=f"{school.slug}: {relative}",
            required_ids=content.contract.required[rendered.output],
            contract_location=content.contract.locations[rendered.output],
            expected_text=(school.data["name"], *(plain_title(s.title) for s in rendered.sections)),
        )


def print_inputs(paper: Paper, rendered: RenderedOutput, page: Page, templates_dir: Path) -> tuple[str, str, tuple]:
    """What WeasyPrint is given to print an output: its standalone HTML, the folder its
    files load from, and its logo. The build's PDFs and `letters`' named copies alike."""
    logos = logo_table(rendered.school.data.get("logo"))
    return paper.print_html(rendered, page.print_body()), str(templates_dir), logos


def _claim(root: Path, site_dir: Path) -> Path:
    """Refuse a site folder a build must not replace (guard.py), wait for any other build
    of the same site, clear what killed builds of it left beside it, then make this
    build's staging folder. `emit.discard(staging)` ends the claim."""
    guard.check_site_dir(root, site_dir)  # before anything is made, even the lock file
    lock = guard.lock_site(site_dir)
    try:
        guard.check_site_dir(root, site_dir)  # again: it may have changed while we waited
        for stale in guard.finished_builds(site_dir):
            emit.recover(stale, site_dir)
            emit.discard(stale)
        return emit.staging_dir(site_dir, lock)
    except BaseException:
        guard.unlock(lock)
        raise


def build_epoch(outputs: tuple[RenderedOutput, ...]) -> int:
    """SOURCE_DATE_EPOCH if set, else the newest letter or approval date the inputs give
    (the first second of its last day; 1970 when no school has one): never the clock."""
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    dated = ("approved_on", "published_on")  # a school may give only a publication date (Heathfields)
    given = ((o.school.data["letter"]["date"], *map(o.school.data["document_control"].get, dated)) for o in outputs)
    newest = max((d.last_day() for dates in given for d in dates if d), default=dt.date(1970, 1, 1))
    return int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC).timestamp())


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH, when it is set to a number of seconds."""
    if not re.fullmatch(r"[0-9]+", os.environ.get("SOURCE_DATE_EPOCH", "")):
        return None
    epoch = int(os.environ["SOURCE_DATE_EPOCH"])
    if epoch >= _AFTER_LAST_YEAR:  # like a policy date (types.py): past 2106, archive dates overflow
        raise BuildFailed(
            (
                Finding(
                    "error",
                    None,
                    f"SOURCE_DATE_EPOCH is {epoch}, after the year {LAST_YEAR}",
                    "Set it to a time up to the end of that year (seconds since 1970), "
                    "or unset it: the site is then dated from its inputs.",
                ),
            )
        )
    return epoch


def _pdf_progress(progress, pdfs: frozenset, finished: bool) -> None:
    if pdfs:  # a build with none to make has no such stage
        _tick(progress, PDFS, len(pdfs) if finished else 0, len(pdfs))


def _tick(progress, stage: str, done: int, total: int | None) -> None:
    if progress is not None:
        progress(stage, done, total)


def _abort_if(findings: list[Finding]) -> None:
    if has_errors(findings):
        raise BuildFailed(tuple(findings))
