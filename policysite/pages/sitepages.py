"""The site's accessibility statement and privacy note: content/site/*.md, the leads' text.

Each is Markdown with Jinja placeholders for the federation's contact (defaults.yml),
compiled and rendered by render.py's sandboxed environment and by the rules canonical
documents keep (no file read, links to https:, mailto:, tel: or #sections, values escaped
as Markdown), then rendered by markup.py, the one renderer and sanitiser. Every page's
footer links to both (templates/mkdocs/partials/copyright.html).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..errors import Finding, Location, error, split_lines, warning
from ..inputs.textfile import read_text
from ..model import Content, Federation
from . import markup, shell
from .markup import Page
from .phone import phone_link
from .render import Templates, compile_source, make_environment, md_escape

FOLDER = "content/site"  # as messages name it, below the project's root
SOURCES = {slug: f"{FOLDER}/{slug}.md" for slug in shell.STATEMENTS}  # content/site/<slug>.md
HOME = "../"  # the home page, from site/<slug>/: `{{ home }}` in the text
CONTACT_ORDER = ("name", "address", "phone", "email", "website")


def site_pages(root: Path, content: Content, site_name: str) -> tuple[dict[str, Page], list[Finding]]:
    """Both pages by their place in the docs tree, with every problem their sources hold,
    and a warning (once) when defaults.yml gives no `federation_contact` for them to show."""
    env, pages, findings = make_environment(), {}, []
    context = page_context(content.federation, site_name)
    for slug, shown in SOURCES.items():
        page, problems = _page(root, env, shown, context)
        findings += problems
        if page is not None:
            pages[shell.statement_path(slug)] = page
    if not any(content.federation.contact.values()):
        findings.append(_no_contact(content))
    return pages, findings


def page_context(federation: Federation, site_name: str) -> dict[str, Any]:
    """What the text can print: `site_name`, `federation.name` and `federation.contact.<key>`
    (each escaped as it is printed; None when defaults.yml does not give it), `contact`
    (the contact as a ready Markdown list, tap to call and to write; empty without one, so
    `{% if contact %}` asks whether there is one) and `home` (a link to the home page)."""
    contact = {key: federation.contact.get(key) or None for key in CONTACT_ORDER}  # each key, None if not given
    return {
        "site_name": site_name,
        "federation": {"name": federation.name, "contact": contact},
        "contact": contact_markdown(contact),
        "home": HOME,
    }


def contact_markdown(contact: Mapping[str, Any]) -> Markup:
    """The contact as a Markdown list: its values escaped, its phone a tel: link, its email
    a mailto: link, its website a link."""
    lines = []
    for key in CONTACT_ORDER:
        value = contact.get(key)
        if value:
            lines.append(f"- {_contact_line(key, value)}")
    return Markup("\n".join(lines))


def _contact_line(key: str, value: Any) -> str:
    shown = md_escape(", ".join(value) if isinstance(value, list | tuple) else value)
    link = phone_link(str(value)) if key == "phone" else None
    if link:  # only the number it dials is the link, as in the "Worried about a post?" box
        before, number, after = (md_escape(link[part]) for part in ("before", "number", "after"))
        return f"Phone: {before}[{number}]({link['href']}){after}"
    if key == "email":
        return f"Email: [{shown}](mailto:{md_escape(value)})"
    if key == "website":
        return f"Website: [{shown}]({md_escape(value)})"
    return {"name": shown, "phone": f"Phone: {shown}"}.get(key, f"Address: {shown}")


def _page(root: Path, env, shown: str, context: dict) -> tuple[Page | None, list[Finding]]:
    path = root / shown
    if not os.path.lexists(path):
        return None, [
            error(
                Location(shown),
                "this page of the site is missing: every page's footer links to it",
                f"Put it back from git (`git checkout {shown}`), or write it: Markdown starting with `# Title`.",
            )
        ]
    text, findings = read_text(path, shown)
    if text is None:
        return None, findings
    if not split_lines(text)[:1] or not split_lines(text)[0].startswith("# "):
        return None, [error(Location(shown, 1, 1), "a page must start with its title: `# Title`")]
    template, problems = compile_source(env, text, 1, shown)
    if template is None:
        return None, problems
    markdown, problem = Templates(compiled={("page",): template}, findings=()).render(("page",), context, shown)
    if markdown is None:
        return None, [problem] if problem else []
    body = markup.page_html(markdown)
    title = next((heading.title for heading in body.headings if heading.level == 1), None)  # HTML-escaped
    if not title:  # a title made of a placeholder that prints nothing
        return None, [error(Location(shown, 1, 1), "this page's title comes out empty")]
    return Page(meta=(("title", title),), body=body), []


def _no_contact(content: Content) -> Finding:
    return warning(
        Location(content.defaults_path),
        "defaults.yml gives no `federation_contact`: the accessibility statement and the "
        "privacy note can only send people to their child's school",
        "Add `federation_contact:` with the federation's `name`, `email`, `phone`, `website` "
        "or `address` (docs/school-files.md), so people can ask the federation for another "
        "format or about their privacy.",
    )
