"""Reading and writing gettext catalogues with Babel, keeping what Babel alone would lose.

Babel's reader and writer are used as they are, with three additions a translation
platform's round trip needs: the `X-Reviewed-By:` header (Babel keeps only the headers it
knows), the `#| msgid` of a fuzzy entry (Babel reads it as a translator's comment and
would write it back as `# | msgid`, losing the English the translation was made from),
and the line of each entry's msgstr, so a problem in a translation is reported where a
translator can find it. A PO-Revision-Date is kept as written: Babel would replace a new
file's placeholder with the time of reading, and the same inputs must give the same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, PoFileParser, normalize, unescape, write_po

from ..errors import Finding, Location, error
from .chars import BLANK, describe, first_refused

REVIEWED_BY = "X-Reviewed-By"
_PREVIOUS_IDS = ("msgid", "msgid_plural")  # the `#|` lines read back as an entry's previous_id
MAX_PLURALS = 6  # the most any language has (Arabic): the parser makes a list this long for each plural entry
WIDTH = 76  # as Babel, msgmerge and Poedit wrap


class HeaderProblem(ValueError):
    """A header value the catalogue cannot be read with: which header, and why."""

    def __init__(self, header: str, reason: str):
        super().__init__(reason)
        self.header = header


class PoCatalog(Catalog):
    """A Babel catalogue that also keeps `X-Reviewed-By` and the revision date as written."""

    reviewed_by: str = ""

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        headers = super()._get_mime_headers()
        if self.locale is not None:  # a language's catalogue, not the template
            at = next(n for n, (name, _) in enumerate(headers) if name == "MIME-Version")
            headers.insert(at, (REVIEWED_BY, self.reviewed_by))
        return headers

    def _set_mime_headers(self, headers) -> None:
        """Each header as Babel reads it, one at a time, so a bad one is named."""
        seen = set()
        for name, value in headers:
            key = name.lower()
            if key == REVIEWED_BY.lower():
                if key in seen:  # a reviewer reading the file sees the first; the last would count
                    raise HeaderProblem(name, "it is written twice")
                self.reviewed_by = _reviewer(name, value)
            elif key == "po-revision-date":
                self.revision_date = value  # as written: Babel would put the time of reading for "YEAR-MO-DA"
            elif key == "content-type" or (key == "language" and not value.strip()):
                pass  # read as UTF-8 (textfile.py) and written so; a file's language is its name's
            elif key == "plural-forms" and not _plurals_ok(value):
                raise HeaderProblem(name, f"nplurals must be a number from 1 to {MAX_PLURALS}")
            else:
                try:
                    super()._set_mime_headers([(name, value)])
                except Exception as exc:  # Babel's parsers raise several kinds on a bad value
                    if key != "pot-creation-date":  # written again from the template by every update
                        raise HeaderProblem(name, f"`{value.strip()}` cannot be read") from exc
            seen.add(key)

    mime_headers = property(_get_mime_headers, _set_mime_headers)


def _reviewer(name: str, value: str) -> str:
    """The reviewer's name, "" for none. A name must show: an invisible one (a zero-width
    joiner, a direction mark) reads as empty in a diff yet would hide the "not yet checked" note."""
    reviewer = value.strip()
    bad = first_refused(reviewer)
    if bad:
        raise HeaderProblem(name, f"it holds {describe(bad[0])}; write the reviewer's name in plain letters")
    if reviewer and not reviewer.strip(BLANK):
        raise HeaderProblem(name, "it holds no visible name; write the reviewer's name, or leave it empty")
    return reviewer


class _Parser(PoFileParser):
    """Babel's parser, recording each entry's msgstr line, its `#| msgid` and duplicates."""

    def __init__(self, catalog: PoCatalog):
        super().__init__(catalog, abort_invalid=True)
        self.msgstr_lines: dict[object, int] = {}
        self.duplicates: list[tuple[int, str]] = []
        self.headers: list[int] = []  # the msgid line of each header entry (msgid ""): one is allowed
        self.false_fuzzy: list[tuple[int, str]] = []  # `#, FUZZY`: not fuzzy to gettext, yet reads so
        self._previous: dict[str, list[str]] = {}  # `#| msgid` / `#| msgid_plural`: its quoted parts
        self._previous_field = ""
        self._msgstr_line = 0

    def _process_keyword_line(self, lineno, line, obsolete=False) -> None:
        if line.partition(" ")[0] == "msgstr":
            self._msgstr_line = lineno + 1
        super()._process_keyword_line(lineno, line, obsolete)

    def _process_comment(self, line) -> None:
        if not line.startswith("#|"):
            super()._process_comment(line)
            return
        self._finish_current_message()  # a `#|` line starts the next entry, as any comment does
        previous = line[2:].strip()
        keyword, _, string = previous.partition(" ")
        if not previous.startswith('"'):  # `#| msgid "..."`, `#| msgctxt "..."`; else a continuation
            self._previous_field, previous = keyword, string.strip()
        if self._previous_field in _PREVIOUS_IDS and previous.startswith('"'):
            self._previous.setdefault(self._previous_field, []).append(unescape(previous))

    def _add_message(self) -> None:
        msgid = (
            tuple(m.denormalize() for m in self.messages) if len(self.messages) > 1 else self.messages[0].denormalize()
        )
        key = self.catalog._key_for(msgid, self.context.denormalize() if self.context else None)
        obsolete, msgstr_line = self.obsolete, self._msgstr_line
        previous = ["".join(self._previous.get(field, ())) for field in _PREVIOUS_IDS]
        self._previous = {}
        if not obsolete:
            self._note_odd_entries(msgid)
        if msgid and not obsolete and key in self.catalog._messages:
            self.duplicates.append((self.offset + 1, msgid if isinstance(msgid, str) else msgid[0]))
        super()._add_message()
        if obsolete or not msgid:
            return
        self.msgstr_lines.setdefault(key, msgstr_line)
        message: Message = self.catalog._messages[key]
        if previous[0] and not message.previous_id:
            message.previous_id = previous if previous[1] else previous[:1]

    def _note_odd_entries(self, msgid) -> None:
        """A second header (Babel reads every msgid "" as the header, with a context too) could
        set X-Reviewed-By at the end of a long file; a flag spelled like fuzzy would publish a
        stale translation a reviewer reads as held back."""
        if msgid == "":
            self.headers.append(self.offset + 1)
        self.false_fuzzy += [(self.offset + 1, f) for f in self.flags if f != "fuzzy" and "fuzzy" in f.lower()]


def _plurals_ok(value: str) -> bool:
    """The parser makes a list of nplurals strings for every plural entry."""
    plurals = re.search(r"nplurals\s*=\s*([^;\s]*)", value)
    return not plurals or (plurals[1].isdigit() and 1 <= int(plurals[1]) <= MAX_PLURALS)


def parse_po(text: str, shown: str, locale: str | None) -> tuple[PoCatalog | None, dict, list[Finding]]:
    """The catalogue in `text` (read from `shown`), the msgstr line of each entry by key,
    and what is wrong with it: one located finding for a file Babel cannot read, one per
    entry written twice."""
    catalog = PoCatalog(locale=locale, fuzzy=False)
    parser = _Parser(catalog)
    try:
        parser.parse(io.StringIO(text))
    except PoFileError as exc:
        return None, {}, [_invalid(shown, exc.lineno + 1, str(exc).rsplit(" on ", 1)[0])]
    except HeaderProblem as exc:
        return None, {}, [_invalid(shown, header_line(text, exc.header), f"its {exc.header} header: {exc}")]
    except (ValueError, TypeError, IndexError, KeyError) as exc:  # Babel's parser on lines it does not expect
        return None, {}, [_invalid(shown, 0, f"it cannot be read ({type(exc).__name__})")]
    plain_units(catalog)
    findings = [
        error(
            Location(shown, line, 1),
            "this entry is written twice; the second is not read",
            "Delete one of the two entries (keep the better translation).",
        )
        for line, _ in parser.duplicates
    ]
    findings += [
        error(
            Location(shown, line, 1),
            'this is a second header entry (msgid ""); a file has one, at its top',
            "Delete this entry; write any header (X-Reviewed-By, Language) in the first one.",
        )
        for line in parser.headers[1:]
    ]
    findings += [
        error(
            Location(shown, line, 1),
            f"its flag `{flag}` is not `fuzzy`, so the translation would be shown",
            "Write `#, fuzzy` to keep the English shown, or delete the flag once the translation is checked.",
        )
        for line, flag in parser.false_fuzzy
    ]
    return catalog, parser.msgstr_lines, findings


def plain_units(catalog: Catalog) -> None:
    """Babel flags any msgid holding `%` or `{` as a format string; a document's unit
    (one with a context) never is one: `{% if` is Jinja, "50 %" is text. Without this a
    translation tool would check placeholders that are not there, and the flags would
    change between extraction and merge."""
    for message in [*catalog._messages.values(), *catalog.obsolete.values()]:
        if message.context is not None:
            message.flags -= {"python-format", "python-brace-format"}


def header_line(text: str, name: str) -> int:
    """The line of the header `name` in a .po file's text (its first line if none)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f'"{name}:'):
            return number
    return 1


def _invalid(shown: str, line: int, reason: str) -> Finding:
    return error(
        Location(shown, line, 1),
        f"this is not a valid translation file: {reason}",
        "Open it in Poedit (or run `msgfmt --check`) to see the problem, or get the last good copy from git.",
    )


def po_bytes(catalog: PoCatalog) -> bytes:
    """The catalogue as a .po file: Babel's layout, previous msgids kept, in catalogue order."""
    buffer = io.BytesIO()
    # Babel's own `#| msgid` wraps the quoted lines of a long previous msgid a second time
    # and mangles it ('#| msgid "\" \"We will…'): written here instead, as msgmerge does.
    write_po(buffer, catalog, width=WIDTH, include_previous=False, sort_output=False, sort_by_file=False)
    text = buffer.getvalue().decode(catalog.charset or "utf-8")
    for message in catalog:
        if message.id and message.fuzzy and message.previous_id:
            entry = _quoted("msgctxt", message.context) if message.context else ""
            entry += _ids(message.id)
            previous = "".join(f"#| {line}\n" for line in _ids(message.previous_id).splitlines())
            text = text.replace(f"\n{entry}", f"\n{previous}{entry}", 1)  # live entries: no `#~ `
    return text.encode(catalog.charset or "utf-8")


def _ids(ids: str | Sequence[str]) -> str:
    """The `msgid` line and, for an entry with plural forms (a (singular, plural) pair),
    the `msgid_plural` line, as write_po writes them."""
    singular, *plural = (ids,) if isinstance(ids, str) else ids
    return _quoted("msgid", singular) + "".join(_quoted("msgid_plural", text) for text in plural[:1])


def _quoted(keyword: str, value: str) -> str:
    """`keyword "value"` as write_po lays it out: wrapped at WIDTH, one quoted part a line."""
    return f"{keyword} {normalize(value, width=WIDTH)}\n"
