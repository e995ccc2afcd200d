"""School-file types for translations: `languages:` and `sections.<id>.translations`.

A language is named by its ISO 639 code in lower case (`pl`, `ur`), the name of its
catalogue (content/social-media/translations/pl.po) and of its folder in the site. Only
the code's form and that Babel knows the language are checked here; whether the project
has its catalogue is known only once the catalogues are read (pages/translate.py
check_languages, at the school file's line).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from ..errors import Finding, error
from .fields import ListOf, Markdown, Where, _dotted, _wrong_type
from .mdscan import has_visible_text

CODE = re.compile(r"[a-z]{2,3}")
CANONICAL = "en"  # the canonical documents' language: every school publishes it
MAX_LANGUAGES = 20
CODE_HINT = "Write the language's code in lower case, such as pl (Polish) or ur (Urdu)."


@functools.lru_cache(maxsize=1)
def _known() -> tuple[frozenset[str], dict[str, str]]:
    """The codes Babel has data for, and English language names -> code (for a hint)."""
    from babel import Locale, localedata

    codes = frozenset(name for name in localedata.locale_identifiers() if CODE.fullmatch(name))
    names = {name.lower(): code for code, name in Locale("en").languages.items() if code in codes}
    return codes, names


def code_problem(value) -> tuple[str, str] | None:
    """(message, hint) when `value` is not a language code a school may list, else None."""
    codes, names = _known()
    if value == CANONICAL:
        return (
            "`en` is the canonical text: every school publishes it already",
            "List only the other languages the school publishes, such as pl or ur.",
        )
    if isinstance(value, str) and value in codes:
        return None
    shown = str(value)
    near = names.get(shown.strip().lower()) or (shown.lower() if shown.lower() in codes else None)
    hint = f"Use its code: {near}." if near else CODE_HINT
    return f"`{shown}` is not a language code", hint


@dataclass(frozen=True)
class Languages(ListOf):
    """`languages:` — the languages a school publishes besides English, each once. A list:
    `languages:` left empty clears the federation's list, as for any list."""

    item: Any = None
    max_items: int = MAX_LANGUAGES
    doc_type: str = "list of language codes"

    def check(self, node, where: Where, path: tuple = ()):
        if not isinstance(node, list):
            return None, [_wrong_type(node, where, path, "a list (one `- code` a line)")]
        if len(node) > self.max_items:
            return None, [error(where(path), f"`{_dotted(path)}` has {len(node)} items; at most {self.max_items}")]
        findings: list[Finding] = []
        seen: set[str | None] = set()  # None for a value that is no string: refused anyway
        for index, code in enumerate(node):
            problem = code_problem(code) or _repeated(code, seen)
            seen.add(code if isinstance(code, str) else None)
            if problem:
                findings.append(error(where(path + (index,)), *problem))
        return (None, findings) if findings else (tuple(node), [])


def _repeated(code, seen: set) -> tuple[str, str] | None:
    if code not in seen:
        return None
    return f"`{code}` is listed twice", "List each language once."


@dataclass(frozen=True)
class SectionTranslations:
    """`sections.<id>.translations:` — language code -> the school's own text in it."""

    doc_type: str = "language code → Markdown text"

    def check(self, node, where: Where, path: tuple = ()):
        if not isinstance(node, dict):
            return None, [_wrong_type(node, where, path, "a group of `code: text` entries, such as `pl: |`")]
        values, findings = {}, []
        for code, text in node.items():
            problem = code_problem(code)
            if problem:
                findings.append(error(where(path + (code,), key=True), *problem))
                continue
            value, problems = Markdown().check(text, where, path + (code,))
            if value is not None and not problems and not has_visible_text(value):
                problems = [
                    error(
                        where(path + (code,)),
                        f"`{_dotted(path + (code,))}` has no text a reader would see",
                        "Write the translation here, or delete the line to show the school's English text.",
                    )
                ]
            findings += problems
            values[code] = value
        return values, findings


def untranslatable(change: dict, where: Where, path: tuple) -> list:
    """A translation of a section the school does not write: its canonical text is
    translated in the language's catalogue, never in a school file."""
    if not change.get("translations") or change.get("append") or change.get("replace"):
        return []
    return [
        error(
            where(path + ("translations",)),
            f"`{_dotted(path + ('translations',))}` translates the school's own text, "
            "but this section has no `append:` or `replace:`",
            "The federation's text is translated in content/social-media/translations/<code>.po; "
            "delete `translations:` here, or add the school's own text with `append:` or `replace:`.",
        )
    ]
