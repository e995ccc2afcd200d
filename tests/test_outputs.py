"""Every school file gives every output, each holding every section the contract requires."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from .helpers import (
    PAGES,
    PDFS,
    ROOT,
    SCHOOL_FILES,
    SLUGS,
    build_site,
    element_ids,
    page_path,
    parse_page,
    pdf_path,
    pdf_text,
    read_yaml,
    required_sections,
    squash,
    visible_text,
)

REQUIRED = required_sections()
A4 = (595.28, 841.89)  # points


def school_name(slug: str) -> str:
    return read_yaml(ROOT / "schools" / f"{slug}.yml")["name"]


def html(path: Path) -> str:
    assert path.is_file(), f"{path} was not written"
    return path.read_text(encoding="utf-8")


def test_there_are_school_files():
    assert SCHOOL_FILES, "schools/ holds no *.yml file"


def test_contract_names_the_three_outputs():
    assert set(REQUIRED) == set(PAGES)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_output_is_written(built_site, slug):
    site, _ = built_site
    paths = [page_path(site, slug, o) for o in PAGES] + [pdf_path(site, slug, o) for o in PDFS]
    assert not [str(p.relative_to(site)) for p in paths if not p.is_file() or not p.stat().st_size]


@pytest.mark.parametrize("output", list(PAGES))
@pytest.mark.parametrize("slug", SLUGS)
def test_page_holds_every_required_section(built_site, slug, output):
    site, _ = built_site
    ids = element_ids(html(page_path(site, slug, output)))
    missing = [section for section in REQUIRED[output] if section not in ids]
    assert not missing, f"{slug} {output} page lacks sections {missing}"


@pytest.mark.parametrize("output", list(PDFS))
@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_has_a_destination_per_required_section(built_site, slug, output):
    site, _ = built_site
    reader = PdfReader(pdf_path(site, slug, output))
    missing = [section for section in REQUIRED[output] if section not in reader.named_destinations]
    assert not missing, f"{slug} {PDFS[output]} has no destination for {missing}"


@pytest.mark.parametrize("output", list(PDFS))
@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_text_names_the_school(built_site, slug, output):
    site, _ = built_site
    assert squash(school_name(slug)) in pdf_text(pdf_path(site, slug, output))


@pytest.mark.parametrize("output", list(PDFS))
@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_pages_are_a4(built_site, slug, output):
    site, _ = built_site
    for number, page in enumerate(PdfReader(pdf_path(site, slug, output)).pages, start=1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=1), f"page {number} is {size} pt, not A4"


@pytest.mark.parametrize("output", list(PDFS))
@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_metadata_has_title_and_author(built_site, slug, output):
    site, _ = built_site
    meta = PdfReader(pdf_path(site, slug, output)).metadata
    assert meta is not None and (meta.title or "").strip(), "the PDF has no /Title"
    assert meta.author == school_name(slug)


def font_files(font) -> bool:
    """Whether a font dictionary (or, for Type0, its descendant) carries its font program."""
    font = font.get_object()
    if font.get("/Subtype") == "/Type0":
        return all(font_files(child) for child in font["/DescendantFonts"])
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False  # a standard 14 font or a Type3 font: nothing embedded
    return any(key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.parametrize("output", list(PDFS))
@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_fonts_are_embedded(built_site, slug, output):
    site, _ = built_site
    fonts = {}
    for page in PdfReader(pdf_path(site, slug, output)).pages:
        fonts |= {
            str(font.get_object().get("/BaseFont")): font
            for font in (page["/Resources"].get_object().get("/Font") or {}).values()
        }
    assert fonts, "the PDF uses no fonts"
    assert not [name for name, font in fonts.items() if not font_files(font)], "fonts not embedded"


def test_home_lists_every_school(built_site):
    """Each school's name links to its policy page, whose navigation links its letter and
    staff code (pages/home.py: two more links a school would weigh 110 KB at 1,000)."""
    site, _ = built_site
    page = html(site / "index.html")
    text = visible_text(page)
    for slug in SLUGS:
        assert f'href="{slug}/social-media/"' in page, f"no link to {slug}/social-media/"
        policy = html(site / slug / "social-media" / "index.html")
        for target in ("parent-letter/", "staff-code/"):
            assert f'href="{target}"' in policy, f"{slug}'s policy page has no link to {target}"
            assert (site / slug / "social-media" / target / "index.html").is_file()
        assert squash(school_name(slug)) in text


@pytest.mark.parametrize("output", list(PDFS))
@pytest.mark.parametrize("slug", SLUGS)
def test_printable_page_has_print_button_and_pdf_link(built_site, slug, output):
    """The letter's and the staff code's pages print as paper; the policy's page only links its PDF."""
    site, _ = built_site
    page = html(page_path(site, slug, output))
    button = re.search(r"<button[^>]*data-ps-print", page)
    assert bool(button) == (output != "policy"), "a print button" if button else "no print button"
    href = PDFS[output] if output == "policy" else f"../{PDFS[output]}"  # the policy's page is beside its PDF
    assert f'href="{href}"' in page, f"no link to {href}"
    assert (page_path(site, slug, output).parent / href).resolve() == pdf_path(site, slug, output).resolve()
    assert pdf_path(site, slug, output).is_file()


def print_rules(css: str) -> list[tuple[list[str], str]]:
    """(selectors, declarations) of every rule inside the @media print blocks."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = []
    for start in [m.end() for m in re.finditer(r"@media\s+print\s*\{", css)]:
        depth, end = 1, start
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        for selectors, body in re.findall(r"([^{}@]+)\{([^{}]*)\}", css[start : end - 1]):
            rules.append(([s.strip() for s in selectors.split(",")], body))
    return rules


def test_print_css_hides_site_chrome(built_site):
    site, _ = built_site
    rules = print_rules((site / "assets" / "site.css").read_text(encoding="utf-8"))
    hidden = {sel for selectors, body in rules if re.search(r"display:\s*none", body) for sel in selectors}
    assert {".md-header", ".md-sidebar"} <= hidden, f"print CSS hides only {sorted(hidden)}"


@pytest.mark.parametrize("output", list(PAGES))
@pytest.mark.parametrize("slug", SLUGS)
def test_navigation_shows_only_this_school(built_site, slug, output):
    site, _ = built_site
    navs = parse_page(html(page_path(site, slug, output))).navs
    assert navs, "the page has no navigation"
    shown = squash(" ".join(" ".join(nav) for nav in navs))
    others = [other for other in SLUGS if other != slug]
    assert not [other for other in others if re.search(rf"(^|[/ ]){re.escape(other)}/", shown)]
    assert not [other for other in others if squash(school_name(other)) in shown]


MARKUP_NAME = "St Mary's <b>Bold</b> & *Star* [link](https://x.example)"


def test_school_values_show_literally_everywhere(mini_project, tmp_path):
    site = tmp_path / "site"
    build_site(mini_project(f'name: "{MARKUP_NAME}"\n', slug="odd"), site, pdfs=True)
    for output in PAGES:
        page = html(page_path(site, "odd", output))
        assert "<b>Bold</b>" not in page and MARKUP_NAME in visible_text(page), output
    for output in PDFS:
        assert MARKUP_NAME in pdf_text(pdf_path(site, "odd", output)), output
        assert PdfReader(pdf_path(site, "odd", output)).metadata.author == MARKUP_NAME
