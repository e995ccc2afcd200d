"""Merge rules: built-in default < federation defaults.yml < school file, and section changes."""

from __future__ import annotations

import pytest

from policysite.errors import Location
from policysite.inputs.load import load_content, load_schools
from policysite.inputs.merge import BUILT_IN, merge_school
from policysite.inputs.schema import ACTIONS
from policysite.pages.render import compile_templates, render_school

from ..helpers import check_errors

POLICY = "content/social-media"
DEFAULTS = Location(f"{POLICY}/defaults.yml")
SCHOOL_PATH = "schools/mini.yml"


def merge(root):
    """(School or None, findings) for the one school of a mini project."""
    content, problems = load_content(root, POLICY)
    files, more = load_schools(root)
    assert not problems + more, [f.format() for f in problems + more]
    return merge_school(content, files[0])


def merged(mini_project, text: str):
    school, findings = merge(mini_project(text))
    assert school is not None and not findings, [f.format() for f in findings]
    return school


def rendered(mini_project, text: str) -> dict:
    """output -> {section id: RenderedSection} for the one school of a mini project."""
    root = mini_project(text)
    content, problems = load_content(root, POLICY)
    assert content is not None, [f.format() for f in problems]
    school, findings = merge(root)
    assert school is not None, [f.format() for f in findings]
    outputs, problems = render_school(compile_templates(content), content, school)
    assert not problems, [f.format() for f in problems]
    return {o.output: {s.id: s for s in o.sections} for o in outputs}


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_built_in_default_applies_when_nobody_sets_a_value(mini_project):
    school = merged(mini_project, "name: Mini School\n")
    assert school.data["headteacher_title"] == "Headteacher"
    assert school.data["actions"] == tuple(ACTIONS)
    assert school.origins[("headteacher_title",)] == BUILT_IN


def test_federation_default_beats_built_in(mini_project):
    school = merged(mini_project, "name: Mini School\n")
    assert school.data["platforms"] == ("Facebook", "Twitter")
    assert school.data["minimum_age"] == 14
    assert school.origins[("platforms",)] == Location(DEFAULTS.path, 3, 3)  # its line: rules.check_dates


def test_school_beats_federation_and_remembers_where(mini_project):
    text = "name: Mini School\nminimum_age: 11\n"
    school = merged(mini_project, text)
    assert school.data["minimum_age"] == 11
    assert school.origins[("minimum_age",)] == Location(SCHOOL_PATH, 2, 14)


def test_a_list_replaces_the_default_list(mini_project):
    school = merged(mini_project, "name: Mini School\nplatforms:\n  - TikTok\n")
    assert school.data["platforms"] == ("TikTok",)


def test_mappings_merge_key_by_key(mini_project):
    school = merged(mini_project, "name: Mini School\ndocument_control:\n  reference: P9\n")
    control = school.data["document_control"]
    assert control["reference"] == "P9"  # school
    assert control["status"] == "Draft"  # federation
    assert control["title"] == "Social Media Policy"  # built in


def test_explicit_empty_value_clears_the_default(mini_project):
    school = merged(mini_project, "name: Mini School\nminimum_age:\nplatforms:\n")
    assert school.data["minimum_age"] is None
    assert school.data["platforms"] == ()


def test_cleared_minimum_age_changes_the_text(mini_project):
    policy = rendered(mini_project, "name: Mini School\nminimum_age:\n")["policy"]
    assert "Sites set their own minimum age." in policy["rules"].markdown
    assert "at least" not in policy["rules"].markdown


def test_clearing_a_text_default_never_prints_none(mini_project):
    # `headteacher_title:` left empty clears the built-in "Headteacher"; the staff code
    # still names the head, so the reader must not see the word "None" there.
    extra = rendered(mini_project, "name: M\nheadteacher_title:\n")["staff-code"]["staff-extra"]
    assert "None" not in extra.markdown, extra.markdown


def test_short_name_defaults_to_name(mini_project):
    assert merged(mini_project, "name: Mini School\n").data["short_name"] == "Mini School"
    assert merged(mini_project, "name: Mini School\nshort_name: Mini\n").data["short_name"] == "Mini"


def test_letter_signer_defaults_to_the_head(mini_project):
    letter = merged(mini_project, "name: M\nheadteacher_name: Ms Head\nheadteacher_title: Head of School\n")
    assert letter.data["letter"]["signed_by"] == "Ms Head"
    assert letter.data["letter"]["signer_role"] == "Head of School"


def test_explicit_letter_signer_wins(mini_project):
    school = merged(mini_project, "name: M\nheadteacher_name: Ms Head\nletter:\n  signed_by: Mr Chair\n")
    assert school.data["letter"]["signed_by"] == "Mr Chair"


def test_letter_date_is_never_the_approval_date(mini_project):
    # Without `letter.date` the letter prints a blank date line (frame.html), not an old date.
    school = merged(mini_project, "name: M\ndocument_control:\n  approved_on: 2020-09\n")
    assert school.data["letter"]["date"] is None


def test_letter_date_is_the_schools_own(mini_project):
    text = "name: M\ndocument_control:\n  approved_on: 2020-09\nletter:\n  date: 2025-09-01\n"
    assert merged(mini_project, text).data["letter"]["date"].iso() == "2025-09-01"


def test_append_adds_after_the_canonical_text(mini_project):
    text = "name: M\nsections:\n  notes:\n    append: |\n      Our own notes.\n"
    notes = rendered(mini_project, text)["policy"]["notes"]
    assert notes.origin == "appended"
    assert notes.markdown.index("Canonical notes for M.") < notes.markdown.index("Our own notes.")


def test_replace_drops_the_canonical_text(mini_project):
    text = "name: M\nsections:\n  rules:\n    replace: |\n      Our own rules.\n"
    rules = rendered(mini_project, text)["policy"]["rules"]
    assert (rules.origin, rules.markdown) == ("replaced", "Our own rules.\n")


def test_omit_leaves_an_optional_section_out(mini_project):
    text = "name: M\nsections:\n  notes:\n    omit: true\n"
    policy = rendered(mini_project, text)["policy"]
    assert "notes" not in policy and {"intro", "rules"} <= set(policy)


def test_an_empty_optional_section_is_left_out(mini_project):
    assert "before-you-post" not in rendered(mini_project, "name: M\n")["policy"]
    with_it = rendered(mini_project, "name: M\noptions:\n  questions_before_posting: true\n")
    assert "before-you-post" in with_it["policy"]


def test_omitting_a_required_section_is_an_error_naming_it(mini_project):
    text = "name: M\nsections:\n  rules:\n    omit: true\n"
    school, findings = merge(mini_project(text))
    assert school is None
    [finding] = findings
    assert finding.level == "error" and "`rules`" in finding.message and "required" in finding.message
    assert finding.location == Location(SCHOOL_PATH, 3, 3)


def test_a_section_change_needs_exactly_one_of_append_replace_omit(mini_project):
    [finding] = check_errors(mini_project("name: M\nsections:\n  notes:\n    append: A.\n    replace: B.\n"))
    assert "exactly one of append, replace or omit" in finding.message
    assert finding.location.path == SCHOOL_PATH and finding.location.line in (3, 4)


def test_unknown_section_id_suggests_the_nearest(mini_project):
    school, findings = merge(mini_project("name: M\nsections:\n  ruels:\n    append: More.\n"))
    assert school is None
    [finding] = findings
    assert "`ruels`" in finding.message and "Did you mean `rules`?" in finding.hint
    assert finding.location == Location(SCHOOL_PATH, 3, 3)


def html_error_line(mini_project, text: str) -> tuple[int, str]:
    """(line, path) of the one error a school's raw HTML gives, whichever stage finds it."""
    errors = check_errors(mini_project(text))
    assert len(errors) == 1 and "HTML is not allowed" in errors[0].message, [f.format() for f in errors]
    return errors[0].location.line, errors[0].location.path


def test_html_block_in_an_append_is_an_error_at_its_line(mini_project):
    text = "name: M\nsections:\n  notes:\n    append: |\n      Fine text.\n\n      <script>x()</script>\n"
    assert html_error_line(mini_project, text) == (line_of(text, "<script>"), SCHOOL_PATH)


def test_inline_html_in_a_replace_is_an_error_at_its_line(mini_project):
    text = "name: M\nsections:\n  notes:\n    replace: |\n      One.\n\n      Two <b>bold</b>.\n"
    assert html_error_line(mini_project, text) == (line_of(text, "<b>"), SCHOOL_PATH)


MULTI_LINE = {
    "folded": "name: M\nsections:\n  notes:\n    append: >\n      Fine text.\n\n      More <b>x</b>\n",
    "continued": "name: M\nsections:\n  notes:\n    append: |\n      First line\n      second <b>x</b>\n",
    "list": "name: M\nsections:\n  notes:\n    append: |-\n      Intro.\n\n      - item\n      - <b>x</b>\n",
}


@pytest.mark.parametrize("style", list(MULTI_LINE))
def test_html_deep_in_an_append_is_reported_at_its_own_line(mini_project, style):
    text = MULTI_LINE[style]
    assert html_error_line(mini_project, text) == (line_of(text, "<b>"), SCHOOL_PATH)


def test_html_in_a_one_line_append_is_an_error_at_that_line(mini_project):
    text = 'name: M\nsections:\n  notes:\n    append: "Hello <b>there</b>"\n'
    assert html_error_line(mini_project, text) == (line_of(text, "<b>"), SCHOOL_PATH)
