"""The home page: every school, with its logo, for a parent to find theirs.

A school is its logo and its name, linking to its policy page (which links its letter and
staff code: at 1,000 schools two more links a school would cost the home page about
110 KB, and a phone downloads it whole). Schools are grouped under a heading per `group`
when any school has one, else one list. templates/assets/site.js adds a "Find your school"
box above the list that hides the schools whose names don't match; without JavaScript the
page is the plain full list, with no box that does nothing.

The HTML is made here rather than from Markdown (Markdown has no image size and no lazy
loading), with every school value escaped, and then goes through the sanitiser
(markup.clean_page) like every other page.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence

from ..model import POLICY_DIR, Image, School
from . import markup
from .markup import Heading, Html

INTRO = (
    "Each school's policy on using social media, the letter it sends to parents and carers, "
    "and the code of conduct for its staff, volunteers and governors. Choose your school."
)
OTHER = "Other schools"  # the heading of schools without a group, when others have one
LIST_CLASS = "ps-schools"  # site.js's finder works on the one element with this class
LOGO_HEIGHT, LOGO_MAX_WIDTH = 40, 120  # CSS pixels: a logo fits this box, its shape kept


def home_page(site_name: str, schools: Sequence[School]) -> Html:
    """The home page's body: the site's name, a line on what is here, and the schools."""
    seen: set[str] = set()
    name = _text(site_name)
    title_id = _unique(markup.slugify(site_name), seen)
    parts = [markup.heading(1, title_id, name), f"<p>{INTRO}</p>", f'<div class="{LIST_CLASS}">']
    headings = [Heading(1, title_id, name)]
    groups = grouped(schools)
    if len(groups) == 1 and groups[0][0] is None:
        parts.append(_school_list(groups[0][1]))
    else:
        for group, members in groups:
            heading_id = _unique("schools-" + markup.slugify(group or OTHER), seen)
            title = _text(group or OTHER)
            headings.append(Heading(2, heading_id, title))
            parts.append(
                f'<section aria-labelledby="{heading_id}">'
                f"{markup.heading(2, heading_id, title)}{_school_list(members)}</section>"
            )
    parts.append("</div>")
    return Html(markup.clean_page("\n".join(parts)), tuple(headings))


def grouped(schools: Sequence[School]) -> list[tuple[str | None, list[School]]]:
    """[(None, every school)] when no school has a group; else each group in alphabetical
    order with its schools, and the schools without one last (group None, "Other schools"
    on the page). A school whose group is written "Other schools" joins them. Schools are
    in order of name within each."""
    by_group: dict[str | None, list[School]] = {}
    for school in sorted(schools, key=lambda school: sort_key(school.data["name"])):
        group = school.data.get("group") or None
        by_group.setdefault(None if group == OTHER else group, []).append(school)
    if list(by_group) == [None]:
        return [(None, by_group[None])]
    named = sorted((group for group in by_group if group is not None), key=sort_key)
    return [(group, by_group[group]) for group in named] + ([(None, by_group[None])] if None in by_group else [])


def sort_key(text: str) -> tuple[str, str]:
    """Alphabetical as a reader expects, the same on every machine (no locale): accents and
    case don't count ("Zoë" sorts as "zoe"), then the text itself breaks ties."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return plain.casefold(), text


def _school_list(schools: list[School]) -> str:
    return "<ul>" + "".join(_school_item(school) for school in schools) + "</ul>"


def _school_item(school: School) -> str:
    """A school: its logo (alt="": the name follows it), and its name linking to its
    policy page. A folder link, not .md: an incremental build renders only the schools
    that changed, so the others' Markdown is not in the build's docs tree."""
    logo = school.data.get("logo")
    picture = _logo(logo) if isinstance(logo, Image) else ""
    link = f'<a href="{school.slug}/{POLICY_DIR}/">{_text(school.data["name"])}</a>'
    return f"<li>{picture}{link}</li>"


def _logo(logo: Image) -> str:
    """The logo at list size; width and height set so nothing moves as logos arrive, and
    loaded lazily: a phone fetches the logos it shows, not 1,000."""
    width, height = display_size(logo.width, logo.height)
    return f'<img src="{logo.site_path}" alt="" width="{width}" height="{height}" loading="lazy">'


def display_size(width: int, height: int) -> tuple[int, int]:
    """(width, height) in CSS pixels: LOGO_HEIGHT high, or LOGO_MAX_WIDTH wide for a wide
    logo, in the logo's own proportions; at least 1 pixel each way."""
    scale = min(LOGO_HEIGHT / max(height, 1), LOGO_MAX_WIDTH / max(width, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _unique(base: str, seen: set[str]) -> str:
    id_, n = base, 1
    while id_ in seen:
        n += 1
        id_ = f"{base}-{n}"
    seen.add(id_)
    return id_
