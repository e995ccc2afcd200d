"""School identity: `logo`, `colour`, `group` and defaults.yml's `federation_contact`, as
merge hands them on (an Image, "#rrggbb", text), inherited from defaults.yml, each logo
file read once, and the colour refused where white text on it would be hard to read."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from policysite.errors import Location
from policysite.inputs import identity, logos, svg
from policysite.inputs.identity import MIN_CONTRAST, contrast_with_white, passing_shade
from policysite.inputs.load import RESERVED_SLUGS, _slug_problem
from policysite.inputs.merge import merge_school
from policysite.model import Image

from ..helpers import ROOT, SLUGS
from .identity_support import LOGO_AT, POLICY, SCHOOL, SQUARE, load, only_error, with_logo

COLOUR_AT = Location(SCHOOL, 2, 9)  # `colour: ` is 8 characters


def merged(root):
    content, files, findings = load(root)
    assert content is not None and not [f for f in findings if f.level == "error"], [f.format() for f in findings]
    schools = {file.slug: merge_school(content, file)[0] for file in files}
    return content, schools


def write_defaults(root, text: str) -> None:
    with (root / POLICY / "defaults.yml").open("a", encoding="utf-8") as defaults:
        defaults.write(text)


# --- the sample schools -------------------------------------------------------------------


def test_every_sample_school_and_the_federation_has_a_logo_and_colour_that_pass():
    content, schools = merged(ROOT)
    assert set(schools) == set(SLUGS)
    for slug, school in schools.items():
        logo = school.data["logo"]
        assert isinstance(logo, Image) and logo.source == f"schools/logos/{slug}.svg", slug
        assert (logo.media_type, logo.width, logo.height) == ("image/svg+xml", 100, 100)
        assert contrast_with_white(school.data["colour"]) >= MIN_CONTRAST
    assert content.federation.logo.source == f"{POLICY}/logos/federation.svg"
    assert contrast_with_white(content.federation.colour) >= MIN_CONTRAST
    assert content.federation.contact == {}  # the seeds give no contact: none is made up


def test_the_sample_logos_are_small_distinct_square_drawings():
    paths = sorted((ROOT / "schools" / "logos").glob("*.svg")) + [ROOT / POLICY / "logos" / "federation.svg"]
    drawn = [svg.clean(path.read_bytes()) for path in paths]
    assert all(isinstance(result, tuple) and result[1] == result[2] for result in drawn), drawn
    assert all(path.stat().st_size < 1024 for path in paths)
    assert len({result[0] for result in drawn if isinstance(result, tuple)}) == len(paths)


# --- merge: a school's own, else the federation's -----------------------------------------


def test_a_school_logo_is_read_from_the_school_files_folder(mini_project):
    root = with_logo(mini_project, "logos/mini.svg", {"schools/logos/mini.svg": SQUARE}, more='colour: "#1A5C3A"\n')
    content, schools = merged(root)
    logo = schools["mini"].data["logo"]
    assert (logo.source, logo.media_type, logo.width, logo.height) == (
        "schools/logos/mini.svg",
        "image/svg+xml",
        100,
        100,
    )
    assert logo.site_path == f"assets/logos/{logo.name}" and logo.name.endswith(".svg")
    assert schools["mini"].data["colour"] == "#1a5c3a"  # stored in lower case
    assert content.federation.logo is None and schools["mini"].data["group"] is None


def test_defaults_logo_is_read_from_defaults_folder_and_inherited(mini_project):
    """`logos/fed.svg` in defaults.yml is content/social-media/logos/fed.svg, not the file of
    the same name beside the school files (a different drawing here)."""
    beside_school = SQUARE.replace('width="100"', 'width="50"')
    root = mini_project({"mini": "name: Mini School\n", "own": "name: Own\nlogo: logos/fed.svg\ngroup: North\n"})
    for name, text in ((f"{POLICY}/logos/fed.svg", SQUARE), ("schools/logos/fed.svg", beside_school)):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    write_defaults(root, 'federation: The Federation\nlogo: logos/fed.svg\ncolour: "#253a6b"\n')
    content, schools = merged(root)
    assert schools["mini"].data["logo"] == content.federation.logo
    assert content.federation.logo.source == f"{POLICY}/logos/fed.svg"
    assert schools["own"].data["logo"].source == "schools/logos/fed.svg"
    assert schools["own"].data["logo"].data != content.federation.logo.data
    assert schools["mini"].data["colour"] == schools["own"].data["colour"] == "#253a6b"
    assert (schools["own"].data["group"], content.federation.name) == ("North", "The Federation")


def test_an_empty_logo_in_a_school_file_clears_the_federations(mini_project):
    root = with_logo(mini_project, "", {f"{POLICY}/logos/fed.svg": SQUARE})
    write_defaults(root, "logo: logos/fed.svg\n")
    content, schools = merged(root)
    assert content.federation.logo is not None and schools["mini"].data["logo"] is None


def test_each_logo_file_is_read_once_however_many_files_name_it(mini_project, monkeypatch):
    """30 schools and defaults.yml name one file, spelt three ways: one read, one Image."""
    reads: list[str] = []
    real_read = logos._read
    monkeypatch.setattr(logos, "_read", lambda place: reads.append(place.source) or real_read(place))
    spellings = ("logos/shared.svg", "./logos/../logos/shared.svg", "../schools/logos/shared.svg")
    root = mini_project({f"s{i:02d}": f"name: S{i}\nlogo: {spellings[i % 3]}\n" for i in range(30)})
    (root / "schools" / "logos").mkdir()
    (root / "schools" / "logos" / "shared.svg").write_text(SQUARE, encoding="utf-8")
    write_defaults(root, "logo: ../../schools/logos/shared.svg\n")
    content, schools = merged(root)
    assert reads == ["schools/logos/shared.svg"]
    assert all(school.data["logo"] is content.federation.logo for school in schools.values())


def test_federation_contact_is_the_federations(mini_project):
    root = mini_project("name: Mini School\n")
    write_defaults(
        root,
        "federation_contact:\n  name: The federation office\n  email: office@federation.example.org\n"
        '  phone: "01632 960000"\n  address:\n    - 1 High Street\n',
    )
    content, _ = merged(root)
    assert isinstance(content.federation.contact, MappingProxyType)
    assert content.federation.contact["name"] == "The federation office"
    assert content.federation.contact["address"] == ("1 High Street",)


def test_federation_contact_in_a_school_file_belongs_in_defaults(mini_project):
    root = mini_project("name: Mini School\nfederation_contact:\n  name: Office\n")
    finding = only_error(root, Location(SCHOOL, 2, 1))
    assert "`federation_contact` belongs in the federation's defaults.yml" in finding.message
    assert "defaults.yml" in finding.hint


# --- colour ---------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["red", "#12345", "#ggg000", "#fff", "#1a5c3a7f", "1a5c3a", "rgb(0,0,0)"])
def test_a_colour_not_written_as_rrggbb_is_refused_at_its_place(mini_project, written):
    finding = only_error(mini_project(f'name: Mini School\ncolour: "{written}"\n'), COLOUR_AT)
    assert f"`colour` is `{written}`, which is not a colour written as #rrggbb" in finding.message
    assert '"#1a5c3a"' in finding.hint


def test_a_colour_too_light_for_white_text_is_refused_with_a_shade_that_passes(mini_project):
    finding = only_error(mini_project('name: Mini School\ncolour: "#7CB342"\n'), COLOUR_AT)
    assert finding.message == (
        "`colour` #7cb342 gives white text 2.5:1, below the 4.5:1 pages need; #5a812f would pass"
    )
    assert "#5a812f" in finding.hint


def test_an_unquoted_colour_is_a_comment_and_says_so(mini_project):
    finding = only_error(mini_project("name: Mini School\ncolour: #1a5c3a\n"), COLOUR_AT)
    assert "YAML reads `#1a5c3a` after a space as a comment" in finding.message
    assert 'colour: "#1a5c3a"' in finding.hint


@pytest.mark.parametrize("colour", ["#7cb342", "#ffffff", "#ffff00", "#00ffff", "#777777", "#ff0000", "#e0e0ff"])
def test_the_suggested_shade_passes_is_darker_and_keeps_the_hue(colour):
    shade = passing_shade(colour)
    assert contrast_with_white(shade) >= MIN_CONTRAST
    original, darker = (tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in (colour, shade))
    assert all(d <= o for d, o in zip(darker, original, strict=True))
    assert [o.index(max(o)) for o in (original, darker)] in ([0, 0], [1, 1], [2, 2])  # same strongest channel
    lighter = "#" + "".join(f"{min(255, d + 1):02x}" for d in darker)  # one step lighter fails: the nearest
    assert contrast_with_white(lighter) < MIN_CONTRAST


def test_contrast_is_wcag_relative_luminance():
    assert round(contrast_with_white("#000000"), 2) == 21.0
    assert round(contrast_with_white("#ffffff"), 2) == 1.0
    assert round(contrast_with_white("#767676"), 2) == 4.54  # the well-known lightest grey that passes
    assert contrast_with_white("#777777") < MIN_CONTRAST
    assert identity.shown_ratio(4.49) == "4.4"  # never a "4.5:1" that is refused


# --- reserved names ------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["leads", "accessibility", "privacy"])
def test_names_of_the_new_site_pages_cannot_be_schools(slug):
    assert slug in RESERVED_SLUGS
    problem = _slug_problem(f"{slug}.yml", Location(f"schools/{slug}.yml"))
    assert problem is not None and "a name the site itself uses" in problem.message


def test_logo_and_colour_problems_of_a_file_come_together(mini_project):
    root = mini_project('name: Mini School\nlogo: logos/none.svg\ncolour: "#ffffff"\n')
    errors = [f for f in load(root)[2] if f.level == "error"]
    assert sorted(f.location for f in errors) == [LOGO_AT, Location(SCHOOL, 3, 9)]
