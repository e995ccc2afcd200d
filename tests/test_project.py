"""project.py: one Project, its paths made absolute and its settings read once, handed to
every stage; `--root` is the current folder unless given."""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
from dataclasses import fields
from pathlib import Path

from policysite.cli import main
from policysite.inputs import load
from policysite.output import incremental, mkdocs_settings
from policysite.project import Project, load_project, open_project

from .errors_support import TODAY


def test_every_path_is_made_absolute_once(mini_project, monkeypatch):
    root = mini_project("name: Mini School\n")
    monkeypatch.chdir(root.parent)  # a relative --root and --site-dir, as typed
    project, findings = load_project(Path(root.name), Path(root.name) / "out")
    assert project is not None and findings == []
    paths = {f.name: getattr(project, f.name) for f in fields(Project) if isinstance(getattr(project, f.name), Path)}
    assert set(paths) == {"root", "site_dir", "content_dir", "schools_dir", "templates_dir", "mkdocs_yml"}
    assert all(path.is_absolute() for path in paths.values()), paths
    real = root.resolve()
    assert project.root == real and project.site_dir == real / "out"
    assert project.content_dir == real / "content" / "social-media" and project.templates_dir == real / "templates"
    assert project.site_name == "Our schools' policies"  # from mkdocs.yml, parsed


def test_a_missing_mkdocs_yml_is_a_located_finding(mini_project):
    root = mini_project("name: Mini School\n")
    (root / "mkdocs.yml").unlink()
    project, findings = load_project(root)
    assert project is None
    assert [(f.level, str(f.location), f.message) for f in findings] == [
        ("error", "mkdocs.yml", "mkdocs.yml is missing: it holds the site's name and theme")
    ]


def test_a_broken_mkdocs_yml_is_a_finding_at_its_line(mini_project):
    root = mini_project("name: Mini School\n")
    (root / "mkdocs.yml").write_text("theme:\n  name: material\nsite_name: [Our schools\n", encoding="utf-8")
    project, findings = load_project(root)
    assert project is None
    assert [f.level for f in findings] == ["error"]
    assert str(findings[0].location).startswith("mkdocs.yml:4:") and "expected ',' or ']'" in findings[0].message


def test_a_bad_reading_target_is_a_finding_of_the_project(mini_project):
    root = mini_project("name: Mini School\n")
    (root / "content" / "social-media" / "settings.yml").write_text("reading_grade_target: 30\n", encoding="utf-8")
    project, findings = load_project(root)
    assert project is None
    assert [str(f.location) for f in findings] == ["content/social-media/settings.yml:1:23"]


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_root_defaults_to_the_current_folder(mini_project, tmp_path, monkeypatch):
    root = mini_project("name: Mini School\n")
    monkeypatch.chdir(root)
    code, out, err = _cli("check", "--today", TODAY)
    assert code == 0, err
    assert "Checked 1 school(s)" in out and "mini" in out  # this folder's one school, not the repository's

    empty = tmp_path / "not-a-project"
    empty.mkdir()
    monkeypatch.chdir(empty)
    code, _, err = _cli("check", "--today", TODAY)
    assert code == 1 and "mkdocs.yml: error: mkdocs.yml is missing" in err


def _count_calls(monkeypatch, module, name: str) -> list[tuple]:
    """Wrap `module.name` in every policysite module that imported it, counting the calls."""
    real, calls = getattr(module, name), []

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    for loaded in list(sys.modules.values()):
        if (loaded.__name__ or "").startswith("policysite") and getattr(loaded, name, None) is real:
            monkeypatch.setattr(loaded, name, counted)
    return calls


def test_check_reads_the_content_and_the_settings_once(mini_project, monkeypatch):
    root = mini_project("name: Mini School\n")
    contents = _count_calls(monkeypatch, load, "load_content")
    settings = _count_calls(monkeypatch, mkdocs_settings, "read_settings")
    code, _, err = _cli("check", "--root", str(root), "--today", TODAY)
    assert code == 0, err
    assert len(contents) == 1 and len(settings) == 1


def _package_copy(destination: Path) -> Path:
    shutil.copytree(incremental.PACKAGE, destination, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


def test_a_change_in_a_nested_module_changes_the_toolchain_key(mini_project, tmp_path):
    """Sub-packages are code too: a key blind to them would serve a site built by old code."""
    project = open_project(mini_project("name: Mini School\n"))
    package = _package_copy(tmp_path / "policysite")
    nested = package / "site" / "inner" / "writer.py"
    nested.parent.mkdir(parents=True)
    nested.write_text("MARK = 1\n", encoding="utf-8")
    before = incremental.toolchain_key(project, package)
    assert incremental.toolchain_key(project, package) == before  # the same code, the same key
    nested.write_text("MARK = 2\n", encoding="utf-8")
    assert incremental.toolchain_key(project, package) != before


def test_a_broken_setting_and_a_broken_school_are_reported_in_one_run(tmp_path):
    """The settings are read first, but a problem there does not hide the schools' own:
    one run lists every problem, as the bad-input rule asks."""
    from .errors_support import finding, make_project, run

    project = make_project(tmp_path / "project", {"broken": "name: [Broken\n"})
    settings = project / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("  - search", "  - serch"), encoding="utf-8")
    code, _, err = run(project, "build")
    assert code == 1
    assert 'The "serch" plugin is not installed' in err
    finding(err, "schools/broken.yml:2:1", "error", "")
    assert not (project / "site").exists()
