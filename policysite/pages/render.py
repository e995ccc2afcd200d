"""Render stage: canonical Markdown+Jinja sections x school values -> Markdown per section.

The content is compiled once (compiling.py) and rendered here per school: each section
is the canonical text, the school's appended or replaced text, or left out. In a language
other than English, the templates are the translation's (translate.py) and the school's
own text is its own translation, or its English marked as English (fallback.py).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Mapping

from markupsafe import Markup

from ..errors import Finding, Location, error
from ..inputs.schema import CONTACT_ROLES, POLICIES
from ..inputs.units import units_of
from ..model import Content, Document, RenderedOutput, RenderedSection, School
from . import fallback, markup
from .compiling import (  # noqa: F401  # the names other modules take from render
    MARK_ENTITIES,
    VARIABLES_HINT,
    Templates,
    compile_source,
    compile_templates,
    make_environment,
    md_escape,
)


def render_school(
    templates: Templates, content: Content, school: School, language: str = "en", words: Callable[[str], str] = str
) -> tuple[tuple[RenderedOutput, ...], list[Finding]]:
    """A school's outputs; in a language other than English, `templates` are its
    translation (translate.py), the school's own text is its translation, if it gave one,
    and `words` (the catalogue's gettext) translates the fixed words the content is given
    (the contact roles, which the frame's catalogue holds)."""
    context = template_context(school, words)
    outputs, findings = [], []
    for output, document in content.documents.items():
        required = frozenset(content.contract.required.get(output, ()))
        rendered, problems = _render_document(templates, document, school, context, required, language)
        findings += problems
        if rendered is not None:
            outputs.append(rendered)
    return tuple(outputs), findings


def _render_document(
    templates: Templates, document: Document, school: School, context: dict, required: frozenset[str], language: str
):
    findings: list[Finding] = []
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
        body, origin, problem = _section_body(templates, section.id, document.path, school, context, language)
        findings += [problem] if problem else []
        if body is None or heading is None:
            continue  # an error was reported
        body, heading = fallback.tidy(body), fallback.tidy(heading)
        if not visible(body):
            if section.id in required:
                findings.append(_empty_required(school, section, origin))
            continue  # an option left this section empty
        sections.append(
            RenderedSection(id=section.id, title=heading.strip(), markdown=body.strip() + "\n", origin=origin)
        )
    if findings or title is None:  # no title comes with its error
        return None, findings
    shown = fallback.tidy(title).strip()
    return RenderedOutput(school, document.output, shown, tuple(sections), language), []


def _section_body(templates: Templates, section_id: str, path: str, school: School, context: dict, language: str):
    """(Markdown, origin, problem): the canonical text, with the school's own text after it
    or in its place (canonical | appended | replaced)."""
    change = (school.data.get("sections") or {}).get(section_id) or {}
    if change.get("replace"):
        return own_text(school, section_id, change, "replace", language), "replaced", None
    body, problem = templates.render((section_id, "body"), context, path)
    if body is not None and change.get("append"):
        return body.rstrip() + "\n\n" + own_text(school, section_id, change, "append", language), "appended", None
    return body, "canonical", problem


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
    and sanitises the result, so braces are just braces. A fallback mark (refused in school
    files: fields.py) would be shown as itself, never read as one."""
    return str(text).strip().translate(MARK_ENTITIES)


def own_text(school: School, section_id: str, change: Mapping, key: str, language: str) -> str:
    """The school's `append` or `replace` text in `language`: its translation from the
    school file, else the English, each block marked as English (fallback.py)."""
    text = school_markdown(change[key])
    if language == "en":
        return text
    translated = (change.get("translations") or {}).get(language)
    if translated:
        return school_markdown(translated)
    where = school.origins.get(("sections", section_id, key), Location(school.path))
    for unit in reversed(units_of(text, section_id, where.path, where.line)):
        text = text[: unit.start] + fallback.FALLBACK_OPEN + unit.source + fallback.FALLBACK_CLOSE + text[unit.end :]
    return text


def template_context(school: School, words: Callable[[str], str] = str) -> dict:
    data = school.data
    return {
        "school": data,
        "options": data["options"],
        # join_or escapes each one: a translation's words are text, as a school value is.
        "contacts": tuple(words(CONTACT_ROLES[c]) for c in data["contacts"]),
        "actions": tuple(data["actions"]),
        "policy": functools.partial(_policy_link, data["linked_policies"]),
    }


def _policy_link(linked: tuple, policy_id: str) -> Markup:
    for entry in linked:
        if entry["policy"] == policy_id:
            title = md_escape(entry["title"])
            return Markup(f"[{title}]({md_escape(entry['url'])})" if entry.get("url") else title)
    return Markup(md_escape(POLICIES.get(policy_id, policy_id)))
