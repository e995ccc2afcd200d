"""The letter's web page points back to the web too (pages/online.py): built with `site_url`,
its QR code, as Chromium draws it on a desktop's screen, reads (zxing-cpp) as the policy
page's address; a phone, which can't scan its own screen, shows the address only. And as
Chromium prints the letter's page, the DfE advice's link shows its address.
"""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from ..errors_support import seed_copy
from .conftest import served
from .support import ROOT, SLUGS, build, page_path, pdf_text

pytestmark = pytest.mark.browser

SITE = "https://policies.example.org/federation/"
DFE = "https://www.gov.uk/government/uploads/system/uploads/attachment_data/file/375420/Advice_for_Parents_on_Cyberbullying_131114.pdf"


@pytest.fixture(scope="module")
def online_url(tmp_path_factory):
    """The seed schools' pages, built with the site's address."""
    project = seed_copy(tmp_path_factory.mktemp("online") / "project")
    settings = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(settings + f"site_url: {SITE}\n", encoding="utf-8")
    build("--root", str(project), "--site-dir", str(project / "site"), "--no-pdf")
    with served(project / "site") as url:
        yield url


@pytest.mark.parametrize("slug", SLUGS)
def test_the_letter_pages_qr_code_reads_as_the_policy_pages_address(desktop, online_url, slug):
    page = desktop.load(f"{online_url}{page_path('letter', slug)}")
    code = page.locator("svg.ps-qr")
    assert code.is_visible()
    shot = Image.open(io.BytesIO(code.screenshot()))
    assert [found.text for found in zxingcpp.read_barcodes(shot)] == [f"{SITE}{slug}/social-media/"]
    link = page.locator(".ps-online a")
    assert link.inner_text() == link.get_attribute("href") == f"{SITE}{slug}/social-media/"


def test_a_phone_shows_the_address_but_not_the_code(phone, online_url):
    page = phone.load(f"{online_url}{page_path('letter', SLUGS[0])}")
    assert page.locator(".ps-online a").is_visible()
    assert not page.locator("svg.ps-qr").is_visible()
    assert not page.locator(".ps-qr-note").is_visible()


def test_the_printed_letter_page_shows_the_links_addresses(desktop, online_url):
    page = desktop.load(f"{online_url}{page_path('letter', SLUGS[0])}")
    page.emulate_media(media="print")
    try:
        text = re.sub(r"\s+", "", pdf_text(PdfReader(io.BytesIO(page.pdf(format="A4")))))
    finally:
        page.emulate_media(media="screen")
    assert f"(PDF)({DFE})" in text
    address = f"{SITE}{SLUGS[0]}/social-media/"
    assert text.count(address) == 1, "the address, the link's own text, printed twice"


def test_the_address_and_its_qr_code_pass_axe(desktop, online_url):
    from axe_playwright_python.sync_playwright import Axe

    page = desktop.load(f"{online_url}{page_path('letter', SLUGS[0])}")
    assert page.locator("svg.ps-qr").get_attribute("role") == "img"
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
    results = Axe().run(page, context=".ps-online", options={"runOnly": {"type": "tag", "values": tags}})
    assert results.response["violations"] == []
    assert "svg-img-alt" in [rule["id"] for rule in results.response["passes"]]  # it checked the code's label
    # its accessible name is its label: the address, as a screen reader reads it out
    name = page.evaluate("() => document.querySelector('svg.ps-qr title').textContent")
    assert name == f"QR code: {SITE}{SLUGS[0]}/social-media/"
