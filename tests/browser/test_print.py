"""Paper: the letter page as Chromium prints it, and the PDFs WeasyPrint made at build time."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from .support import (
    A4_POINTS,
    PDFS,
    PRINTABLE,
    PRINTABLE_WIDTH_PX,
    SLUGS,
    html_parts,
    normalise,
    page_file,
    page_path,
    pdf_text,
    required_sections,
    school,
)

pytestmark = pytest.mark.browser

PRINT_LABELS = {"letter": "Print this letter", "staff-code": "Print this code"}

# The letter: two pages, and its reply slip on a right-hand page of its own (paper.css).
MAX_PAGES = {"policy": 5, "letter": 3, "staff-code": 4}

# Elements of the printed letter that are wider than the paper's printable width or
# overflow their own box: on paper those are cut off.
CUT = """(width) => {
  const paper = document.querySelector('.ps-paper');
  if (!paper) return ['no .ps-paper element'];
  const out = [];
  for (const e of [paper, ...paper.querySelectorAll('*')]) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const overflows = e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible';
    if (r.left < -0.5 || r.right > width + 0.5 || overflows)
      out.push(`<${e.tagName.toLowerCase()}${e.id ? ` id="${e.id}"` : ""} class="${e.className}"> ${Math.round(r.left)}..${Math.round(r.right)} px`);
  }
  return out.slice(0, 10);
}"""


def print_letter(tab, url: str) -> tuple[bytes, list[str]]:
    """The page as Chromium prints it on A4, and the elements that would be cut off."""
    page = tab.load(url)
    width = int(PRINTABLE_WIDTH_PX)  # lay the page out as wide as the paper's printable area
    page.emulate_media(media="print")
    page.set_viewport_size({"width": width, "height": 1000})
    try:
        cut = page.evaluate(CUT, width)
        page_width = page.evaluate("document.scrollingElement.scrollWidth")
        if page_width > width:
            cut.append(f"the page is {page_width} px wide")
        return page.pdf(format="A4"), cut
    finally:
        page.set_viewport_size({"width": 1280, "height": 800})
        page.emulate_media(media="screen")


@pytest.mark.parametrize("slug", SLUGS)
def test_letter_prints_from_the_browser(desktop, base_url, site, slug):
    url = base_url + page_path("letter", slug)
    pdf, cut = print_letter(desktop, url)
    reader = PdfReader(io.BytesIO(pdf))
    problems = [f"cut off: {element}" for element in cut]
    if len(reader.pages) > MAX_PAGES["letter"]:
        problems.append(f"{len(reader.pages)} pages of A4, not at most {MAX_PAGES['letter']}")

    text = normalise(pdf_text(reader))
    parts = html_parts(page_file(site, "letter", slug))
    expected = {
        "letterhead (school name)": school(slug)["name"],
        "date": parts["letter-date"].text,
        "greeting": "Dear Parent/Carer",
        "sign-off": parts["sign-off"].text,
        "reply slip": "Reply slip",
    }
    problems += [f"missing the {what}: {words!r}" for what, words in expected.items() if normalise(words) not in text]
    problems += [
        f"the site around the letter is printed too: {label!r}"
        for label in ("Print this letter", "All schools")
        if normalise(label) in text
    ]
    assert not problems, f"{url} printed by Chromium:\n" + "\n".join(problems)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_browser_prints_the_reply_slip_alone_on_the_front_of_the_last_sheet(desktop, base_url, slug):
    """As tests/output/test_slip_pdf.py measures the PDF: the slip's page holds only the slip
    (Chromium prints no footer), it is an odd page, and nothing is printed after it."""
    pdf, _ = print_letter(desktop, base_url + page_path("letter", slug))
    pages = [normalise(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]
    [index] = [i for i, text in enumerate(pages) if normalise("Reply slip") in text]
    assert pages[index].startswith(normalise("Please cut here")), pages[index]
    assert index % 2 == 0 and index == len(pages) - 1, f"the slip is page {index + 1} of {len(pages)}"


@pytest.mark.parametrize("output", PRINTABLE)  # the policy's page has its PDF link only
def test_print_button_prints_the_page(browser, base_url, output):
    """The button has no onclick attribute (no page carries an event handler): site.js
    listens for it. window.print is counted rather than run, since a headless browser
    shows no print dialog; the click itself is real."""
    context = browser.new_context()
    try:
        context.add_init_script("window.__printed = 0; window.print = function () { window.__printed += 1; };")
        page = context.new_page()
        page.goto(base_url + page_path(output, SLUGS[0]), wait_until="load")
        page.get_by_role("button", name=PRINT_LABELS[output]).click()
        page.wait_for_function("window.__printed === 1")
    finally:
        context.close()


def embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":  # glyphs drawn in the PDF itself
        return True
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def fonts(reader) -> dict[str, object]:
    """Every font the pages use (also inside form XObjects), by its /BaseFont name."""
    found, seen = {}, set()

    def walk(resources):
        resources = resources.get_object() if resources is not None else None
        if not resources or id(resources) in seen:
            return
        seen.add(id(resources))
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            found[str(font.get("/BaseFont"))] = font
        for xobject in (resources.get("/XObject") or {}).values():
            walk(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found


@pytest.mark.parametrize("output", list(PDFS))
@pytest.mark.parametrize("slug", SLUGS)
def test_pdf(site, slug, output):
    path = site / slug / PDFS[output]
    reader = PdfReader(path)
    name = school(slug)["name"]
    problems = []

    if not 1 <= len(reader.pages) <= MAX_PAGES[output]:
        problems.append(f"{len(reader.pages)} pages, not 1 to {MAX_PAGES[output]}")
    for number, page in enumerate(reader.pages, 1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        if not all(abs(got - a4) < 1 for got, a4 in zip(size, A4_POINTS, strict=True)):
            problems.append(f"page {number} is not A4 but {size[0]:.0f} x {size[1]:.0f} pt")

    text = normalise(pdf_text(reader))
    parts = html_parts(page_file(site, output, slug))
    problems += [
        f"the web page has no required section {sid!r}" for sid in required_sections(output) if sid not in parts
    ]
    titles = {"school name": name} | {sid: parts[sid].title for sid in required_sections(output) if sid in parts}
    titles |= {
        "policy": {},
        "staff-code": {"declaration": "Declaration", "signature": "Signature"},
        "letter": {"greeting": "Dear Parent/Carer", "reply slip": "Reply slip"},
    }[output]
    problems += [
        f"does not show the {what}: {title!r}" for what, title in titles.items() if normalise(title) not in text
    ]

    used = fonts(reader)
    problems += [f"font not embedded: {base}" for base, font in sorted(used.items()) if not embedded(font)]
    problems += [] if used else ["no fonts at all"]

    meta = reader.metadata or {}
    if not (meta.get("/Title") or "").strip():
        problems.append("no /Title")
    if name not in (meta.get("/Author") or ""):
        problems.append(f"/Author is {meta.get('/Author')!r}, not the school")

    catalog = reader.trailer["/Root"]
    marked = (catalog.get("/MarkInfo") or {}).get("/Marked")
    if marked != True:  # noqa: E712 - a pypdf BooleanObject: compare, not `is`
        problems.append(f"not tagged: /MarkInfo /Marked is {marked}")
    if "/StructTreeRoot" not in catalog:
        problems.append("no /StructTreeRoot")
    assert not problems, f"{slug}/{PDFS[output]}:\n" + "\n".join(problems)
