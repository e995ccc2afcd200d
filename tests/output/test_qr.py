"""The letter's PDF points back to the web, read from real PDFs: the seed schools built with
`site_url` in mkdocs.yml (and a web address for one linked policy). Each letter's QR code,
rendered to pixels by pdfium and read by zxing-cpp, is its policy page's address; the
address is in the PDF's text; the code is drawn as vector, not as an image; and on paper
every web link shows its address: the DfE advice, the linked policy, but the letterhead's
website and the printed address only once. Built without `site_url`, no code and no address.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from pypdf import PdfReader

from ..errors_support import seed_copy
from ..helpers import ROOT, SLUGS, build_site, page_path, pdf_path, pdf_text

SITE = "https://policies.example.org/federation/"
DFE = (
    "https://www.gov.uk/government/uploads/system/uploads/attachment_data/file/375420/"
    "Advice_for_Parents_on_Cyberbullying_131114.pdf"
)
COMPLAINTS = "https://www.example.org/policies/complaints"  # the-avenue's complaints procedure, added below
WEBSITE = "https://www.the-avenue.example.org/"  # and its website, in its letterhead
SCALE = 3  # 216 dpi: what a phone's camera sees of a 28 mm code, and more


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = seed_copy(tmp_path_factory.mktemp("qr") / "project")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as settings:
        settings.write(f"site_url: {SITE}\n")
    avenue = root / "schools" / "the-avenue.yml"
    text = avenue.read_text(encoding="utf-8")
    marker = "    title: Complaints Procedure\n"
    assert marker in text
    text = text.replace(marker, marker + f"    url: {COMPLAINTS}\n") + f"website: {WEBSITE}\n"
    avenue.write_text(text, encoding="utf-8")
    build_site(root, root / "site", pdfs=True)
    return root / "site"


def address(slug: str) -> str:
    return f"{SITE}{slug}/social-media/"


def qr_codes(path) -> list[tuple[int, str]]:
    """(page index, text) of every QR code zxing-cpp reads on the PDF's pages, as pixels."""
    document = pdfium.PdfDocument(path)
    try:
        found = []
        for index, page in enumerate(document):
            image = page.render(scale=SCALE, grayscale=True).to_pil()
            found += [(index, code.text) for code in zxingcpp.read_barcodes(image) if code.format.name == "QRCode"]
        return found
    finally:
        document.close()


def flat(text: str) -> str:
    """PDF text without the line breaks and spaces a long address is broken at."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_letters_qr_code_reads_as_its_policy_pages_address(site, slug):
    [(page, text)] = qr_codes(pdf_path(site, slug, "letter"))
    assert text == address(slug)
    # ... which is the page the site published for it
    assert text.removeprefix(SITE) + "index.html" == page_path(site, slug, "policy").relative_to(site).as_posix()
    assert page < 2, "the code is in the letter, not on its reply slip"


@pytest.mark.parametrize("slug", SLUGS)
def test_the_address_is_text_in_the_letters_pdf_once(site, slug):
    text = flat(pdf_text(pdf_path(site, slug, "letter")))
    assert text.count(address(slug)) == 1  # printed as its own text, never again in brackets after it
    assert "YoucanreadourSocialMediaPolicyonline:" in text or "online:" + address(slug) in text


@pytest.mark.parametrize("slug", SLUGS)
def test_the_qr_code_is_drawn_as_vector_with_the_address_as_its_label(site, slug):
    path = pdf_path(site, slug, "letter")
    [(index, _)] = qr_codes(path)
    document = pdfium.PdfDocument(path)
    try:
        page = document[index]
        images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=16))
        paths = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=16))
    finally:
        document.close()
    assert images == [], "the QR code's page holds an image"
    assert paths, "no drawing on the QR code's page"
    assert f"QR code: {address(slug)}" in figure_alts(path)


def figure_alts(path) -> list[str]:
    """The /Alt of every Figure in the PDF's structure tree (a tagged PDF's images)."""
    reader = PdfReader(path)
    alts: list[str] = []
    stack: list[Any] = [reader.root_object["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack += node
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            if "/K" in node:
                stack.append(node["/K"])
    return alts


@pytest.mark.parametrize("slug", SLUGS)
def test_the_dfe_advices_address_is_printed_after_its_link(site, slug):
    text = flat(pdf_text(pdf_path(site, slug, "letter")))
    assert f"(PDF)({DFE})" in text


def test_a_linked_policys_address_is_printed_after_its_link(site):
    text = flat(pdf_text(pdf_path(site, "the-avenue", "policy")))
    assert f"ComplaintsProcedure({COMPLAINTS})" in text


def test_the_letterheads_website_is_printed_once(site):
    text = flat(pdf_text(pdf_path(site, "the-avenue", "letter")))
    assert text.count(WEBSITE) == 1, "the letterhead's website printed with its address again"


@pytest.mark.parametrize("slug", SLUGS)
def test_without_the_sites_address_no_letter_shows_a_qr_code_or_an_address(built_site, slug):
    site, _ = built_site
    path = pdf_path(site, slug, "letter")
    assert qr_codes(path) == []
    text = pdf_text(path)
    assert "QR code" not in text and "/social-media/" not in text
    assert "online:" not in text


def test_the_pdfs_text_has_no_stray_bullet_rows(site):
    # WeasyPrint draws a list's outside markers after the page's text: a PDF's text then ended
    # in rows of "•", away from their items.
    for slug in SLUGS:
        for output in ("policy", "letter", "staff-code"):
            reader = PdfReader(io.BytesIO(pdf_path(site, slug, output).read_bytes()))
            for number, page in enumerate(reader.pages, start=1):
                lines = (page.extract_text() or "").splitlines()
                stray = [line for line in lines if line.strip() in ("•", "◦", "▪")]
                assert stray == [], f"{slug} {output} page {number}: {stray}"


def test_each_named_letter_of_a_class_set_carries_the_same_qr_code(site, tmp_path):
    # `build.py letters` prints the school's letter as the build does (commands/letters.py)
    pupils = tmp_path / "pupils.csv"
    pupils.write_text("Forename,Surname,Class\nAda,Lovelace,Year 2\nAlan,Turing,Year 10\n", encoding="utf-8")
    out = tmp_path / "letters.pdf"
    command = [sys.executable, str(ROOT / "build.py"), "letters", "cambois", "--root", str(site.parent)]
    subprocess.run([*command, "--pupils", str(pupils), "--out", str(out)], check=True, capture_output=True)
    assert [text for _, text in qr_codes(out)] == [address("cambois")] * 2
