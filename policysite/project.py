"""The project: where its folders are and what its settings say, read once.

Every stage and command is handed one Project instead of a root folder, so no stage
rebuilds `root / "templates"` or re-reads mkdocs.yml. As Pelican's read_settings does,
every path is made absolute here, once: a later `chdir` or a relative `--root` changes
nothing. The relative names below are the ones messages show (`file:line:col`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .commands import readability
from .errors import BuildFailed, Finding, has_errors
from .inputs import facts
from .inputs.load import load_inputs
from .output import guard, mkdocs_settings

POLICY = "content/social-media"  # the canonical content, as messages name it
SCHOOLS = "schools"
TEMPLATES = "templates"
MKDOCS_YML = "mkdocs.yml"


@dataclass(frozen=True)
class Project:
    root: Path
    site_dir: Path  # where it really is: guard.location
    content_dir: Path  # root / POLICY
    schools_dir: Path
    templates_dir: Path
    mkdocs_yml: Path
    site_settings: Mapping[str, Any]  # mkdocs.yml, parsed and checked
    reading_target: int  # content/social-media/settings.yml (readability.py)
    platform_ages: facts.PlatformAges | None  # content/platform-ages.yml, None if the project has none
    warnings: tuple[Finding, ...] = field(default=())  # what loading it found, none of them errors

    @property
    def site_name(self) -> str:
        return self.site_settings["site_name"]


def load_project(root: Path, site_dir: Path | None = None) -> tuple[Project | None, list[Finding]]:
    """The project in `root`, its site in `site_dir` (default root/site); None with errors,
    each located in the file that holds it."""
    root = Path(root).resolve()
    templates_dir = root / TEMPLATES
    settings, findings = mkdocs_settings.read_settings(root / MKDOCS_YML, templates_dir / "mkdocs")
    target, problems = readability.read_target(root / readability.SETTINGS_FILE)
    findings += problems
    ages, problems = facts.load_platform_ages(root / facts.AGES_FILE)
    findings += problems
    if settings is None or has_errors(findings):
        return None, findings
    project = Project(
        root=root,
        site_dir=site_location(root, site_dir),
        content_dir=root / POLICY,
        schools_dir=root / SCHOOLS,
        templates_dir=templates_dir,
        mkdocs_yml=root / MKDOCS_YML,
        site_settings=MappingProxyType(settings),
        reading_target=target,
        platform_ages=ages,
        warnings=tuple(findings),
    )
    return project, findings


def site_location(root: Path, site_dir: Path | None) -> Path:
    """The site folder (default root/site) where it really is: guard.location, so a link
    named as the site folder stays a link, to be refused, not followed."""
    return guard.location(site_dir if site_dir is not None else Path(root).resolve() / "site")


def open_project(root: Path, site_dir: Path | None = None) -> Project:
    """load_project for callers that stop on its errors: raises BuildFailed with them."""
    project, findings = load_project(root, site_dir)
    if project is None:
        # Read content/ and schools/ too, so one run reports every problem (mkdocs' way:
        # validate everything, then stop once), not the settings' first and the rest later.
        findings += load_inputs(Path(root).resolve(), POLICY, SCHOOLS)[2]
        raise BuildFailed(tuple(findings))
    return project
