"""Issue 10: inputs that crashed a build (exit 3) or slipped through to the pages are located
errors of `build` too: exit 1, the file, line and column, and the previous site/ as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from policysite.inputs.load import RESERVED_SLUGS, school_files
from tests.errors_support import build_command, finding, make_project, run, staging_leftovers, tree_hash


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("built") / "project")
    code, _, err = run(project, "build", "--no-pdf")  # the hostile builds below make PDFs
    assert code == 0, err
    return project


@pytest.fixture
def project(built, tmp_path) -> Path:
    """A copy of the built project, site/ included, to break."""
    return Path(shutil.copytree(built, tmp_path / "project", symlinks=True))


def _link_outside(project: Path) -> None:
    outside = project.parent / "shadow"
    outside.write_text("root:SECRET-LINE:0:0\n", encoding="utf-8")
    (project / "schools" / "evil.yml").symlink_to(outside)


CASES = {  # id: (school files, or a function that breaks the project; where; message)
    # Exit 3 before: the gzip header holds the page's date in 32 bits, which end in 2106.
    "year-2205": (
        {"evil": "name: Evil\ndocument_control:\n  approved_on: 2205-09-01\n"},
        "schools/evil.yml:3:16",
        "is in the year 2205; policy dates must be from 1990 to 2099",
    ),
    # Exit 3 before: UnicodeEncodeError writing the page.
    "lone-surrogate-in-a-value": ({"evil": 'name: "Oak\\ud800"\n'}, "schools/evil.yml:1:7", "U+D800"),
    # Before: the message carried the surrogate; anything but stderr's backslashreplace would fail to print it.
    "lone-surrogate-in-a-key": (
        {"evil": '"k\\ud800": 1\nname: Evil\n'},
        "schools/evil.yml:1:1",
        "the field name `k\ufffd` contains U+D800",
    ),
    # Passed before: an <h1> on the letter, the home page and the policy page.
    "carriage-return-in-name": (
        {"evil": 'name: "Oak\\r# Headline"\n'},
        "schools/evil.yml:1:7",
        "U+000D (a carriage return)",
    ),
    "bidi-override-in-aims": ({"evil": 'name: Evil\naims: "\\u202eLearn"\n'}, "schools/evil.yml:2:7", "U+202E"),
    # Before: check passed, and the build failed: the PDF's text, where the name is looked for, drops it.
    "joiner-in-name": ({"evil": 'name: "Oak\\u200dSchool"\n'}, "schools/evil.yml:1:7", "U+200D (ZERO WIDTH JOINER)"),
    # Before: a mkdocs message with no file or line.
    "relative-link": (
        {"evil": "name: Evil\nsections:\n  overview:\n    append: See [us](contact.md).\n"},
        "schools/evil.yml:4:22",
        "a link in `sections.overview.append` is not allowed: `contact.md`",
    ),
    "image-from-the-build-machine": (
        {"evil": "name: Evil\nsections:\n  overview:\n    append: '![x](/etc/hostname)'\n"},
        "schools/evil.yml:4:14",
        "images are not supported in policy text",
    ),
    # Before: check and build passed, and the page carried onclick= and a javascript: link.
    "url-breakout": (
        {
            "evil": "name: Evil\nlinked_policies:\n  - policy: complaints\n"
            "    url: https://a.example/){:onclick=alert(1)}[Help](javascript:alert(1)\n"
        },
        "schools/evil.yml:4:10",
        "is not an allowed link",
    ),
    # Before: exit 3 when mkdocs ran in parts, a stale home search otherwise.
    "slug-assets": ({"assets": "name: Assets School\n"}, "schools/assets.yml", "a name the site itself uses"),
    "slug-federation": ({"federation": "name: Federation School\n"}, "schools/federation.yml", "a name the site"),
    "slug-search": ({"search": "name: Search School\n"}, "schools/search.yml", "a name the site itself uses"),
    "slug-404": ({"404": "name: Not Found School\n"}, "schools/404.yml", "a name the site itself uses"),
    # Before: the linked file was read as a school file, and its lines quoted in messages.
    "school-file-linked-outside": (_link_outside, "schools/evil.yml", "this is a symbolic link"),
    # Before: a page with no name at all.
    "empty-name": ({"evil": 'name: ""\n'}, "schools/evil.yml:1:7", "`name` is empty"),
    # Before: the required section's text was a space; the page check passed on the heading.
    "blank-replace": (
        {"evil": "name: Evil\nsections:\n  overview:\n    replace: ' '\n"},
        "schools/evil.yml:4:14",
        "has no text a reader would see",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_hostile_input_stops_the_build_and_leaves_the_site(project, case):
    change, where, message = CASES[case]
    before = tree_hash(project / "site")
    if callable(change):
        change(project)
    else:
        for slug, text in change.items():
            (project / "schools" / f"{slug}.yml").write_text(text, encoding="utf-8")
    code, out, err = run(project, "build")
    assert code == 1, err
    assert "Traceback" not in out + err and "SECRET-LINE" not in out + err
    finding(err, where, "error", message)
    err.encode("utf-8")  # what reaches stderr can be printed
    assert "Nothing was written; site/ is as it was." in err
    assert tree_hash(project / "site") == before
    assert staging_leftovers(project / "site") == []


def test_a_lone_surrogate_reaches_a_real_terminal_as_a_mark(project):
    """The real command's stderr holds only text that encodes strictly: a mark, not `\\ud800`."""
    (project / "schools" / "evil.yml").write_text('"k\\ud800": 1\nname: "Oak\\udfff"\n', encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        build_command(project, "build"),
        capture_output=True,
        env=env,
        timeout=300,
    )
    err = done.stderr.decode("utf-8")  # strict: no surrogate escapes got through
    assert done.returncode == 1, err
    finding(err, "schools/evil.yml:1:1", "error", "the field name `k\ufffd` contains U+D800")
    finding(err, "schools/evil.yml:2:7", "error", "`name` contains U+DFFF")


def test_every_name_at_the_top_of_a_built_site_is_reserved(built):
    """A school named like one of the site's own folders or files would overwrite it."""
    names = {entry.name.split(".")[0] for entry in (built / "site").iterdir() if not entry.name.startswith(".")}
    slugs = {path.stem for path in school_files(built / "schools")}
    assert names - slugs <= RESERVED_SLUGS
    assert {"assets", "federation", "search", "404", "index"} <= RESERVED_SLUGS
