"""The federation's "how schools differ" report is for leads, not parents: it is published
under leads/differences/, asks search engines not to list it, and no page of the site
links to it or lists it in its navigation; the build's last lines give its address."""

import re

from policysite.output import emit

from ..errors_support import make_project, run
from ..helpers import SLUGS

REPORT = "leads/differences/index.html"


def test_the_report_is_under_the_leads_path_and_asks_not_to_be_listed(built_site):
    site, _ = built_site
    page = (site / REPORT).read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in page
    assert "<title>How schools differ - " in page
    assert "How each school differs from the canonical policy" in page
    assert not (site / "federation").exists()
    assert emit.DIFFERENCES_URL + "index.html" == REPORT


def test_no_page_links_to_the_report(built_site):
    site, _ = built_site
    pages = [site / "index.html", site / "404.html"]
    pages += [site / slug / "social-media" / name / "index.html" for slug in SLUGS for name in ("", "parent-letter")]
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'href="[^"]*(leads|federation)/', text), path
        assert "How schools differ" not in text, path
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "canonical" not in home and "noindex" not in home  # no leads' jargon for parents


def test_the_build_says_where_the_report_is(tmp_path):
    code, out, err = run(make_project(tmp_path / "project"), "build", "--no-pdf")
    assert code == 0, err
    lines = out.strip().splitlines()
    said = "For leads: how each school differs from the canonical policy is at leads/differences/ in the site."
    assert lines[-2] == said
    assert lines[-1].startswith("To look at it: ")
