"""What each school changes against the canonical policy, as Markdown pages.

- `school_markdown`: one school: the values its file sets (against the federation's),
  the options it turns on or off with the text each one adds or removes, and the sections
  it appends to, replaces or leaves out, with the text of each change.
- `federation_markdown`: every school at once: per document, a matrix of schools and
  sections (canonical, appended, replaced, omitted, or off when the section comes out
  empty), then the options each school takes.

Everything a school wrote is escaped with `render.md_escape` (or, for its own Markdown,
neutralised with `render.school_markdown`), so the pages are safe to publish.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from ..errors import BuildFailed
from ..inputs.fields import PolicyDate
from ..inputs.merge import merge_school
from ..inputs.schema import OPTIONS
from ..model import OUTPUT_LABELS, OUTPUTS, Content, Image, RenderedOutput, School, SchoolFile
from .render import Templates, compile_templates, md_escape, render_school
from .render import school_markdown as own_markdown

STATES = {
    "canonical": "the federation's text, as written",
    "appended": "the federation's text with the school's own text after it",
    "replaced": "the school's own text instead of the federation's",
    "omitted": "left out by the school (`omit: true`)",
    "off": "left out because it comes out empty: an option is off, or the list it shows is empty",
}
_HIDDEN_VALUES = ("name", "options", "sections")  # the title, or their own parts of the page


def federation_view(content: Content, school: School) -> School:
    """The same school with nothing of its own but its name: the federation's defaults."""
    bare = SchoolFile(slug=school.slug, path=school.path, values={"name": school.data["name"]}, locations={})
    baseline, problems = merge_school(content, bare)
    if baseline is None:  # the federation's own defaults, already merged cleanly by the build
        raise BuildFailed(tuple(problems))
    return baseline


def school_markdown(content: Content, school: School, templates: Templates | None = None) -> str:
    templates = templates or compile_templates(content)
    federation = federation_view(content, school)
    lines = [
        f"# {md_escape(school.data['name'])}: changes to the canonical policy",
        "",
        f"From `{md_escape(school.path)}`, against the federation's defaults.",
        "",
    ]
    lines += _values_part(school, federation)
    lines += _options_part(content, templates, school, federation)
    lines += _sections_part(content, templates, school)
    return "\n".join(lines).rstrip() + "\n"


def _values_part(school: School, federation: School) -> list[str]:
    rows = [
        (path, _lookup(school.data, path), _lookup(federation.data, path))
        for path, where in sorted(school.origins.items(), key=lambda item: item[1])
        if where.path == school.path and path[0] not in _HIDDEN_VALUES
    ]
    lines = ["## Values set in the school file", ""]
    if not rows:
        return lines + ["None: the school uses the federation's values.", ""]
    lines += ["| field | this school | federation default |", "|---|---|---|"]
    lines += [
        f"| `{'.'.join(map(str, path))}` | {show(mine)} | {'the same' if mine == theirs else show(theirs)} |"
        for path, mine, theirs in rows
    ]
    return lines + [""]


def _options_part(content: Content, templates: Templates, school: School, federation: School) -> list[str]:
    lines = ["## Options", ""]
    changed = [f.name for f in OPTIONS.fields if school.data["options"][f.name] != federation.data["options"][f.name]]
    if not changed:
        return lines + ["Every option is as the federation sets it.", ""]
    for name in changed:
        state = "on" if school.data["options"][name] else "off"
        flipped = _with(school, options={**school.data["options"], name: federation.data["options"][name]})
        lines += [f"### `{name}`: {state}", "", _option_doc(name), ""]
        lines += _text_changes(_render(templates, content, flipped), _render(templates, content, school))
    return lines


def _sections_part(content: Content, templates: Templates, school: School) -> list[str]:
    lines = ["## Sections", ""]
    changes = school.data.get("sections") or {}
    if not changes:
        return lines + ["The school keeps every section as the federation wrote it.", ""]
    canonical = _render(templates, content, _with(school, sections={}))
    for section_id, change in changes.items():
        kind = "omitted" if change.get("omit") else "replaced" if change.get("replace") else "appended"
        lines += [f"### `{section_id}`: {kind}", ""]
        if kind == "omitted":
            lines += ["The school leaves this section out.", ""]
            continue
        key = "replace" if kind == "replaced" else "append"
        lines += [f"The school's text{' (after the canonical text)' if key == 'append' else ''}:", ""]
        lines += _quote(own_markdown(change[key]))
        if kind == "replaced" and section_id in canonical:
            lines += ["Instead of the canonical text:", ""] + _quote(canonical[section_id])
    return lines


def _text_changes(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """Per section, the lines `after` adds and removes compared with `before`."""
    lines = []
    for section_id in dict.fromkeys([*before, *after]):
        old, new = before.get(section_id, "").splitlines(), after.get(section_id, "").splitlines()
        diff = [d for d in difflib.ndiff(old, new) if d[:2] in ("+ ", "- ") and d[2:].strip()]
        added, removed = [d[2:] for d in diff if d[0] == "+"], [d[2:] for d in diff if d[0] == "-"]
        if added:
            lines += [f"Adds to `{section_id}`:", ""] + _quote("\n".join(added))
        if removed:
            lines += [f"Removes from `{section_id}`:", ""] + _quote("\n".join(removed))
    return lines or ["It changes no text for this school.", ""]


def federation_markdown(content: Content, schools: tuple[School, ...], outputs: tuple[RenderedOutput, ...]) -> str:
    """Every school against the canonical policy: section matrices, then options."""
    lines = [
        "# How each school differs from the canonical policy",
        "",
        "Each cell says what a school's page shows for a section:",
        "",
    ]
    lines += [f"- **{state}**: {meaning}" for state, meaning in STATES.items()] + [""]
    rendered = {(o.school.slug, o.output): {s.id: s.origin for s in o.sections} for o in outputs}
    for output in OUTPUTS:
        ids = [s.id for s in content.documents[output].sections]
        lines += [
            f"## {OUTPUT_LABELS[output]}",
            "",
            "| school | " + " | ".join(f"`{i}`" for i in ids) + " |",
            "|---|" + "---|" * len(ids),
        ]
        for school in schools:
            cells = [section_state(school, rendered.get((school.slug, output), {}), i) for i in ids]
            lines.append(f"| {md_escape(school.data['name'])} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines + _options_matrix(content, schools)).rstrip() + "\n"


def section_state(school: School, origins: Mapping[str, str], section_id: str) -> str:
    if ((school.data.get("sections") or {}).get(section_id) or {}).get("omit"):
        return "omitted"
    return origins.get(section_id, "off")


def _options_matrix(content: Content, schools: tuple[School, ...]) -> list[str]:
    names = [f.name for f in OPTIONS.fields]
    lines = [
        "## Options",
        "",
        "**on** or **off** in bold: the school differs from the federation's default.",
        "",
        "| school | " + " | ".join(f"`{n}`" for n in names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for school in schools:
        federation = federation_view(content, school).data["options"]
        cells = [_on_off(school.data["options"][n], school.data["options"][n] != federation[n]) for n in names]
        lines.append(f"| {md_escape(school.data['name'])} | " + " | ".join(cells) + " |")
    return lines + [""]


def show(value: Any) -> str:
    """A merged value as a short, escaped table cell."""
    if value is None or value in ((), {}):
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, PolicyDate):
        return value.as_written()  # as the school file has it: 2025-09-01, 2022-11, Autumn 2024
    if isinstance(value, Image):
        return md_escape(value.source)  # the logo's file, not its bytes
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {show(v)}" for k, v in value.items() if v is not None)
    if isinstance(value, (list, tuple)):
        return ", ".join(show(v) for v in value)
    return md_escape(value)


def _on_off(value: bool, differs: bool) -> str:
    word = "on" if value else "off"
    return f"**{word}**" if differs else word


def _option_doc(name: str) -> str:
    return next(md_escape(f.doc) for f in OPTIONS.fields if f.name == name)


def _lookup(data: Mapping, path: tuple) -> Any:
    for key in path:
        if not isinstance(data, Mapping) or key not in data:
            return None
        data = data[key]
    return data


def _with(school: School, **changes: Any) -> School:
    data = {**school.data, **{k: MappingProxyType(dict(v)) for k, v in changes.items()}}
    return replace(school, data=MappingProxyType(data))


def _render(templates: Templates, content: Content, school: School) -> dict[str, str]:
    """section id -> rendered Markdown, over the three documents."""
    outputs, _ = render_school(templates, content, school)
    return {s.id: s.markdown for o in outputs for s in o.sections}


def _quote(markdown: str) -> list[str]:
    return [f"> {line}".rstrip() for line in markdown.strip().splitlines()] + [""]
