"""mkdocs.yml: read once (project.py) and checked, with mkdocs' own validation too, so
`check` finds what `build` would trip on, each problem at its line."""

from __future__ import annotations

import copy
import re
import tempfile
from pathlib import Path
from typing import Any

from ..errors import Finding, Location, error, has_errors
from ..inputs.yamlread import read_yaml, where_in
from . import sitemap
from .mkdocs_run import config_values

# Settings mkdocs-material prints into every page without escaping them: the header's
# aria-label, <meta content="...">, the footer (as HTML), and tooltips it builds as HTML.
THEME_PRINTS_AS_HTML = ("site_name", "site_description", "site_author", "copyright")


def read_settings(path: Path, custom_dir: Path) -> tuple[dict[str, Any] | None, list[Finding]]:
    """mkdocs.yml holds the site's name and theme; a lead may edit it, or lose the file.
    Read once (project.py), and checked with mkdocs' own validation, so `check` finds what
    `build` would trip on; None with errors. `custom_dir`: our theme overrides."""
    if not path.is_file():
        return None, [
            error(
                Location("mkdocs.yml"),
                "mkdocs.yml is missing: it holds the site's name and theme",
                "Put it back from git (`git checkout mkdocs.yml`), or copy it from another project.",
            )
        ]
    data, locations, findings = read_yaml(path, "mkdocs.yml")
    if has_errors(findings):
        return None, findings
    if not isinstance(data, dict):
        return None, [
            error(
                Location("mkdocs.yml", 1, 1),
                "mkdocs.yml should be a group of `key: value` lines",
                "Put it back from git (`git checkout mkdocs.yml`).",
            )
        ]
    where = where_in(locations, "mkdocs.yml")
    name = data.get("site_name")
    if not isinstance(name, str) or not name.strip():
        findings.append(
            error(
                Location("mkdocs.yml", 1, 1),
                "mkdocs.yml does not give the site a name",
                "Add a line such as `site_name: Our schools' policies`.",
            )
        )
    theme = data["theme"] if isinstance(data.get("theme"), dict) else {}
    if "logo" in theme:
        findings.append(_theme_logo(where))
    printed = [((key,), data.get(key)) for key in THEME_PRINTS_AS_HTML]
    for keys, value in [*printed, (("theme", "favicon"), theme.get("favicon"))]:
        if isinstance(value, str) and re.search(r'[<>"]', value):
            findings.append(
                error(
                    where(keys),
                    f"mkdocs.yml: `{'.'.join(keys)}` can't hold <, > or \"",
                    "Write it as plain text: the theme puts it into every page as it is "
                    "written, in attributes and tooltips too.",
                )
            )
    findings += sitemap.check_site_url(data, where)
    if "markdown_extensions" in data:
        findings.append(
            error(
                where(("markdown_extensions",), key=True),
                "mkdocs.yml: `markdown_extensions` are not used by policysite",
                "policysite renders every page with one Markdown renderer and a sanitiser "
                "(docs/security.md); remove the `markdown_extensions:` block.",
            )
        )
    if not has_errors(findings):
        findings += _mkdocs_validation(custom_dir, data, where)
    return (None if has_errors(findings) else data), findings


def _theme_logo(where) -> Finding:
    """theme.logo would be one logo for every school, and a wrong path a broken image
    without a word: the header shows each school's logo from its own file instead."""
    return error(
        where(("theme", "logo"), key=True),
        "mkdocs.yml: `theme.logo` is not used by policysite",
        "Remove this line, and set `logo:` in content/social-media/defaults.yml (the "
        "federation's logo, shown on every school without its own, and the browser tab's icon) "
        "or in a school's file (docs/school-files.md).",
    )


def _mkdocs_validation(custom_dir: Path, settings: dict, where) -> list[Finding]:
    """mkdocs' own checks (theme, plugins, every other setting), each at its key's line."""
    from mkdocs.config.defaults import MkDocsConfig

    with tempfile.TemporaryDirectory(prefix="policysite-check-") as folder:
        staging = Path(folder)
        loaded = MkDocsConfig(config_file_path=str(staging / "mkdocs.yml"))
        # A copy: mkdocs' validation takes each plugin's options out of the mapping it is
        # given (`- search: {lang: en}` came back `{}`), and the build uses `settings` again.
        loaded.load_dict(config_values(copy.deepcopy(settings), custom_dir, staging, "site"))
        errors: list[tuple[str, Exception | str]]
        try:
            errors, warnings = loaded.validate()  # type: ignore[assignment]  # ours may hold a message
        except Exception as exc:  # noqa: BLE001 - a plugin that fails as it loads: still the settings' problem
            errors, warnings = [("plugins", f"{type(exc).__name__}: {exc}")], []
    findings = []
    for key, problem in [*errors, *warnings]:
        place = where((key,), key=True) if key in settings else Location("mkdocs.yml", 1, 1)
        findings.append(
            error(
                place,
                f"mkdocs.yml: `{key}`: {problem}",
                "Check the spelling against mkdocs' and mkdocs-material's documentation, "
                "or put the line back from git.",
            )
        )
    return findings
