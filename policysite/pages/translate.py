"""A school's outputs in another language: the canonical documents translated unit by unit.

Each unit of a document (inputs/units.py) is replaced by its translation from the
language's catalogue when it has one that is neither empty nor fuzzy. Otherwise its
English source stays, between FALLBACK_OPEN and FALLBACK_CLOSE, so the page shows it
marked as English (fallback.py): never a translation of an older English text. The
result is Jinja like the English, compiled once per language and rendered per school,
so `{{ school.short_name }}` in a Polish sentence is filled in after translating.

A translated template is pieced together from the .po file and the English it keeps:
each of its lines remembers where it was written (compiling.Piece.places), so an error
in a translation points at the .po entry, and one in the English at the document's line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from types import MappingProxyType

from ..errors import Finding, Location, error, warning
from ..inputs.catalogue import Catalogue, read_catalogues
from ..inputs.units import STATEMENT, Unit, document_units, units_of
from ..model import OUTPUTS, Content, Document, RenderedOutput, School
from .compiling import Piece, Templates, compile_pieces, document_pieces
from .fallback import FALLBACK_CLOSE, FALLBACK_OPEN
from .render import render_school

FRAME = "frame"  # coverage's name for the letter frame's and page chrome's strings
# Statement tags that end a unit and close a block opened before it (`{% if x %}Text.{% endif %}`,
# whose `{% if %}` is structure outside the unit): the English mark closes before them. A tag
# cannot run on into the next (units.STATEMENT): with `.*?` a unit of tags then words was
# tried split every possible way, 2**n of them.
_TRAILING_TAGS = re.compile(rf"(?:\s*(?:{STATEMENT}))+\s*\Z")
_OPENS = re.compile(r"\{%-?\s*(?:if|for)\b")
_CLOSES = re.compile(r"\{%-?\s*end(?:if|for)\b")


@dataclass(frozen=True)
class Counts:
    """How many units of a document (or strings of the frame) a catalogue translates."""

    translated: int = 0
    fuzzy: int = 0  # the English changed since it was translated: shown in English
    missing: int = 0  # never translated: shown in English

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.missing

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.translated + other.translated, self.fuzzy + other.fuzzy, self.missing + other.missing)


def english(source: str) -> str:
    """A unit's English source between the marks; the mark closes before tags that close a
    block the unit did not open, so it is never left out when that block shows nothing."""
    trailing = _TRAILING_TAGS.search(source)
    if trailing and trailing.start() and _balanced(source[: trailing.start()]):
        return FALLBACK_OPEN + source[: trailing.start()] + FALLBACK_CLOSE + source[trailing.start() :]
    return FALLBACK_OPEN + source + FALLBACK_CLOSE


def _balanced(source: str) -> bool:
    return len(_OPENS.findall(source)) == len(_CLOSES.findall(source))


def translated_piece(
    text: str, units: Iterable[Unit], catalogue: Catalogue, path: str, first_line: int
) -> tuple[str, tuple[Location, ...]]:
    """`text` (from `first_line` of `path`) with each unit translated or marked English, and
    where each line of the result was written: a translated unit's lines at its .po entry."""
    segments: list[tuple[str, Location, bool]] = []  # (text, where its first line is, from the .po)
    position = 0
    for unit in units:
        segments.append((text[position : unit.start], _line_at(text, position, path, first_line), False))
        translation = catalogue.translation(unit.context, unit.source)
        if translation is None:
            segments.append((english(unit.source), _line_at(text, unit.start, path, first_line), False))
        else:
            segments.append((translation, catalogue.entries[(unit.context, unit.source)].location, True))
        position = unit.end
    segments.append((text[position:], _line_at(text, position, path, first_line), False))
    return "".join(part for part, _, _ in segments), _places(segments)


def _line_at(text: str, offset: int, path: str, first_line: int) -> Location:
    return Location(path, first_line + text.count("\n", 0, offset), 1)


def _places(segments: list[tuple[str, Location, bool]]) -> tuple[Location, ...]:
    """The Location of each line; a line holding a translation is the translation's."""
    places: list[Location] = []
    for part, where, from_po in segments:
        for number in range(part.count("\n") + 1):
            here = where if from_po else replace(where, line=where.line + number)
            if number == 0 and places:  # the segment goes on the line the one before it ended
                places[-1] = here if from_po else places[-1]
            else:
                places.append(here)
    return tuple(places)


def _document_pieces(document: Document, catalogue: Catalogue) -> list[Piece]:
    """The document's titles and bodies, as compiling.document_pieces gives them, translated."""
    pieces = []
    for english in document_pieces(document):
        context, part = english.key
        units = units_of(english.source, context, english.path, english.line, "title" if part == "title" else None)
        text, places = translated_piece(english.source, units, catalogue, english.path, english.line)
        pieces.append(Piece(english.key, text, english.path, 1, places))
    return pieces


def compile_language(content: Content, catalogue: Catalogue) -> Templates:
    """The content translated into the catalogue's language, compiled once for every school."""
    pieces = [p for document in content.documents.values() for p in _document_pieces(document, catalogue)]
    return compile_pieces(pieces, locale=catalogue.language.code)


def translate_content(content: Content, catalogue: Catalogue) -> Content:
    """The content with every unit translated, or its English between the fallback marks."""

    def document(doc: Document) -> Document:
        pieces = {piece.key: piece.source for piece in _document_pieces(doc, catalogue)}
        sections = tuple(replace(s, title=pieces[(s.id, "title")], body=pieces[(s.id, "body")]) for s in doc.sections)
        return replace(doc, title=pieces[(doc.output, "title")], sections=sections)

    return replace(content, documents=MappingProxyType({o: document(d) for o, d in content.documents.items()}))


def render_languages(
    content: Content, schools: Iterable[School], catalogues: dict[str, Catalogue], findings: list[Finding]
) -> list[RenderedOutput]:
    """Every school's outputs in each language it lists, after all the English ones (school
    by school, in its `languages:` order); problems and coverage warnings go to `findings`."""
    schools = tuple(schools)
    codes = sorted({code for school in schools for code in languages_of(school) if code in catalogues})
    templates = {code: compile_language(content, catalogues[code]) for code in codes}
    seen: set[Finding] = set()
    add = _adder(findings, seen)
    for code in codes:
        add(templates[code].findings)
        add(coverage_warnings(content, catalogues[code]))
    outputs: list[RenderedOutput] = []
    for school in schools:
        for code in languages_of(school):
            if code in templates and not templates[code].findings:  # else its errors are reported
                words = catalogues[code].gettext().gettext
                rendered, problems = render_school(templates[code], content, school, code, words)
                outputs += rendered
                add(problems)
    return outputs


def _adder(findings: list[Finding], seen: set[Finding]) -> Callable[[Iterable[Finding]], None]:
    """Add each finding once: one mistake in a translation fails the same way for every school."""

    def add(new: Iterable[Finding]) -> None:
        for finding in new:
            if finding not in seen:
                seen.add(finding)
                findings.append(finding)

    return add


def read_languages(root, schools: Iterable[School]) -> tuple[dict[str, Catalogue], list[Finding]]:
    """The project's catalogues fit to render (a .po with an error is reported, not used),
    and every problem with them or with the languages the schools list."""
    catalogues, findings = read_catalogues(root)
    findings += check_languages(schools, catalogues)
    broken = {f.location.path for f in findings if f.level == "error" and f.location}
    return {code: c for code, c in catalogues.items() if c.path not in broken}, findings


def languages_of(school: School) -> tuple[str, ...]:
    return tuple(school.data.get("languages") or ())


def check_languages(schools: Iterable[School], catalogues: dict[str, Catalogue]) -> list[Finding]:
    """A language listed without its catalogue (an error, at the line listing it), and a
    school's translation of its own text into a language it does not publish (a warning)."""
    found: dict[Finding, None] = {}  # once each: a list in defaults.yml is every school's
    for school in schools:
        for index, code in enumerate(languages_of(school)):
            if code not in catalogues:
                where = school.origins.get(("languages", index)) or school.origins.get(("languages",))
                found[_no_catalogue(code, where)] = None
        for finding in _unpublished(school):
            found[finding] = None
    return list(found)


def _no_catalogue(code: str, where: Location | None) -> Finding:
    return error(
        where,
        f"`{code}` has no catalogue: content/social-media/translations/{code}.po does not exist",
        f"Start it with `python build.py translations update --add {code}` and have it translated "
        f"(docs/translations.md), or remove `{code}` from `languages:`.",
    )


def _unpublished(school: School) -> list[Finding]:
    published = set(languages_of(school))
    return [
        warning(
            school.origins.get(("sections", section_id, "translations", code))
            or school.origins.get(("sections",), Location(school.path)),  # defaults.yml's sections: its file
            f"`sections.{section_id}.translations.{code}` is not shown: the school does not publish `{code}`"
            + (f" (languages: {', '.join(sorted(published))})" if published else " (no `languages:`)"),
            f"Add `{code}` to `languages:` to publish it, or delete this translation.",
        )
        for section_id, change in (school.data.get("sections") or {}).items()
        for code in (change or {}).get("translations") or {}
        if code not in published
    ]


def has_fallback(rendered: RenderedOutput) -> bool:
    """Whether any part of a translated output is shown in English."""
    texts = [rendered.title, *(part for s in rendered.sections for part in (s.title, s.markdown))]
    return any(FALLBACK_OPEN in text for text in texts)


def coverage(content: Content, catalogue: Catalogue) -> dict[str, Counts]:
    """Per output (policy, letter, staff-code) and FRAME, its units by their state."""
    counts = {output: _count(catalogue, document_units(doc)) for output, doc in content.documents.items()}
    frame = [entry for key, entry in catalogue.entries.items() if key[0] is None and entry.source]
    counts[FRAME] = _count(catalogue, frame)
    return {name: counts[name] for name in (*OUTPUTS, FRAME) if name in counts}


def _count(catalogue: Catalogue, units) -> Counts:
    states = [catalogue.state(unit.context, unit.source) for unit in units]
    return Counts(states.count("translated"), states.count("fuzzy"), states.count("missing"))


def coverage_warnings(content: Content, catalogue: Catalogue) -> list[Finding]:
    """One warning, at the .po file, when some units of the documents, or strings of the
    frame and page chrome, are shown in English."""
    counts = coverage(content, catalogue)
    documents = sum((c for name, c in counts.items() if name != FRAME), Counts())
    parts = [
        f"{english} of {total.total} {what} are shown in English "
        f"({total.fuzzy} changed since translated, {total.missing} not translated)"
        for total, what in (
            (documents, "units of the policy, letter and staff code"),
            (counts[FRAME], "strings of the letter frame and page chrome"),
        )
        if (english := total.fuzzy + total.missing)
    ]
    if not parts:
        return []
    return [
        warning(
            Location(catalogue.path),
            f"{catalogue.language.english}: " + "; and ".join(parts),
            f"Run `python build.py translations update`, translate the empty and fuzzy entries of "
            f"{catalogue.path}, and remove each `#, fuzzy` flag once its translation matches the English.",
        )
    ]
