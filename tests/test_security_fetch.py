"""Issue 10, items 3 and 7: making pages and PDFs reads nothing outside the project and
connects nowhere.

A real TCP listener on 127.0.0.1 records every connection, and a secret file outside the
project carries a marker. School text that names either is refused by the input check;
print templates that name them (where no input check looks, but WeasyPrint would load
them) make the build fail, naming each address, with no connection made, no PDF
published and site/ as it was. A control shows the same references do connect and leak
with WeasyPrint's own fetcher, so the listener and the marker can see what they test for.
"""

from __future__ import annotations

import re
import select
import shutil
import socket
import threading
import uuid
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from weasyprint import HTML

from policysite.output.fetch import ProjectFetcher
from policysite.pages.paper import Paper

from .errors_support import TEMPLATES, make_project, run, seed_copy, tree_hash
from .helpers import check_project, pdf_text


class Listener:
    """A TCP socket on 127.0.0.1 that accepts and records every connection, in a thread.

    `connections()` stops the thread and accepts whatever is still queued: a client's
    connect() returns once the kernel has queued the connection, so after the build has
    exited every connection it made is either recorded or queued; no waiting needed."""

    def __init__(self):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.socket.setblocking(False)
        self.port = self.socket.getsockname()[1]
        self.accepted: list[tuple] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            ready, _, _ = select.select([self.socket], [], [], 0.05)  # a bound on each wait, to see `stop`
            if ready:
                self._accept()

    def _accept(self) -> bool:
        try:
            connection, peer = self.socket.accept()
        except BlockingIOError:
            return False
        self.accepted.append(peer)
        connection.close()
        return True

    def connections(self) -> list[tuple]:
        self.stop.set()
        self.thread.join()
        while self._accept():
            pass
        return self.accepted

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.socket.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def secret(tmp_path) -> tuple[Path, str]:
    """A file outside the project, whose marker would show in a PDF that loaded it."""
    marker = f"SECRET{uuid.uuid4().hex[:12]}"
    path = tmp_path / "secret.svg"
    path.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40">'
        f'<text x="0" y="20" font-size="14">{marker}</text></svg>',
        encoding="utf-8",
    )
    return path, marker


@pytest.fixture
def project(tmp_path) -> Path:
    """The error tests' small project, with its own copy of templates/ to edit."""
    project = make_project(tmp_path / "project")
    (project / "templates").unlink()
    shutil.copytree(TEMPLATES, project / "templates")
    return project


def pdfs_holding(folder: Path, marker: str) -> list[Path]:
    return [path for path in folder.rglob("*.pdf") if marker in pdf_text(path)]


def test_school_text_naming_a_host_or_a_file_is_refused_where_it_is_written(project, listener, secret):
    path, _ = secret
    (project / "schools" / "good-school.yml").write_text(
        (project / "schools" / "good-school.yml").read_text(encoding="utf-8")
        + f"  letter-why:\n    append: |\n      Our logo: ![x](http://127.0.0.1:{listener.port}/a.png)\n\n"
        f"      And: ![x]({path})\n",
        encoding="utf-8",
    )
    code, _, err = run(project, "build")
    assert code == 1, err
    lines = re.findall(r"^schools/good-school\.yml:(\d+):\d+: error: images are not supported", err, re.MULTILINE)
    assert lines == ["20", "22"], err
    assert listener.connections() == []
    assert not (project / "site").exists()


def _point_print_templates_outside(project: Path, port: int, secret: Path) -> list[str]:
    """A lead's edits to the PDF's stylesheet and page: every way WeasyPrint loads a file
    or an address; returns the addresses the build must name."""
    inside_link = project / "templates" / "print" / "logo.svg"
    inside_link.symlink_to(secret)  # under templates/ by name, outside it in fact
    css = project / "templates" / "print" / "pdf.css"
    css.write_text(
        css.read_text(encoding="utf-8")
        + (
            f"\nbody {{ background: url(http://127.0.0.1:{port}/css.png) }}\n"
            f".ps-paper {{ background-image: url(file://{secret}) }}\n"
            f"@font-face {{ font-family: Lead; src: url(http://127.0.0.1:{port}/font.woff) }}\n"
            "h1 { font-family: Lead }\n"
        ),
        encoding="utf-8",
    )
    document = project / "templates" / "print" / "document.html"
    document.write_text(
        document.read_text(encoding="utf-8")
        .replace("</head>", (f'<link rel="stylesheet" href="http://127.0.0.1:{port}/link.css">\n</head>'))
        .replace(
            "</article>",
            (
                f'</article>\n<img src="../../{secret.name}" alt="">\n<img src="file://{inside_link}" alt="">\n'
                f'<img src="http://127.0.0.1:{port}/img.png" alt="">'
            ),
        ),
        encoding="utf-8",
    )
    return [
        f"http://127.0.0.1:{port}/css.png",
        f"file://{secret}",
        f"http://127.0.0.1:{port}/font.woff",
        f"http://127.0.0.1:{port}/link.css",
        f"file://{secret}",
        f"file://{inside_link}",
        f"http://127.0.0.1:{port}/img.png",
    ]


def test_print_templates_naming_a_host_or_a_file_outside_fail_the_build_and_fetch_nothing(
    project, listener, secret, tmp_path
):
    path, marker = secret
    assert run(project, "build", "--no-pdf")[0] == 0
    before = tree_hash(project / "site")
    addresses = _point_print_templates_outside(project, listener.port, path)

    code, _, err = run(project, "build")

    assert code == 1, err
    refused = set(re.findall(r"may not load `([^`]+)`", err))
    assert refused == set(addresses), err
    # Each once, at the template line that names it, not once per school and PDF.
    css_png = f"http://127.0.0.1:{listener.port}/css.png"
    assert re.search(
        rf"^templates/print/pdf\.css:\d+:\d+: error: a PDF may not load `{re.escape(css_png)}`", err, re.MULTILINE
    ), err
    assert err.count(f"may not load `{css_png}`") == 1, err
    assert listener.connections() == []
    assert tree_hash(project / "site") == before
    assert not list((project / "site").rglob("*.pdf"))
    assert pdfs_holding(tmp_path, marker) == []  # no PDF with the secret left anywhere


def test_web_pages_built_with_those_templates_name_neither_host_nor_file(project, listener, secret):
    """The print templates are the PDFs' only: the web pages and their assets don't carry them."""
    path, marker = secret
    _point_print_templates_outside(project, listener.port, path)
    code, _, err = run(project, "build", "--no-pdf")
    assert code == 0, err
    words = [f"127.0.0.1:{listener.port}".encode(), str(path).encode(), path.name.encode(), marker.encode()]
    carriers = [
        str(p.relative_to(project / "site"))
        for p in (project / "site").rglob("*")
        if p.is_file() and any(word in p.read_bytes() for word in words)
    ]
    assert carriers == []
    assert listener.connections() == []


def test_control_weasyprints_own_fetcher_would_connect_and_leak(project, listener, secret, tmp_path):
    """Without policysite's fetcher the same templates reach the listener and the secret:
    the two tests above could see a fetch if one happened."""
    path, marker = secret
    _point_print_templates_outside(project, listener.port, path)
    rendered = next(r for r in check_project(project).outputs if r.output == "letter")
    html = Paper(project / "templates").print_html(rendered)
    HTML(string=html, base_url=str(project / "templates")).write_pdf(tmp_path / "control.pdf")
    assert listener.connections() != []
    assert pdfs_holding(tmp_path, marker) == [tmp_path / "control.pdf"]


@pytest.mark.parametrize(
    "address",
    [
        "http://127.0.0.1:{port}/x.png",
        "https://127.0.0.1:{port}/x.png",
        "ftp://127.0.0.1:{port}/x",
        "file://{secret}",
        "file://localhost{secret}",
        "file://127.0.0.1{secret}",
        "file://{root}/../secret.svg",
        "file://{root}/%2e%2e/secret.svg",
        "file://{root}/print/logo.svg",
        "file://{root}",
        "file://{root}/print",
        "data:image/svg+xml,<svg/>",
        "file:///proc/self/environ",
    ],
)
def test_the_fetcher_refuses_everything_outside_its_folder(project, listener, secret, address):
    path, _ = secret
    root = project / "templates"
    (root / "print" / "logo.svg").symlink_to(path)
    url = address.format(port=listener.port, secret=path, root=root)
    fetcher = ProjectFetcher((root,))
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert listener.connections() == []


def test_the_fetcher_serves_files_under_its_folder(project):
    root = project / "templates"
    response = ProjectFetcher((root,)).fetch(f"file://{root}/print/pdf.css")
    assert response.read() == (root / "print" / "pdf.css").read_bytes()


def test_an_image_in_the_letter_frame_is_dropped_by_the_sanitiser_and_never_fetched(project, listener, secret):
    """frame.html's parts go into the page body, which the sanitiser cleans before WeasyPrint
    sees it: an image there is removed (without a message), so nothing is fetched."""
    path, marker = secret
    frame = project / "templates" / "print" / "frame.html"
    frame.write_text(
        frame.read_text(encoding="utf-8").replace(
            '<p class="ps-school">',
            f'<img src="http://127.0.0.1:{listener.port}/frame.png" alt="">'
            f'<img src="file://{path}" alt=""><p class="ps-school">',
        ),
        encoding="utf-8",
    )
    code, _, err = run(project, "build")
    assert code == 0, err
    assert listener.connections() == []
    assert pdfs_holding(project / "site", marker) == []
    letter = (project / "site" / "good-school" / "social-media" / "parent-letter" / "index.html").read_text("utf-8")
    assert "<img" not in letter and "ps-letterhead" in letter


# A school's logo: the page body names it by its address on the site, relative to the page,
# which resolves against templates/ to no file; the fetcher serves it from the job's table.
LOGO_NAME = "0123456789abcdef.svg"
LOGO_BYTES = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>'


def logo_fetcher(root: Path) -> ProjectFetcher:
    return ProjectFetcher((root,), {LOGO_NAME: (LOGO_BYTES, "image/svg+xml")})


@pytest.mark.parametrize(
    "address",
    [
        "file:///assets/logos/{name}",  # ../../../ from templates/ in a shallow folder
        "file://{root}/assets/logos/{name}",
        "file://localhost/elsewhere/assets/logos/{name}",
        "file:///elsewhere/assets/logos/%30123456789abcdef.svg",
    ],
)
def test_the_fetcher_serves_a_logo_from_its_table_without_a_file(project, address):
    root = project / "templates"
    fetcher = logo_fetcher(root)
    url = address.format(root=root, name=LOGO_NAME)
    assert not Path(unquote(urlsplit(url).path)).exists()
    response = fetcher.fetch(url)
    assert response.read() == LOGO_BYTES
    assert fetcher.refused == []


@pytest.mark.parametrize(
    "address",
    [
        "file:///assets/logos/fedcba9876543210.svg",  # a name the table does not hold
        "file:///assets/logos/0123456789abcdef.png",
        "file:///assets/logosx/{name}",
        "file:///notassets/logos/{name}",
        "file:///assets/logos/{name}/x",
        "file://127.0.0.1/assets/logos/{name}",
        "http://127.0.0.1:{port}/assets/logos/{name}",
        "https://127.0.0.1:{port}/assets/logos/{name}",
        "data:image/svg+xml,<svg/>#assets/logos/{name}",
    ],
)
def test_the_fetcher_serves_nothing_else_by_a_logos_name(project, listener, address):
    fetcher = logo_fetcher(project / "templates")
    url = address.format(port=listener.port, name=LOGO_NAME)
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert listener.connections() == []


def test_a_template_naming_a_logo_the_school_does_not_have_fails_the_build(tmp_path, listener):
    """The seed schools have logos: a print template that names another logo's address (or one
    of another site) is refused at its line, nothing is fetched and no PDF is published."""
    project = seed_copy(tmp_path / "seeds", own_templates=True)  # with the seeds' logos
    other = f"assets/logos/{'f' * 16}.svg"
    elsewhere = f"http://127.0.0.1:{listener.port}/assets/logos/x.svg"
    document = project / "templates" / "print" / "document.html"
    document.write_text(
        document.read_text(encoding="utf-8").replace(
            "</article>",
            f'</article>\n<img src="{other}" alt="">\n<img src="{elsewhere}" alt="">',
        ),
        encoding="utf-8",
    )
    code, _, err = run(project, "build")
    assert code == 1, err
    assert re.search(
        rf"^templates/print/document\.html:\d+:\d+: error: a PDF may not load `file://[^`]*/{other}`", err, re.MULTILINE
    ), err
    assert f"may not load `{elsewhere}`" in err
    assert listener.connections() == []
    assert not (project / "site").exists()
