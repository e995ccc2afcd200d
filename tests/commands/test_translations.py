"""`build.py translations update [--add CODE]`: extract, merge, and round trip, on copies of the project."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest

from policysite.cli import main
from policysite.inputs.catalogue import TRANSLATIONS, read_catalogues
from policysite.inputs.pofile import parse_po, po_bytes
from tests.errors_support import seed_copy, tree_hash
from tests.helpers import PAGES, build_site

THANKS = "Thank you for your understanding and support."
THANKS_PL = "Dziękujemy za zrozumienie i wsparcie."
WHY_PL = "Dlaczego piszemy"


def translations(project: Path, *args: str) -> tuple[int, str, str]:
    """build.py translations ... in-process on `project`: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["translations", *args, "--root", str(project)])
        except SystemExit as exc:  # argparse: usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def started(tmp_path_factory) -> Path:
    """The real content and templates, copied, with Polish and Urdu started afresh (the
    translators' files in the working tree are theirs, and may be half edited)."""
    root = seed_copy(tmp_path_factory.mktemp("translations") / "project", own_templates=True)
    shutil.rmtree(root / TRANSLATIONS, ignore_errors=True)
    for code in ("pl", "ur"):
        assert translations(root, "update", "--add", code)[0] == 0
    return root


@pytest.fixture
def project(started, tmp_path) -> Path:
    """A copy of `started` of the test's own."""
    return shutil.copytree(started, tmp_path / "project", symlinks=True)


def _translate(project: Path, code: str, strings: dict[tuple[str | None, str], str], reviewed: str = "") -> None:
    """Fill in translations as a translator's tool would: read, set, write."""
    path = project / TRANSLATIONS / f"{code}.po"
    catalog, _, findings = parse_po(path.read_text(encoding="utf-8"), path.name, code)
    assert catalog is not None and not findings
    for (context, source), translation in strings.items():
        catalog._messages[catalog._key_for(source, context)].string = translation
    catalog.reviewed_by = reviewed
    path.write_bytes(po_bytes(catalog))


def _edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / "content" / "social-media" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_add_writes_the_template_and_a_po_file_per_language(project):
    folder = project / TRANSLATIONS
    assert sorted(p.name for p in folder.iterdir()) == ["messages.pot", "pl.po", "ur.po"]
    pl = (folder / "pl.po").read_text(encoding="utf-8")
    assert '"Language: pl\\n"' in pl and '"X-Reviewed-By: \\n"' in pl and "Plural-Forms: nplurals=3" in pl
    pot = (folder / "messages.pot").read_text(encoding="utf-8")
    assert '#: content/social-media/letter.md:5\nmsgctxt "letter-why"\nmsgid ""\n"Social media is part' in pot
    assert "#. letter, paragraph\n" in pot and "#. letter, document title\n" in pot
    assert "python-format" not in pot.split("#: templates/")[0]  # `{% if` is not a %-format
    # the frame's {% trans %} strings and the page chrome's N_() strings, without a context
    assert "#: templates/print/frame.html:" in pot and "#: policysite/pages/" in pot


def test_update_twice_gives_the_same_bytes(project):
    first = tree_hash(project / TRANSLATIONS)
    code, out, _ = translations(project, "update")
    assert code == 0 and "pl.po: 0 new, 0 newly fuzzy, 0 newly obsolete (unchanged)" in out
    assert tree_hash(project / TRANSLATIONS) == first


def test_a_changed_paragraph_becomes_fuzzy_with_its_old_english_and_nothing_else_moves(project):
    _translate(
        project, "pl", {("letter-what-we-will-do", THANKS): THANKS_PL, ("letter-why", "Why we are writing"): WHY_PL}
    )
    _translate(project, "ur", {("letter-what-we-will-do", THANKS): "آپ کی سمجھ اور تعاون کا شکریہ\u06d4"})
    changed = "Thank you very much for your understanding and support."
    _edit(project, "letter.md", THANKS, changed)
    code, out, _ = translations(project, "update")
    assert code == 0
    assert "pl.po: 0 new, 1 newly fuzzy, 0 newly obsolete" in out and "ur.po: 0 new, 1 newly fuzzy" in out
    catalogues, findings = read_catalogues(project)
    assert findings == []
    for code in ("pl", "ur"):
        assert catalogues[code].state("letter-what-we-will-do", changed) == "fuzzy"
        assert catalogues[code].translation("letter-what-we-will-do", changed) is None
        assert ("letter-what-we-will-do", THANKS) not in catalogues[code].entries
    assert catalogues["pl"].translation("letter-why", "Why we are writing") == WHY_PL
    pl = (project / TRANSLATIONS / "pl.po").read_text(encoding="utf-8")
    entry = pl[pl.index(f'#| msgid "{THANKS}"') :].split("\n\n")[0]  # as a translator's tool shows it
    assert entry.split("\n")[1:4] == ['msgctxt "letter-what-we-will-do"', f'msgid "{changed}"', f'msgstr "{THANKS_PL}"']
    # a second update keeps it fuzzy, with the English it was translated from
    before = (project / TRANSLATIONS / "pl.po").read_bytes()
    assert translations(project, "update")[0] == 0
    assert (project / TRANSLATIONS / "pl.po").read_bytes() == before


def test_a_removed_paragraph_becomes_obsolete_and_comes_back_with_its_translation(project):
    _translate(project, "pl", {("letter-what-we-will-do", THANKS): THANKS_PL})
    _edit(project, "letter.md", f"\n{THANKS}\n", "\n")
    code, out, _ = translations(project, "update")
    assert code == 0 and "pl.po: 0 new, 0 newly fuzzy, 1 newly obsolete" in out
    assert "ur.po: 0 new, 0 newly fuzzy, 0 newly obsolete" in out  # untranslated: nothing to keep
    pl = (project / TRANSLATIONS / "pl.po").read_text(encoding="utf-8")
    assert f'#~ msgctxt "letter-what-we-will-do"\n#~ msgid "{THANKS}"\n#~ msgstr "{THANKS_PL}"' in pl
    assert read_catalogues(project)[0]["pl"].state("letter-what-we-will-do", THANKS) == "missing"
    _edit(project, "letter.md", "\n\n## More help", f"\n\n{THANKS}\n\n## More help")
    assert translations(project, "update")[0] == 0
    assert read_catalogues(project)[0]["pl"].translation("letter-what-we-will-do", THANKS) == THANKS_PL


def test_the_reviewer_and_the_translations_survive_an_update(project):
    _translate(project, "ur", {("letter-why", "Why we are writing"): "ہم کیوں لکھ رہے ہیں"}, reviewed="A. Khan")
    _edit(project, "letter.md", "Please follow these rules:", "Please follow these simple rules:")
    assert translations(project, "update")[0] == 0
    ur = read_catalogues(project)[0]["ur"]
    assert ur.reviewed_by == "A. Khan"
    assert ur.translation("letter-why", "Why we are writing") == "ہم کیوں لکھ رہے ہیں"


@pytest.mark.parametrize(("code", "said"), [("xx", "not a language code"), ("en", "English"), ("pl", "already")])
def test_add_refuses_an_unknown_code_english_and_an_existing_language(project, code, said):
    before = tree_hash(project)
    status, _, err = translations(project, "update", "--add", code)
    assert status == 2 and said in err
    assert tree_hash(project) == before


def test_update_writes_nothing_outside_the_translations_folder(project):
    _edit(project, "letter.md", THANKS, "Thank you again.")
    before = {k: v for k, v in tree_hash(project).items() if not k.startswith(TRANSLATIONS)}
    assert translations(project, "update")[0] == 0
    assert {k: v for k, v in tree_hash(project).items() if not k.startswith(TRANSLATIONS)} == before
    assert not list((project / TRANSLATIONS).glob(".*"))  # no half-written file left behind


def test_a_translations_folder_that_links_out_of_the_project_is_refused(project, tmp_path):
    outside = tmp_path / "outside"
    shutil.move(project / TRANSLATIONS, outside)
    (project / TRANSLATIONS).symlink_to(outside, target_is_directory=True)
    _edit(project, "letter.md", THANKS, "Thank you again.")
    before = tree_hash(outside)
    code, _, err = translations(project, "update")
    assert code == 1 and f"{TRANSLATIONS}: error: this is a symbolic link" in err
    assert tree_hash(outside) == before


def test_an_invalid_po_file_is_located_and_nothing_is_rewritten(project):
    ur = project / TRANSLATIONS / "ur.po"
    lines = ur.read_text(encoding="utf-8").split("\n")
    at = lines.index('msgctxt "letter-why"') + 1
    lines.insert(at - 1, "this is no keyword")
    ur.write_text("\n".join(lines), encoding="utf-8")
    _edit(project, "letter.md", THANKS, "Thank you again.")
    before = tree_hash(project / TRANSLATIONS)
    code, _, err = translations(project, "update")
    assert code == 1
    assert f"{TRANSLATIONS}/ur.po:{at}:1: error: this is not a valid translation file" in err
    assert "hint:" in err and "Traceback" not in err
    assert tree_hash(project / TRANSLATIONS) == before


def test_an_unreadable_po_file_is_located_and_nothing_is_rewritten(project):
    pl = project / TRANSLATIONS / "pl.po"
    raw = pl.read_bytes()
    line = raw[: raw.index(b"Language: pl")].count(b"\n") + 1
    pl.write_bytes(raw.replace(b"Language: pl", b"Language: \xff"))
    before = tree_hash(project / TRANSLATIONS)
    code, _, err = translations(project, "update")
    assert code == 1 and f"{TRANSLATIONS}/pl.po:{line}:12: error: the file is not saved as UTF-8" in err
    assert tree_hash(project / TRANSLATIONS) == before


def test_translations_must_come_first_on_the_command_line(project):
    assert translations(project, "update")[0] == 0  # the helper puts it first: fine
    out, err_buffer = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err_buffer), pytest.raises(SystemExit) as exit_:
        main(["--root", str(project), "translations", "update"])
    assert exit_.value.code == 2 and "write `translations` first" in err_buffer.getvalue()


def test_a_po_file_with_its_language_and_charset_headers_emptied_keeps_its_header(project):
    """A translator's tool may blank the Language line, or say latin-1: the file was read as
    UTF-8, is the language its name says, and keeps its reviewer."""
    _translate(project, "ur", {("letter-why", "Why we are writing"): "ہم کیوں لکھ رہے ہیں"}, reviewed="A. Khan")
    ur = project / TRANSLATIONS / "ur.po"
    text = ur.read_text(encoding="utf-8").replace('"Language: ur\\n"', '"Language: \\n"')
    ur.write_text(text.replace("charset=utf-8", "charset=latin-1"), encoding="utf-8")
    assert translations(project, "update")[0] == 0
    written = ur.read_text(encoding="utf-8")
    assert '"Language: ur\\n"' in written and '"X-Reviewed-By: A. Khan\\n"' in written and "charset=utf-8" in written
    assert read_catalogues(project)[0]["ur"].translation("letter-why", "Why we are writing") == "ہم کیوں لکھ رہے ہیں"


def test_a_content_folder_that_links_out_of_the_project_is_refused(project, tmp_path):
    outside = tmp_path / "elsewhere"
    shutil.move(project / "content", outside)
    (project / "content").symlink_to(outside, target_is_directory=True)
    before = tree_hash(outside)
    code, _, err = translations(project, "update")
    assert code == 1 and "content: error: this is a symbolic link" in err
    assert tree_hash(outside) == before


def test_a_template_jinja_cannot_read_and_a_bad_po_file_are_reported_together(project):
    frame = project / "templates" / "print" / "frame.html"
    frame.write_text(frame.read_text(encoding="utf-8") + "\n{% trans %}Never closed\n", encoding="utf-8")
    ur = project / TRANSLATIONS / "ur.po"
    ur.write_text(ur.read_text(encoding="utf-8") + "\nnonsense\n", encoding="utf-8")
    before = tree_hash(project / TRANSLATIONS)
    code, _, err = translations(project, "update")
    assert code == 1
    assert "templates/print/frame.html:" in err and "its marked strings cannot be read" in err
    assert "hint: Fix the template" in err
    assert f"{TRANSLATIONS}/ur.po:" in err and "Traceback" not in err
    assert tree_hash(project / TRANSLATIONS) == before


def _letter_page(project: Path, code: str) -> str:
    return (project / "site" / "cumbria-futures" / "social-media" / code / PAGES["letter"]).read_text(encoding="utf-8")


def _block_of(page: str, text: str) -> str:
    """The opening tag of the block element `text` starts in."""
    at = page.index(text)
    return page[page.rindex("<", 0, page.rindex(">", 0, at) + 1) : at]


def test_round_trip_a_changed_paragraph_falls_back_to_english_in_both_languages(project):
    """extract -> translate -> build -> change the English -> update -> build: the seed
    school that publishes Polish and Urdu shows the old translation nowhere."""
    thanks_ur = "آپ کی سمجھ اور تعاون کا شکریہ\u06d4"
    _translate(project, "pl", {("letter-what-we-will-do", THANKS): THANKS_PL})
    _translate(project, "ur", {("letter-what-we-will-do", THANKS): thanks_ur})
    build_site(project, project / "site")
    assert THANKS_PL in _letter_page(project, "pl") and thanks_ur in _letter_page(project, "ur")
    changed = "Thank you very much for your understanding and support."
    _edit(project, "letter.md", THANKS, changed)
    assert translations(project, "update")[0] == 0
    build_site(project, project / "site")
    for code, old in (("pl", THANKS_PL), ("ur", thanks_ur)):
        page = _letter_page(project, code)
        assert old not in page
        block = _block_of(page, changed)
        assert 'lang="en"' in block and "ps-fallback" in block, block
