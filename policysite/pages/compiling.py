"""Content as Jinja templates: the sandboxed environment, how values are printed, and
compiling each title and body with every problem at the line it was written on.

School values are data, never templates: they enter only as variables, and `finalize`
escapes every printed value so `<b>` or `*stars*` in a school's name shows literally in
the site, the letter and the PDF. The sandbox refuses attribute tricks in content, and
StrictUndefined turns a misspelt variable into an error at the content file's line.
A translation (translate.py) is pieced together from a .po file and the English it
keeps: `Piece.places` says where each of its lines was written, so its errors point there.
"""

from __future__ import annotations

import functools
import re
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from babel.lists import format_list
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..errors import Finding, Location, error
from ..inputs.mdscan import link_targets
from ..model import Content, Document
from . import fallback, markup

# Characters that start Markdown or HTML markup inline, as numeric entities: markdown-it
# shows an entity as its character and never parses it. Parentheses too, so a value put in
# a link's address (`[title]({{ url }})`) can't close the link and open another. The fallback
# marks too, so a value can never make a block look like English kept in a translation.
_INLINE = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]<>#|~&!()" + fallback.MARKS})
MARK_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in fallback.MARKS})
_LINE_START = "-+=>"
# `1. ` (or `1.` alone) would start a numbered list; `2.1` would not. `1)`: `)` is escaped.
_ORDERED_ITEM = re.compile(r"[0-9]{1,9}\.(?=[ \t]|$)")
VARIABLES_HINT = "Check the spelling. The variables a document can use are listed in docs/canonical-policy.md."


def md_escape(value: object) -> str:
    text = str(value).translate(_INLINE)
    if text and text[0] in _LINE_START:  # would start a list or heading if it opened a line
        text = f"&#{ord(text[0])};{text[1:]}"
    item = _ORDERED_ITEM.match(text)
    if item:
        text = f"{item[0][:-1]}&#46;{text[item.end() :]}"
    return text


def _finalize(value: object) -> object:
    if isinstance(value, Markup):
        return value
    return md_escape(value)


def _join(items, last: str, locale: str = "en") -> Markup:
    parts = [item if isinstance(item, Markup) else md_escape(item) for item in items]
    if len(parts) < 2:
        return Markup("".join(parts))
    if locale != "en":  # "Facebook lub Instagram", "Facebook یا Instagram": the list in the page's words
        return Markup(format_list(parts, style="standard" if last == "and" else "or", locale=locale))
    return Markup(", ".join(parts[:-1]) + f" {last} " + parts[-1])


class _ContentEnvironment(SandboxedEnvironment):
    """`school.values` means the school's values, not the dict method of that name."""

    def getattr(self, obj, attribute):
        if isinstance(obj, Mapping) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def make_environment(locale: str = "en") -> SandboxedEnvironment:
    """The content's sandbox; `locale`: the language join_and and join_or write their lists in."""
    env = _ContentEnvironment(
        undefined=StrictUndefined, autoescape=False, finalize=_finalize, keep_trailing_newline=True
    )
    env.filters["join_and"] = functools.partial(_join, last="and", locale=locale)
    env.filters["join_or"] = functools.partial(_join, last="or", locale=locale)
    return env


@dataclass(frozen=True)
class Templates:
    """Every title and body of the content, compiled once and rendered per school."""

    compiled: Mapping  # (section id or output, "title" | "body") -> jinja2.Template
    findings: tuple[Finding, ...]  # syntax errors, at the content file's line
    # key -> the Location of each line of a template pieced together from several files (a
    # translation: its lines from a .po file and the English it keeps); others: `path`'s lines
    places: Mapping = field(default_factory=lambda: MappingProxyType({}))

    def render(self, key: tuple, context: dict, path: str) -> tuple[str | None, Finding | None]:
        try:
            return self.compiled[key].render(context), None
        except TemplateError as exc:
            return None, error(self._where(key, path, exc), _describe(exc), VARIABLES_HINT)
        except Exception as exc:  # noqa: BLE001 - `{{ 1/0 }}`, `{{ "%d" % "x" }}`: the content's mistake, not ours
            return None, error(
                self._where(key, path, exc),
                f"this expression fails: {type(exc).__name__}: {exc}",
                "Content can only print values and test them with {% if %}; keep to that.",
            )

    def _where(self, key: tuple, path: str, exc: Exception) -> Location:
        return placed(self.places.get(key), Location(path, _template_line(exc, path), 1))


def placed(places: tuple[Location, ...] | None, at: Location) -> Location:
    """`at` (a line of a pieced-together template, counted from 1) where it was written."""
    if places is None:
        return at
    return places[min(max(at.line, 1), len(places)) - 1]


@dataclass(frozen=True)
class Piece:
    """One title or body to compile: its source from `line` of `path`, or, when `places`
    is given, from line 1 of a text whose lines were written where `places` says."""

    key: tuple  # (section id or output, "title" | "body")
    source: str
    path: str
    line: int
    places: tuple[Location, ...] | None = None


def document_pieces(document: Document) -> list[Piece]:
    """A document's title and each section's title and body, as the file has them."""
    pieces = [Piece((document.output, "title"), document.title, document.path, document.title_line)]
    for section in document.sections:
        pieces += [
            Piece((section.id, "title"), section.title, document.path, section.location.line),
            Piece((section.id, "body"), section.body, document.path, section.body_line),
        ]
    return pieces


def compile_templates(content: Content) -> Templates:
    return compile_pieces([piece for document in content.documents.values() for piece in document_pieces(document)])


def compile_pieces(pieces: list[Piece], locale: str = "en") -> Templates:
    env, compiled, findings, places = make_environment(locale), {}, [], {}
    for piece in pieces:
        template, problems = compile_source(env, piece.source, piece.line, piece.path)
        if piece.places is not None:
            places[piece.key] = piece.places
            problems = [replace(f, location=placed(piece.places, f.location)) if f.location else f for f in problems]
        findings += problems
        if template is not None:
            compiled[piece.key] = template
    return Templates(compiled=MappingProxyType(compiled), findings=tuple(findings), places=MappingProxyType(places))


def compile_source(env: SandboxedEnvironment, source: str, line: int, path: str):
    """One piece of content (starting at `line` of `path`) as a template, or None with the
    located problems: its syntax, a file it would read, a link that can't work. The site's
    own pages (sitepages.py) are compiled here too, by the same rules."""
    # Pad with newlines so Jinja's line numbers are the file's line numbers.
    try:
        tree = env.parse("\n" * (line - 1) + source, name=path, filename=path)
    except TemplateSyntaxError as exc:
        return None, [
            error(
                Location(path, exc.lineno or line, 1),
                exc.message or "template syntax error",
                "Check that every {{ has a }} and every {% if %} an {% endif %}.",
            )
        ]
    problems = _reads_files(tree, path) + _bad_links(source, line, path)
    if problems:
        return None, problems
    code = env.compile(tree, name=path, filename=path)
    return env.template_class.from_code(env, code, env.make_globals(None)), []


def _reads_files(tree: nodes.Template, path: str) -> list[Finding]:
    """`{% include %}`, `{% import %}` and `{% extends %}` would read other files: content is
    one document, and a build reads nothing the project did not name."""
    return [
        error(
            Location(path, node.lineno, 1),
            f"`{{% {_TAGS[type(node)]} %}}` is not allowed in content",
            "A document can't pull in other files: write the text here, or use a school value.",
        )
        for node in tree.find_all(tuple(_TAGS))
    ]


def _bad_links(source: str, line: int, path: str) -> list[Finding]:
    return [
        error(
            Location(path, line + offset, 1),
            f"this link can't work on the published site: `{target}`",
            "Link to https:, mailto: or tel: addresses, or to a section of the same page (#section-id).",
        )
        for offset, target in link_targets(source)
        if "{{" not in target and not _stays_on_page_or_is_allowed(target)
    ]


def _stays_on_page_or_is_allowed(target: str) -> bool:
    """A link canonical content may hold: https:, mailto:, tel:, or a #section of its page.
    A page or file name can't work: pages are made by the build, not kept as files."""
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", target)
    return target.startswith("#") or bool(scheme and scheme[1].lower() in markup.SCHEMES)


_TAGS = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from ... import",
    nodes.Extends: "extends",
}


def _template_line(exc: Exception, path: str) -> int:
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int) and lineno:
        return lineno
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == path]
    return (frames[-1].lineno or 1) if frames else 1


def _describe(exc: Exception) -> str:
    """Jinja speaks of 'mappingproxy object'; leads need the name they mistyped."""
    message = getattr(exc, "message", None) or str(exc)
    missing = re.search(r"has no attribute '([^']+)'", message) or re.search(r"'([^']+)' is undefined", message)
    if missing:
        return f"undefined variable: there is no `{missing[1]}` here ({message})"
    return message
