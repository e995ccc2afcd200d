"""Fixtures: the real repo built once per session, and tiny throwaway projects."""

from __future__ import annotations

from pathlib import Path

import pytest

from .errors_support import seed_copy
from .helpers import ROOT, build_site, mini_copy


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> tuple[Path, object]:
    """The real content/ and schools/ built into a temporary site folder: (site, BuildResult).

    Built in helpers.reproducible_env: the engine dates the site from its inputs.
    """
    site = tmp_path_factory.mktemp("real") / "site"
    result = build_site(ROOT, site, pdfs=True)  # the PDF tests read its PDFs
    return site, result


@pytest.fixture
def project(tmp_path) -> Path:
    """errors_support.seed_copy with its own templates/ (copied, not linked), to change."""
    return seed_copy(tmp_path, own_templates=True)


@pytest.fixture
def office(tmp_path) -> Path:
    """The office's own folder, outside the project: where a pupil list and its PDF belong."""
    folder = tmp_path / "Documents"
    folder.mkdir()
    return folder


@pytest.fixture
def mini_project(tmp_path):
    """A factory: mini_project(school_yaml, slug="mini") -> project root.

    The root holds tests/fixtures/mini/ as content/social-media/, the school text as
    schools/<slug>.yml (pass a dict {slug: text} for several schools), the repo's
    templates/ (symlinked) and a copy of mkdocs.yml.
    """
    made = iter(range(1000))

    def make(school: str | dict[str, str], slug: str = "mini") -> Path:
        return mini_copy(tmp_path / f"project-{next(made)}", school if isinstance(school, dict) else {slug: school})

    return make
