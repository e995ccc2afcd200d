"""Issue 10, item 7: stored XSS, tried as an attacker would. Every payload of the corpus
(tests/security_corpus.py: the issue's own, OWASP's filter-evasion list, Markdown tricks)
goes into every one-line field of a school, every section's append and replace, and the
link fields. `check` refuses some with a located error (the first wall); the rest are
built, and every built page, search index and PDF's HTML is parsed: no event handler, no
script URL, no script but the theme's, nothing in a body beyond the sanitiser's allow-list.

One project holds every payload school: one `check` (which names every refused file),
then one `build --no-pdf` of the schools it let through. A clean project with one plain school
gives what the theme itself writes (scripts, ids) to compare with.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from policysite.inputs.load import load_content
from policysite.pages.markup import MARKDOWN
from policysite.pages.paper import Paper

from .errors_support import run
from .helpers import PAGES, ROOT, check_project, required_sections, visible_text
from .security_corpus import (
    EMAIL_PAYLOADS,
    ISSUE_APPEND,
    ISSUE_URL,
    PAYLOADS,
    URL_PAYLOADS,
    markdown_school,
    school_yaml,
    text_school,
)
from .security_support import html_problems, index_problems, paper_article, parse

CLEAN = "clean"  # the plain school in both projects: the reference for what the theme writes
LOCATED_ERROR = re.compile(r"^schools/(?P<slug>[a-z0-9-]+)\.yml:\d+:\d+: error: ", re.MULTILINE)


@dataclass
class Corpus:
    project: Path
    schools: dict[str, str]  # slug -> the payload it carries
    check: tuple[int, str, str]  # `check` of every payload school
    refused: set[str]
    build: tuple[int, str, str]  # `build --no-pdf` of the others
    reference: Path  # the clean project's site

    @property
    def site(self) -> Path:
        return self.project / "site"

    @property
    def built(self) -> list[str]:
        return sorted(set(self.schools) - self.refused)


def _project(folder: Path, schools: dict[str, dict]) -> Path:
    """The repository's content, templates and mkdocs.yml, with these schools only."""
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "content", folder / "content")
    (folder / "templates").symlink_to(ROOT / "templates", target_is_directory=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    (folder / "schools").mkdir()
    for slug, values in schools.items():
        (folder / "schools" / f"{slug}.yml").write_text(school_yaml(values), encoding="utf-8")
    return folder


def _payload_schools(section_ids: list[str]) -> tuple[dict[str, dict], dict[str, str]]:
    files, carried = {CLEAN: text_school("Plain School")}, {CLEAN: ""}
    for index, payload in enumerate(PAYLOADS):
        if "\n" not in payload:
            files[f"text-{index}"] = text_school(payload)
        for how in ("append", "replace"):
            files[f"{how}-{index}"] = markdown_school(payload, how, section_ids)
    for index, payload in enumerate(URL_PAYLOADS):
        files[f"url-{index}"] = text_school("Linked Policy", url=payload)
    for index, payload in enumerate(EMAIL_PAYLOADS):
        files[f"email-{index}"] = {**text_school("Plain School"), "email": payload}
    for slug in files:
        kind, _, number = slug.partition("-")
        corpus = {"url": URL_PAYLOADS, "email": EMAIL_PAYLOADS}.get(kind, PAYLOADS)
        carried[slug] = corpus[int(number)] if number else ""
    return files, carried


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    folder = tmp_path_factory.mktemp("xss")
    content, _ = load_content(ROOT, "content/social-media")
    assert content is not None
    section_ids = [section.id for document in content.documents.values() for section in document.sections]
    files, carried = _payload_schools(section_ids)
    project = _project(folder / "project", files)
    checked = run(project, "check")
    refused = set(LOCATED_ERROR.findall(checked[2]))
    for slug in refused:  # a refused file stops a build: build the others
        (project / "schools" / f"{slug}.yml").unlink()
    built = run(project, "build", "--no-pdf")
    reference = _project(folder / "clean", {CLEAN: files[CLEAN]})
    assert run(reference, "build", "--no-pdf")[0] == 0
    return Corpus(project, carried, checked, refused, built, reference / "site")


def test_refused_school_files_get_located_errors_and_the_others_build(corpus):
    code, _, err = corpus.check
    assert code == 1 and "Traceback" not in err and "unexpectedly" not in err, err[-2000:]
    errors = [line for line in err.splitlines() if re.search(r"(^|: )error: ", line)]
    assert errors and all(LOCATED_ERROR.match(line) for line in errors), [
        line for line in errors if not LOCATED_ERROR.match(line)
    ]
    assert CLEAN not in corpus.refused
    assert corpus.build[0] == 0, corpus.build[2][-3000:]
    # Not a vacuous pass: a good share of the corpus reached the published site.
    assert len(corpus.built) >= 100, corpus.built


def test_the_issues_payloads_are_refused_or_shown_as_text(corpus):
    issue_url = f"url-{URL_PAYLOADS.index(ISSUE_URL)}"
    assert issue_url in corpus.refused
    assert re.search(
        rf"^schools/{issue_url}\.yml:\d+:\d+: error: `website` is not an allowed link", corpus.check[2], re.MULTILINE
    )
    index = PAYLOADS.index(ISSUE_APPEND)
    for slug in (f"append-{index}", f"replace-{index}"):
        if slug in corpus.refused:
            continue
        # markdown-it, the one renderer, reads an indented code block: the tag is code text.
        page = (corpus.site / slug / "social-media" / "index.html").read_text(encoding="utf-8")
        assert "<img src=x" not in page and "onerror" not in "".join(re.findall(r"<img\b[^>]*>", page))
        assert re.search(r"<code>&lt;img src=x onerror=alert\(document.cookie\)&gt;\s*</code>", page)


def _school_pages(corpus: Corpus):
    """(slug, output, path, reference page) of every built payload school's page."""
    for slug in corpus.built:
        for output, relative in PAGES.items():
            yield (
                slug,
                output,
                corpus.site / slug / "social-media" / relative,
                corpus.reference / CLEAN / "social-media" / relative,
            )


def test_school_pages_hold_no_script_and_nothing_beyond_the_allow_list(corpus):
    required = required_sections(corpus.project)
    problems = {}
    for slug, output, path, reference in _school_pages(corpus):
        clean = parse(reference.read_text(encoding="utf-8"))
        found = html_problems(
            path.read_text(encoding="utf-8"),
            allowed_ids=frozenset(clean.ids(body_only=True)),
            required_ids=tuple(required[output]),
            scripts=clean.scripts,
        )
        if found:
            problems[f"{slug} {output} ({corpus.schools[slug]!r})"] = found
    assert problems == {}


def test_the_sites_own_pages_hold_no_script_but_the_themes(corpus):
    problems = {}
    for relative in ("index.html", "leads/differences/index.html", "404.html"):
        clean = parse((corpus.reference / relative).read_text(encoding="utf-8"))
        found = html_problems(
            (corpus.site / relative).read_text(encoding="utf-8"),
            allowed_ids=frozenset(clean.ids(body_only=True)),
            # The links the clean build's templates put there (the 404 page's "/." home):
            # hostile school files may add none.
            allowed_hrefs=frozenset(clean.values("href", body_only=True)),
            scripts=clean.scripts,
        )
        if found:
            problems[relative] = found
    assert problems == {}


def _indexes(site: Path) -> list[Path]:
    return [site / "search" / "search_index.json", *sorted(site.glob("*/social-media/search/search_index.json"))]


def test_search_indexes_hold_no_live_html(corpus):
    indexes = _indexes(corpus.site)
    assert len(indexes) == len(corpus.built) + 1
    problems = {
        str(path.relative_to(corpus.site)): found
        for path in indexes
        if (found := index_problems(json.loads(path.read_text(encoding="utf-8"))))
    }
    assert problems == {}


@pytest.mark.parametrize(
    "slug_kind, payload, shown",
    [
        ("text", "&lt;img src=x onerror=alert(1)&gt;", "&lt;img src=x onerror=alert(1)&gt;"),  # a value: literal
        ("append", "&lt;img src=x onerror=alert(1)&gt;", "<img src=x onerror=alert(1)>"),  # Markdown decodes it
        ("text", "<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("append", "`<script>alert(1)</script>`", "<script>alert(1)</script>"),
    ],
)
def test_text_that_shows_a_tag_is_still_text_in_the_search_index(corpus, slug_kind, payload, shown):
    """mkdocs-material's search UI inserts entries as HTML: a tag shown as text on the page
    must reach the index escaped, so the UI shows it as text too."""
    slug = f"{slug_kind}-{PAYLOADS.index(payload)}"
    assert slug in corpus.built
    index = json.loads((corpus.site / slug / "social-media/search/search_index.json").read_text(encoding="utf-8"))
    entries = [entry for entry in index["docs"] if shown in visible_text(entry["title"] + " " + entry["text"])]
    assert entries, f"{shown!r} is not in {slug}'s index as text"
    assert index_problems({"docs": entries}) == []


def _body_shape(html: str) -> list[tuple]:
    """The page body's elements and attribute names, without the text: what a value
    could change only by escaping its place. The "Worried about a post?" box links a phone
    that holds a digit (phone.tel_href): that link is checked on its own, below."""
    return [
        (e.tag, tuple(sorted(name for name, _ in e.attrs))) for e in parse(html).elements if e.in_body and not _tel(e)
    ]


def _tel(element) -> bool:
    return element.tag == "a" and any(
        name == "href" and (value or "").startswith("tel:") for name, value in element.attrs
    )


def test_a_phone_links_only_its_own_digits(corpus):
    """Whatever `phone` holds, the box links it as tel: with a + and digits only, all of them
    the phone's own, and the link's text shows those digits and no others; a phone without
    a digit is shown, not linked."""
    problems = {}
    for slug in corpus.built:
        if not slug.startswith("text-"):
            continue
        page = parse((corpus.site / slug / "social-media" / "index.html").read_text(encoding="utf-8"))
        links = [dict(e.attrs)["href"] for e in page.elements if e.in_body and _tel(e)]
        html = (corpus.site / slug / "social-media" / "index.html").read_text(encoding="utf-8")
        for href, text in re.findall(r'<a href="(tel:[^"]*)">(.*?)</a>', html):  # the link shows what it dials
            shown = visible_text(text)
            shown = shown.replace("(0)", "") if shown.startswith("+") else shown
            if re.sub(r"[^0-9]", "", shown) != re.sub(r"[^0-9]", "", href):
                problems[slug] = (corpus.schools[slug], href, shown)
        digits = re.sub(r"[^0-9]", "", corpus.schools[slug])
        number = links[0].removeprefix("tel:").removeprefix("+") if len(links) == 1 else None
        linked = number is not None and re.fullmatch(r"tel:\+?[0-9]+", links[0]) and number in digits
        if not (bool(linked) if digits else links == []):
            problems[slug] = (corpus.schools[slug], links)
    assert problems == {}
    assert any(re.search("[0-9]", corpus.schools[slug]) for slug in corpus.built if slug.startswith("text-"))


def test_one_line_values_stay_data_the_page_keeps_its_shape_and_title(corpus):
    """A school's name or aims can't add a list, a heading or a link, whatever it holds;
    and the page keeps its front matter (title, template, navigation)."""
    problems = {}
    for slug, output, path, reference in _school_pages(corpus):
        if not slug.startswith("text-"):
            continue
        page = path.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
        if _body_shape(page) != _body_shape(reference.read_text(encoding="utf-8")):
            problems[f"{slug} {output}"] = "the body's elements differ from the clean school's"
        elif corpus.schools[slug].strip() not in visible_text(f"<p>{title[1] if title else ''}</p>"):
            problems[f"{slug} {output}"] = f"the title is {title[1] if title else None!r}"
    assert problems == {}


def test_a_link_address_never_closes_its_link(corpus):
    """`linked_policies[].url` goes inside `[title](url)`: whatever the address holds, the
    page links the title to that address, and to nothing else."""
    problems = {}
    for slug in corpus.built:
        if not slug.startswith("url-"):
            continue
        url = corpus.schools[slug]
        page = parse((corpus.site / slug / "social-media" / "index.html").read_text(encoding="utf-8"))
        links = {
            value
            for e in page.elements
            if e.in_body and e.tag == "a"
            for name, value in e.attrs
            if name == "href" and not value.startswith("#")
        }
        # The letterhead's website link and the policy links (Markdown normalises the address).
        if links - {url, MARKDOWN.normalizeLink(url), "mailto:office@school.example"} or not links:
            problems[slug] = (url, links)
    assert problems == {}
    assert any(slug.startswith("url-") for slug in corpus.built), "no link payload was built"


def test_pdf_html_holds_no_script_and_nothing_beyond_the_allow_list(corpus):
    """What WeasyPrint is given (Paper.print_html), for every payload school the site built."""
    result = check_project(corpus.project)
    paper = Paper(corpus.project / "templates")
    required = required_sections(corpus.project)
    by_output = {}
    for rendered in result.outputs:
        if rendered.school.slug == CLEAN:
            by_output[rendered.output] = parse(paper.print_html(rendered), paper_article)
    problems = {}
    for rendered in result.outputs:
        clean = by_output[rendered.output]
        found = html_problems(
            paper.print_html(rendered),
            paper_article,
            scripts=[],
            allowed_ids=frozenset(clean.ids(body_only=True)),
            required_ids=tuple(required[rendered.output]),
        )
        if found:
            problems[f"{rendered.school.slug} {rendered.output}"] = found
    assert len({r.school.slug for r in result.outputs}) == len(corpus.built)
    assert problems == {}
