"""The PDFs: pdfs.py's check of each PDF's text, the school's logo in its letterheads, and the policy's PDF.

WeasyPrint draws Arabic and Hebrew right to left, and pdfium reads a run of such words back
in the order they are drawn, with Arabic's lam-alef as its two letters swapped: the check
that the PDF shows the school's name failed every build of a school named in Arabic.

A logo is fetched from the PdfJob's own table (fetch.py), never from a file: these builds
make real PDFs and read back what pdfium draws."""

from __future__ import annotations

import ctypes
import json

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from PIL import Image as PILImage
from PIL import ImageChops
from pypdf import PdfReader

from policysite.errors import BuildFailed
from policysite.output.pdfs import shows
from policysite.output.pipeline import prepare
from policysite.pages.markup import MARKDOWN, plain_text
from policysite.pages.paper import identity, plain_title
from policysite.project import open_project

from .. import helpers
from ..helpers import (
    PDFS,
    ROOT,
    SLUGS,
    build_site,
    mini_copy,
    page_path,
    pdf_path,
    pdf_text,
    reproducible_env,
    required_sections,
    squash,
    visible_text,
)

ARABIC = "مدرسة النور الابتدائية"  # "Al-Noor Primary School"; ال + ا is drawn as one lam-alef


@pytest.mark.parametrize("name", [ARABIC, f"{ARABIC} Primary School שלום"])
def test_a_school_named_in_arabic_builds_its_pdfs(mini_project, name):
    root = mini_project(f"name: {json.dumps(name)}\n")
    build_site(root, root / "site", pdfs=True)  # raised BuildFailed: "does not show “مدرسة …”"
    for output in PDFS:
        text = pdf_text(pdf_path(root / "site", "mini", output))
        assert "مدرسة" in text and "النور" in text


def test_a_right_to_left_name_missing_from_the_text_is_still_found_missing():
    drawn = "Before. االبتدائية النور مدرسة. After"  # as pdfium reads ARABIC back
    assert shows(drawn, ARABIC)
    assert not shows("Before. النور مدرسة. After", ARABIC)  # a word missing
    assert not shows("Before. After", "St Mary's")


# The letterhead's logo (templates/print/frame.html), in the letter's and the staff code's
# PDFs: page 1 drawn by pdfium, and the logo's own colour found where the letterhead is.
# Each logo is one flat colour used nowhere else on the page; a school without a logo is
# the control, so the count can tell a drawn logo from none.
GREEN, MAGENTA, PURPLE = (0, 200, 83), (200, 0, 160), (123, 31, 162)
GREEN_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 100" width="120" height="100">'
    '<rect width="120" height="100" fill="#00c853"/></svg>'
)
LOGO_SCHOOLS = {
    "svg": "name: Green Logo School\nlogo: logos/green.svg\ncolour: '#7b1fa2'\n",
    "png": "name: Magenta Logo School\nlogo: logos/magenta.png\n",
    "none": "name: No Logo School\n",
    # A letterhead as a school's office writes it: address, phone, email and website under the name.
    "full": (
        "name: Full Letterhead School\nlogo: logos/green.svg\ncolour: '#7b1fa2'\n"
        "address: [1 Oak Road, Oakton, OK1 1AA]\nphone: '01632 960001'\n"
        "email: office@oak.example.org\nwebsite: https://oak.example.org/\n"
    ),
}
POINTS_PER_EM = 10.5  # print/pdf.css: the PDF's text is 10.5pt; the logo is 5em tall (assets/paper.css)


@pytest.fixture(scope="module")
def logo_site(tmp_path_factory):
    root = mini_copy(tmp_path_factory.mktemp("logos") / "project", LOGO_SCHOOLS)
    (root / "schools" / "logos").mkdir()
    (root / "schools" / "logos" / "green.svg").write_text(GREEN_SVG, encoding="utf-8")
    PILImage.new("RGB", (60, 40), MAGENTA).save(root / "schools" / "logos" / "magenta.png")
    build_site(root, root / "site", pdfs=True)
    return root / "site"


def first_page(path):
    """Page 1 drawn at 72 dpi (a pixel a point), its image objects' pixel sizes, and its text's fill colours."""
    document = pdfium.PdfDocument(path)
    try:
        page = document[0]
        drawn = page.render(scale=1).to_pil().convert("RGB")
        images = [obj.get_px_size() for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE])]
        fills = {_fill(obj) for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT])}
        return drawn, images, fills
    finally:
        document.close()


def _fill(obj) -> tuple[int, int, int]:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    raw.FPDFPageObj_GetFillColor(obj.raw, *(ctypes.byref(c) for c in (r, g, b, a)))
    return r.value, g.value, b.value


def box_of(drawn, colour, tolerance=6):
    """The box (left, top, right, bottom) of the pixels of `colour`, and how many there are."""
    bands = [
        band.point(lambda value, wanted=wanted: 255 if abs(value - wanted) <= tolerance else 0)
        for band, wanted in zip(drawn.split(), colour, strict=True)
    ]
    mask = ImageChops.multiply(ImageChops.multiply(bands[0], bands[1]), bands[2])
    box = mask.getbbox()  # right and bottom one past the last pixel
    return (box[0], box[1], box[2] - 1, box[3] - 1) if box else None, mask.histogram()[255]


@pytest.mark.parametrize("output", list(PDFS))
@pytest.mark.parametrize(("slug", "colour"), [("svg", GREEN), ("png", MAGENTA)])
def test_the_letterhead_draws_the_logo_at_the_top_left(logo_site, output, slug, colour):
    drawn, _, _ = first_page(pdf_path(logo_site, slug, output))
    box, count = box_of(drawn, colour)
    assert box is not None, f"no pixel of the logo's colour on page 1 of {slug}'s {output}"
    left, top, right, bottom = box
    height = 5 * POINTS_PER_EM
    assert abs((bottom - top + 1) - height) <= 3, f"the logo is {bottom - top + 1} pt tall, not {height}"
    assert left < drawn.width / 3 and bottom < drawn.height / 4, f"the logo is at {box}, not the top left"
    assert count >= 0.9 * (right - left + 1) * (bottom - top + 1), "the logo's box is not filled with its colour"


def text_box(path, colour):
    """The box (left, top, right, bottom), in points from the top left of page 1, of the
    text drawn in `colour`: the letterhead's school name, the only text in the school's colour."""
    document = pdfium.PdfDocument(path)
    try:
        page = document[0]
        height = page.get_height()
        boxes = [obj.get_bounds() for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT]) if _fill(obj) == colour]
        assert boxes, f"no text in {colour} on page 1 of {path}"
        left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
        return (left, height - max(b[3] for b in boxes), right, height - min(b[1] for b in boxes))
    finally:
        document.close()


@pytest.mark.parametrize("output", list(PDFS))
def test_the_logo_stands_level_with_the_name_above_the_address(logo_site, output):
    """As on a printed letterhead: with address and contact lines under the name, the logo's
    top is the name's (centred on the whole block, it sat lines below the name); a name
    alone is centred on the logo. Both beside the logo, not under it."""
    path = pdf_path(logo_site, "full", output)
    (_, logo_top, logo_right, logo_bottom), _ = box_of(first_page(path)[0], GREEN)
    name_left, name_top, _, name_bottom = text_box(path, PURPLE)
    assert name_left > logo_right and name_bottom < logo_bottom, "the name is not beside the logo"
    assert abs(name_top - logo_top) <= 6, f"the logo's top is at {logo_top} pt, the name's at {name_top:.1f} pt"
    alone = pdf_path(logo_site, "svg", output)
    (_, logo_top, _, logo_bottom), _ = box_of(first_page(alone)[0], GREEN)
    _, name_top, _, name_bottom = text_box(alone, PURPLE)
    centres = (name_top + name_bottom) / 2, (logo_top + logo_bottom) / 2
    assert abs(centres[0] - centres[1]) <= 3, "a name alone is not centred on the logo"


@pytest.mark.parametrize("output", list(PDFS))
def test_a_png_logo_is_an_image_of_its_own_pixels_and_an_svg_is_drawn_not_pasted(logo_site, output):
    _, png_images, _ = first_page(pdf_path(logo_site, "png", output))
    _, svg_images, _ = first_page(pdf_path(logo_site, "svg", output))
    assert png_images == [(60, 40)]
    assert svg_images == []  # WeasyPrint draws an SVG as paths: its drawing, not a picture of it


@pytest.mark.parametrize("output", list(PDFS))
def test_without_a_logo_nothing_of_either_colour_is_drawn(logo_site, output):
    drawn, images, _ = first_page(pdf_path(logo_site, "none", output))
    assert box_of(drawn, GREEN)[1] == 0 and box_of(drawn, MAGENTA)[1] == 0
    assert images == []


@pytest.mark.parametrize("output", list(PDFS))
def test_the_letterhead_names_the_school_in_its_colour(logo_site, output):
    """templates/print/document.html sets --ps-colour from the school's `colour`."""
    assert PURPLE in first_page(pdf_path(logo_site, "svg", output))[2]
    assert PURPLE not in first_page(pdf_path(logo_site, "none", output))[2]


def test_a_logo_weasyprint_cannot_draw_stops_the_build_naming_it(mini_project):
    """WeasyPrint logs an image it fails to draw and leaves it out: the letterhead would lose
    its logo without a word. A drawing svg.py accepts can still fail there (a font 1e308
    points high), so the PDF step says so, naming the logo, for each of the school's PDFs."""
    root = mini_project("name: Oak School\nlogo: logos/oak.svg\n")
    (root / "schools" / "logos").mkdir()
    (root / "schools" / "logos" / "oak.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text font-size="1e308">Oak</text></svg>',
        encoding="utf-8",
    )
    with pytest.raises(BuildFailed) as failed:
        build_site(root, root / "site", pdfs=True)
    errors = [finding for finding in failed.value.findings if finding.level == "error"]
    assert [str(finding.location) for finding in errors] == ["schools/mini.yml"] * len(PDFS)
    for finding in errors:
        assert "the logo schools/logos/oak.svg could not be drawn" in finding.message and finding.hint
    assert not (root / "site").exists()


# The policy as a PDF (site/<slug>/social-media/policy.pdf), for a governors' meeting: read
# from the real seed build, against what the pipeline rendered for each school's policy.
@pytest.fixture(scope="module")
def seed_policies():
    """Each seed school's rendered policy, by slug: its sections and footer (paper.identity)."""
    with reproducible_env():
        _, _, outputs = prepare(open_project(ROOT), [])
    return {r.school.slug: r for r in outputs if r.output == "policy" and r.language == "en"}  # the PDF tested


@pytest.mark.parametrize("slug", SLUGS)
def test_the_policy_pdf_is_tagged_a4(built_site, slug):
    reader = PdfReader(pdf_path(built_site[0], slug, "policy"))
    catalog = reader.trailer["/Root"]
    assert (catalog.get("/MarkInfo") or {}).get("/Marked") == True  # noqa: E712 - a pypdf BooleanObject
    assert "/StructTreeRoot" in catalog
    for number, page in enumerate(reader.pages, start=1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx((595.28, 841.89), abs=1), f"page {number} is {size} pt, not A4"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_policy_page_ends_with_the_footer(built_site, seed_policies, slug):
    rendered = seed_policies[slug]
    document, name = identity(rendered), squash(rendered.school.data["name"])
    pages = helpers.pdf_pages(pdf_path(built_site[0], slug, "policy"))
    assert len(pages) >= 2, "every seed policy runs over more than one page"
    for number, text in enumerate(pages, start=1):
        footer = squash(text).rsplit(f"{document['title']} · {name}", 1)
        assert len(footer) == 2, f"page {number} has no footer naming the policy and {name}"
        assert footer[1].endswith(f"Page {number} of {len(pages)}"), (number, footer[1])
        for part in (document["version"], document["date"]):
            assert part is None or part in footer[1], (number, part, footer[1])


@pytest.mark.parametrize("slug", SLUGS)
def test_the_policy_pdf_opens_with_the_letterhead_and_holds_every_required_section(built_site, seed_policies, slug):
    """The school's name first (the letterhead), then the title; each required section's
    heading and the start of its text."""
    rendered = seed_policies[slug]
    text = pdf_text(pdf_path(built_site[0], slug, "policy"))
    assert text.startswith(f"{squash(rendered.school.data['name'])} {plain_title(rendered.title)}"), text[:120]
    sections = {section.id: section for section in rendered.sections}
    for section_id in required_sections()["policy"]:
        section = sections[section_id]
        opening = " ".join(plain_text(MARKDOWN.render(section.markdown)).split()[:6])
        assert squash(plain_title(section.title)) in text, f"{slug}: no heading of {section_id}"
        assert opening in text, f"{slug}: no text of {section_id} ({opening!r})"


@pytest.mark.parametrize("slug", SLUGS)
def test_the_worried_box_is_on_the_policy_page_but_not_in_its_pdf(built_site, slug):
    site = built_site[0]
    assert "Worried about a post?" in visible_text(page_path(site, slug, "policy").read_text(encoding="utf-8"))
    assert "Worried about a post" not in pdf_text(pdf_path(site, slug, "policy"))


@pytest.mark.parametrize("slug", SLUGS)
def test_the_policy_page_links_its_pdf_under_the_schools_name(built_site, slug):
    page = page_path(built_site[0], slug, "policy").read_text(encoding="utf-8")
    assert f'href="policy.pdf" download="{slug}-policy.pdf">Download the policy (PDF)</a>' in page
