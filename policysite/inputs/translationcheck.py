"""What a translation may not do to its English: checked for every entry of a .po file.

A translation replaces its unit in the canonical Jinja source before it is compiled
(pages/translate.py), and a chrome string's translation reaches the page as markup (Jinja's
i18n extension marks gettext's result safe under autoescape). So a translation could run
Jinja (`{{ ''.__class__ }}`), add HTML, send a parent elsewhere, or split its block into a
heading, a list or a new table cell. None of that is a translator's job, so every such
change is refused at the entry's msgstr line, however harmless it might be:

- the Jinja tags `{{ }}`, `{% %}` and `{# #}` stay as the English has them (expressions in
  any order, statements in theirs), none added, none dropped, none left unclosed;
- a %-format string keeps its `%(name)s` placeholders, and has no other `%` spec;
- HTML tags and Markdown links and images are those of the English, addresses unchanged;
- no line break, empty line, table pipe or block start (`# `, `- `, `1. `, `> `, `|`,
  fences, rules) the English does not have;
- no character chars.py refuses, and none of the private use area (the fallback marks);
- no link definition (`[a]: https://...` would serve a link written in another entry);
- some visible text: " " would hide its English (a paragraph, the unreviewed note) as translated.

A fuzzy translation is not checked: it is never shown, and its English has moved on.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import TYPE_CHECKING

from ..errors import Finding, Location, error
from .chars import describe, first_refused, hint, one_line
from .mdscan import has_visible_text, link_targets
from .units import after_structure, jinja_spans, without_tags

if TYPE_CHECKING:
    from .catalogue import Entry

_FORMAT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<kind>[diouxXeEfFgGcrsa%])"
)
_HTML = re.compile(r"<[/!?]?[A-Za-z][^<>]*>?")
_BLOCKS = (
    ("a heading", re.compile(r"#{1,6}(?:\s|$)|(?:=+|-+)\s*$")),
    ("a list item", re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:\s|$)")),
    ("a quotation", re.compile(r">")),
    ("a table row", re.compile(r"\|")),  # and a delimiter row, found by _block
    ("a code block", re.compile(r"```|~~~")),
    ("a rule", re.compile(r"(?:(?:\*\s*){3,}|(?:_\s*){3,})$")),
    # `[a]: https://...` defines a link for the whole page: another entry could then use `[words][a]`
    ("a link definition", re.compile(r"\[[^\]]*\]:")),
)
# The private use area: pages/translate.py marks a unit shown in English with two of these.
_REFERENCE = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,8}|[A-Za-z][A-Za-z0-9]{0,31});")
_PRIVATE = re.compile("[\ue000-\uf8ff]")
# A translation runs to about twice its English at most; this allows for any language, and
# keeps a pasted megabyte from costing each check seconds.
MAX_GROWTH, MAX_EXTRA = 4, 200
_PIPE = re.compile(r"(?<!\\)\|")


def translation_problems(entry: Entry, where: Location) -> list[Finding]:
    """Every way the entry's translation (each plural form) departs from its English."""
    if entry.fuzzy:
        return []
    english = entry.source if not entry.plural else entry.source + "\n" + entry.plural
    # Decided by the English, not by the file's `#, python-format` flag, which a translator can delete.
    python_format = entry.context is None and any(kind != "%" for _, kind in _FORMAT.findall(english))
    findings: list[Finding] = []
    for text in dict.fromkeys(entry.forms or (entry.translation,)):
        if text:
            found = list(_problems(english, text, entry.context, python_format)) or _shows_nothing(english, text)
            findings += [error(where, f"{_which(entry)}: {problem}", fix) for problem, fix in found]
    return findings


def _shows_nothing(english: str, text: str) -> list[tuple[str, str]]:
    """ " " is a translation: it would hide its English (a paragraph, the unreviewed note)."""
    if has_visible_text(text) or not has_visible_text(english):
        return []
    return [("it shows nothing (only spaces)", "Write the translation, or leave the msgstr empty to show the English.")]


def _which(entry: Entry) -> str:
    shown = one_line(entry.source)
    return f"the translation of “{shown if len(shown) <= 50 else shown[:47] + '...'}”"


def _problems(english: str, text: str, context: str | None, python_format: bool):
    if len(text) > MAX_GROWTH * len(english) + MAX_EXTRA:
        yield (
            f"it is {len(text)} characters long, far longer than its English ({len(english)})",
            "Translate the English entry only; is a whole document pasted here?",
        )
        return  # and not parsed: the Markdown parser's time grows faster than the text
    bad = first_refused(text, multiline=True)
    if bad:
        yield f"it contains {describe(bad[0])}, which is not allowed", hint(bad[0])
    private = _PRIVATE.search(text)
    if private:
        yield f"it contains {describe(private[0])}, a character with no meaning of its own", "Delete it."
    for reference in dict.fromkeys(_REFERENCE.findall(text)):  # `&#x202e;` is text here, a character on the page
        char = html.unescape(reference)
        if first_refused(char, multiline=True) or _PRIVATE.search(char):
            yield f"`{reference}` writes {describe(char[0])}, which is not allowed", hint(char[0])
            break
    problem = _jinja_problem(english, text)
    if problem:
        yield problem, "Copy every {{ ... }} and {% ... %} tag of the English into the translation exactly as written."
    if python_format and _format_problem(english, text):
        yield (
            _format_problem(english, text),
            "Keep each %(name)s placeholder as the English has it; write a % sign as %%.",
        )
    if Counter(_HTML.findall(_bare(text))) - Counter(_HTML.findall(_bare(english))):
        yield "it adds HTML the English does not have", "Remove the tag: write the words only."
    if context is not None:
        yield from _markdown_problems(english, text)


def _bare(text: str) -> str:
    return without_tags(text, " ")


def _normal(tag: str) -> str:
    """A tag as Jinja reads it: spaces inside its delimiters do not count; its `-` (which
    removes the line break beside it, and can join blocks) does."""
    left = tag[2] if tag[2:3] in ("-", "+") else ""
    right = tag[-3] if len(tag) > 4 and tag[-3] in ("-", "+") else ""
    inner = tag[2 + len(left) : len(tag) - 2 - len(right)]
    return " ".join(part for part in (left, *inner.split(), right) if part)


def _jinja_problem(english: str, text: str) -> str | None:
    (spans, open_end), english_spans = jinja_spans(text), jinja_spans(english)[0]
    if open_end:
        return "it has a Jinja tag that is not closed"
    ours, theirs = [english[a:b] for a, b in english_spans], [text[a:b] for a, b in spans]
    expressions = Counter(_normal(t) for t in ours if t.startswith("{{"))
    found = Counter(_normal(t) for t in theirs if t.startswith("{{"))
    if found - expressions:
        return f"it adds `{{{{ {next(iter(found - expressions))} }}}}`, which the English does not have"
    if expressions - found:
        return f"it drops `{{{{ {next(iter(expressions - found))} }}}}`"
    statements = [_normal(t) for t in ours if not t.startswith("{{")]
    if [_normal(t) for t in theirs if not t.startswith("{{")] != statements:
        return "its {% ... %} tags are not those of the English, in the same order"
    return None


def _format_problem(english: str, text: str) -> str | None:
    if "%" in _FORMAT.sub("", text):
        return "it has a % sign that is not a placeholder (write %% for a percent sign)"
    # Each written exactly as the English: `%(title)999999999s` pads every page with a
    # gigabyte, `%(title)d` fails when the page is made.
    if _placeholders(text) != _placeholders(english):
        return "its %(name)s placeholders are not those of the English (each written as the English writes it)"
    return None


def _placeholders(text: str) -> Counter:
    return Counter(found[0] for found in _FORMAT.finditer(text) if found["kind"] != "%")


def _markdown_problems(english: str, text: str):
    targets = Counter(target for _, target in link_targets(_bare(english)))
    found = Counter(target for _, target in link_targets(_bare(text)))
    if found != targets:
        changed = found - targets
        yield (
            f"it links to `{next(iter(changed))}`, which the English does not" if changed else "it drops a link",
            "Keep each link of the English, [translated words](same address), and add none.",
        )
    if re.search(r"\n[ \t]*(\n|$)", text) or text.count("\n") > english.count("\n"):
        yield (
            "it adds an empty line or a line break the English does not have",
            "Write the translation as one block: a new line can end a heading, a list item or a table cell.",
        )
    ours = {kind for kind in map(_block, english.split("\n")) if kind}
    for kind in map(_block, text.split("\n")):
        if kind and kind not in ours:
            yield f"a line of it starts {kind}, which the English does not", "Reword the start of the line."
            break
    if len(_PIPE.findall(_bare(text))) > len(_PIPE.findall(_bare(english))):
        yield "it adds a `|`, which would split a table cell", "Write \\| for a vertical bar, or reword."


def _block(line: str) -> str | None:
    """What Markdown block a line of a translation would start, if any."""
    rest = after_structure(line)
    if "|" in rest and "-" in rest and not rest.strip("-:| \t"):  # a table's delimiter row: `--|--`
        return "a table row"
    for kind, pattern in _BLOCKS:
        if pattern.match(rest):
            return kind
    return None
