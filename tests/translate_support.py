"""Catalogues the translation tests write themselves, with Babel, into a project copy."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from policysite.inputs.load import load_content
from policysite.inputs.units import document_units
from policysite.project import POLICY

TRANSLATIONS = Path("content") / "social-media" / "translations"


def po_file(root: Path, code: str) -> Path:
    return root / TRANSLATIONS / f"{code}.po"


def write_catalogue(
    root: Path,
    code: str,
    translations: Mapping[tuple[str, str], str] | Callable[[str], str],
    fuzzy: frozenset = frozenset(),
) -> Path:
    """<code>.po with an entry for every unit of the project's documents: its translation
    from `translations` ({(context, English): text}, or a function of the English; "" or
    absent: not translated), fuzzy where its (context, English) is in `fuzzy`."""
    content, problems = load_content(root, POLICY)
    assert content is not None, problems
    catalog = Catalog(locale=code, project="policysite", fuzzy=False)
    for document in content.documents.values():
        for unit in document_units(document):
            key = (unit.context, unit.source)
            text = translations(unit.source) if callable(translations) else translations.get(key, "")
            flags = ("fuzzy",) if key in fuzzy else ()
            catalog.add(unit.source, text, context=unit.context, flags=flags)
    path = po_file(root, code)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalog, width=0)
    return path


def unit_count(root: Path) -> int:
    """How many units the project's documents have (units.py decides what a unit is)."""
    content, problems = load_content(root, POLICY)
    assert content is not None, problems
    return sum(len(document_units(document)) for document in content.documents.values())


def translate_everything(root: Path, code: str) -> None:
    """Every entry of the project's <code>.po translated ("PL: " + its English, placeholders
    kept), fuzzy flags removed: a language at 100 %."""
    path = po_file(root, code)
    with path.open("rb") as source:
        catalog = read_po(source, locale=code)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(f"{code.upper()}: {message.id[min(n, 1)]}" for n in range(catalog.num_plurals))
        else:
            message.string = f"{code.upper()}: {message.id}"
        message.flags.discard("fuzzy")
    with path.open("wb") as out:
        write_po(out, catalog, width=0)


def entry_line(path: Path, context: str, source: str) -> int:
    """The line of the `msgctxt` of an entry, as Babel numbers it."""
    with path.open("rb") as po:
        message = read_po(po).get(source, context=context)
    assert message is not None and message.lineno is not None, (context, source)
    return message.lineno
