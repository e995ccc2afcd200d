"""A logo file, as a hostile school file could name it: outside the project, through a
link, a folder, a named pipe, 2 GB, an HTML page called .png, a PNG bomb. Each is refused
at the `logo:` value with a hint, and nothing is read that should not be."""

from __future__ import annotations

import os
import struct
import tracemalloc
import zlib

import pytest

from policysite.inputs.logos import MAX_LOGO_BYTES, MAX_SIDE

from .identity_support import SQUARE, load, only_error, png, with_logo


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("/etc/logo.svg", "a logo's path must be relative to this file"),
        ("~/logo.svg", "a logo's path must be relative to this file"),
        ("C:/logos/logo.svg", "not a file of the project"),
        ("https://cdn.example.org/logo.png", "not a file of the project"),
        ("data:image/svg+xml,<svg/>", "not a file of the project"),
        ("logos\\\\logo.svg", "write `/` between folders"),
        ("logos/logo.gif", "a logo must be an .svg or .png file"),
        ("logos/logo.svg.html", "a logo must be an .svg or .png file"),
        ("logos/", "a logo must be an .svg or .png file"),
    ],
)
def test_a_path_that_is_no_project_image_is_refused_before_anything_is_read(mini_project, written, message):
    finding = only_error(with_logo(mini_project, f'"{written}"'))
    assert message in finding.message and "`logo`" in finding.message


def test_dot_dot_out_of_the_project_is_refused(mini_project, tmp_path):
    (tmp_path / "outside.svg").write_text(SQUARE, encoding="utf-8")  # beside the project: real, and readable
    root = with_logo(mini_project, "../../outside.svg")
    assert (root / "schools" / "../../outside.svg").resolve().is_file()
    assert "leads out of the project's folder" in only_error(root).message


def test_a_link_to_a_file_outside_the_project_is_refused(mini_project, tmp_path):
    (tmp_path / "secret.svg").write_text(SQUARE, encoding="utf-8")
    root = with_logo(mini_project, "logos/link.svg")
    (root / "schools" / "logos").mkdir()
    (root / "schools" / "logos" / "link.svg").symlink_to(tmp_path / "secret.svg")
    assert "a link to a file outside the project's folder" in only_error(root).message


def test_a_linked_folder_outside_the_project_is_refused(mini_project, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "logo.svg").write_text(SQUARE, encoding="utf-8")
    root = with_logo(mini_project, "logos/logo.svg")
    (root / "schools" / "logos").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert "outside the project's folder" in only_error(root).message


def test_a_link_inside_the_project_is_followed_and_named_by_its_file(mini_project):
    root = with_logo(mini_project, "logos/link.svg", {"content/social-media/logos/fed.svg": SQUARE})
    (root / "schools" / "logos").mkdir()
    (root / "schools" / "logos" / "link.svg").symlink_to(root / "content/social-media/logos/fed.svg")
    _, files, findings = load(root)
    assert not findings and files[0].values["logo"].source == "content/social-media/logos/fed.svg"


def test_a_missing_file_is_named(mini_project):
    finding = only_error(with_logo(mini_project, "logos/missing.svg"))
    assert "is not there: there is no file schools/logos/missing.svg" in finding.message


def test_a_folder_is_refused(mini_project):
    root = with_logo(mini_project, "logos/folder.svg")
    (root / "schools" / "logos" / "folder.svg").mkdir(parents=True)
    assert "is a folder (schools/logos/folder.svg), not an image file" in only_error(root).message


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(mini_project):
    """Opened for reading, a pipe waits for a writer for ever: the build would hang here."""
    root = with_logo(mini_project, "logos/pipe.svg")
    (root / "schools" / "logos").mkdir()
    os.mkfifo(root / "schools" / "logos" / "pipe.svg")
    assert "is a named pipe" in only_error(root).message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file: no permission can be taken away")
def test_an_unreadable_file_is_refused(mini_project):
    root = with_logo(mini_project, "logos/locked.svg", {"schools/logos/locked.svg": SQUARE})
    (root / "schools" / "logos" / "locked.svg").chmod(0)
    assert "cannot be read" in only_error(root).message


def test_a_file_over_the_cap_is_refused(mini_project):
    big = SQUARE.replace("</svg>", "<!--" + "x" * MAX_LOGO_BYTES + "--></svg>")
    finding = only_error(with_logo(mini_project, "logos/big.svg", {"schools/logos/big.svg": big}))
    assert "is 513 KB (schools/logos/big.svg); a logo may be at most 512 KB" in finding.message


def test_a_2_gb_file_is_refused_without_being_read(mini_project):
    root = with_logo(mini_project, "logos/huge.png")
    (root / "schools" / "logos").mkdir()
    with (root / "schools" / "logos" / "huge.png").open("wb") as huge:
        huge.truncate(2 * 1024**3)  # sparse: 2 GB to stat, nothing on the disk
    tracemalloc.start()
    try:
        finding = only_error(root)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "is 2.0 GB" in finding.message and peak < 5 * 1024**2


def test_a_png_is_checked_and_measured(mini_project):
    root = with_logo(mini_project, "logos/mini.png", {"schools/logos/mini.png": png(40, 30)})
    _, files, findings = load(root)
    logo = files[0].values["logo"]
    assert not findings and (logo.media_type, logo.width, logo.height) == ("image/png", 40, 30)
    assert logo.data == png(40, 30) and logo.name.endswith(".png")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "is not a PNG image: it holds a web page (HTML)"),
        (b"\xff\xd8\xff\xe0JFIF", "is not a PNG image: it is a JPEG photo"),
        (SQUARE.encode(), "is not a PNG image: it holds SVG text"),
        (b"", "is not a PNG image: it is empty"),
        (png()[:40], "is not a PNG image that can be read"),
        (png(MAX_SIDE + 1, 1), f"is {MAX_SIDE + 1} by 1 pixels; a logo may be at most {MAX_SIDE} by {MAX_SIDE}"),
    ],
    ids=["html", "jpeg", "svg", "empty", "truncated", "too-wide"],
)
def test_a_png_that_is_not_a_usable_png_is_refused(mini_project, data, message):
    finding = only_error(with_logo(mini_project, "logos/logo.png", {"schools/logos/logo.png": data}))
    assert message in finding.message


def test_an_svg_named_png_and_a_png_named_svg_say_which_they_are(mini_project):
    root = with_logo(mini_project, "logos/logo.svg", {"schools/logos/logo.svg": png()})
    assert "is not an SVG image: it is a PNG image (name it .png)" in only_error(root).message


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@pytest.mark.parametrize("side", [12_000, 100_000])
def test_a_decompression_bomb_is_refused_before_it_is_decoded(mini_project, side):
    """A few hundred bytes claiming side by side pixels: 12,000 a side passes Pillow's own limit
    with only a warning (made an error here), 100,000 fails it; both are over MAX_SIDE."""
    rows = zlib.compress(b"\x00" * (side // 8 + 1) * 64)  # some rows of a 1-bit image
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )
    tracemalloc.start()
    try:
        finding = only_error(with_logo(mini_project, "logos/bomb.png", {"schools/logos/bomb.png": bomb}))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "is not a PNG image that can be read" in finding.message or f"is {side} by {side}" in finding.message
    assert peak < 20 * 1024**2


def test_an_animated_png_is_refused(mini_project):
    from PIL import Image

    frames = [Image.new("RGB", (8, 8), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    animated = png(8, 8, save_all=True, append_images=frames)
    finding = only_error(with_logo(mini_project, "logos/blink.png", {"schools/logos/blink.png": animated}))
    assert "is an animated PNG" in finding.message
