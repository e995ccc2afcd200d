"""catalogue.py: a language's .po file read as hostile data, every problem located at its line."""

from __future__ import annotations

import gettext
import os

import pytest

from policysite.inputs.catalogue import MAX_PO_BYTES, TRANSLATIONS, Language, language, read_catalogues

HEADER = """# Polish
msgid ""
msgstr ""
"Project-Id-Version: policysite 1\\n"
"Language: {code}\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"
"X-Reviewed-By: {reviewed}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

"""


def _entry(english: str, translation: str, context: str | None = "letter-why", flags: str = "") -> str:
    context_line = f'msgctxt "{context}"\n' if context is not None else ""
    flag_line = f"#, {flags}\n" if flags else ""
    return f'{flag_line}{context_line}msgid "{_quoted(english)}"\nmsgstr "{_quoted(translation)}"\n\n'


def _quoted(text: str) -> str:
    """As a .po file writes a string: `"` escaped (the BAD cases' `\\n` are escapes already)."""
    return text.replace('"', '\\"')


def _write(root, text: str, code: str = "pl", reviewed: str = "") -> str:
    folder = root / TRANSLATIONS
    folder.mkdir(parents=True, exist_ok=True)
    whole = HEADER.format(code=code, reviewed=reviewed) + text
    (folder / f"{code}.po").write_text(whole, encoding="utf-8")
    return whole


def _line(text: str, translation: str) -> int:
    """The line of the msgstr of `translation`."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line == f'msgstr "{_quoted(translation)}"':
            return number
    raise AssertionError(translation)


def _findings(root, code: str = "pl"):
    catalogues, findings = read_catalogues(root)
    for finding in findings:
        assert finding.level == "error" and finding.hint, finding
        assert finding.location is not None and finding.location.path == f"{TRANSLATIONS}/{code}.po"
    return catalogues, findings


def test_language_names_itself_and_knows_its_direction():
    assert language("pl") == Language("pl", "Polski", "Polish", False)
    assert language("ur") == Language("ur", "اردو", "Urdu", True)
    for code in ("xx", "en", "PL", "pl.po", "../pl", ""):
        with pytest.raises(ValueError):
            language(code)


def test_a_good_catalogue_translated_fuzzy_missing_and_reviewer(tmp_path):
    _write(
        tmp_path,
        _entry("Why we are writing", "Dlaczego piszemy")
        + _entry("Thank you, {{ school.short_name }}.", "Dziękujemy, {{ school.short_name }}.")
        + _entry("Old English changed.", "Stare tłumaczenie", flags="fuzzy")
        + _entry("Not translated yet.", "")
        + _entry("Phone:", "Telefon:", context=None)
        + _entry("Email:", "E-mail (stary)", context=None, flags="fuzzy")
        + _entry("Page %(page)s of %(pages)s", "Strona %(page)s z %(pages)s", context=None, flags="python-format"),
        reviewed="Anna Nowak <anna@example.org>",
    )
    catalogues, findings = _findings(tmp_path)
    assert findings == []
    pl = catalogues["pl"]
    assert pl.language.code == "pl" and pl.path == f"{TRANSLATIONS}/pl.po"
    assert pl.reviewed_by == "Anna Nowak <anna@example.org>"
    assert pl.translation("letter-why", "Why we are writing") == "Dlaczego piszemy"
    assert pl.translation("letter-why", "Old English changed.") is None  # fuzzy: never shown
    assert pl.translation("letter-why", "Not translated yet.") is None
    assert pl.translation("other-section", "Why we are writing") is None  # the context is part of the key
    assert [
        pl.state("letter-why", s) for s in ("Why we are writing", "Old English changed.", "Not translated yet.")
    ] == [
        "translated",
        "fuzzy",
        "missing",
    ]
    assert pl.state("letter-why", "Never extracted") == "missing"
    chrome = pl.gettext()
    assert isinstance(chrome, gettext.NullTranslations)
    assert chrome.gettext("Phone:") == "Telefon:"
    assert chrome.gettext("Email:") == "Email:"  # fuzzy: left out, so the English
    assert chrome.gettext("Page %(page)s of %(pages)s") % {"page": 1, "pages": 2} == "Strona 1 z 2"
    assert chrome.gettext("Why we are writing") == "Why we are writing"  # units are not chrome strings


def test_an_empty_reviewer_header_reads_as_empty(tmp_path):
    _write(tmp_path, _entry("Why we are writing", "Dlaczego piszemy"))
    assert read_catalogues(tmp_path)[0]["pl"].reviewed_by == ""


def test_the_entry_location_is_its_line_in_the_po_file(tmp_path):
    text = _write(tmp_path, _entry("Why we are writing", "Dlaczego piszemy"))
    entry = read_catalogues(tmp_path)[0]["pl"].entries[("letter-why", "Why we are writing")]
    assert entry.location.line == text.split("\n").index('msgid "Why we are writing"') + 1


# Each bad translation, and what the finding says about it.
BAD = [
    ("drops a placeholder", "We thank {{ school.short_name }}.", "Dziękujemy.", "drops"),
    ("invents an include", "Thanks.", 'Dzięki.{% include "/etc/passwd" %}', "{% ... %}"),
    ("invents self", "Thanks.", "Dzięki {{ self }}.", "adds `{{ self }}`"),
    ("invents a class walk", "Thanks.", "Dzięki {{ ''.__class__ }}.", "adds"),
    ("leaves a tag open", "Thanks.", "Dzięki {{ school.name", "not closed"),
    ("reorders statements", "A{% if x %}B{% endif %}", "A{% endif %}B{% if x %}", "same order"),
    ("drops a tag's trim mark", "A\\n{%- if x %} B{% endif %}", "A\\n{% if x %} B{% endif %}", "same order"),
    (
        "changes a link",
        "Read [the advice](https://www.gov.uk/a.pdf).",
        "Czytaj [porady](https://evil.example/a.pdf).",
        "links to",
    ),
    ("adds a link", "Read the advice.", "Czytaj [porady](https://evil.example/).", "links to"),
    ("adds an image", "Read the advice.", "Czytaj ![x](https://evil.example/p.png).", "links to"),
    ("drops a link", "Read [the advice](https://www.gov.uk/a.pdf).", "Czytaj porady.", "drops a link"),
    ("adds an empty line", "One paragraph.", "Jeden.\\n\\nDrugi.", "empty line"),
    ("adds a heading line", "One paragraph.", "# Nagłówek", "a heading"),
    ("adds a list item line", "One paragraph.", "- punkt", "a list item"),
    ("adds a quotation", "One paragraph.", "> cytat", "a quotation"),
    ("adds a table pipe", "Details", "Szczegóły | więcej", "split a table cell"),
    ("adds HTML", "One paragraph.", "Jeden <script>alert(1)</script>", "HTML"),
    ("defines a link for another entry", "One paragraph.", "[a]: https://evil.example/", "a link definition"),
    ("holds a fallback mark", "One paragraph.", "\ue000Jeden\ue001", "U+E000"),
    ("is far longer than its English", "Details", "[a" * 400, "far longer"),
    ("writes a bidi override as a reference", "One paragraph.", "Jeden &#x202e;akapit", "&#x202e;"),
    ("writes a fallback mark as a reference", "One paragraph.", "&#57344;Jeden", "U+E000"),
    ("holds a zero-width space", "One paragraph.", "Jeden\u200bakapit", "U+200B"),
    ("holds an escape character", "One paragraph.", "Jeden\\rakapit", "U+000D"),
]


@pytest.mark.parametrize(("english", "translation", "said"), [case[1:] for case in BAD], ids=[c[0] for c in BAD])
def test_a_bad_translation_is_one_finding_at_its_msgstr_line(tmp_path, english, translation, said):
    text = _write(tmp_path, _entry("Fine.", "Dobrze.") + _entry(english, translation))
    _, findings = _findings(tmp_path)
    assert len(findings) == 1, [f.message for f in findings]
    assert said in findings[0].message
    assert findings[0].location.line == _line(text, translation)


def test_a_chrome_string_keeps_its_placeholders(tmp_path):
    text = _write(
        tmp_path,
        _entry("Page %(page)s of %(pages)s", "Strona %(page)s", context=None)  # no flag: decided by the English
        + _entry("Version %(number)s", "Wersja 100% %(number)s", context=None, flags="python-format")
        + _entry("Phone:", "Telefon: <img src=x onerror=alert(1)>", context=None),
    )
    _, findings = _findings(tmp_path)
    assert [
        (f.location.line, "placeholder" in f.message or "%" in f.message or "HTML" in f.message) for f in findings
    ] == [
        (_line(text, "Strona %(page)s"), True),
        (_line(text, "Wersja 100% %(number)s"), True),
        (_line(text, "Telefon: <img src=x onerror=alert(1)>"), True),
    ]


def test_every_bad_entry_of_every_file_is_reported_at_once(tmp_path):
    # each English made unique: the same msgid twice in one context is a finding of its own
    text = "".join(_entry(f"{n}: {english}", translation) for n, (_, english, translation, _) in enumerate(BAD))
    text = _write(tmp_path, text)
    _write(tmp_path, 'msgid "a"\nmsgstr "b"\nnonsense here\n', code="ur")
    _, findings = read_catalogues(tmp_path)
    pl = sorted({f.location.line for f in findings if f.location.path.endswith("pl.po")})
    assert pl == sorted(_line(text, translation) for _, _, translation, _ in BAD)
    (ur,) = [f for f in findings if f.location.path.endswith("ur.po")]
    assert ur.location.line == HEADER.count("\n") + 3 and "not a valid translation file" in ur.message


def test_a_fuzzy_translation_is_not_checked_and_never_returned(tmp_path):
    _write(tmp_path, _entry("We thank {{ school.short_name }}.", "Dzięki {{ self }}.", flags="fuzzy"))
    catalogues, findings = _findings(tmp_path)
    assert findings == []
    assert catalogues["pl"].translation("letter-why", "We thank {{ school.short_name }}.") is None


def test_an_entry_written_twice_is_located(tmp_path):
    text = _write(tmp_path, _entry("Fine.", "Dobrze.") + _entry("Fine.", "Świetnie."))
    _, (finding,) = _findings(tmp_path)
    assert "written twice" in finding.message
    assert finding.location.line == text.split("\n").index('msgid "Fine."', _line(text, "Dobrze.")) + 1


def test_a_language_header_that_is_not_the_files(tmp_path):
    _write(tmp_path, _entry("Fine.", "Dobrze."))
    po = tmp_path / TRANSLATIONS / "pl.po"
    po.write_text(po.read_text(encoding="utf-8").replace("Language: pl", "Language: ur"), encoding="utf-8")
    _, (finding,) = _findings(tmp_path)
    assert "Language header says ur" in finding.message and finding.location.line == 5


@pytest.mark.parametrize("name", ["xx", "en"])
def test_a_file_named_for_no_language_or_english_is_refused(tmp_path, name):
    _write(tmp_path, _entry("Fine.", "Dobrze."), code=name)
    catalogues, (finding,) = _findings(tmp_path, code=name)
    assert catalogues == {} and finding.location.path.endswith(f"{name}.po")


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path):
    _write(tmp_path, _entry("Fine.", "Dobrze." * (MAX_PO_BYTES // 7 + 1)))
    catalogues, (finding,) = _findings(tmp_path)
    assert catalogues == {} and "KB" in finding.message


def test_a_file_not_in_utf8_or_with_a_bidi_override_is_refused_at_its_line(tmp_path):
    text = _write(tmp_path, _entry("Fine.", "Dobrze.") + _entry("Thanks.", "Dzięki\u202e."))
    catalogues, (finding,) = _findings(tmp_path)
    assert catalogues == {} and finding.location.line == _line(text, "Dzięki\u202e.")
    (tmp_path / TRANSLATIONS / "pl.po").write_bytes(
        HEADER.format(code="pl", reviewed="").encode() + b'msgid "a"\nmsgstr "\xff"\n'
    )
    _, (finding,) = _findings(tmp_path)
    assert "UTF-8" in finding.message and finding.location.line == HEADER.count("\n") + 2


def test_a_po_file_that_is_a_symbolic_link_is_not_followed(tmp_path):
    secret = tmp_path / "secret.po"
    secret.write_text(HEADER.format(code="pl", reviewed="") + _entry("Fine.", "Dobrze."), encoding="utf-8")
    (tmp_path / TRANSLATIONS).mkdir(parents=True)
    os.symlink(secret, tmp_path / TRANSLATIONS / "pl.po")
    catalogues, (finding,) = _findings(tmp_path)
    assert catalogues == {} and "symbolic link" in finding.message


def test_no_translations_folder_is_no_catalogues(tmp_path):
    assert read_catalogues(tmp_path) == ({}, [])


def test_a_plural_forms_header_asking_for_millions_of_forms_is_refused(tmp_path):
    """The parser makes a list of nplurals strings for each plural entry: 50 million of them
    took seconds and gigabytes for a handful of entries."""
    text = _write(tmp_path, 'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\n').replace("nplurals=3", "nplurals=50000000")
    (tmp_path / TRANSLATIONS / "pl.po").write_text(text, encoding="utf-8")
    catalogues, (finding,) = _findings(tmp_path)
    assert catalogues == {} and "Plural-Forms" in finding.message and "1 to 6" in finding.message
    lines = text.split("\n")
    assert finding.location.line == next(n for n, line in enumerate(lines, start=1) if "Plural-Forms" in line)


def test_a_header_value_babel_cannot_read_is_located_at_its_line(tmp_path):
    text = _write(tmp_path, _entry("Fine.", "Dobrze.")).replace("Language: pl", "Language: ../..")
    (tmp_path / TRANSLATIONS / "pl.po").write_text(text, encoding="utf-8")
    catalogues, (finding,) = _findings(tmp_path)
    assert catalogues == {} and "Language header" in finding.message
    assert finding.location.line == text.split("\n").index('"Language: ../..\\n"') + 1
