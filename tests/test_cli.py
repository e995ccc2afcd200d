"""The three ways to run the command line run the same main: build.py, `python -m policysite`
and the `policysite` script that installing the package makes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .helpers import ROOT

SCRIPT = Path(sys.executable).parent / "policysite"  # [project.scripts], installed beside python


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([*command], cwd=ROOT, capture_output=True, text=True, check=False)


def test_python_dash_m_and_the_script_print_what_build_py_prints():
    expected = _run(sys.executable, "build.py", "schema")
    assert expected.returncode == 0 and "| `name` |" in expected.stdout
    for command in ([sys.executable, "-m", "policysite"], [str(SCRIPT)]):
        ran = _run(*command, "schema")
        assert (ran.returncode, ran.stdout) == (0, expected.stdout), command


def test_python_dash_m_passes_main_s_exit_code_on():
    ran = _run(sys.executable, "-m", "policysite", "--no-such-option")
    assert ran.returncode == 2 and "unrecognized arguments" in ran.stderr
