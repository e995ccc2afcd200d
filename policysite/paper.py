"""Compose pages: Markdown for mkdocs and HTML for WeasyPrint, from one rendered output.

The letter's frame (letterhead, date, greeting, sign-off, reply slip) and the staff code's
declaration come from templates/print/frame.html through an autoescaping sandbox, so the
web page and the PDF carry the same parts with school values escaped.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from .model import OUTPUT_LABELS, OUTPUT_PDFS, OUTPUT_URLS, POLICY_DIR, RenderedOutput
from .render import MARKDOWN, markdown_html

PRINT_LABELS = {"letter": "Print this letter", "staff-code": "Print this code"}
PDF_LABELS = {"letter": "Download the letter (PDF)", "staff-code": "Download the code (PDF)"}


class Paper:
    """The HTML templates of templates/print, loaded once per build."""

    def __init__(self, templates_dir: Path):
        self.env = SandboxedEnvironment(loader=FileSystemLoader(str(templates_dir)), autoescape=True,
                                        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.frame = self.env.get_template("print/frame.html").module
        self.document = self.env.get_template("print/document.html")
        self.css = Markup((templates_dir / "assets/paper.css").read_text(encoding="utf-8")
                          + (templates_dir / "print/pdf.css").read_text(encoding="utf-8"))

    def parts(self, rendered: RenderedOutput) -> tuple[list[str], list[str], list[str]]:
        """Frame HTML blocks: above the title, between title and text, and after the text."""
        school = rendered.school.data
        if rendered.output == "letter":
            head = [self.frame.letterhead(school), self.frame.letter_date(school["letter"]["date"])]
            after = [self.frame.sign_off(school), self.frame.reply_slip(school, plain_title(rendered.title))]
            return [str(p) for p in head], [str(self.frame.greeting())], [str(p) for p in after]
        # Parents arrive from a link or a search: say which school's page this is.
        head = [str(self.frame.banner(school))]
        if rendered.output == "staff-code":
            return head, [], [str(self.frame.declaration(school))]
        return head, [], []

    def page_markdown(self, rendered: RenderedOutput) -> str:
        """The page mkdocs renders: front matter, title, frame blocks and sections."""
        # The browser tab names the school too: every page title on the site is then unique.
        shown = f"{plain_title(rendered.title)} – {rendered.school.data['short_name']}"
        meta = {"title": html.escape(shown, quote=False), "school": self.school_nav(rendered)}
        if rendered.output in OUTPUT_PDFS:
            meta |= {"template": "printable.html", "pdf": "../" + OUTPUT_PDFS[rendered.output],
                     "print_label": PRINT_LABELS[rendered.output], "pdf_label": PDF_LABELS[rendered.output]}
        head, intro, after = self.parts(rendered)
        blocks = [*head, f"# {rendered.title}", *intro]
        blocks += [f"## {s.title} {{#{s.id}}}\n\n{s.markdown}" for s in rendered.sections]
        blocks += after
        front = "\n".join(f"{key}: {json.dumps(value)}" for key, value in meta.items())
        return f"---\n{front}\n---\n\n" + "\n\n".join(block.strip() for block in blocks) + "\n"

    @staticmethod
    def school_nav(rendered: RenderedOutput) -> dict:
        """The school's own navigation (templates/mkdocs/partials/nav.html), escaped here
        because mkdocs-material prints it as HTML."""
        base = f"{rendered.school.slug}/{POLICY_DIR}/"
        pages = [[label, base + OUTPUT_URLS[output]] for output, label in OUTPUT_LABELS.items()]
        return {"name": html.escape(rendered.school.data["name"]), "pages": pages, "folder": base}

    def print_html(self, rendered: RenderedOutput) -> str:
        """The standalone HTML WeasyPrint turns into the PDF, rendered with markdown-it-py."""
        head, intro, after = self.parts(rendered)
        body = [*head, f"<h1>{MARKDOWN.renderInline(rendered.title)}</h1>", *intro]
        body += [f'<section id="{s.id}">\n<h2>{MARKDOWN.renderInline(s.title)}</h2>\n{markdown_html(s.markdown)}</section>'
                 for s in rendered.sections]
        return self.document.render(
            title=plain_title(rendered.title), school=rendered.school.data, output=rendered.output, css=self.css,
            body=Markup("\n".join(body + after)))


def plain_title(markdown_text: str) -> str:
    """Visible text of a one-line Markdown title: markup dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", MARKDOWN.renderInline(markdown_text)))
