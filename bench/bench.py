"""Benchmark policysite against plain mkdocs-material, at N schools. A measurement, not a test.

    .venv/bin/python bench/bench.py                       # N = 4, 100, 1000
    .venv/bin/python bench/bench.py --sizes 4,100         # quicker
    .venv/bin/python bench/bench.py --default-nav-max 1000  # also plain mkdocs with its full
                                                           # navigation at 1,000 (5+ min, 6 GB)
    .venv/bin/python bench/bench.py --home-weight 1000    # only the home page's weight (and
                                                           # the --no-pdf build's time) at 1,000
    .venv/bin/python bench/bench.py --class-set 1000      # only named letters for 1,000 pupils
                                                           # of one seed school (`letters`)
    .venv/bin/python bench/bench.py --site-url 1000       # only the web pages' build and rebuild
                                                           # at 1,000, with and without site_url
    .venv/bin/python bench/bench.py --language-cost 1000  # only the web pages at 1,000 in English
                                                           # alone, then with 2 languages each
    .venv/bin/python bench/bench.py --languages 2 ...     # every generated school publishes the
                                                           # first 2 translations (pl, ur)

For each N it generates N schools (copies of the seed schools under new names) in
bench/out/<N>/ and runs, each in a fresh process: policysite's full build, the web pages
alone (--no-pdf; and again with --jobs 1, one process), a rebuild with nothing changed, a rebuild
with one school changed, and
the stages before mkdocs alone (load, validate, merge, render); then plain `mkdocs build` of the very same Markdown,
with mkdocs-material's default navigation (every page lists every school) and with no
navigation. PDFs are timed on their own with 1 worker and with every core. The home page's
weight is what a phone downloads for it on the --no-pdf site (home_weight).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
THEME_DIRS = ("assets",)  # mkdocs-material's own files, the same for any number of schools
HOME_BUDGET_KB = 600  # issue 14: what a phone may download for the home page at 1,000 schools
SITE_URL = "https://policies.example.org/federation/"  # --site-url: letters then carry a QR code
TRANSLATIONS = Path("content/social-media/translations")  # the catalogues, <code>.po
LANGUAGE_LIMIT = 3.2  # issue 16: 2 languages a school may cost at most 3.2x the English-only web build


def generate(
    n: int,
    project: Path | None = None,
    names: list[str] | None = None,
    groups: list | None = None,
    languages: int | None = None,
) -> Path:
    """A project with n schools: the seed schools again and again, each under a new name
    (`names`, else "Synthetic School 0000"...), with `groups[i]` as its `group` if given;
    in bench/out/<n>/ unless `project` says where (tests/browser/test_home.py). With
    `languages` (else --languages, else as the seeds say), every school publishes that many
    of the project's translations (the real catalogues, in code order); 0: English only."""
    languages = LANGUAGES if languages is None else languages
    from policysite.inputs.load import school_files  # after sys.path has ROOT

    project = project or OUT / str(n)
    shutil.rmtree(project, ignore_errors=True)
    (project / "schools").mkdir(parents=True)
    for name in ("content", "templates"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    seeds = school_files(ROOT / "schools")
    if (ROOT / "schools" / "logos").is_dir():  # the seeds' logos, at the paths their files give
        shutil.copytree(ROOT / "schools" / "logos", project / "schools" / "logos")
    for i in range(n):
        lines = seeds[i % len(seeds)].read_text(encoding="utf-8").splitlines()
        name = names[i] if names else f"Synthetic School {i:04d}"
        dropped = ("short_name:", "group:") + (("languages:",) if languages is not None else ())
        lines = [
            f"name: {json.dumps(name, ensure_ascii=False)}" if line.startswith("name:") else line
            for line in lines
            if not line.startswith(dropped)
        ]
        if languages:
            lines.append(f"languages: [{', '.join(translations(project, languages))}]")
        if groups and groups[i]:
            lines.append(f"group: {json.dumps(groups[i], ensure_ascii=False)}")
        (project / "schools" / f"school-{i:04d}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return project


LANGUAGES: int | None = None  # --languages: every generated school's number of translations


def translations(project: Path, count: int) -> list[str]:
    """The codes of the project's first `count` catalogues (pl, ur...)."""
    codes = sorted(path.stem for path in (project / TRANSLATIONS).glob("*.po"))
    if len(codes) < count:
        raise SystemExit(f"--languages {count}: the project has {len(codes)} catalogues ({', '.join(codes)})")
    return codes[:count]


def run(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak memory (MB, the largest process) of one command."""
    seconds, peak, _ = run_usage(command, env)
    return seconds, peak


def run_usage(command: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MB, the largest process) and CPU seconds (user and system,
    with every process it waited for) of one command: the CPU seconds are the work done,
    which other programs on the machine slow down far less than the wall time."""
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a full pipe would stall the build
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            raise SystemExit(f"failed: {' '.join(command)}\n{log.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def size_mb(folder: Path, skip_theme: bool) -> float:
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not (skip_theme and path.relative_to(folder).parts[0] in THEME_DIRS):
            total += path.stat().st_size
    return total / 1e6


def policysite(project: Path, n: int) -> dict:
    build = [PYTHON, str(ROOT / "build.py"), "--root", str(project)]
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    full, peak = run(build)
    result = {
        "full_s": full,
        "peak_mb": peak,
        "site_mb": size_mb(site, False),
        "per_school_mb": size_mb(site, True) / n,
    }
    result["nochange_s"], _ = run(build)
    school = project / "schools" / "school-0000.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("Synthetic School 0000", "Changed School 0000"))
    result["onechange_s"], _ = run(build)
    result["prepare_s"] = prepare_seconds(project)
    for key, jobs in (("html_s", []), ("html_1job_s", ["--jobs", "1"])):
        html_site = project / "site-html"
        shutil.rmtree(html_site, ignore_errors=True)
        result[key], _ = run(build + ["--no-pdf", "--site-dir", str(html_site), *jobs])
    result["home_kb"] = sum(home_weight(project / "site-html").values()) / 1000
    return result


class _Loads(HTMLParser):
    """What a page makes the browser fetch as text: stylesheets, scripts, and
    mkdocs-material's settings (__config), which name the search worker."""

    def __init__(self):
        super().__init__()
        self.files: list[str] = []
        self.config, self._in_config = "", False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.files.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.files.append(attrs["src"])
        self._in_config = tag == "script" and attrs.get("id") == "__config"

    def handle_data(self, data):
        if self._in_config:
            self.config += data


def home_weight(site: Path) -> dict[str, int]:
    """Bytes of each file a browser fetches as text for the home page, uncompressed: its
    HTML, every stylesheet and script it links, mkdocs-material's search worker and the
    search index the worker loads (below the page's search `base`), and our worker that
    runs it (emit.SEARCH_WORKER: templates/mkdocs/main.html points the page at it). The
    logos are images, loaded lazily as they scroll into view, and not counted; neither is
    the favicon."""
    from policysite.output import emit  # after sys.path has ROOT

    page = site / "index.html"
    loads = _Loads()
    loads.feed(page.read_text(encoding="utf-8"))
    config = json.loads(loads.config)
    index = str(PurePosixPath(config["base"]) / "search" / "search_index.json")
    ours = getattr(emit, "SEARCH_WORKER", None)  # none in a policysite before it: bench an older commit too
    files = [*loads.files, config["search"], *([ours] if ours else []), index]
    weights = {"index.html": page.stat().st_size}
    for relative in files:
        weights[relative] = (site / relative).stat().st_size
    return weights


def home_only(n: int) -> None:
    """--home-weight: the --no-pdf build's time and the home page's weight at n schools."""
    project = generate(n)
    site = project / "site-html"
    shutil.rmtree(site, ignore_errors=True)
    seconds, peak = run([PYTHON, str(ROOT / "build.py"), "--root", str(project), "--no-pdf", "--site-dir", str(site)])
    weights = home_weight(site)
    print(f"N = {n} schools: --no-pdf build {seconds:.1f} s, {peak:.0f} MB peak")
    for relative, size in sorted(weights.items(), key=lambda item: -item[1]):
        print(f"  {relative:<60} {size / 1000:8.1f} KB")
    total = sum(weights.values()) / 1000
    print(f"  {'home page in all':<60} {total:8.1f} KB (budget {HOME_BUDGET_KB} KB)")


CLASS_SET_SCHOOL = "the-avenue"  # a seed school whose letter runs over two pages, then its slip
FORENAMES = ("Zoë", "Łukasz", "Siobhán", "Aoife", "María José", "Oluwaseun", "Minh", "Amelia", "Kacper", "Noah")
SURNAMES = ("O'Brien", "Nguyễn", "Smith-Jones", "García López", "Kowalski", "Okafor", "Murphy", "Patel")


def site_url_cost(n: int, rebuilds: int = 2) -> None:
    """What `site_url` costs the web pages (--no-pdf) at n schools: with it every letter
    carries its policy page's address and QR code (pages/online.py). The first build, then
    `rebuilds` rebuilds with nothing changed, each in a fresh process, without and with it."""
    project = generate(n, OUT / f"{n}-site-url")
    build = [PYTHON, str(ROOT / "build.py"), "--root", str(project), "--no-pdf"]
    settings = project / "mkdocs.yml"
    plain = settings.read_text(encoding="utf-8")
    print(f"N = {n} schools, --no-pdf, {os.cpu_count()} cores")
    for address in (None, SITE_URL):
        settings.write_text(plain + (f"site_url: {address}\n" if address else ""), encoding="utf-8")
        shutil.rmtree(project / "site", ignore_errors=True)
        first, _ = run(build)
        again = [run(build)[0] for _ in range(rebuilds)]
        shown = " / ".join(f"{seconds:.1f}" for seconds in again)
        print(f"  {'with' if address else 'without'} site_url: first build {first:.1f} s, nothing changed {shown} s")


def language_cost(n: int, count: int, rounds: int = 2) -> None:
    """--language-cost: the web pages (--no-pdf) of n schools in English alone and with
    `count` languages each: first builds, each in a fresh process, taken in turn `rounds`
    times (the best of each: other programs on a shared machine only slow a build down);
    then, with the languages, a rebuild after one translation's catalogue changed (one
    msgstr: that language's pages only are made again) and a rebuild with nothing changed."""
    print(f"N = {n} schools, --no-pdf, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    projects = {count_: generate(n, OUT / f"{n}-languages-{count_}", languages=count_) for count_ in (0, count)}
    builds = {
        count_: [PYTHON, str(ROOT / "build.py"), "--root", str(root), "--no-pdf"] for count_, root in projects.items()
    }
    best: dict[int, tuple[float, float, float]] = {}
    for _ in range(rounds):
        for languages, project in projects.items():
            shutil.rmtree(project / "site", ignore_errors=True)
            wall, peak, cpu = run_usage(builds[languages])
            pages = 3 * n * (1 + languages)
            print(f"  {languages} languages, {pages} pages: first build {_usage(wall, cpu)}, {peak:.0f} MB peak")
            best[languages] = min(best.get(languages, (wall, peak, cpu)), (wall, peak, cpu))
    wall_ratio, cpu_ratio = best[count][0] / best[0][0], best[count][2] / best[0][2]
    print(f"  {count} languages: {wall_ratio:.2f}x English alone in wall time, {cpu_ratio:.2f}x in CPU time", end="")
    print(f" (limit {LANGUAGE_LIMIT}x)")
    catalogue = projects[count] / TRANSLATIONS / f"{translations(projects[count], 1)[0]}.po"
    _edit_first_translation(catalogue)
    edited, again = run_usage(builds[count]), run_usage(builds[count])
    print(f"  rebuild after one {catalogue.name} edit {_usage(edited[0], edited[2])}", end="")
    print(f"; nothing changed {_usage(again[0], again[2])}")


def _usage(wall: float, cpu: float) -> str:
    return f"{wall:.1f} s ({cpu:.1f} s CPU)"


def _edit_first_translation(path: Path) -> None:
    """Change the first translated (not fuzzy) entry of a catalogue: a word added to its msgstr."""
    from babel.messages.pofile import read_po, write_po

    with path.open("rb") as file:
        catalog = read_po(file)
    message = next(m for m in catalog if m.id and isinstance(m.string, str) and m.string and not m.fuzzy)
    assert isinstance(message.string, str)  # chosen for it just above: no plural entry
    message.string = message.string + " (bench)"
    with path.open("wb") as file:
        write_po(file, catalog, width=76)


def class_set(n: int) -> None:
    """--class-set: named letters for n made-up pupils of one seed school, one-sided and
    double-sided: named_pdf alone (the letter laid out, n copies made; in a fresh process,
    after prepare), and the whole `letters` command as an office runs it. The made-up list
    and the PDFs go in a temporary folder, removed after: `letters` writes no PDF inside
    the project."""
    with tempfile.TemporaryDirectory(prefix="policysite-class-set-") as temporary:
        _class_set(n, Path(temporary))


def _class_set(n: int, folder: Path) -> None:
    pupils = folder / "pupils.csv"
    rows = (f'"{FORENAMES[i % 10]}","{SURNAMES[i % 8]} {i}","Year {i % 7 + 1}"' for i in range(n))
    pupils.write_text("Forename,Surname,Reg Group\n" + "\n".join(rows) + "\n", encoding="utf-8")
    # The load says whether other work shared the cores: this measure is quick enough to repeat.
    print(f"class set: {n} pupils of {CLASS_SET_SCHOOL}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    for duplex in (False, True):
        sides = "double-sided" if duplex else "one-sided"
        seconds, cpu, size, pages = named_seconds(pupils, duplex)
        print(f"  named_pdf alone, {sides}: {seconds:.2f} s ({cpu:.2f} s of CPU), {pages} pages, {size / 1e6:.2f} MB")
        out = folder / f"letters-{'duplex' if duplex else 'simplex'}.pdf"
        command = [PYTHON, str(ROOT / "build.py"), "letters", CLASS_SET_SCHOOL, "--pupils", str(pupils)]
        total, peak = run([*command, "--out", str(out), *(["--duplex"] if duplex else [])])
        print(f"  build.py letters, {sides}: {total:.2f} s, {peak:.0f} MB peak, {out.stat().st_size / 1e6:.2f} MB")
    print(f"  load after: {os.getloadavg()[0]:.1f}")


def named_seconds(pupils: Path, duplex: bool) -> tuple[float, float, int, int]:
    """named_pdf's seconds, its CPU seconds (its workers' too: they are less changed by
    other work on the machine), the PDF's bytes and pages, in a fresh process (prepare not timed)."""
    code = (
        "import sys, time, io, resource; sys.path.insert(0, sys.argv[1]); from pathlib import Path; "
        "from pypdf import PdfReader; "
        "from policysite.inputs.roster import read_roster; from policysite.output.named import named_pdf; "
        "from policysite.output.pipeline import prepare, print_inputs; from policysite.pages.paper import Paper; "
        "from policysite.project import open_project; "
        "project = open_project(Path(sys.argv[1])); paper = Paper(project.templates_dir); "
        "[rendered] = [r for r in prepare(project, [])[2] if r.school.slug == sys.argv[2] and r.output == 'letter']; "
        "printed = print_inputs(paper, rendered, paper.page(rendered), project.templates_dir); "
        "people = read_roster(Path(sys.argv[3]), 'pupils', 'pupils.csv').people; "
        "cpu = lambda: sum(resource.getrusage(w).ru_utime + resource.getrusage(w).ru_stime "
        "for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)); "
        "started, used = time.perf_counter(), cpu(); "
        "data = named_pdf(*printed, 'letter', people, sys.argv[4] == '1'); "
        "print(time.perf_counter() - started, cpu() - used, len(data), len(PdfReader(io.BytesIO(data)).pages))"
    )
    command = [PYTHON, "-c", code, str(ROOT), CLASS_SET_SCHOOL, str(pupils), "1" if duplex else "0"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()
    return float(output[0]), float(output[1]), int(output[2]), int(output[3])


def prepare_seconds(project: Path) -> float:
    """The stages before mkdocs (the project's settings, load, validate, merge, render),
    timed in a fresh process."""
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[1]); from pathlib import Path; "
        "from policysite.output.pipeline import prepare; from policysite.project import open_project; "
        "started = time.perf_counter(); "
        "prepare(open_project(Path(sys.argv[2])), []); print(time.perf_counter() - started)"
    )
    output = subprocess.run([PYTHON, "-c", code, str(ROOT), str(project)], check=True, capture_output=True, text=True)
    return float(output.stdout.strip())


def plain_mkdocs(project: Path, n: int, navigation: bool) -> tuple[float, float]:
    """mkdocs-material on the same Markdown (schools, the home page and the leads' report),
    rendered by its own Python-Markdown, without policysite's per-school navigation."""
    from policysite.output import emit, mkdocs_run
    from policysite.output.pipeline import prepare
    from policysite.pages import drift, home
    from policysite.project import open_project

    docs = project / "plain-docs"
    shutil.rmtree(docs, ignore_errors=True)
    loaded = open_project(project)
    content, schools, outputs = prepare(loaded, [])
    documents = {emit.page_source(rendered): _plain_markdown(rendered) for rendered in outputs}
    documents |= emit.assets(loaded.templates_dir) | {
        "index.md": home.home_page(loaded.site_name, schools).html,  # HTML: Python-Markdown keeps it
        emit.DIFFERENCES_PAGE: drift.federation_markdown(content, schools, outputs),
    }
    for relative, text in documents.items():  # plain mkdocs reads its Markdown from disk
        emit.write_text(docs, relative, text)
    config = dict(loaded.site_settings)
    config |= {
        "docs_dir": str(docs),
        "site_dir": str(project / "plain-site"),
        "markdown_extensions": ["attr_list", "tables", {"toc": {"permalink": True}}],
        # Plain mkdocs-material has no en-GB (ours is in templates/mkdocs, which plain
        # mkdocs does not get): its own English, the same work.
        "theme": {**config["theme"], "language": "en"},
    }
    if not navigation:  # every page is still built, and listed nowhere
        config["nav"] = mkdocs_run.site_nav()
    path = project / f"plain-{'nav' if navigation else 'nonav'}.yml"
    path.write_text(json.dumps(config), encoding="utf-8")
    return run([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(path)])


def _plain_markdown(rendered) -> str:
    """An output as one Markdown page, as a plain mkdocs project would keep it."""
    sections = [f"## {s.title} {{#{s.id}}}\n\n{s.markdown}" for s in rendered.sections]
    return "\n\n".join([f"# {rendered.title}", *sections]) + "\n"


def pdf_rate(project: Path, count: int) -> dict:
    """PDFs per second with one worker and with every core, on the first `count` PDFs."""
    from policysite.errors import Location
    from policysite.output.pdfs import PdfJob, PdfPool, workers
    from policysite.output.pipeline import prepare
    from policysite.pages.paper import Paper
    from policysite.project import open_project

    loaded = open_project(project)
    _, _, outputs = prepare(loaded, [])
    paper = Paper(loaded.templates_dir)
    printable = [r for r in outputs if r.output in ("letter", "staff-code")][:count]
    htmls = [paper.print_html(r) for r in printable]
    rates = {}
    for processes in (1, workers()):
        folder = project / f"pdf-{processes}"
        shutil.rmtree(folder, ignore_errors=True)
        pool = PdfPool(processes)
        # Warm up first (imports, font cache), so both runs time the same work.
        pool.submit(
            PdfJob(str(folder / "warm.pdf"), htmls[0], str(project / "templates"), "", "", (), Location("bench"), ())
        )
        pool.results()
        pool = PdfPool(processes)
        started = time.perf_counter()
        for index, html in enumerate(htmls):
            pool.submit(
                PdfJob(
                    str(folder / f"{index}.pdf"), html, str(project / "templates"), "", "", (), Location("bench"), ()
                )
            )
        pool.results()
        rates[processes] = len(htmls) / (time.perf_counter() - started)
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="4,100,1000")
    parser.add_argument(
        "--default-nav-max",
        type=int,
        default=300,
        help="largest N for plain mkdocs with its default navigation (it grows as N squared)",
    )
    parser.add_argument("--home-weight", type=int, metavar="N", help="only the home page's weight at N schools")
    parser.add_argument("--class-set", type=int, metavar="N", help="only named letters for N pupils of one school")
    parser.add_argument(
        "--site-url", type=int, metavar="N", help="only the --no-pdf build and rebuild at N, with and without site_url"
    )
    parser.add_argument(
        "--language-cost", type=int, metavar="N", help="only the --no-pdf build at N, English alone and with languages"
    )
    parser.add_argument(
        "--languages",
        type=int,
        metavar="L",
        help="every generated school publishes L translations (default: as seeded)",
    )
    args = parser.parse_args()
    global LANGUAGES
    LANGUAGES = args.languages
    if args.language_cost:
        language_cost(args.language_cost, args.languages or 2)
        return
    if args.site_url:
        site_url_cost(args.site_url)
        return
    if args.home_weight:
        home_only(args.home_weight)
        return
    if args.class_set:
        class_set(args.class_set)
        return
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"mkdocs {metadata.version('mkdocs')}, mkdocs-material {metadata.version('mkdocs-material')}, "
        f"WeasyPrint {metadata.version('weasyprint')}"
    )
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        project = generate(n)
        ours = policysite(project, n)
        nonav, _ = plain_mkdocs(project, n, navigation=False)
        nav = plain_mkdocs(project, n, navigation=True)[0] if n <= args.default_nav_max else None
        rows.append(report(n, ours, nonav, nav))
    rates = pdf_rate(OUT / str(max(int(s) for s in args.sizes.split(","))), 40)
    print(
        f"\nPDFs: {rates[1]:.1f}/s on 1 worker, {max(rates.values()):.1f}/s on {max(rates)} "
        f"workers: {max(rates.values()) / rates[1]:.2f}x"
    )
    (OUT / "results.json").write_text(json.dumps({"rows": rows, "pdf_rates": rates}, indent=1))


def report(n: int, ours: dict, nonav: float, nav: float | None) -> dict:
    pages = 3 * n
    print(f"\nN = {n} schools ({pages} pages, {2 * n} PDFs)")
    lines = [
        ("full build, pages + PDFs", f"{ours['full_s']:.1f} s", f"{ours['peak_mb']:.0f} MB peak"),
        ("web pages only (--no-pdf)", f"{ours['html_s']:.1f} s", f"{pages / ours['html_s']:.0f} pages/s"),
        (
            "web pages only, one process (--jobs 1)",
            f"{ours['html_1job_s']:.1f} s",
            f"{pages / ours['html_1job_s']:.0f} pages/s",
        ),
        (
            "plain mkdocs, no navigation",
            f"{nonav:.1f} s",
            f"ours: {ours['html_s'] / nonav:.2f}x its time ({ours['html_1job_s'] / nonav:.2f}x on one process)",
        ),
        (
            "plain mkdocs, default navigation",
            f"{nav:.1f} s" if nav else "not run",
            f"ours is {nav / ours['html_s']:.1f}x faster" if nav else "",
        ),
        ("stages before mkdocs", f"{ours['prepare_s']:.1f} s", f"{ours['prepare_s'] / ours['full_s']:.0%} of full"),
        (
            "rebuild, one school changed",
            f"{ours['onechange_s']:.1f} s",
            f"{ours['onechange_s'] / ours['full_s']:.0%} of full",
        ),
        (
            "rebuild, nothing changed",
            f"{ours['nochange_s']:.1f} s",
            f"{ours['nochange_s'] / ours['full_s']:.0%} of full",
        ),
        ("site/ size", f"{ours['site_mb']:.1f} MB", f"{ours['per_school_mb']:.3f} MB per school beyond theme"),
        (
            "home page weight (HTML, CSS, JS, index)",
            f"{ours['home_kb']:.0f} KB",
            f"uncompressed; budget {HOME_BUDGET_KB} KB at 1,000 schools",
        ),
    ]
    for label, value, note in lines:
        print(f"  {label:<40} {value:>10}   {note}")
    return {"n": n, **ours, "plain_nonav_s": nonav, "plain_nav_s": nav}


if __name__ == "__main__":
    main()
