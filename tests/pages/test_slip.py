"""`letter.reply_by` (frame.html `by_when`): the letter and its reply slip say when the slip
is due back, a day as written, a month or a term by its end; without it neither says a
date. `check` warns, at the value, when the slip is due back before the letter's date."""

from __future__ import annotations

import re

import pytest

from ..errors_support import finding, make_project, run
from ..helpers import build_site, mini_copy, page_path, visible_text

SCHOOLS = {
    "day": "name: Day School\nletter:\n  date: 2025-09-08\n  reply_by: 2025-09-19\n",
    "month": "name: Month School\nletter:\n  reply_by: 2025-10\n",
    "term": "name: Term School\nletter:\n  reply_by: autumn 2025\n",
    "none": "name: No Date School\nletter:\n  date: 2025-09-08\n",
}
REPLY_BY = re.compile(r'<p class="ps-reply-by"[^>]*>(.*?)</p>', re.S)
SLIP = re.compile(r'<section class="ps-slip".*?</section>', re.S)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = mini_copy(tmp_path_factory.mktemp("reply-by") / "project", SCHOOLS)
    build_site(root, root / "site")
    return root / "site"


def sentences(site, slug: str) -> tuple[list[str], list[str]]:
    """The return-date sentences of the letter's page: (all of them, those on the slip)."""
    html = page_path(site, slug, "letter").read_text(encoding="utf-8")
    slip = SLIP.search(html)
    assert slip, html
    return [visible_text(s) for s in REPLY_BY.findall(html)], [visible_text(s) for s in REPLY_BY.findall(slip[0])]


@pytest.mark.parametrize(
    "slug, when",
    [
        ("day", "19 September 2025"),
        ("month", "the end of October 2025"),
        ("term", "the end of the Autumn term 2025"),  # not "by Autumn 2025": that could mean its start
    ],
)
def test_the_letter_and_its_slip_say_when_to_return_the_slip(site, slug, when):
    found, on_slip = sentences(site, slug)
    assert found == [f"Please return the reply slip by {when}.", f"Please return this slip by {when}."]
    assert on_slip == [f"Please return this slip by {when}."]


def test_a_day_is_marked_up_as_a_machine_readable_time(site):
    html = page_path(site, "day", "letter").read_text(encoding="utf-8")
    assert html.count('<time datetime="2025-09-19">19 September 2025</time>') == 2


def test_without_reply_by_no_return_date_is_printed(site):
    html = page_path(site, "none", "letter").read_text(encoding="utf-8")
    assert sentences(site, "none") == ([], [])
    assert "return the reply slip by" not in visible_text(html) and "return this slip by" not in visible_text(html)


def test_check_warns_at_a_reply_by_before_the_letters_date(tmp_path):
    early = "name: Early Reply School\nletter:\n  date: 2025-09-08\n  reply_by: 2024-09-19\n"
    later = "name: Term Reply School\nletter:\n  date: 2025-09-08\n  reply_by: Autumn 2025\n"
    project = make_project(tmp_path / "project", {"early-reply": early, "term-reply": later})
    code, _, err = run(project, "check", "--today", "2025-09-01")
    assert code == 0, err
    block = finding(
        err,
        "schools/early-reply.yml:4:13",
        "warning",
        "Early Reply School: the reply slip is due back by 19 September 2024, "
        "before the letter's date, 8 September 2025",
    )
    assert "hint: Set `reply_by:` to a day after `letter.date:`" in block
    assert err.count("the reply slip is due back") == 1  # a term that ends after the letter's date is in time
