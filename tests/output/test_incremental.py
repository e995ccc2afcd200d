"""Rebuilding only what changed gives exactly the site a full build gives, never a stale one."""

from pathlib import Path

from policysite.output import incremental
from policysite.output.pipeline import _keys, composed_pages, prepare
from policysite.project import open_project

from ..helpers import build_site, reproducible_env


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def current_plan(root: Path, site: Path) -> incremental.Plan:
    with reproducible_env():
        project = open_project(root)
        content, _, outputs = prepare(project, [])
    return incremental.plan(site, *_keys(project, *composed_pages(project, outputs, content.catalogues), content))


def rename(root: Path, slug: str, suffix: str) -> None:
    path = root / "schools" / f"{slug}.yml"
    text = path.read_text(encoding="utf-8")
    name_line = next(line for line in text.splitlines() if line.startswith("name:"))
    path.write_text(text.replace(name_line, name_line + suffix), encoding="utf-8")


def test_rebuild_after_one_change_equals_a_full_build(project):
    build_site(project, project / "site", pdfs=True)
    rename(project, "cambois", " (renamed)")
    build_site(project, project / "site", pdfs=True)
    build_site(project, project / "fresh", pdfs=True)
    assert tree(project / "site") == tree(project / "fresh")
    assert b"Cambois Primary School (renamed)" in (project / "site/cambois/social-media/index.html").read_bytes()


def test_nothing_changed_means_nothing_is_rendered(project):
    build_site(project, project / "site", pdfs=True)
    plan = current_plan(project, project / "site")
    assert plan.build_pages == frozenset() and plan.build_pdfs == frozenset()
    # each school's 3 pages, its search index and 3 PDFs; and cumbria-futures' in Polish and
    # Urdu (schools/cumbria-futures.yml `languages`): 3 pages, a search index and the letter's PDF
    assert len(plan.reuse) == 4 * (3 + 1 + 3) + 2 * (3 + 1 + 1)


def test_one_school_changed_renders_only_that_school(project):
    build_site(project, project / "site", pdfs=True)
    rename(project, "the-avenue", " (renamed)")
    plan = current_plan(project, project / "site")
    assert plan.build_pages == {"the-avenue/social-media/"}
    assert plan.build_pdfs == {
        "the-avenue/social-media/policy.pdf",
        "the-avenue/social-media/parent-letter.pdf",
        "the-avenue/social-media/staff-code.pdf",
    }


def test_a_template_change_renders_everything_again(project):
    build_site(project, project / "site", pdfs=True)
    css = project / "templates/print/pdf.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    plan = current_plan(project, project / "site")
    assert len(plan.build_pages) == 4 + 2 and len(plan.build_pdfs) == 12 + 2  # + cumbria-futures' pl and ur


def test_a_missing_output_is_rendered_again_not_trusted(project):
    build_site(project, project / "site", pdfs=True)
    (project / "site/cambois/social-media/staff-code.pdf").unlink()
    (project / "site/the-avenue/social-media/parent-letter/index.html").unlink()
    plan = current_plan(project, project / "site")
    assert plan.build_pdfs == {"cambois/social-media/staff-code.pdf"}
    assert plan.build_pages == {"the-avenue/social-media/"}
    build_site(project, project / "site", pdfs=True)
    assert (project / "site/cambois/social-media/staff-code.pdf").is_file()
    assert (project / "site/the-avenue/social-media/parent-letter/index.html").is_file()


def test_a_new_letter_date_renders_only_that_letter_pdf(project):
    """The date is in the letter alone: the school's pages are made again, but of its PDFs
    only the letter (the policy's and the staff code's are kept)."""
    build_site(project, project / "site", pdfs=True)
    path = project / "schools" / "the-avenue.yml"
    path.write_text(path.read_text(encoding="utf-8") + "letter:\n  date: 2024-03-01\n", encoding="utf-8")
    plan = current_plan(project, project / "site")
    assert plan.build_pages == {"the-avenue/social-media/"}
    assert plan.build_pdfs == {"the-avenue/social-media/parent-letter.pdf"}
