"""Issue 6: a large site's web pages are built by several mkdocs processes at once.

The split must not show: a site built in parts is byte-for-byte the site one mkdocs builds,
and a problem in any part stops the build as it would in one.
"""

import logging

import pytest

from policysite.errors import BuildFailed
from policysite.output import mkdocs_run

from ..helpers import build_site
from .test_incremental import rename, tree


@pytest.fixture
def in_parts(monkeypatch):
    """Force the split whatever the site's size or the machine's cores (3 parts for 4
    schools: one part gets two schools, the others one each)."""
    monkeypatch.setattr(mkdocs_run, "parts_for", lambda schools, cores, making_pdfs: 3)


def test_parts_only_when_they_pay():
    many = mkdocs_run.PARALLEL_FROM
    assert mkdocs_run.parts_for(many, cores=2, making_pdfs=False) == 2
    assert mkdocs_run.parts_for(many, cores=2, making_pdfs=True) == 1  # PDF workers have the cores
    assert mkdocs_run.parts_for(many - 1, cores=2, making_pdfs=False) == 1
    assert mkdocs_run.parts_for(many, cores=1, making_pdfs=False) == 1
    assert mkdocs_run.parts_for(0, cores=2, making_pdfs=False) == 1  # nothing changed


def test_parts_never_outnumber_the_work():
    """64 cores and 12 schools: two parts of 6, not 64 processes building the home page."""
    assert mkdocs_run.parts_for(12, cores=64, making_pdfs=False) == 2
    assert mkdocs_run.parts_for(1000, cores=64, making_pdfs=False) == 64


def test_a_site_built_in_parts_is_the_site_built_whole(project, in_parts, monkeypatch):
    build_site(project, project / "site")
    monkeypatch.setattr(mkdocs_run, "parts_for", lambda schools, cores, making_pdfs: 1)
    build_site(project, project / "whole")  # web pages only, as above: the split is the pages'
    assert tree(project / "site") == tree(project / "whole")


def test_a_rebuild_in_parts_is_the_site_built_whole(project, in_parts, monkeypatch):
    build_site(project, project / "site")
    rename(project, "the-avenue", " (renamed)")
    rename(project, "cambois", " (renamed)")
    build_site(project, project / "site")
    monkeypatch.setattr(mkdocs_run, "parts_for", lambda schools, cores, making_pdfs: 1)
    build_site(project, project / "fresh")
    assert tree(project / "site") == tree(project / "fresh")


def test_a_warning_in_another_part_stops_the_build(project, in_parts, monkeypatch):
    """The Avenue (4th school in order) is built by the second part, in a worker process:
    a warning mkdocs logs there (here from a plugin, as a theme or plugin would) stops the build."""
    build_site(project, project / "site")
    before = tree(project / "site")
    real = mkdocs_run._documents_plugin

    def warning_on_the_avenue(documents):
        plugin = real(documents)
        ours = plugin.on_page_content

        def on_page_content(html, page, config, files):
            if page.file.src_uri.startswith("the-avenue/"):
                logging.getLogger("mkdocs.plugins").warning("a late problem in %s", page.file.src_uri)
            return ours(html, page, config, files)

        plugin.on_page_content = on_page_content
        return plugin

    monkeypatch.setattr(mkdocs_run, "_documents_plugin", warning_on_the_avenue)  # forked workers inherit it
    rename(project, "the-avenue", " (renamed)")
    with pytest.raises(BuildFailed) as failed:
        build_site(project, project / "site")
    messages = [finding.message for finding in failed.value.findings]
    assert any("a late problem in the-avenue/social-media/index.md" in m for m in messages), messages
    assert tree(project / "site") == before
    assert not list(project.glob(".site-build-*"))


def test_jobs_sets_the_processes_a_build_uses(project, monkeypatch):
    """`--jobs 1` on a shared machine: one PDF worker and one mkdocs process."""
    from policysite.output import pdfs, pipeline

    from ..errors_support import run

    seen = {}
    real_parts, real_pool = mkdocs_run.parts_for, pdfs.PdfPool.__init__
    monkeypatch.setattr(
        mkdocs_run,
        "parts_for",
        lambda schools, cores, making_pdfs: seen.setdefault("cores", cores) and real_parts(schools, cores, making_pdfs),
    )
    monkeypatch.setattr(
        pipeline.PdfPool,
        "__init__",
        lambda pool, processes=None: seen.setdefault("pdf_workers", processes) and real_pool(pool, processes),
    )
    code, _, err = run(project, "build", "--jobs", "1")
    assert code == 0, err
    assert seen == {"cores": 1, "pdf_workers": 1}


@pytest.mark.parametrize("value", ["0", "many", "65"])
def test_jobs_must_be_a_small_number(project, value):
    from ..errors_support import run

    code, _, err = run(project, "build", "--jobs", value)
    assert code == 2
    assert "not a number of processes" in err
