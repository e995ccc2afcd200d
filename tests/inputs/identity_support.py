"""Projects with logos, for the identity tests: a mini project (conftest's mini_project)
whose school writes `logo:` on line 2, and the files it names."""

from __future__ import annotations

import io
from pathlib import Path

from policysite.errors import Finding, Location
from policysite.inputs.load import load_inputs

POLICY = "content/social-media"
SCHOOL = "schools/mini.yml"
LOGO_AT = Location(SCHOOL, 2, 7)  # `logo: ` is 6 characters: the value starts at column 7
SQUARE = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100"/></svg>'


def with_logo(mini_project, logo: str, files: dict[str, str | bytes] | None = None, more: str = "") -> Path:
    """A mini project whose school file says `logo: <logo>` on line 2; `files` are written
    under the project's folder ({"schools/logos/x.svg": text})."""
    root = mini_project(f"name: Mini School\nlogo: {logo}\n{more}")
    for name, data in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return root


def load(root: Path):
    """(Content or None, school files, findings) as a build loads them."""
    return load_inputs(root.resolve(), POLICY, "schools")


def only_error(root: Path, at: Location = LOGO_AT) -> Finding:
    """The one error of loading `root`, which must be at `at` and come with a hint."""
    errors = [finding for finding in load(root)[2] if finding.level == "error"]
    assert len(errors) == 1, [finding.format() for finding in errors]
    assert errors[0].location == at and errors[0].hint, errors[0].format()
    return errors[0]


def png(width: int = 4, height: int = 3, **save) -> bytes:
    """A real PNG, made by Pillow."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 60, 90)).save(out, "PNG", **save)
    return out.getvalue()
