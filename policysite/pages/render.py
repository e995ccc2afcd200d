"""Render stage: canonical Markdown+Jinja sections x school values -> Markdown per section.

School values are data, never templates: they enter only as variables, and `finalize`
escapes every printed value so `<b>` or `*stars*` in a school's name shows literally in
the site, the letter and the PDF. The sandbox refuses attribute tricks in content, and
StrictUndefined turns a misspelt variable into an error at the content file's line.
"""

from __future__ import annotations

import functools
import re
import traceback
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..errors import Finding, Location, error
from ..inputs.mdscan import link_targets
from ..inputs.schema import CONTACT_ROLES, POLICIES
from ..model import Content, Document, RenderedOutput, RenderedSection, School
from . import markup

# Characters that start Markdown or HTML markup inline, as numeric entities: markdown-it
# shows an entity as its character and never parses it. Parentheses too, so a value put in
# a link's address (`[title]({{ url }})`) can't close the link and open another.
_INLINE = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]<>#|~&!()"})
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


def _join(items, last: str) -> Markup:
    parts = [item if isinstance(item, Markup) else md_escape(item) for item in items]
    if len(parts) < 2:
        return Markup("".join(parts))
    return Markup(", ".join(parts[:-1]) + f" {last} " + parts[-1])


class _ContentEnvironment(SandboxedEnvironment):
    """`school.values` means the school's values, not the dict method of that name."""

    def getattr(self, obj, attribute):
        if isinstance(obj, Mapping) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def make_environment() -> SandboxedEnvironment:
    env = _ContentEnvironment(
        undefined=StrictUndefined, autoescape=False, finalize=_finalize, keep_trailing_newline=True
    )
    env.filters["join_and"] = functools.partial(_join, last="and")
    env.filters["join_or"] = functools.partial(_join, last="or")
    return env


@dataclass(frozen=True)
class Templates:
    """Every title and body of the content, compiled once and rendered per school."""

    compiled: Mapping  # (section id or output, "title" | "body") -> jinja2.Template
    findings: tuple[Finding, ...]  # syntax errors, at the content file's line

    def render(self, key: tuple, context: dict, path: str) -> tuple[str | None, Finding | None]:
        try:
            return self.compiled[key].render(context), None
        except TemplateError as exc:
            return None, error(Location(path, _template_line(exc, path), 1), _describe(exc), VARIABLES_HINT)
        except Exception as exc:  # noqa: BLE001 - `{{ 1/0 }}`, `{{ "%d" % "x" }}`: the content's mistake, not ours
            return None, error(
                Location(path, _template_line(exc, path), 1),
                f"this expression fails: {type(exc).__name__}: {exc}",
                "Content can only print values and test them with {% if %}; keep to that.",
            )


def compile_templates(content: Content) -> Templates:
    env, compiled, findings = make_environment(), {}, []
    for document in content.documents.values():
        sources = [(1, document.title, (document.output, "title"))]
        for section in document.sections:
            sources += [
                (section.location.line, section.title, (section.id, "title")),
                (section.body_line, section.body, (section.id, "body")),
            ]
        for line, source, key in sources:
            template, problems = compile_source(env, source, line, document.path)
            findings += problems
            if template is not None:
                compiled[key] = template
    return Templates(compiled=MappingProxyType(compiled), findings=tuple(findings))


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


def render_school(
    templates: Templates, content: Content, school: School
) -> tuple[tuple[RenderedOutput, ...], list[Finding]]:
    context = template_context(school)
    outputs, findings = [], []
    for output, document in content.documents.items():
        required = frozenset(content.contract.required.get(output, ()))
        rendered, problems = _render_document(templates, document, school, context, required)
        findings += problems
        if rendered is not None:
            outputs.append(rendered)
    return tuple(outputs), findings


def _render_document(templates: Templates, document: Document, school: School, context: dict, required: frozenset[str]):
    findings: list[Finding] = []
    body: str | None
    title, problem = templates.render((document.output, "title"), context, document.path)
    findings += [problem] if problem else []
    changes = school.data.get("sections") or {}
    sections = []
    for section in document.sections:
        change = changes.get(section.id) or {}
        if change.get("omit"):
            continue
        heading, problem = templates.render((section.id, "title"), context, document.path)
        findings += [problem] if problem else []
        if change.get("replace"):
            body, origin = school_markdown(change["replace"]), "replaced"
        else:
            body, problem = templates.render((section.id, "body"), context, document.path)
            findings += [problem] if problem else []
            origin = "canonical"
            if body is not None and change.get("append"):
                body, origin = body.rstrip() + "\n\n" + school_markdown(change["append"]), "appended"
        if body is None or heading is None:
            continue  # an error was reported
        if not visible(body):
            if section.id in required:
                findings.append(_empty_required(school, section, origin))
            continue  # an option left this section empty
        sections.append(
            RenderedSection(id=section.id, title=heading.strip(), markdown=body.strip() + "\n", origin=origin)
        )
    if findings or title is None:  # no title comes with its error
        return None, findings
    return RenderedOutput(school=school, output=document.output, title=title.strip(), sections=tuple(sections)), []


def visible(markdown: str) -> bool:
    """Whether Markdown shows any text: `replace: " "`, an entity for a space or a
    zero-width character would otherwise keep a required section's heading and nothing else."""
    if len(markdown) > 200 and markdown.strip():
        return True  # long enough that it can't all be invisible padding worth rendering
    shown = markup.plain_text(markup.MARKDOWN.render(markdown))
    return any(not c.isspace() and unicodedata.category(c) not in ("Cf", "Zs") for c in shown)


def _empty_required(school: School, section, origin: str) -> Finding:
    if origin == "canonical":
        return error(
            section.location,
            f"required section `{section.id}` comes out empty for {school.slug}",
            "The contract requires this section: make sure its text shows for every school.",
        )
    key = "replace" if origin == "replaced" else "append"
    where = school.origins.get(("sections", section.id, key), Location(school.path))
    return error(
        where,
        f"section `{section.id}` is required, but with this {key} it shows no text",
        "Write the text the section should show, or remove this change to keep the federation's text.",
    )


def school_markdown(text: str) -> str:
    """A school's own Markdown, as written: markup.py renders it with no attribute syntax
    and sanitises the result, so braces are just braces."""
    return str(text).strip()


def template_context(school: School) -> dict:
    data = school.data
    return {
        "school": data,
        "options": data["options"],
        "contacts": tuple(CONTACT_ROLES[c] for c in data["contacts"]),
        "actions": tuple(data["actions"]),
        "policy": functools.partial(_policy_link, data["linked_policies"]),
    }


def _policy_link(linked: tuple, policy_id: str) -> Markup:
    for entry in linked:
        if entry["policy"] == policy_id:
            title = md_escape(entry["title"])
            return Markup(f"[{title}]({md_escape(entry['url'])})" if entry.get("url") else title)
    return Markup(md_escape(POLICIES.get(policy_id, policy_id)))


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
