"""The site around the pages: whose logo, name and colour the header shows, and the logo files.

mkdocs-material's templates print what they are given without escaping it
(templates/mkdocs/partials/header.html, logo.html, main.html). So only values of a known
shape reach them from here: a logo's place in the site (named by its content hash), its
size as whole numbers, and a colour as `#rrggbb`. identity.py has checked them already;
anything else here is a policysite bug, refused with an exception rather than printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..model import LOGOS_DIR, Federation, Image, School

COLOUR = re.compile(r"#[0-9a-f]{6}")  # what identity.py lets through, lower case
_LOGO_PATH = re.compile(re.escape(LOGOS_DIR) + r"/[0-9a-f]{16}\.(?:svg|png)")
SITE_IDENTITY = "policysite_identity"  # mkdocs config `extra` key: the site's own pages' logo and colour
# The site's accessibility statement and privacy note (sitepages.py), by their slug: every
# page's footer links them (templates/mkdocs/partials/copyright.html), the navigation lists them.
STATEMENTS = ("accessibility", "privacy")


def statement_path(slug: str) -> str:
    """A statement's place in the docs tree: site/<slug>/index.html once built."""
    return f"{slug}/index.md"


def logo(image: Image | None) -> dict[str, Any] | None:
    """What the header's <img> needs: the logo's place in the site (the templates make it
    relative to each page with mkdocs' `url` filter) and its size, so nothing jumps as it loads."""
    if image is None:
        return None
    if not _LOGO_PATH.fullmatch(image.site_path):
        raise ValueError(f"a logo's site path is not ours to print: {image.site_path!r}")
    if not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in (image.width, image.height)):
        raise ValueError(f"a logo's size is not two whole numbers: {image.width!r} x {image.height!r}")
    return {"src": image.site_path, "width": image.width, "height": image.height}


def colour(value: object) -> str | None:
    """A checked `#rrggbb`, or None; anything else is refused, never passed on to be printed."""
    if value is None:
        return None
    if not isinstance(value, str) or not COLOUR.fullmatch(value):
        raise ValueError(f"a colour is not #rrggbb: {value!r}")
    return value


def school_identity(data: Mapping[str, Any]) -> dict[str, Any]:
    """A school page's `logo` and `colour` (its own, else the federation's: merge.py), for
    its front matter: they are then part of the page's incremental key (pipeline._keys)."""
    return {"logo": logo(data.get("logo")), "colour": colour(data.get("colour"))}


def site_identity(federation: Federation) -> dict[str, Any]:
    """The federation's logo and colour, for the site's own pages and the 404 page, which
    have no school: mkdocs config `extra`, read by the templates as config.extra."""
    return {"logo": logo(federation.logo), "colour": colour(federation.colour)}


def favicon(federation: Federation) -> str | None:
    """The browser tab's icon: the federation's logo when defaults.yml gives one."""
    return federation.logo.site_path if federation.logo is not None else None


def logo_files(federation: Federation, schools: Iterable[School]) -> dict[str, bytes]:
    """Every distinct logo, once, by its place in the docs tree: 1,000 schools sharing the
    federation's logo publish one file."""
    images = [federation.logo, *(school.data.get("logo") for school in schools)]
    return {image.site_path: image.data for image in images if image is not None and logo(image)}
