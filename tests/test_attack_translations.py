"""Round 2's attacks on translations (issue 16), by someone who controls a .po file (an
agency's translator, a Weblate account), a school's YAML or `translations update --add`.

Each test states an attack; the holes found are fixed where they were (pofile.py,
templates/print/frame.html) and the attacks that held stay here to guard them. The
reading tests parse .po text only; the rendering tests build the mini project once each.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from policysite.inputs.catalogue import TRANSLATIONS, read_catalogues
from policysite.inputs.pofile import PoCatalog, po_bytes
from policysite.pages.markup import text_html
from policysite.pages.paper import Paper

from .errors_support import tree_hash
from .helpers import ROOT, build_site, check_errors, check_project, mini_copy, parse_page, pdf_text
from .security_support import html_problems, parse
from .translate_support import po_file, write_catalogue

ENGLISH = "Please post kindly about {{ school.short_name }}."
BODY = ("letter-body", ENGLISH)
POLISH = "Prosimy pisać życzliwie o {{ school.short_name }}."
SCHOOL = "name: Mini School\nshort_name: Minis\nlanguages: [pl]\n"
HEADER = 'msgid ""\nmsgstr ""\n"Language: pl\\n"\n"X-Reviewed-By: {reviewer}\\n"\n"MIME-Version: 1.0\\n"\n{more}\n'
UNREVIEWED = "This translation has not yet been checked by a fluent reader. The English version is the school's policy."


def _po(tmp_path: Path, body: str, reviewer: str = "", more: str = "") -> Path:
    folder = tmp_path / TRANSLATIONS
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pl.po").write_text(HEADER.format(reviewer=reviewer, more=more) + body, encoding="utf-8")
    return tmp_path


def _entry(text: str = "STARE {{ school.short_name }}.", flags: str = "") -> str:
    return f'{flags}msgctxt "letter-body"\nmsgid "{ENGLISH}"\nmsgstr "{text}"\n\n'


def _line(root: Path, starts: str) -> int:
    lines = (root / TRANSLATIONS / "pl.po").read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(starts))


# ---- X-Reviewed-By: the "not yet checked" note must not be hidden by a trick a diff hides


@pytest.mark.parametrize("invisible", ["\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u00ad"])
def test_an_invisible_reviewer_name_is_refused_at_its_header_line(tmp_path, invisible):
    # `"X-Reviewed-By: ‌\n"` looks empty in a diff, yet would count as a review and hide the note.
    root = _po(tmp_path, _entry(), reviewer=invisible)
    catalogues, findings = read_catalogues(root)
    assert "pl" not in catalogues
    [finding] = findings
    assert finding.location.line == _line(root, '"X-Reviewed-By:') and "X-Reviewed-By" in finding.message


@pytest.mark.parametrize(
    "reviewer, more",
    [
        ("", '"X-Reviewed-By: Jan Kowalski\\n"\n'),
        ("", '"x-reviewed-by: Jan Kowalski\\n"\n'),
        ("\\nX-Reviewed-By: Jan Kowalski", ""),  # a second header line inside the first one's value
    ],
)
def test_a_reviewer_header_written_twice_is_refused(tmp_path, reviewer, more):
    # The first, empty one is what a reviewer sees; the last one was what counted.
    root = _po(tmp_path, _entry(), reviewer=reviewer, more=more)
    catalogues, findings = read_catalogues(root)
    assert "pl" not in catalogues and len(findings) == 1 and "x-reviewed-by" in findings[0].message.lower()


@pytest.mark.parametrize("context", ["", 'msgctxt "letter-body"\n'])
def test_a_second_header_entry_further_down_is_refused(tmp_path, context):
    # msgid "" is the header wherever it is (Babel reads it again, context or not): one at
    # the end of a long file would set the reviewer, or the language, unseen.
    second = f'{context}msgid ""\nmsgstr "X-Reviewed-By: Jan\\n"\n\n'
    root = _po(tmp_path, _entry() + second)
    [finding] = read_catalogues(root)[1]  # an error: nothing is built
    assert finding.level == "error"
    lines = (root / TRANSLATIONS / "pl.po").read_text(encoding="utf-8").split("\n")
    assert finding.location.line == [n for n, line in enumerate(lines, start=1) if line == 'msgid ""'][1]
    assert "header" in finding.message


def test_a_reviewer_header_of_only_spaces_is_empty(tmp_path):
    catalogues, findings = read_catalogues(_po(tmp_path, _entry(), reviewer="  \u00a0 "))
    assert findings == [] and catalogues["pl"].reviewed_by == ""


def test_a_reviewer_header_inside_a_translation_is_only_its_text(tmp_path):
    catalogues, findings = read_catalogues(_po(tmp_path, _entry("X-Reviewed-By: Jan {{ school.short_name }}")))
    assert findings == [] and catalogues["pl"].reviewed_by == ""


@pytest.mark.parametrize(
    "expression", ["__import__('os').system('touch pwned')", "9**9**9**9", "n" + "+n" * 5000, "1/0"]
)
def test_a_plural_expression_in_the_file_is_never_evaluated(tmp_path, expression):
    # The frame's gettext is built with the language's own plural rule (Babel's CLDR data).
    plural = f'"Plural-Forms: nplurals=3; plural={expression};\\n"\n'
    forms = 'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[2] "z"\n'
    body = 'msgid "Phone:"\nmsgstr "Telefon:"\n\n' + forms
    catalogues, findings = read_catalogues(_po(tmp_path, body, more=plural))
    assert findings == []
    chrome = catalogues["pl"].gettext()
    assert chrome.gettext("Phone:") == "Telefon:" and [chrome.ngettext("a", "b", n) for n in (1, 3, 5)] == [
        "x",
        "y",
        "z",
    ]
    assert not (Path.cwd() / "pwned").exists()


# ---- fuzzy: a stale translation is never shown, however its flag is written


@pytest.mark.parametrize(
    "flags",
    ["#, fuzzy\n", "#,fuzzy\n", "#,  fuzzy \n", "#, python-format, fuzzy\n", "#, fuzzy,\n", "#, x\n#, fuzzy\n"],
)
def test_a_fuzzy_flag_however_spaced_keeps_the_english(tmp_path, flags):
    catalogues, findings = read_catalogues(_po(tmp_path, _entry(flags=flags)))
    assert findings == [] and catalogues["pl"].translation(*BODY) is None
    assert catalogues["pl"].state(*BODY) == "fuzzy"


@pytest.mark.parametrize("flag", ["FUZZY", "Fuzzy", "fuzzy-not"])
def test_a_flag_that_looks_fuzzy_but_is_not_is_refused(tmp_path, flag):
    # msgfmt reads only `fuzzy`: `#, FUZZY` would publish the stale text while a reviewer reads "fuzzy".
    root = _po(tmp_path, _entry(flags=f"#, {flag}\n"))
    [finding] = read_catalogues(root)[1]
    assert finding.level == "error" and finding.location.line == _line(root, 'msgid "Please')
    assert f"`{flag}` is not `fuzzy`" in finding.message


def test_an_obsolete_entry_is_never_shown(tmp_path):
    obsolete = f'#~ msgctxt "letter-body"\n#~ msgid "{ENGLISH}"\n#~ msgstr "STARE {{{{ school.short_name }}}}."\n'
    catalogues, findings = read_catalogues(_po(tmp_path, obsolete))
    assert findings == [] and catalogues["pl"].translation(*BODY) is None


def test_a_duplicate_entry_cannot_smuggle_a_second_translation(tmp_path):
    # Babel merges a duplicate's flags into the first; it is refused rather than guessed at.
    findings = read_catalogues(_po(tmp_path, _entry(flags="#, fuzzy\n") + _entry("DRUGI {{ school.short_name }}.")))[1]
    assert [f.message for f in findings] == ["this entry is written twice; the second is not read"]


def test_the_same_english_without_its_context_translates_no_unit(tmp_path):
    body = f'msgid "{ENGLISH}"\nmsgstr "STARE {{{{ school.short_name }}}}."\n'
    catalogues, _ = read_catalogues(_po(tmp_path, body))
    assert catalogues["pl"].translation(*BODY) is None


# ---- what a translation may hold: refused at its msgstr line, before anything renders

REFUSED = [
    "Prosimy {{ school.short_name }} {{ ''.__class__ }}.",
    "Prosimy {{ school.short_name.__class__.__mro__ }}.",
    "Prosimy {{ school.short_name|e }}.",
    "Prosimy {{ school.short_name }} {% include 'x' %}.",
    "Prosimy {{ school.short_name }} {% set x = 1 %}.",
    "Prosimy {{ school.short_name }} {% raw %}x{% endraw %}.",
    "Prosimy {{ school.short_name }} {# ukryte #}.",
    "Prosimy {{ school.short_name }} {# reszta strony",
    "Prosimy {{ school.short_name }} {#letter-help}",
    "Prosimy {{ school.short_name }} {{",
    "Prosimy {{ school.short_name }} {%- if true %}",
    "Prosimy {{ school.short_name }} <script>alert(1)</script>",
    "Prosimy {{ school.short_name }} <img src=x onerror=alert(1)>",
    "Prosimy {{ school.short_name }} <iframe src=https://evil.example>",
    "Prosimy {{ school.short_name }} `<style>`",
    "Prosimy {{ school.short_name }} <https://evil.example>",
    "Prosimy {{ school.short_name }} <javascript:alert(1)>",
    "Prosimy {{ school.short_name }} [tu](javascript:alert(1))",
    "Prosimy {{ school.short_name }} [tu](jav&#x61;script:alert(1))",
    "Prosimy {{ school.short_name }} [tu](data:text/html,x)",
    "Prosimy {{ school.short_name }} ![x](https://evil.example/a.png)",
    "Prosimy {{ school.short_name }} [tu][a]\\n\\n[a]: https://evil.example",
    "[a]: https://evil.example {{ school.short_name }}",
    "Prosimy {{ school.short_name }}\\n## Inna sekcja {#letter-help}",
    "Prosimy {{ school.short_name }}\\n\\n<script>x</script>",
    "Prosimy {{ school.short_name }}\\n| a | b |",
    "Prosimy {{ school.short_name }} | a",
    "## Prosimy {{ school.short_name }}",
    "- Prosimy {{ school.short_name }}",
    "> Prosimy {{ school.short_name }}",
    "Prosimy {{ school.short_name }}  \\nx",
    "Prosimy {{ school.short_name }} \u200b.",
    "Prosimy {{ school.short_name }} &#x202e;.",
    "Prosimy {{ school.short_name }} &#57344;.",
    "\ue000Prosimy {{ school.short_name }}\ue001",
    "Prosimy {{ school.short_name }}." + "x" * 1000,
]


@pytest.mark.parametrize("translation", REFUSED)
def test_a_hostile_translation_is_refused_at_its_msgstr_line(tmp_path, translation):
    root = _po(tmp_path, _entry(translation.replace('"', '\\"')))
    findings = read_catalogues(root)[1]
    assert findings, translation
    assert {f.location.line for f in findings} == {_line(root, 'msgstr "' + translation[:8].replace('"', '\\"'))}


@pytest.mark.parametrize("blank", [" ", "\u00a0", "&nbsp;", "\u3164", "\u2800 \u00ad"])
@pytest.mark.parametrize("context", ["letter-body", None])
def test_a_translation_that_shows_nothing_is_refused(tmp_path, blank, context):
    # Else " " would hide a paragraph (or the unreviewed note) while counting as translated.
    context_line = f'msgctxt "{context}"\n' if context else ""
    root = _po(tmp_path, f'{context_line}msgid "Dear Parent/Carer,"\nmsgstr "{blank}"\n')
    [finding] = read_catalogues(root)[1]
    lines = (root / TRANSLATIONS / "pl.po").read_text(encoding="utf-8").split("\n")
    assert finding.location.line == max(n for n, line in enumerate(lines, start=1) if line.startswith("msgstr"))
    assert "shows nothing" in finding.message


@pytest.mark.parametrize(
    "translation",
    [
        "%(title)999999999s – %(school)s",  # a gigabyte of padding on every page
        "%(title).999999999f – %(school)s",
        "%(title)*s – %(school)s",  # a TypeError when the page is made
        "%(title)d – %(school)s",
        "%(title)c – %(school)s",
        "%(title)r – %(school)s",
        "%(title)-20s – %(school)s",
    ],
)
def test_a_placeholder_is_kept_exactly_as_the_english_writes_it(tmp_path, translation):
    entry = f'#, python-format\nmsgid "%(title)s – %(school)s"\nmsgstr "{translation}"\n'
    root = _po(tmp_path, entry)
    [finding] = read_catalogues(root)[1]
    assert finding.location.line == _line(root, f'msgstr "{translation}"') and "placeholder" in finding.message


STATEMENTS = "Call us{% if phone %} on {{ phone }}{% endif %}."
MOVED = [
    "Zadzwoń{%- if phone %} pod {{ phone }}{% endif %}.",  # a trim mark added: joins it to the line above
    "Zadzwoń{% if phone -%} pod {{ phone }}{% endif %}.",
    "Zadzwoń{% if phone %} pod {{- phone }}{% endif %}.",
    "Zadzwoń{% endif %} pod {{ phone }}{% if phone %}.",  # reordered: still compiles
    "Zadzwoń{% if not phone %} pod {{ phone }}{% endif %}.",  # the condition turned round
    "Zadzwoń{% if phone %} pod {{ phone }}{% else %}{% endif %}.",
    "Zadzwoń{% if phone %} pod {{ phone }}.",  # the block left open
]


@pytest.mark.parametrize("translation", MOVED)
def test_a_statement_tag_changed_in_any_way_is_refused(tmp_path, translation):
    entry = f'msgctxt "letter-body"\nmsgid "{STATEMENTS}"\nmsgstr "{translation}"\n'
    [finding] = read_catalogues(_po(tmp_path, entry))[1]
    assert "{{" in finding.hint or "{%" in finding.hint


def test_expressions_may_move_but_statements_keep_their_place(tmp_path):
    english = "{{ a }} and {{ b }}{% if c %} or{% endif %}."
    entry = (
        f'msgctxt "letter-body"\nmsgid "{english}"\nmsgstr "{{{{ b }}}} i {{{{ a }}}}{{% if c %}} lub{{% endif %}}."\n'
    )
    assert read_catalogues(_po(tmp_path, entry))[1] == []


def test_a_bidi_override_in_the_file_is_refused_at_its_line(tmp_path):
    root = _po(tmp_path, _entry("Prosimy \u202e{{ school.short_name }}."))
    assert "pl" not in read_catalogues(root)[0]


def _section(root: Path, section: str) -> str:
    [letter] = [o for o in check_project(root).outputs if o.language == "pl" and o.output == "letter"]
    return text_html(next(s for s in letter.sections if s.id == section).markdown, section).html


HELD_AS_TEXT = {
    BODY: "Prosimy {{ school.short_name }} { #} %} }} &lt;script&gt; <!-- x --> https://evil.example [a][b] \u061c.",
    ("letter-help", "Read the advice on cyberbullying."): "www.evil.example &#60;img src=x onerror=alert(1)&#62;",
}


def test_what_a_translation_may_hold_is_shown_as_text(mini_project):
    # Lone braces, entities, a comment, bare addresses, an undefined reference, a direction mark:
    # all accepted, none of them markup, a link or code on the page.
    root = mini_project(SCHOOL)
    write_catalogue(root, "pl", HELD_AS_TEXT)
    assert read_catalogues(root)[1] == []
    assert _section(root, "letter-body") == (
        "<p>Prosimy Minis { #} %} }} &lt;script&gt; &lt;!-- x --&gt; https://evil.example [a][b] \u061c.</p>\n"
    )
    assert _section(root, "letter-help") == "<p>www.evil.example &lt;img src=x onerror=alert(1)&gt;</p>\n"


# ---- the language switcher, <html lang> and the catalogue's place on disk


@pytest.mark.parametrize("code", ['ur" onload="x', "../../x", "en-GB", "zz", "pl_PL", "en", "PL"])
def test_a_school_cannot_name_a_language_that_would_break_out_of_lang_or_its_folder(mini_project, code):
    root = mini_project(f"name: Mini School\nshort_name: Minis\nlanguages: ['{code}']\n")
    write_catalogue(root, "pl", {})
    [finding] = check_errors(root)
    assert finding.location.path == "schools/mini.yml" and finding.location.line == 3


def test_ten_thousand_languages_are_one_finding(mini_project):
    root = mini_project("name: Mini School\nlanguages: [" + ", ".join(["pl"] * 10_000) + "]\n")
    write_catalogue(root, "pl", {})
    [finding] = check_errors(root)
    assert "10000 items" in finding.message


@pytest.mark.parametrize("code", ["../x", "../../schools/x", "/tmp/x", "pl.po", "pl/", "en-GB", "zz"])
def test_add_cannot_write_outside_the_translations_folder(tmp_path, code):
    root = mini_copy(tmp_path / "p", {"mini": "name: Mini School\n"})
    before = sorted(str(p) for p in root.rglob("*"))
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "translations", "update", "--add", code, "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert sorted(str(p) for p in root.rglob("*")) == before


@pytest.mark.parametrize("kind", ["fifo", "folder", "dev-zero", "link-outside"])
def test_a_po_that_is_not_a_plain_file_is_not_read(tmp_path, kind):
    root = mini_copy(tmp_path / "p", {"mini": SCHOOL})
    write_catalogue(root, "pl", {})
    path = po_file(root, "ur")
    outside = tmp_path / "secret.po"
    outside.write_bytes(po_file(root, "pl").read_bytes())
    {
        "fifo": lambda: os.mkfifo(path),
        "folder": lambda: path.mkdir(),
        "dev-zero": lambda: path.symlink_to("/dev/zero"),
        "link-outside": lambda: path.symlink_to(outside),
    }[kind]()
    catalogues, findings = read_catalogues(root)  # returns: a pipe is not waited on, /dev/zero not read
    assert "ur" not in catalogues
    [finding] = findings
    assert finding.location.path == f"{TRANSLATIONS}/ur.po" and finding.hint


def test_update_does_not_write_through_a_hard_linked_po(tmp_path):
    root = mini_copy(tmp_path / "p", {"mini": SCHOOL})
    write_catalogue(root, "pl", {})
    outside = tmp_path / "elsewhere.po"
    outside.write_bytes(po_file(root, "pl").read_bytes())
    po_file(root, "pl").unlink()
    os.link(outside, po_file(root, "pl"))
    before = outside.read_bytes()
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "translations", "update", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert outside.read_bytes() == before and po_file(root, "pl").read_bytes() != before


# ---- the translation's own notes: the one that warns against it cannot be worded away


def _unreviewed_pages(tmp_path, note: str):
    root = mini_copy(tmp_path / "p", {"mini": SCHOOL})
    catalog = PoCatalog(locale="pl", fuzzy=False)
    catalog.add(UNREVIEWED, note)
    po_file(root, "pl").parent.mkdir(parents=True, exist_ok=True)
    po_file(root, "pl").write_bytes(po_bytes(catalog))
    catalogues, findings = read_catalogues(root)
    assert findings == []
    letter = next(o for o in check_project(root).outputs if o.language == "pl" and o.output == "letter")
    paper = Paper(ROOT / "templates", None, catalogues["pl"])
    page = paper.page(letter)
    return page.body.html, paper.print_html(letter, page.print_body())


@pytest.mark.parametrize("note", ["Tłumaczenie zostało sprawdzone.", "."])
def test_the_unreviewed_note_is_also_in_english_whatever_its_translation_says(tmp_path, note):
    # The note warns about the translator's own work: its translation could say "checked",
    # or next to nothing ("."; " " is refused). The English sentence, marked lang="en", is
    # on the page and in the PDF too.
    for html in _unreviewed_pages(tmp_path, note):
        assert "ps_unreviewed" in parse_page(html).ids
        assert f'<p class="ps-note" id="ps_unreviewed_en" lang="en">{UNREVIEWED}</p>' in html


# ---- the translated letter's PDF: WeasyPrint fetches nothing a translation names

HOSTILE_ADDRESS = "https://127.0.0.1:9/x.png"
PDF_TRANSLATIONS = {
    BODY: f"Prosimy {{{{ school.short_name }}}} url({HOSTILE_ADDRESS}) @import '{HOSTILE_ADDRESS}';",
    ("letter-help", "Read the advice on cyberbullying."): f"file:///etc/passwd {HOSTILE_ADDRESS}",
}
PDF_FRAME = {
    "Dear Parent/Carer,": f"url({HOSTILE_ADDRESS}) Szanowni,",
    "Page %(page)s of %(pages)s": f'"; }} @import url({HOSTILE_ADDRESS}); .x {{ content: "%(page)s/%(pages)s',
}


def test_a_translated_letter_pdf_fetches_nothing_its_translations_name(mini_project, tmp_path):
    # A refused fetch fails the build (output/pdfs.py), so a build that passes fetched only the
    # project's own files; the addresses are in the PDF as text.
    root = mini_project(SCHOOL)
    write_catalogue(root, "pl", PDF_TRANSLATIONS)
    catalog = PoCatalog(locale="pl", fuzzy=False)
    with po_file(root, "pl").open("rb") as po:
        for message in read_po(po):
            if message.id:
                catalog.add(message.id, message.string, context=message.context)
    for english, translation in PDF_FRAME.items():
        catalog.add(english, translation, flags=("python-format",) if "%(" in english else ())
    po_file(root, "pl").write_bytes(po_bytes(catalog))
    assert read_catalogues(root)[1] == []
    build_site(root, tmp_path / "site", pdfs=True)
    [pdf] = (tmp_path / "site").glob("mini/social-media/pl/*.pdf")
    text = pdf_text(pdf)
    assert "Szanowni" in text and "/etc/passwd" in text and text.count("127.0.0.1:9") >= 3


# ---- the frame's and chrome's strings: escaped wherever they are printed

CHROME_PAYLOAD = (
    '" onmouseover="alert(1)" x=\' onfocus=\'alert(1) javascript:alert(1) &lt;img src=x onerror=alert(1)&gt; '
    "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; ]]> */ { } \\u2028\n---\ntitle: x\n"
)


def _chrome_catalogue(root: Path, word) -> None:
    """pl.po with every frame/chrome string of messages.pot translated by `word(placeholders)`."""
    with (ROOT / TRANSLATIONS / "messages.pot").open("rb") as pot:
        template = read_po(pot)
    catalog = PoCatalog(locale="pl", fuzzy=False)
    for message in template:
        if message.id and message.context is None and isinstance(message.id, str):
            names = " ".join(re.findall(r"%\([a-z]+\)s", message.id))
            catalog.add(message.id, word(names), flags=("python-format",) if names else ())
    po_file(root, "pl").parent.mkdir(parents=True, exist_ok=True)
    po_file(root, "pl").write_bytes(po_bytes(catalog))
    assert read_catalogues(root)[1] == []


def _polish_pages(site: Path) -> dict[str, str]:
    return {
        str(path.relative_to(site)): path.read_text(encoding="utf-8")
        for path in sorted(site.glob("mini/social-media/pl/**/*.html"))
    }


def test_hostile_frame_and_chrome_translations_add_no_script_to_the_translated_pages(tmp_path):
    # Quotes for an attribute, entities for a tooltip that decodes them, a newline and `---`
    # for the front matter: every page holds what the clean translation's page holds.
    clean_root = mini_copy(tmp_path / "clean", {"mini": SCHOOL})
    _chrome_catalogue(clean_root, lambda names: f"PL {names}")
    build_site(clean_root, tmp_path / "clean-site")
    root = mini_copy(tmp_path / "hostile", {"mini": SCHOOL})
    _chrome_catalogue(root, lambda names: f"{CHROME_PAYLOAD} {names}")
    build_site(root, tmp_path / "site")
    clean, hostile = _polish_pages(tmp_path / "clean-site"), _polish_pages(tmp_path / "site")
    assert clean and sorted(clean) == sorted(hostile)
    problems = {}
    for name, html in hostile.items():
        reference = parse(clean[name])
        found = html_problems(html, allowed_ids=frozenset(reference.ids(body_only=True)), scripts=reference.scripts)
        if found:
            problems[name] = found
    assert problems == {}
    assert all("onmouseover" in html for html in hostile.values())  # the words are there, as text


# ---- a school's own translation (sections.<id>.translations.<code>): the school's Markdown


def _school_translation(mini_project, text: str):
    school = (
        f"{SCHOOL}sections:\n  letter-help:\n    append: Extra English text.\n"
        f"    translations:\n      pl: {json.dumps(text)}\n"
    )
    root = mini_project(school)
    write_catalogue(root, "pl", {})
    return root


@pytest.mark.parametrize(
    "text, shown",
    [
        ("{{ ''.__class__ }} {% include 'x' %}", "<p>{{ ''.<strong>class</strong> }} {% include 'x' %}</p>"),
        ("&#57344;Po polsku&#57345;", "<p>Po polsku</p>"),  # the marks as entities: not an English block
        ("Tekst {#letter-body}", "<p>Tekst {#letter-body}</p>"),
    ],
)
def test_a_schools_translation_is_text_not_template_nor_an_english_block(mini_project, text, shown):
    html = _section(_school_translation(mini_project, text), "letter-help")
    assert html.endswith(shown + "\n") and html.count('lang="en"') == 1  # the unit's English only


@pytest.mark.parametrize(
    "text", ["<script>x</script>", "[x](javascript:alert(1))", "\ue000Po polsku\ue001", "&#x202e;x"]
)
def test_a_schools_hostile_translation_is_refused_at_its_line(mini_project, text):
    [finding] = check_errors(_school_translation(mini_project, text))
    assert finding.location.path == "schools/mini.yml" and finding.location.line == 8


# ---- determinism: the same translations give the same bytes, whatever the hash seed or folder

LANGUAGES_SCHOOL = "name: Mini School\nshort_name: Minis\nlanguages: [pl, ur]\nletter:\n  date: 2025-09-19\n"


def _languages_project(where: Path) -> Path:
    root = mini_copy(where, {"mini": LANGUAGES_SCHOOL})
    write_catalogue(root, "pl", {BODY: POLISH}, fuzzy=frozenset())
    urdu = {("letter-help", "More help"): "مزید مدد", BODY: "براہ کرم {{ school.short_name }} کے بارے میں لکھیں\u06d4"}
    write_catalogue(root, "ur", urdu, fuzzy=frozenset({BODY}))  # a title in Urdu, a fuzzy body in English
    return root


def _build_in_process_of_its_own(root: Path, site: Path, seed: str) -> dict[str, str]:
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "build", "--root", str(root), "--site-dir", str(site)]
        + ["--today", "2025-11-25"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1700000000"},
    )
    assert run.returncode == 0, run.stderr
    return tree_hash(site)


def test_translated_pages_and_pdfs_are_the_same_bytes_from_another_folder_and_hash_seed(tmp_path):
    first = _build_in_process_of_its_own(_languages_project(tmp_path / "a" / "p"), tmp_path / "a" / "site", "1")
    second = _build_in_process_of_its_own(_languages_project(tmp_path / "b" / "q"), tmp_path / "b" / "site", "2")
    assert any(name.startswith("mini/social-media/ur/") and name.endswith(".pdf") for name in first)
    assert sorted(name for name in first if first[name] != second.get(name)) == []
