"""`build.py diff`: what a school changes against the canonical policy; `diff --all`: the matrix."""

from __future__ import annotations

import pytest

from policysite.output.pipeline import prepare
from policysite.pages.drift import federation_markdown
from policysite.project import open_project

from ..errors_support import run, seed_copy
from ..helpers import ROOT
from ..leads_support import edit


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return seed_copy(tmp_path_factory.mktemp("leads-diff") / "project")


def section(markdown: str, heading: str) -> str:
    """The text under `heading` up to the next heading of the same or a higher level."""
    level = heading.split(" ", 1)[0]
    start = markdown.index(heading + "\n")
    rest = markdown[start + len(heading) + 1 :]
    stops = [i for i in (rest.find("\n" + "#" * n + " ") for n in range(1, len(level) + 1)) if i >= 0]
    return rest[: min(stops)] if stops else rest


def matrix(markdown: str, title: str) -> dict[str, dict[str, str]]:
    """school name -> {column: cell} for the table under `## title`."""
    rows = [line for line in section(markdown, f"## {title}").splitlines() if line.startswith("|")]
    head = [c.strip().strip("`") for c in rows[0].strip("|").split("|")]
    table = {}
    for line in rows[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert len(cells) == len(head), line
        table[cells[0]] = dict(zip(head[1:], cells[1:], strict=True))
    return table


def test_heathfields_shows_the_examples_its_options_add(seed):
    code, out, _ = run(seed, "diff", "heathfields-wilnecote", today=None, reproducible=True)
    assert code == 0
    photos = section(out, "### `photographs_of_other_children`: on")
    assert "Adds to `inappropriate-use`:" in photos
    assert "> - Posting photos or other images of children who are not your own without permission." in photos
    friending = section(out, "### `friending_staff`: on")
    assert '> - Adding members of staff as friends or contacts on social media ("friending" them).' in friending


def test_heathfields_values_against_the_federation(seed):
    out = run(seed, "diff", "heathfields-wilnecote", today=None, reproducible=True)[1]
    values = section(out, "## Values set in the school file")
    assert "| `minimum_age` | 14 | 13 |" in values
    assert "| `headteacher_title` | Head of School | Headteacher |" in values
    assert "| `platforms` | Facebook, Twitter, WhatsApp, Instagram | Facebook, Twitter |" in values
    assert "| `document_control.status` | Approved | — |" in values
    assert "`dfe_cyberbullying_advice`" not in out  # on, as the federation sets it


def test_appended_text_is_shown(seed):
    out = run(seed, "diff", "the-avenue", today=None, reproducible=True)[1]
    changed = section(out, "### `staff-at-work`: appended")
    assert "> Do not use school equipment to go on social networking sites for any other reason." in changed
    questions = section(out, "### `questions_before_posting`: on")
    assert "Adds to `before-you-post`:" in questions and "> - Is social media the right place" in questions


def test_replaced_and_omitted_sections(tmp_path):
    project = seed_copy(tmp_path / "project")
    edit(
        project / "schools" / "the-avenue.yml",
        "sections:\n",
        "sections:\n  before-you-post:\n    omit: true\n  letter-staff:\n    replace: |\n"
        "      Our staff never talk about pupils online.\n",
    )
    out = run(project, "diff", "the-avenue", today=None, reproducible=True)[1]
    replaced = section(out, "### `letter-staff`: replaced")
    assert "> Our staff never talk about pupils online." in replaced
    assert "Instead of the canonical text:" in replaced and "> These are the rules for our staff" in replaced
    assert "The school leaves this section out." in section(out, "### `before-you-post`: omitted")
    every = run(project, "diff", "--all", today=None, reproducible=True)[1]
    assert matrix(every, "Social media policy")["The Avenue Primary School"]["before-you-post"] == "omitted"
    assert matrix(every, "Letter to parents and carers")["The Avenue Primary School"]["letter-staff"] == "replaced"


def test_the_matrix_of_schools_and_sections(seed):
    code, out, _ = run(seed, "diff", "--all", today=None, reproducible=True)
    assert code == 0
    policy = matrix(out, "Social media policy")
    assert set(policy) == {
        "Cambois Primary School",
        "Cumbria Futures Federation",
        "The Avenue Primary School",
        "Heathfields Infant & Wilnecote Junior Academy",
    }
    assert policy["Cambois Primary School"]["pupils-in-school"] == "canonical"  # its option is on
    assert policy["Cumbria Futures Federation"]["pupils-in-school"] == "off"
    assert policy["Cumbria Futures Federation"]["linked-policies"] == "off"  # it lists none
    assert policy["The Avenue Primary School"]["overview"] == "appended"
    assert policy["Cumbria Futures Federation"]["overview"] == "canonical"
    staff = matrix(out, "Staff code of conduct")
    assert staff["The Avenue Primary School"]["staff-at-work"] == "appended"
    options = matrix(out, "Options")
    assert options["Heathfields Infant & Wilnecote Junior Academy"]["friending_staff"] == "**on**"
    assert options["Cumbria Futures Federation"]["friending_staff"] == "off"
    assert options["Cumbria Futures Federation"]["dfe_cyberbullying_advice"] == "on"


def test_federation_page_escapes_school_values(mini_project):
    root = mini_project({"odd": "name: 'A | B *C* <b>'\n", "plain": "name: Plain School\n"})
    content, schools, outputs = prepare(open_project(root), [])
    page = federation_markdown(content, schools, outputs)
    assert "| A &#124; B &#42;C&#42; &#60;b&#62; |" in page
    assert "<b>" not in page
    for title in ("Social media policy", "Letter to parents and carers", "Staff code of conduct", "Options"):
        assert "A &#124; B &#42;C&#42; &#60;b&#62;" in matrix(page, title)  # one cell: the | is escaped


def test_federation_markdown_on_the_real_repo_names_every_section():
    content, schools, outputs = prepare(open_project(ROOT), [])
    page = federation_markdown(content, schools, outputs)
    for document in content.documents.values():
        for source in document.sections:
            assert f"`{source.id}`" in page


def test_unknown_school_and_missing_slug_are_usage_errors(seed):
    code, _, err = run(seed, "diff", "heathfeilds", today=None, reproducible=True)
    assert code == 2 and "Did you mean `heathfields-wilnecote`?" in err
    assert run(seed, "diff", today=None, reproducible=True)[0] == 2
    assert run(seed, "diff", "cambois", "--all", today=None, reproducible=True)[0] == 2
    code, _, err = run(seed, "check", "cambois", today=None, reproducible=True)
    assert code == 2 and "did you mean `diff cambois`?" in err
