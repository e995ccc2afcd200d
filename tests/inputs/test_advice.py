"""advice.py: a school's text naming another school, and the facts a school file leaves out
(review date, contacts, a signer, links for linked policies), each warned at its place.

The unit tests load and merge real school files of a mini project (tests/fixtures/mini) and
call advice.advise; the last tests run the real command line on the seed schools."""

from __future__ import annotations

import re
import shutil

import pytest

from policysite.errors import Finding, Location
from policysite.inputs import advice
from policysite.inputs.load import load_content, load_schools, school_files
from policysite.inputs.merge import merge_school

from ..errors_support import finding, run, seed_copy
from ..helpers import ROOT, page_path, read_yaml, visible_text

POLICY = "content/social-media"
# Gives every fact advice asks for: a school file like this gets no advice.
COMPLETE = """\
name: {name}
headteacher_name: Mrs A Head
linked_policies:
  - policy: complaints
    url: https://school.example.org/complaints
document_control:
  review_on: 2030-09-01
"""


def advise(mini_project, schools: dict[str, str]) -> list[Finding]:
    root = mini_project(schools)
    content, problems = load_content(root, POLICY)
    files, more = load_schools(root)
    assert content is not None and not problems + more, [f.format() for f in problems + more]
    merged = [merge_school(content, file)[0] for file in files]
    return advice.advise(files, [school for school in merged if school])


def messages(findings: list[Finding]) -> list[str]:
    return [f.message for f in findings]


def complete(name: str, more: str = "") -> str:
    return COMPLETE.format(name=name) + more


def test_a_school_that_gives_every_fact_gets_no_advice(mini_project):
    assert advise(mini_project, {"oak": complete("Oakfield Primary School")}) == []


def test_no_review_date_is_located_at_the_file_or_its_document_control(mini_project):
    bare = "name: Oak School\nheadteacher_name: Mr H\n"
    with_group = bare.replace("Oak", "Elm") + "document_control:\n  approved_on: 2025-09-01\n"
    found = advise(mini_project, {"bare": bare, "grouped": with_group})
    assert [(f.location, f.level) for f in found] == [
        (Location("schools/bare.yml"), "warning"),
        (Location("schools/grouped.yml", 3, 1), "warning"),
    ]
    assert found[0].message == "Oak School: there is no review date (`document_control.review_on`)"
    assert "`review_on:` under `document_control:`" in found[0].hint


def test_a_review_date_in_the_federation_defaults_counts(mini_project):
    root_text = "name: Oak School\nheadteacher_name: Mr H\n"
    root = mini_project({"oak": root_text})
    defaults = root / POLICY / "defaults.yml"
    defaults.write_text(defaults.read_text().replace("  status: Draft", "  status: Draft\n  review_on: Autumn 2030"))
    content, _ = load_content(root, POLICY)
    files, _ = load_schools(root)
    assert content is not None
    assert advice.advise(files, [merge_school(content, f)[0] for f in files]) == []


def test_empty_contacts_warn_at_the_line_but_the_default_contacts_do_not(mini_project):
    found = advise(mini_project, {"oak": complete("Oak School", "contacts: []\n"), "elm": complete("Elm School")})
    assert messages(found) == ["Oak School: the policy names nobody parents can speak to (`contacts` is empty)"]
    assert found[0].location == Location("schools/oak.yml", 8, 11)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("name: Oak School\n", Location("schools/oak.yml")),
        ("name: Oak School\nheadteacher_name:\n", Location("schools/oak.yml", 2, 18)),
        ("name: Oak School\nletter:\n  signed_by:\n", Location("schools/oak.yml", 3, 13)),
    ],
)
def test_nobody_to_sign_the_letter(mini_project, text, where):
    found = [f for f in advise(mini_project, {"oak": text}) if "signs" in f.message]
    assert messages(found) == [
        "Oak School: nobody signs the letter to parents (no `letter.signed_by` and no `headteacher_name`)"
    ]
    assert found[0].location.path == where.path and found[0].location.line == where.line


@pytest.mark.parametrize("signer", ["headteacher_name: Mrs A Head\n", "letter:\n  signed_by: Mr B Deputy\n"])
def test_a_head_or_a_letter_signer_signs(mini_project, signer):
    found = advise(mini_project, {"oak": "name: Oak School\n" + signer})
    assert not [f for f in found if "signs" in f.message]


def test_a_linked_policy_without_a_url_is_warned_at_its_entry(mini_project):
    text = complete("Oak School").replace(
        "linked_policies:\n", "linked_policies:\n  - policy: behaviour\n    title: Behaviour Code\n"
    )
    found = advise(mini_project, {"oak": text})
    assert messages(found) == [
        "Oak School: the Behaviour Code (`linked_policies[0]`) has no `url`, so parents see its name but cannot open it"
    ]
    assert found[0].location == Location("schools/oak.yml", 4, 5)
    assert "under `policy: behaviour`" in found[0].hint


# ---- another school's name ------------------------------------------------------


def named(mini_project, text: str, other: str = "Cambois Primary School") -> list[Finding]:
    found = advise(mini_project, {"cambois": complete(other), "st-marys": complete("St Mary's Primary School", text)})
    return [f for f in found if "another school" in f.message]


def test_copied_text_naming_another_school_is_warned_at_the_word(mini_project):
    text = (
        "sections:\n  intro:\n    append: |\n      Welcome.\n      At Cambois, it is the Governing Body that writes.\n"
    )
    found = named(mini_project, text)
    assert len(found) == 1
    assert found[0].location == Location("schools/st-marys.yml", 12, 10)
    assert found[0].message == (
        "St Mary's Primary School: `sections.intro.append` names “Cambois”, another school of the "
        "federation (Cambois Primary School, schools/cambois.yml)"
    )
    assert "own words" in found[0].hint


def test_every_mention_is_located_even_twice_on_a_line_and_across_a_line_break(mini_project):
    text = (
        "aims: Be kind, as CAMBOIS primary school and Cambois are.\n"
        "sections:\n  intro:\n    append: >\n      We share a club with Cambois\n      Primary School.\n"
    )
    found = named(mini_project, text)
    assert [(f.location.line, f.location.col) for f in found] == [(8, 19), (8, 46), (12, 28)]
    assert ["“CAMBOIS primary school”" in found[0].message, "“Cambois”" in found[1].message] == [True, True]
    assert "“Cambois Primary School”" in found[2].message  # the line break read as a space


@pytest.mark.parametrize(
    "text",
    [
        "aims: Camboisville and Cambo are other places.\n",  # whole words only
        "aims: St Mary's Primary School is our school.\n",  # its own name
        "federation: Cambois Primary School\naims: Every school in Cambois Primary School.\n",  # its federation
    ],
)
def test_what_is_not_another_schools_name(mini_project, text):
    assert named(mini_project, text) == []


@pytest.mark.parametrize(
    ("other", "text", "said"),
    [
        ("Oakfield Primary School", "aims: At Oakfield we learn.\n", "Oakfield"),  # name less its last words
        ("Holy Trinity C of E Primary", "aims: Holy Trinity pupils.\n", "Holy Trinity"),
        ("Heathfields Infant & Wilnecote Junior Academy", "aims: Heathfields Infant and Wilnecote.\n", None),
        ("St Anne’s Primary School", "aims: St Anne's pupils.\n", "St Anne's"),  # ’ and ' alike
        ("St Anne's Primary School", "aims: St Anne\u2018s pupils.\n", "St Anne\u2018s"),  # a misturned one
        ("St Anne's Primary School", "aims: St Anne\u02bcs pupils.\n", "St Anne\u02bcs"),  # a modifier letter
        ("Cambois Primary School", 'aims: "At Cambois\\u00a0Primary."\n', "Cambois Primary"),  # a no-break space
        ("Cambois Primary School", 'aims: "See [Cambois](https://x.example.org)."\n', "Cambois"),  # a link's text
        ("Cambois Primary School", "website: https://cambois.example.sch.uk/\n", "cambois"),  # an address
        ("Cambois Primary School", "email: office@cambois.example.sch.uk\n", "cambois"),
    ],
)
def test_the_names_a_school_is_known_by(mini_project, other, text, said):
    found = named(mini_project, text, other=other)
    assert len(found) == 1, messages(found)
    assert f"“{said or text[6:-2]}”" in found[0].message


@pytest.mark.parametrize(
    "other",
    ["Oaks", "High School", "St Primary School", "The School"],  # a short word, or only words every school has
)
def test_names_that_are_ordinary_words_are_not_looked_for(mini_project, other):
    assert advice.names_of(other) == set()
    assert named(mini_project, f"aims: The Oaks High School is St Primary School, The School. {other}\n", other) == []


def test_short_name_is_looked_for(mini_project):
    school = complete("Cambois Primary School", "short_name: Northern Star\n")
    found = advise(mini_project, {"cambois": school, "elm": complete("Elm School", "aims: Like the Northern Star.\n")})
    assert ["“Northern Star”" in f.message for f in found] == [True]


@pytest.mark.parametrize(
    "text",
    [
        "aims: Please do not park on the avenue outside school.\n",  # the same words, in lower case
        "aims: The avenue of trees leads to the gate.\n",  # a capital only on "The"
        "aims: Wait by the avenue (see https://maps.example.org/).\n",  # an address near, not around it
    ],
)
def test_a_name_in_lower_case_in_a_sentence_is_ordinary_words(mini_project, text):
    """Names are written with capitals: a school on the same road as The Avenue says "the
    avenue" without copying anything."""
    assert named(mini_project, text, other="The Avenue Primary School") == []


@pytest.mark.parametrize(
    "text, said",
    [
        ("aims: Our partner is St Mary's Catholic Primary.\n", "St Mary's Catholic Primary"),
        ("aims: We walk to St Mary's Catholic Church.\n", None),  # the parish church: no school's name
        ("aims: St Mary's pupils learn.\n", None),  # both schools' short name: its own
    ],
)
def test_a_name_shortened_to_a_kind_of_school_is_that_schools(mini_project, text, said):
    """St Mary's Primary copying St Mary's Catholic Primary's text was not warned: the other
    school was known only by its full name and by "St Mary's", which is both schools'."""
    found = advise(
        mini_project,
        {
            "catholic": complete("St Mary's Catholic Primary School"),
            "st-marys": complete("St Mary's Primary School", text),
        },
    )
    assert [f.message.split("“")[1].split("”")[0] for f in found if "another school" in f.message] == (
        [said] if said else []
    )


def test_a_school_naming_a_partner_on_purpose_is_still_warned(mini_project):
    assert len(named(mini_project, "aims: Our sports day is shared with Cambois Primary School.\n")) == 1


def test_two_schools_with_one_name_are_both_warned_at_their_name(mini_project):
    found = advise(mini_project, {"a": complete("Cambois Primary School"), "b": complete("cambois  primary school")})
    assert [(f.location, f.message) for f in found] == [
        (Location("schools/a.yml", 1, 7), "Cambois Primary School: another school has the same name (schools/b.yml)"),
        (Location("schools/b.yml", 1, 7), "cambois  primary school: another school has the same name (schools/a.yml)"),
    ]


# ---- the real command line, on the seed schools -----------------------------------


@pytest.fixture
def seeds(tmp_path):
    return seed_copy(tmp_path / "project")


def from_template(project, slug: str, name: str) -> str:
    """schools/_template.yml copied as the README says, with only `name:` switched on."""
    text = (project / "schools" / "_template.yml").read_text(encoding="utf-8")
    assert "\n# name: " in text
    (project / "schools" / f"{slug}.yml").write_text(
        text.replace("\n# name: Example Primary School", f"\nname: {name}")
    )
    return f"schools/{slug}.yml"


def test_a_copy_of_the_template_with_a_name_builds_and_says_what_is_missing(seeds):
    shown = from_template(seeds, "st-marys", "St Mary's Primary School")
    code, out, err = run(seeds, "--no-pdf")
    assert code == 0, err
    assert "Built 5 school(s)" in out
    mine = [line for line in err.splitlines() if line.startswith(shown)]
    assert mine == [
        f"{shown}: warning: St Mary's Primary School: there is no review date (`document_control.review_on`)",
        f"{shown}: warning: St Mary's Primary School: nobody signs the letter to parents "
        "(no `letter.signed_by` and no `headteacher_name`)",
    ]
    text = visible_text(page_path(seeds / "site", "st-marys", "policy").read_text(encoding="utf-8"))
    others = ("Cambois", "Cumbria", "Heathfields", "Wilnecote", "Avenue", "Example", "example.org")
    assert [word for word in others if word in text] == []  # nothing from another school, nor made up
    assert not (seeds / "site" / "_template").exists()


def test_the_template_names_no_real_school():
    template = advice.normalise((ROOT / "schools" / "_template.yml").read_text(encoding="utf-8"))
    names = set()
    for path in school_files(ROOT / "schools"):
        data = read_yaml(path)
        names |= advice.names_of(data["name"], data.get("short_name"), data.get("federation"))
    assert len(names) >= 4
    assert [name for name in sorted(names) if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", template)] == []


def test_the_template_switched_on_whole_is_valid_with_nothing_missing_and_each_example_warned(seeds):
    """Every setting the template offers, switched on as its notes say: valid, a field the
    schema knows, and together every fact advice asks for. Left as they are, its made-up
    values would be published: each line holding one is warned (and only those)."""
    template = (ROOT / "schools" / "_template.yml").read_text(encoding="utf-8")
    lines = [line[2:] if line.startswith("# ") else line for line in template.splitlines()]
    assert sum(line != old for line, old in zip(lines, template.splitlines(), strict=True)) > 50
    (seeds / "schools" / "all-on.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(seeds, "check")
    assert code == 0, err
    warned = [line for line in err.splitlines() if line.startswith("schools/all-on.yml")]
    made_up = re.compile(r"example\.org|01632|EX-01|EX1 2MP|Example|Write the school's own words")
    examples = [n for n, line in enumerate(lines, 1) if made_up.search(line) and not line.startswith("#")]
    assert len(examples) > 12
    assert [int(line.split(":")[1]) for line in warned] == examples, err
    assert all("an example from schools/_template.yml" in line for line in warned)


def test_an_example_value_left_in_a_copy_is_warned_at_it(mini_project):
    text = complete("Oak School", 'phone: "01632 960000"\nheadteacher_title: Head of Example Primary\n')
    found = advise(mini_project, {"oak": text})
    assert sorted((f.location, f.message) for f in found) == [
        (
            Location("schools/oak.yml", 8, 9),
            "Oak School: `phone` holds “01632 960000”, an example from schools/_template.yml",
        ),
        (
            Location("schools/oak.yml", 9, 28),
            "Oak School: `headteacher_title` holds “Example Primary”, an example from schools/_template.yml",
        ),
    ]
    assert all("delete the line" in f.hint for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "website: https://oak.example.org/\n",  # a real example domain's subdomain, as tests use
        "aims: Led by Ann Example.\n",  # a person, not the template's "Mrs A Example"
        "aims: For example, we listen.\n",
        'phone: "01632 12"\n',
    ],
)
def test_what_is_not_a_template_example(mini_project, text):
    assert advise(mini_project, {"oak": complete("Oak School", text)}) == []


def test_a_copied_school_naming_its_original_warns_and_strict_stops(seeds):
    shutil.copy(seeds / "schools" / "the-avenue.yml", seeds / "schools" / "oak.yml")
    text = (seeds / "schools" / "oak.yml").read_text(encoding="utf-8")
    text = text.replace("name: The Avenue Primary School", "name: Oak Primary School").replace(
        "short_name: The Avenue", "short_name: Oak Primary"
    )
    (seeds / "schools" / "oak.yml").write_text(text + "aims: At The Avenue, every child counts.\n")
    line = len(text.splitlines()) + 1
    code, _, err = run(seeds, "check")
    assert code == 0, err
    block = finding(err, f"schools/oak.yml:{line}:10", "warning", "`aims` names “The Avenue”, another school")
    assert "(The Avenue Primary School, schools/the-avenue.yml)" in block and "hint: Was this copied" in block
    code, _, err = run(seeds, "check", "--strict")
    assert code == 1
    finding(err, f"schools/oak.yml:{line}:10", "error", "`aims` names “The Avenue”")
    assert "Stopped:" in err and not (seeds / "site").exists()
