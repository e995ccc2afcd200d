"""A language's catalogue of translations, read from content/social-media/translations/<code>.po.

A .po file comes from a translator or a translation platform, so it is read as hostile
data: a plain file of bounded size (textfile.py), parsed by Babel, nothing in it fetched
or run. Each translation is checked against its English before anything uses it
(translationcheck.py): the Jinja tags, placeholders and links of the English stay as they
are, and nothing can be added that the English does not have. A fuzzy translation (its
English changed since) and an empty one are never returned: the page shows the English.
"""

from __future__ import annotations

import functools
import gettext as gettext_module
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.support import Translations

from ..errors import Finding, Location, error
from .pofile import PoCatalog, header_line, parse_po
from .textfile import read_text
from .translationcheck import translation_problems

TRANSLATIONS = "content/social-media/translations"
MAX_PO_BYTES = 1024 * 1024  # about four times a complete translation of the three documents
_CODE = re.compile(r"[a-z]{2,3}(?:_[A-Z]{2})?")
State = Literal["translated", "fuzzy", "missing"]


@dataclass(frozen=True)
class Language:
    code: str  # "pl"
    name: str  # in itself, capitalised: "Polski", "اردو"
    english: str  # "Polish"
    rtl: bool  # written right to left


@functools.lru_cache(maxsize=64)
def language(code: str) -> Language:
    """The language a code names; ValueError, in words, for one that is not a language
    Babel knows or is English (the canonical text is English). Cached: the switcher asks
    for each of a school's pages, and Babel's CLDR lookup cost 1.7 s of a 1,000-school
    build with 2 languages each (pyinstrument)."""
    if not _CODE.fullmatch(code):
        raise ValueError(f"`{code}` is not a language code (two or three lowercase letters, such as pl or ur)")
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"`{code}` is not a language code Babel knows") from None
    if locale.language == "en":
        raise ValueError("English is the canonical text: it needs no translation")
    name = locale.get_display_name(locale) or code
    return Language(code, name[:1].upper() + name[1:], locale.get_display_name("en") or code, _rtl(locale))


def _rtl(locale: Locale) -> bool:
    return locale.character_order == "right-to-left"


@dataclass(frozen=True)
class Entry:
    context: str | None  # a unit's section id (or document output name); None for the frame and chrome
    source: str  # the English, exactly as the template has it
    translation: str  # "" when not translated
    fuzzy: bool  # its English changed since it was translated: shown in English
    location: Location  # the .po's line of the entry
    plural: str = ""  # msgid_plural of a chrome string with plural forms
    forms: tuple[str, ...] = ()  # its msgstr[0..n]


@dataclass(frozen=True)
class Catalogue:
    language: Language
    path: str  # "content/social-media/translations/pl.po"
    reviewed_by: str  # the X-Reviewed-By header; "" when no fluent reader has checked it
    entries: Mapping[tuple[str | None, str], Entry]

    def translation(self, context: str | None, source: str) -> str | None:
        """The translation to show, or None: the English is shown when it is fuzzy or empty."""
        entry = self.entries.get((context, source))
        return entry.translation if entry is not None and entry.translation and not entry.fuzzy else None

    def state(self, context: str | None, source: str) -> State:
        entry = self.entries.get((context, source))
        if entry is None or not (entry.translation or any(entry.forms)):
            return "missing"
        return "fuzzy" if entry.fuzzy else "translated"

    def gettext(self) -> gettext_module.NullTranslations:
        """The frame's and chrome's translations (no context), fuzzy and empty ones left out;
        made once per catalogue (a millisecond each: a build of 1,000 schools asks per page)."""
        return self._translations

    @functools.cached_property
    def _translations(self) -> gettext_module.NullTranslations:
        catalog = PoCatalog(locale=self.language.code, fuzzy=False)
        for entry in self.entries.values():
            if entry.context is not None or entry.fuzzy:
                continue
            if entry.plural and all(entry.forms):
                catalog.add((entry.source, entry.plural), entry.forms)
            elif not entry.plural and entry.translation:
                catalog.add(entry.source, entry.translation)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return Translations(buffer)


def po_path(code: str) -> str:
    return f"{TRANSLATIONS}/{code}.po"


def read_po_file(root: Path, code: str) -> tuple[PoCatalog | None, list[Finding]]:
    """<code>.po as Babel reads it, after the file checks; None with located findings."""
    catalog, _, _, findings = _parsed(root, code)
    return (None if findings else catalog), findings


def _parsed(root: Path, code: str) -> tuple[PoCatalog | None, dict, str, list[Finding]]:
    """<code>.po read (a plain file, size-capped) and parsed: the catalogue (None when it
    can't be read), each entry's msgstr line, the file's text and what is wrong with it."""
    shown = po_path(code)
    try:
        language(code)
    except ValueError as exc:
        return (
            None,
            {},
            "",
            [error(Location(shown), f"{code}.po: {exc}", "Name the file after its language: pl.po, ur.po.")],
        )
    text, findings = read_text(root / shown, shown, MAX_PO_BYTES)
    if text is None:
        return None, {}, "", findings
    catalog, msgstr_lines, findings = parse_po(text, shown, code)
    return catalog, msgstr_lines, text, findings


def read_catalogues(root: Path) -> tuple[dict[str, Catalogue], list[Finding]]:
    """Every `<code>.po` of the project by code, and every problem in any of them at once."""
    folder = Path(root) / TRANSLATIONS
    catalogues: dict[str, Catalogue] = {}
    findings: list[Finding] = []
    for path in sorted(folder.glob("*.po")) if folder.is_dir() and not folder.is_symlink() else []:
        catalogue, problems = _read_catalogue(Path(root), path.stem)
        findings += problems
        if catalogue is not None:
            catalogues[catalogue.language.code] = catalogue
    return catalogues, findings


def _read_catalogue(root: Path, code: str) -> tuple[Catalogue | None, list[Finding]]:
    shown = po_path(code)
    catalog, msgstr_lines, text, findings = _parsed(root, code)
    if catalog is None:
        return None, findings
    if catalog.locale_identifier and catalog.locale_identifier != code:
        findings.append(
            error(
                Location(shown, header_line(text, "Language"), 1),
                f"its Language header says {catalog.locale_identifier}, but the file is {code}.po",
                f"Write `Language: {code}` in the header, or rename the file.",
            )
        )
    entries = {}
    for key, message in catalog._messages.items():
        entry = _entry(message, shown)
        entries[(entry.context, entry.source)] = entry
        where = Location(shown, msgstr_lines.get(key, entry.location.line), 1)
        findings += translation_problems(entry, where)
    catalogue = Catalogue(language(code), shown, catalog.reviewed_by, MappingProxyType(entries))
    return catalogue, findings


def _entry(message, shown: str) -> Entry:
    where = Location(shown, message.lineno or 0, 1)
    if isinstance(message.id, (list, tuple)):
        forms = tuple(message.string) if isinstance(message.string, (list, tuple)) else (message.string,)
        return Entry(message.context, message.id[0], forms[0], message.fuzzy, where, message.id[1], forms)
    string = message.string if isinstance(message.string, str) else message.string[0]
    return Entry(message.context, message.id, string or "", message.fuzzy, where)
