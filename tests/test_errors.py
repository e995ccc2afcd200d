"""Issue 3: every bad input gets a clear error at its line and column.

One row per kind of mistake: a school file in tests/errors_fixtures/bad/, the exit code
of `build.py check`, and each finding it must report (line, column, level, message) with
the words of its hint. The message format itself is checked once, in test_format.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.errors_support import add_bad, finding, make_project, run


@dataclass(frozen=True)
class Row:
    fixture: str
    code: int
    expect: tuple[tuple[int, int, str, str, str], ...]  # (line, col, level, message part, hint part)
    args: tuple[str, ...] = ()


ROWS = [
    Row("tab-indentation", 1, ((3, 3, "error", "a tab is used for indentation", "spaces"),)),
    Row("duplicate-key", 1, ((5, 1, "error", "`name` is written twice: on line 1 and on line 5", "delete the other"),)),
    # The first was "on line 1" for any key: where the mapping starts, not where the key is.
    Row("duplicate-later-key", 1, ((4, 1, "error", "`phone` is written twice: on line 2 and on line 4", "delete"),)),
    Row("duplicate-nested-key", 1, ((6, 5, "error", "`url` is written twice: on line 5 and on line 6", "delete"),)),
    Row("unknown-key", 1, ((2, 1, "error", "unknown field `headteacher_nmae`", "did you mean `headteacher_name`?"),)),
    Row("wrong-type-list", 1, ((3, 3, "error", "`aims` should be text, but it is a list", "write text"),)),
    Row(
        "wrong-type-phone",
        1,
        (
            (
                2,
                8,
                "error",
                "`phone` should be text, but it is a number",
                'quotes so it is read as text, for example: phone: "01234567890"',
            ),
        ),
    ),
    Row(
        "missing-required",
        1,
        (
            (1, 1, "error", "missing required field(s): name", "add `name:`"),
            (4, 5, "error", "`linked_policies[0]` is missing required field(s): policy", "add `policy:`"),
            (
                7,
                7,
                "error",
                "`document_control.history[0]` is missing required field(s): version, date, summary",
                "add `version:`, `date:`, `summary:`",
            ),
        ),
    ),
    Row("empty", 1, ((1, 1, "error", "the file is empty", "needs at least `name: your school name`"),)),
    Row("not-utf8", 1, ((3, 10, "error", "the file is not saved as UTF-8", "save it as UTF-8"),)),
    Row(
        "date-format",
        1,
        (
            (3, 16, "error", "`document_control.approved_on` is `01/09/2025`: use YYYY-MM-DD", "2025-09-01"),
            (
                4,
                14,
                "error",
                "`document_control.review_on` is `2025-13-01`, which is not a real date: use YYYY-MM-DD",
                "YYYY-MM-DD",
            ),
        ),
    ),
    Row(
        "review-overdue",
        0,
        (
            (
                3,
                14,
                "warning",
                "Old Policy School: the policy was due for review on 1 March 2021 and is 4 years overdue",
                "set `review_on:`",
            ),
        ),
    ),
    Row(
        "review-overdue",
        1,
        (
            (
                3,
                14,
                "error",
                "Old Policy School: the policy was due for review on 1 March 2021 and is 4 years overdue",
                "set `review_on:`",
            ),
        ),
        ("--strict",),
    ),
    Row(
        "review-overdue-months",
        0,
        (
            (
                3,
                14,
                "warning",
                "Late School: the policy was due for review in June 2025 and is 4 months overdue",
                "review the policy",
            ),
        ),
    ),
    Row(
        "unknown-policy-role",
        1,
        (
            (4, 5, "error", "unknown contact role `caretaker`", "known: class_teacher, senior_staff, headteacher"),
            (
                6,
                13,
                "error",
                "unknown linked policy `complaint`",
                "did you mean `complaints`? known: complaints, behaviour",
            ),
        ),
    ),
    Row(
        "bad-url",
        1,
        (
            (2, 10, "error", "`website` is not an allowed link: `javascript:alert(1)`", "https://, mailto: or tel:"),
            (5, 10, "error", "`linked_policies[0].url` is not an allowed link: `data:", "https://, mailto: or tel:"),
        ),
    ),
    Row(
        "raw-html",
        1,
        (
            (7, 7, "error", "HTML is not allowed in a school's Markdown: `<iframe", "plain markdown"),
            (9, 21, "error", "HTML is not allowed in a school's Markdown: `<script>`", "plain markdown"),
        ),
    ),
    Row("raw-html-folded", 1, ((6, 16, "error", "HTML is not allowed in a school's Markdown: `<b>`", "**bold**"),)),
    Row(
        "template-code",
        0,
        ((2, 7, "warning", "`aims` looks like template code; it is shown as written", "do nothing"),),
    ),
    Row(
        "hash-comment",
        0,
        ((1, 15, "warning", "`#` starts a comment, so the rest of this line is ignored", "put the value in quotes"),),
    ),
    Row(
        "yes-no",
        1,
        (
            (3, 21, "error", "`options.pupils_in_school` is `NO`; use true or false", "true or false"),
            (4, 20, "error", "`options.friending_staff` is `yes`; use true or false", "true or false"),
        ),
    ),
    Row("yaml-1-1", 1, ((1, 1, "error", "only YAML 1.2 is supported", "delete this `%yaml` line"),)),
    Row(
        "anchors-aliases-tags",
        1,
        (
            (1, 7, "error", "anchors (&n) are not allowed", "write each value out in full"),
            (2, 13, "error", "aliases (*n) are not allowed", "write the value out in full"),
            (3, 7, "error", "YAML tags such as `!shout` are not allowed", "delete the `!tag`"),
            (4, 7, "error", "anchors (&b) are not allowed", "write each value out in full"),
            (7, 7, "error", "aliases (*b) are not allowed", "write the value out in full"),
        ),
    ),
    Row("deep-nesting", 1, ((12, 21, "error", "the file nests more than 10 levels deep", "indentation"),)),
    # Issue 10: values that would break out of their place, or hide or reorder text.
    Row(
        "carriage-return",
        1,
        (
            (
                1,
                7,
                "error",
                "`name` contains U+000D (a carriage return), which is not allowed in one-line text",
                "remove the line break",
            ),
            (2, 7, "error", "`aims` contains U+000D (a carriage return)", "delete the `\\r`"),
            (4, 5, "error", "`values[0]` contains U+000B (a vertical tab)", "delete the `\\` escape"),
        ),
    ),
    Row(
        "lone-surrogate",
        1,
        (
            (
                2,
                13,
                "error",
                "`short_name` contains U+D800 (half of a surrogate pair, not a character)",
                "write the character itself",
            ),
            (5, 13, "error", "`sections.overview.append` contains U+D83D (half of a surrogate pair", '"\\U0001F600"'),
        ),
    ),
    Row(
        "bidi-escapes",
        1,
        (
            (1, 7, "error", "`name` contains U+202E (RIGHT-TO-LEFT OVERRIDE)", "changes the order"),
            (2, 19, "error", "`headteacher_name` contains U+2066 (LEFT-TO-RIGHT ISOLATE)", "changes the order"),
            (
                5,
                24,
                "error",
                "a character reference in `sections.overview.append` writes U+202E (RIGHT-TO-LEFT OVERRIDE)",
                "changes the order",
            ),
        ),
    ),
    Row("bidi-raw", 1, ((2, 18, "error", "the file contains U+202E (RIGHT-TO-LEFT OVERRIDE)", "changes the order"),)),
    Row(
        "invisible-characters",
        1,
        (
            (1, 10, "error", "`name` contains U+200B (ZERO WIDTH SPACE)", "it is invisible"),
            (3, 5, "error", "`platforms[0]` contains U+2060 (WORD JOINER)", "it is invisible"),
            (4, 7, "error", "`aims` contains U+2028 (LINE SEPARATOR)", "remove the line break"),
            (
                9,
                14,
                "error",
                "`sections.overview.append` contains U+FEFF (ZERO WIDTH NO-BREAK SPACE), which is not "
                "allowed in Markdown text",
                "it is invisible",
            ),
        ),
    ),
    Row(
        "control-in-keys",
        1,
        (
            (
                1,
                1,
                "error",
                "the field name `name\ufffd[2J` contains U+001B (an escape character)",
                "delete the `\\` escape",
            ),
            (
                4,
                3,
                "error",
                "the section id `over\ufffdview` contains U+000D (a carriage return)",
                "remove the line break",
            ),
        ),
    ),
    Row(
        "date-range",
        1,
        (
            (
                3,
                16,
                "error",
                "`document_control.approved_on` is in the year 2205; policy dates must be from 1990 to 2099",
                "check the year",
            ),
            (4, 14, "error", "`document_control.review_on` is in the year 1989", "check the year"),
            (7, 13, "error", "`document_control.history[0].date` is in the year 2100", "check the year"),
        ),
    ),
    Row(
        "relative-link",
        1,
        (
            (
                5,
                21,
                "error",
                "a link in `sections.overview.append` is not allowed: `contact.md`: a link within the "
                "site or to a file cannot be checked here",
                "https://, mailto: or tel:",
            ),
            (5, 45, "error", "is not allowed: `/contact/`", "https://"),
            (6, 20, "error", "is not allowed: `//other.example`", "https://"),
            (6, 51, "error", "is not allowed: `#top`", "https://"),
        ),
    ),
    Row(
        "image",
        1,
        (
            (5, 17, "error", "images are not supported in policy text (`sections.overview.append`)", "link to it"),
            (6, 15, "error", "images are not supported in policy text", "delete the image"),
        ),
    ),
    Row(
        "encoded-link",
        1,
        (
            (
                5,
                19,
                "error",
                "is not allowed: `jav&#x61;script:alert(1)`: `javascript:` links are not allowed",
                "https://",
            ),
            (
                7,
                12,
                "error",
                "is not allowed: `&#106;avascript:alert(2)`: `javascript:` links are not allowed",
                "https://",
            ),
        ),
    ),
    Row(
        "url-breakout",
        1,
        (
            (
                2,
                10,
                "error",
                "`website` is not an allowed link: `www.breakout.example`: it does not start with "
                "https:// (write https://www.breakout.example)",
                "https://",
            ),
            (3, 8, "error", "`email` is not an email address", "name@example.org"),
            (
                6,
                10,
                "error",
                "`linked_policies[0].url` is not an allowed link: `https://a.example/){:onclick=alert(1)}"
                "[Help](javascript:alert(1)`: it contains `{`",
                "no spaces or quotes",
            ),
            (
                8,
                10,
                "error",
                "`linked_policies[1].url` is not an allowed link: `https:breakout.example`: there is no "
                "host name after `https://`",
                "https://",
            ),
        ),
    ),
    Row(
        "blank-values",
        1,
        (
            (1, 7, "error", "`name` is empty", "write a value"),
            (2, 13, "error", "`short_name` is empty", "delete the line to use the default"),
            (5, 14, "error", "`sections.overview.replace` has no text a reader would see", "`omit: true`"),
        ),
    ),
    # Issue 14: the school's identity (tests/inputs/test_identity.py, test_logos.py and test_svg.py
    # have every case; these are the ones a single file can hold).
    Row(
        "colour-too-light",
        1,
        (
            (
                3,
                9,
                "error",
                "`colour` #7cb342 gives white text 2.5:1, below the 4.5:1 pages need; #5a812f would pass",
                "#5a812f",
            ),
        ),
    ),
    Row(
        "colour-unquoted", 1, ((2, 9, "error", "YAML reads `#1a5c3a` after a space as a comment", 'colour: "#1a5c3a"'),)
    ),
    Row("logo-outside", 1, ((2, 7, "error", "leads out of the project's folder", "inside the project"),)),
    Row("logo-missing", 1, ((2, 7, "error", "there is no file schools/logos/not-drawn-yet.png", "folder"),)),
    Row(
        "federation-contact",
        1,
        (
            (2, 1, "error", "`federation_contact` belongs in the federation's defaults.yml", "defaults.yml"),
            (4, 10, "error", "`federation_contact.email` is not an email address", "name@example.org"),
        ),
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.fixture + "".join(r.args))
def test_bad_input(tmp_path, row: Row):
    project = make_project(tmp_path / "project")
    shown = add_bad(project, row.fixture)
    code, out, err = run(project, "check", *row.args)
    assert code == row.code, err
    assert "Traceback" not in out + err
    for line, col, level, message, hint in row.expect:
        block = finding(err, f"{shown}:{line}:{col}", level, message)
        assert hint.lower() in block.lower().partition("hint: ")[2], block
    if row.code:
        assert f"Stopped: {len([e for e in row.expect if e[2] == 'error'])} error(s)" in err


def test_format(tmp_path):
    """`path:line:col: level: message`, the line itself, a caret under the column, the hint."""
    project = make_project(tmp_path / "project")
    shown = add_bad(project, "wrong-type-phone")
    _, _, err = run(project, "check")
    assert finding(err, f"{shown}:2:8", "error", "`phone`").splitlines() == [
        f"{shown}:2:8: error: `phone` should be text, but it is a number",
        "    phone: 01234567890",
        "           ^",
        '  hint: Put the value in quotes so it is read as text, for example: phone: "01234567890"',
    ]


def test_every_problem_of_a_run_together(tmp_path):
    """Three broken files, one run: every problem is listed, then one summary line."""
    project = make_project(tmp_path / "project")
    shown = [add_bad(project, name) for name in ("unknown-key", "yes-no", "not-utf8")]
    code, _, err = run(project, "check")
    assert code == 1
    finding(err, f"{shown[0]}:2:1", "error", "headteacher_nmae")
    finding(err, f"{shown[1]}:3:21", "error", "NO")
    finding(err, f"{shown[1]}:4:20", "error", "yes")
    finding(err, f"{shown[2]}:3:10", "error", "UTF-8")
    assert err.rstrip().endswith("Stopped: 4 error(s). Nothing was written; site/ is as it was.")


def test_file_too_large(tmp_path):
    project = make_project(tmp_path / "project", {"huge": "name: Huge\n" + "# padding\n" * 30_000})
    code, _, err = run(project, "check")
    assert code == 1
    finding(err, "schools/huge.yml", "error", "at most 256 KB is allowed")


def test_value_too_long(tmp_path):
    project = make_project(tmp_path / "project", {"long": "name: " + "x" * 400 + "\n"})
    code, _, err = run(project, "check")
    assert code == 1
    finding(err, "schools/long.yml:1:7", "error", "`name` is 400 characters long; at most 300")


def test_bad_slug(tmp_path):
    project = make_project(tmp_path / "project", {"St Marys": "name: St Mary's\n", "a" * 81: "name: Long\n"})
    code, _, err = run(project, "check")
    assert code == 1
    finding(err, "schools/St Marys.yml", "error", "is not a valid school file name")
    finding(err, f"schools/{'a' * 81}.yml", "error", "is not a valid school file name")


def test_control_character(tmp_path):
    project = make_project(tmp_path / "project", {"ctrl": "name: Bell\x07 School\n"})
    code, _, err = run(project, "check")
    assert code == 1
    finding(err, "schools/ctrl.yml:1:11", "error", "invisible control character (U+0007)")


def test_escape_sequences_never_reach_the_terminal(tmp_path):
    """A quoted "\\x1b[2J" is a legal YAML string; echoed raw it would clear the screen."""
    project = make_project(tmp_path / "project", {"esc": 'name: "\\x1b[2J School"\nwebsite: "\\x1b[31m"\n'})
    code, _, err = run(project, "check")
    assert code == 1 and "\x1b" not in err
    finding(err, "schools/esc.yml:1:7", "error", "`name` contains U+001B (an escape character)")
    finding(err, "schools/esc.yml:2:10", "error", "`website` contains U+001B")


def test_missing_mkdocs_settings(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "mkdocs.yml").unlink()
    code, out, err = run(project, "build")
    assert code == 1 and "Traceback" not in out + err
    block = finding(err, "mkdocs.yml", "error", "mkdocs.yml is missing")
    assert "git checkout mkdocs.yml" in block


@pytest.mark.parametrize(
    "text, where, message",
    [
        ("theme:\n  name: material\n", "mkdocs.yml:1:1", "does not give the site a name"),
        ("site_name: [Our schools\n", "mkdocs.yml:2:1", "expected ',' or ']'"),
    ],
)
def test_bad_mkdocs_settings(tmp_path, text, where, message):
    project = make_project(tmp_path / "project")
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    code, out, err = run(project, "check")
    assert code == 1 and "Traceback" not in out + err
    finding(err, where, "error", message)


def test_a_file_with_thousands_of_findings_is_read_once_to_quote_them(tmp_path):
    """Each finding quotes its line: reading the file again for each of 25,000 unknown keys
    took 80 seconds."""
    from policysite import errors

    (tmp_path / "many.yml").write_text("".join(f"k{i}: 1\n" for i in range(3000)), encoding="utf-8")
    errors._lines.cache_clear()
    shown = [errors.error(errors.Location("many.yml", n, 1), "unknown").format(tmp_path) for n in range(1, 3001)]
    assert shown[-1].splitlines()[1] == "    k2999: 1"
    assert errors._lines.cache_info().misses == 1


def test_an_edited_file_is_quoted_as_it_is_now(tmp_path):
    from policysite import errors

    path = tmp_path / "school.yml"
    path.write_text("name: Old\n", encoding="utf-8")
    assert "name: Old" in errors.error(errors.Location("school.yml", 1, 1), "x").format(tmp_path)
    path.write_text("name: Newer\n", encoding="utf-8")  # another size: `serve` rebuilt after an edit
    assert "name: Newer" in errors.error(errors.Location("school.yml", 1, 1), "x").format(tmp_path)


@pytest.mark.parametrize(
    "col, shown, caret", [(1, "x" * 100 + "…", 1), (5000, "…" + "x" * 100 + "…", 52), (9999, "…" + "x" * 100, 101)]
)
def test_a_long_line_is_quoted_around_its_column(tmp_path, col, shown, caret):
    """A paragraph written on one line, with thousands of findings: each quotes 100 characters."""
    from policysite import errors

    (tmp_path / "long.yml").write_text("x" * 9999 + "\n", encoding="utf-8")
    lines = errors.error(errors.Location("long.yml", 1, col), "a problem").format(tmp_path).splitlines()
    assert lines[1] == "    " + shown
    assert lines[2] == "    " + " " * (caret - 1) + "^"
