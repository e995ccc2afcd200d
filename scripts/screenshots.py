"""Screenshots of one school's pages for the docs and reviews.

    .venv/bin/python scripts/screenshots.py [--school the-avenue] [--out docs/screenshots]

Builds the site with `build.py --site-dir` into a temporary folder (site/ is left as it
is), serves it on 127.0.0.1, and writes:

    policy-desktop.png     the policy page in a 1280 x 800 window
    policy-phone.png       the policy page on a 360 x 740 phone
    letter-pdf-page1.png   page 1 of the letter PDF, at 100 dpi (pdftoppm)

Needs Debian's chromium and poppler-utils (apt-get install chromium poppler-utils); it
never downloads a browser and loads nothing from other sites.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the browser settings the tests use, so both run Chromium alike
from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, NOT_LOCAL  # noqa: E402


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def build(site: Path) -> None:
    done = subprocess.run([sys.executable, "build.py", "--site-dir", str(site)], cwd=ROOT, check=False)
    if done.returncode != 0:
        sys.exit(f"build.py failed ({done.returncode})")


def screenshots(site: Path, slug: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{slug}/social-media/"
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            shots: dict[str, dict[str, Any]] = {
                "policy-desktop.png": {"viewport": {"width": 1280, "height": 800}},
                "policy-phone.png": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
            }
            for name, options in shots.items():
                context = browser.new_context(locale="en-GB", device_scale_factor=1, **options)
                context.route(NOT_LOCAL, lambda route: route.abort())
                page = context.new_page()
                page.goto(url, wait_until="load")
                page.screenshot(path=str(out / name))
                written.append(out / name)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return written


def pdf_page_one(site: Path, slug: str, out: Path) -> Path:
    target = out / "letter-pdf-page1"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "100",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(site / slug / "social-media" / "parent-letter.pdf"),
            str(target),
        ],
        check=True,
    )
    return target.with_suffix(".png")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--school", default="the-avenue", help="slug of the school (default: the-avenue)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="folder for the PNGs")
    args = parser.parse_args()
    for tool in (str(CHROMIUM), "pdftoppm"):
        if not shutil.which(tool):
            sys.exit(f"{tool} not found: apt-get install chromium poppler-utils")
    if not (ROOT / "schools" / f"{args.school}.yml").is_file():
        sys.exit(f"no school file schools/{args.school}.yml")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as temporary:
        site = Path(temporary) / "site"
        build(site)
        written = screenshots(site, args.school, args.out) + [pdf_page_one(site, args.school, args.out)]
    for path in written:
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
