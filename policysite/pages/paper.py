"""Compose pages: one sanitised HTML body per rendered output, for mkdocs and for WeasyPrint.

The letter's frame (letterhead, date, greeting, sign-off, reply slip) and the staff code's
declaration come from templates/print/frame.html through an autoescaping sandbox; the
sections are rendered by markup.py. The web page and the PDF carry the same body.
"""

from __future__ import annotations

import dataclasses
import functools
import html
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..inputs.approval import signed_off
from ..inputs.schema import CONTACT_ROLES
from ..model import OUTPUT_LABELS, OUTPUT_PDFS, OUTPUT_URLS, POLICY_DIR, Image, RenderedOutput
from . import online, shell
from .markup import MARKDOWN, Heading, Html, Page, clean_page, heading, inline_html, plain_text, text_html
from .phone import phone_link

PRINT_LABELS = {"letter": "Print this letter", "staff-code": "Print this code"}
# Ids of our own parts of a page hold "_", which neither a section id (load.SECTION_RE) nor a
# subheading's (markup.slugify) can: the contract's check never takes one for a section.
TITLE_ID = "page_title"  # the h1
CONCERNS_ID = "raising-concerns"  # the policy's section the "Worried about a post?" box links to
PDF_LABELS = {
    "policy": "Download the policy (PDF)",
    "letter": "Download the letter (PDF)",
    "staff-code": "Download the code (PDF)",
}
DESCRIPTIONS = {
    "policy": "{title} of {name}, for parents, carers, staff, volunteers and governors.",
    "letter": "{title} from {name}, to read, print or download as a PDF.",
    "staff-code": "{title} at {name}, for staff, volunteers and governors to read and sign.",
}


class Paper:
    """The HTML templates of templates/print, loaded once per build. `site_url`: the site's
    address (output/sitemap.site_url), or None; with it the letter prints its policy page's
    address and QR code (online.py)."""

    def __init__(self, templates_dir: Path, site_url: str | None = None):
        self.site_url = site_url
        self.env = SandboxedEnvironment(
            loader=FileSystemLoader(str(templates_dir)),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.frame: Any = self.env.get_template("print/frame.html").module  # its macros, found by name
        self.web: Any = self.env.get_template("print/web.html").module
        self.document = self.env.get_template("print/document.html")
        self.css = Markup(
            (templates_dir / "assets/paper.css").read_text(encoding="utf-8")
            + (templates_dir / "print/pdf.css").read_text(encoding="utf-8")
        )

    def parts(self, rendered: RenderedOutput, screen: bool = False) -> tuple[list[str], list[str], list[str]]:
        """Frame HTML blocks: above the title, between title and text, and after the text;
        on paper, or with `screen` as the web page shows them (the "Worried about a post?"
        box is for screens only)."""
        school, logo = rendered.school.data, logo_for(rendered)
        worried = [self.worried(rendered)] if screen else []
        if rendered.output == "letter":
            head = [self.frame.letterhead(school, logo), self.frame.letter_date(school["letter"]["date"])]
            after = [self.frame.sign_off(school), self.frame.reply_slip(school, plain_title(rendered.title))]
            after = [*self.online(rendered), *after]  # the policy's address and QR code, above the sign-off
            return [str(p) for p in head], [*worried, str(self.frame.greeting())], [str(p) for p in after]
        if rendered.output == "staff-code":  # the code is handed out on paper too: the same letterhead
            head = [str(self.frame.letterhead(school, logo, None))]
            return head, [], [str(self.frame.declaration(school, identity(rendered)))]
        if not screen:  # the policy on paper, for a governors' meeting: headed as the staff code is
            return [str(self.frame.letterhead(school, logo, None))], [], []
        # Parents arrive from a link or a search: say which school's page this is, then what to
        # do about a worrying post before the long text.
        return [str(self.frame.banner(school, logo))], worried, []

    def online(self, rendered: RenderedOutput) -> list[str]:
        """The policy page's address and QR code (web.html), the letter's last words before
        its sign-off; none without the site's address. The code is a slot here, drawn as
        the page or PDF is written (`drawn`)."""
        if self.site_url is None:
            return []
        school = rendered.school.data
        address = online.policy_address(self.site_url, rendered.school.slug)
        title = school["document_control"].get("title") or "Social Media Policy"  # as the letter's text names it
        return [str(self.web.online({"title": title, "address": address, "qr": Markup(online.QR_SLOT)}))]

    def drawn(self, rendered: RenderedOutput, body: Html) -> Html:
        """`body` with the letter's QR code drawn in the slot `online` left: only pages and
        PDFs being written pay for the drawing, not the rebuild keys (online.py)."""
        if self.site_url is None or online.QR_SLOT not in body.html:
            return body
        address = online.policy_address(self.site_url, rendered.school.slug)  # as `online` printed it
        return Html(online.draw_qr(body.html, address), body.headings)

    def drawn_page(self, rendered: RenderedOutput, page: Page) -> Page:
        """The web page as mkdocs is given it: its body (and its PDF's) drawn."""
        printed = self.drawn(rendered, page.printed) if page.printed else None
        return dataclasses.replace(page, body=self.drawn(rendered, page.body), printed=printed)

    def worried(self, rendered: RenderedOutput) -> str:
        """The "Worried about a post?" box (frame.html): first on the policy page, and shorter
        on the letter's web page, never on paper."""
        school, short = rendered.school.data, rendered.output != "policy"
        phone = school.get("phone")
        concerns = next((s for s in rendered.sections if s.id == CONCERNS_ID), None)
        box = {
            "short": short,
            "contacts": tuple(CONTACT_ROLES[role] for role in school["contacts"]),
            "phone": phone,
            "tel": phone_link(phone) if phone else None,
            "email": school.get("email"),
            "website": school.get("website"),
            "concerns": {"href": f"#{concerns.id}", "title": plain_title(concerns.title)} if concerns else None,
        }
        return str(self.frame.worried(box))

    def page(self, rendered: RenderedOutput) -> Page:
        """The web page: front matter for mkdocs and the same body the PDF shows (the
        letter's page adds the short "Worried about a post?" box after its title; the
        policy's page opens with a banner and the box where its PDF has the letterhead)."""
        # The browser tab names the school too: every page title on the site is then unique.
        shown = f"{plain_title(rendered.title)} – {rendered.school.data['short_name']}"
        meta = {
            "title": html.escape(shown, quote=False),
            "description": html.escape(description(rendered)),  # the theme prints it in an attribute as it is
            "school": self.school_nav(rendered),
        }
        if rendered.output in OUTPUT_PDFS:
            meta |= {
                "template": "printable.html",
                "pdf": pdf_href(rendered),
                # Saved as "cambois-parent-letter.pdf": an office serving two schools tells them apart.
                "pdf_download": html.escape(download_name(rendered)),
                "pdf_label": PDF_LABELS[rendered.output],
            }
            if rendered.output in PRINT_LABELS:  # the policy's page is not paper-like: no print button
                meta["print_label"] = PRINT_LABELS[rendered.output]
        body = self.body(rendered)
        if rendered.output == "staff-code":
            return Page(meta=tuple(meta.items()), body=body)
        return Page(meta=tuple(meta.items()), body=self.body(rendered, screen=True), printed=body)

    def body(self, rendered: RenderedOutput, screen: bool = False) -> Html:
        """The body the PDF shows (or with `screen`, the web page): frame blocks, title and
        sections as HTML."""
        return _compose(rendered, *(_frame(blocks) for blocks in self.parts(rendered, screen)))

    @staticmethod
    def school_nav(rendered: RenderedOutput) -> dict:
        """The school's own navigation (templates/mkdocs/partials/nav.html), escaped here
        because mkdocs-material prints it as HTML."""
        base = f"{rendered.school.slug}/{POLICY_DIR}/"
        pages = [[label, base + OUTPUT_URLS[output]] for output, label in OUTPUT_LABELS.items()]
        name = html.escape(rendered.school.data["name"])
        # + the header's logo and colour (shell.py checks them: the theme prints them as they are)
        return {"name": name, "pages": pages, "folder": base, **shell.school_identity(rendered.school.data)}

    def print_html(self, rendered: RenderedOutput, body: Html | None = None) -> str:
        """The standalone HTML WeasyPrint turns into the PDF: `body` is the web page's
        Page.print_body(); its QR code is drawn here."""
        body = self.drawn(rendered, body or self.body(rendered))
        colour = rendered.school.data.get("colour")
        return self.document.render(
            title=plain_title(rendered.title),
            school=rendered.school.data,
            colour=colour if isinstance(colour, str) and shell.COLOUR.fullmatch(colour) else None,
            output=rendered.output,
            document=identity(rendered),
            css=self.css,
            body=Markup(_pdf_logo(rendered, body.html)),
        )


def description(rendered: RenderedOutput) -> str:
    """The page's own summary for search results and shared links (<meta name="description">,
    og:description in templates/mkdocs/main.html): the document and the school."""
    return DESCRIPTIONS[rendered.output].format(title=plain_title(rendered.title), name=rendered.school.data["name"])


def pdf_href(rendered: RenderedOutput) -> str:
    """The PDF's address from its page: the PDFs sit in the policy's folder, beside the
    policy's page (site/<slug>/social-media/index.html) and above the others' folders."""
    return "../" * len(PurePosixPath(OUTPUT_URLS[rendered.output]).parts) + OUTPUT_PDFS[rendered.output]


def download_name(rendered: RenderedOutput) -> str:
    """The file name a PDF link saves as: the school's slug and the document's file name."""
    return f"{rendered.school.slug}-{OUTPUT_PDFS[rendered.output]}"


def identity(rendered: RenderedOutput) -> dict[str, Any]:
    """Which document this is, as a signed copy on file must say: its title, the policy's
    latest version and when it was approved, or else published (approval.signed_off: a
    document that gives only a publication date is not said to be approved on it). Each is
    None when the school has none, and the templates leave it out (the declaration and the
    PDF's footer, templates/print/frame.html)."""
    control = rendered.school.data["document_control"]
    versions = control.get("versions") or ()  # manual history, then git's: inputs/history.py
    signed = signed_off(control)
    shown = str(signed.date) if signed else None  # as written: "12 November 2021", "Autumn 2024"
    return {
        "title": plain_title(rendered.title),
        "version": version_label(str(versions[-1]["version"])) if versions else None,
        "dated": signed.verb if signed else None,  # approved or published
        "date": shown,
        # "approved on 12 November 2021", but "published in September 2020" or "in Autumn 2024"
        "on_a_day": bool(shown and shown[0].isdigit()),
    }


VERSION_CHARS = 30  # the footer never shrinks the version, so a label is kept short enough to fit


def version_label(version: str) -> str:
    """'3' or '2.1' -> 'Version 3'; a label that is not a bare number ('v2', 'Draft 1') is
    shown as written. At most VERSION_CHARS characters, cut with an ellipsis."""
    label = f"Version {version}" if version[:1].isdigit() else version
    return label if len(label) <= VERSION_CHARS else label[: VERSION_CHARS - 1].rstrip() + "\u2026"


def _compose(rendered: RenderedOutput, head: list[str], intro: list[str], after: list[str]) -> Html:
    """Frame blocks (sanitised), title and sections as HTML.

    Every part is sanitised on its own (nh3 writes balanced HTML, so joining them makes
    no new tag): the frame's blocks as page HTML, titles and section text as text HTML,
    and headings wrap those with ids the content declared. Sanitising the whole body
    again cost 0.3 s a thousand pages and changed nothing."""
    title = Heading(1, TITLE_ID, html.escape(plain_title(rendered.title), quote=False))
    blocks, headings = [*head, heading(1, TITLE_ID, inline_html(rendered.title)), *intro], [title]
    for section in rendered.sections:
        text = text_html(section.markdown, section.id)
        blocks += [heading(2, section.id, inline_html(section.title)), text.html]
        headings += [Heading(2, section.id, html.escape(plain_title(section.title), quote=False)), *text.headings]
    blocks += after
    body = "\n".join(block.strip() for block in blocks) + "\n"
    return Html(online.mark_shown_addresses(body), tuple(headings))


def _frame(blocks: list[str]) -> list[str]:
    return [clean_page(block) for block in blocks]


# The logo's address in the PDF's HTML: the same in every folder, since WeasyPrint names a PNG
# in the PDF by a hash of its address, and the page's relative address resolves against the
# project's folder (a school with a PNG logo had PDFs that differed by where the project was).
# output/fetch.py serves it by its name from the job's table, as any address ending assets/logos/<name>.
PDF_LOGOS = "file:///policysite/assets/logos/"


def _pdf_logo(rendered: RenderedOutput, body: str) -> str:
    """`body` with the logo's address on the site (logo_for) changed for PDF_LOGOS."""
    image, logo = rendered.school.data.get("logo"), logo_for(rendered)
    if image is None or logo is None:
        return body
    return body.replace(f'src="{logo["src"]}"', f'src="{PDF_LOGOS}{image.name}"')


def logo_for(rendered: RenderedOutput) -> dict[str, Any] | None:
    """The school's logo for its frame.html img: its address relative to this output's page
    (site/<slug>/social-media/<page>/index.html; the PDF's fetcher finds it by its name,
    fetch.py), and its size, so the page does not jump as it loads."""
    image: Image | None = rendered.school.data.get("logo")
    if image is None:
        return None
    depth = len(PurePosixPath(rendered.school.slug, POLICY_DIR, OUTPUT_URLS[rendered.output]).parts)
    return {"src": "../" * depth + image.site_path, "width": image.width, "height": image.height}


@functools.lru_cache(maxsize=8192)
def plain_title(markdown_text: str) -> str:
    """Visible text of a one-line Markdown title: markup dropped, entities decoded."""
    return plain_text(MARKDOWN.renderInline(markdown_text))
