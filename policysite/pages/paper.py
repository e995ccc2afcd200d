"""Compose pages: one sanitised HTML body per rendered output, for mkdocs and for WeasyPrint.

The letter's frame (letterhead, date, greeting, sign-off, reply slip) and the staff code's
declaration come from templates/print/frame.html through an autoescaping sandbox; the
sections are rendered by markup.py. The web page and the PDF carry the same body. A Paper
lays out one language: its words, dates and notes come from chrome.py and the language's
catalogue.
"""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..model import OUTPUT_PDFS, OUTPUT_URLS, Image, RenderedOutput, output_folder
from . import online, shell
from .chrome import (  # VERSION_CHARS, version_label, identity, plain_title: others import them from here
    CONTACT_ROLES,
    DEFAULT_TITLE,
    ENGLISH,
    NAV_LABELS,
    PAGE_TITLE,
    Chrome,
    description,
    identity,
    pdf_meta,
    plain_title,
)
from .chrome import VERSION_CHARS as VERSION_CHARS
from .chrome import version_label as version_label
from .markup import Heading, Html, Page, clean_page, heading, inline_html, text_html
from .phone import phone_link
from .translate import has_fallback

if TYPE_CHECKING:
    from ..inputs.catalogue import Catalogue

# Ids of our own parts of a page hold "_", which neither a section id (load.SECTION_RE) nor a
# subheading's (markup.slugify) can: the contract's check never takes one for a section.
TITLE_ID = "page_title"  # the h1
CONCERNS_ID = "raising-concerns"  # the policy's section the "Worried about a post?" box links to


class Paper:
    """The HTML templates of templates/print, loaded once per build and language. `site_url`:
    the site's address (output/sitemap.site_url), or None; with it the letter prints its policy
    page's address and QR code (online.py). `catalogue`: the language's (inputs/catalogue.py),
    whose translations of the frame's words it uses; None for English."""

    def __init__(self, templates_dir: Path, site_url: str | None = None, catalogue: Catalogue | None = None):
        self.site_url = site_url
        self.chrome = Chrome(catalogue)
        self.env = SandboxedEnvironment(
            loader=FileSystemLoader(str(templates_dir)),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
        )
        # {% trans %} of the templates: a translation escaped, as the data it is (chrome.py).
        self.env.install_gettext_callables(  # type: ignore[attr-defined]
            self.chrome.markup_gettext, self.chrome.markup_ngettext, newstyle=True
        )
        self.env.filters["policy_date"] = self.chrome.date
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
        box is for screens only). A translation's notes come first."""
        head, intro, after = self._parts(rendered, screen)
        return [*self.notes(rendered, screen), *head], intro, after

    def _parts(self, rendered: RenderedOutput, screen: bool) -> tuple[list[str], list[str], list[str]]:
        school, logo = rendered.school.data, logo_for(rendered, self.chrome)
        worried = [self.worried(rendered)] if screen else []
        if rendered.output == "letter":
            head = [self.frame.letterhead(school, logo), self.frame.letter_date(school["letter"]["date"])]
            after = [self.frame.sign_off(school), self.frame.reply_slip(school, plain_title(rendered.title))]
            after = [*self.online(rendered), *after]  # the policy's address and QR code, above the sign-off
            return [str(p) for p in head], [*worried, str(self.frame.greeting())], [str(p) for p in after]
        if rendered.output == "staff-code":  # the code is handed out on paper too: the same letterhead
            head = [str(self.frame.letterhead(school, logo, None))]
            return head, [], [str(self.frame.declaration(school, identity(rendered, self.chrome)))]
        if not screen:  # the policy on paper, for a governors' meeting: headed as the staff code is
            return [str(self.frame.letterhead(school, logo, None))], [], []
        # Parents arrive from a link or a search: say which school's page this is, then what to
        # do about a worrying post before the long text.
        return [str(self.frame.banner(school, logo))], worried, []

    def notes(self, rendered: RenderedOutput, screen: bool) -> list[str]:
        """A translation's notes (frame.html's translation_notes), first on its page and in its
        PDF: not yet checked by a fluent reader, with a link to the English page; parts shown
        in English while their translation is updated."""
        if self.chrome.english:
            return []
        fallback = has_fallback(rendered)
        if self.chrome.reviewed and not fallback:
            return []
        english = self.english_address(rendered, screen)
        note = {"reviewed": self.chrome.reviewed, "fallback": fallback, "english": english}
        return [str(self.frame.translation_notes(note))]

    def english_address(self, rendered: RenderedOutput, screen: bool) -> str | None:
        """The English page of a translated one: relative on the web page (its language's
        folder is one down), in full in a PDF, where a relative address leads nowhere (None
        without the site's address)."""
        page = OUTPUT_URLS[rendered.output]
        if screen:
            return "../" * (len(PurePosixPath(page).parts) + 1) + page
        return None if self.site_url is None else online.page_address(self.site_url, rendered.school.slug, page)

    def online(self, rendered: RenderedOutput) -> list[str]:
        """The policy page's address and QR code (web.html), the letter's last words before
        its sign-off; none without the site's address. The code is a slot here, drawn as
        the page or PDF is written (`drawn`)."""
        if self.site_url is None:
            return []
        school = rendered.school.data
        address = self.policy_address(rendered)
        # as the letter's text names it: the school's own title as written, or ours in the language
        title = school["document_control"].get("title") or self.chrome.text(DEFAULT_TITLE)
        return [str(self.web.online({"title": title, "address": address, "qr": Markup(online.QR_SLOT)}))]

    def drawn(self, rendered: RenderedOutput, body: Html) -> Html:
        """`body` with the letter's QR code drawn in the slot `online` left: only pages and
        PDFs being written pay for the drawing, not the rebuild keys (online.py)."""
        if self.site_url is None or online.QR_SLOT not in body.html:
            return body
        address = self.policy_address(rendered)  # as `online` printed it
        return Html(online.draw_qr(body.html, address), body.headings)

    def policy_address(self, rendered: RenderedOutput) -> str:
        """The full address of the policy page in this language (a translated letter's QR
        code leads to the translated policy)."""
        assert self.site_url is not None
        return online.page_address(self.site_url, rendered.school.slug, OUTPUT_URLS["policy"], self.chrome.code)

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
            "contacts": self.chrome.or_list([self.chrome.text(CONTACT_ROLES[role]) for role in school["contacts"]])
            if school["contacts"]
            else None,
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
        chrome = self.chrome
        # The browser tab names the school too: every page title on the site is then unique.
        shown = chrome.text(PAGE_TITLE, title=plain_title(rendered.title), school=rendered.school.data["short_name"])
        meta = {
            "title": html.escape(shown, quote=False),
            "description": html.escape(description(rendered, chrome)),  # the theme prints it in an attribute as it is
            "school": self.school_nav(rendered),
            "lang": chrome.code,  # the site's templates set <html lang> and dir from these
            "dir": chrome.dir,
        }
        if rendered.output in OUTPUT_PDFS:
            meta |= pdf_meta(rendered, chrome)
        body = self.body(rendered)
        if rendered.output == "staff-code":
            return Page(meta=tuple(meta.items()), body=body)
        return Page(meta=tuple(meta.items()), body=self.body(rendered, screen=True), printed=body)

    def body(self, rendered: RenderedOutput, screen: bool = False) -> Html:
        """The body the PDF shows (or with `screen`, the web page): frame blocks, title and
        sections as HTML."""
        return _compose(rendered, *(_frame(blocks) for blocks in self.parts(rendered, screen)))

    def school_nav(self, rendered: RenderedOutput) -> dict:
        """The school's own navigation (templates/mkdocs/partials/nav.html) in this language,
        escaped here because mkdocs-material prints it as HTML."""
        base = output_folder(rendered.school.slug, self.chrome.code)
        pages = [[html.escape(self.chrome.text(label)), base + OUTPUT_URLS[o]] for o, label in NAV_LABELS.items()]
        name = html.escape(rendered.school.data["name"])
        # + the header's logo and colour (shell.py checks them: the theme prints them as they are)
        return {"name": name, "pages": pages, "folder": base, **shell.school_identity(rendered.school.data)}

    def footer_key(self, rendered: RenderedOutput) -> str:
        """What the PDF prints outside its body, for its rebuild key (pipeline._keys): the
        footer as this language writes it, and its "Page n of m"."""
        document = identity(rendered, self.chrome)
        return str(self.frame.footer(rendered.school.data, document)) + self.chrome.page_numbers_css()

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
            document=identity(rendered, self.chrome),
            css=self.css,
            body=Markup(_pdf_logo(rendered, body.html, self.chrome)),
            lang=self.chrome.code,
            dir=self.chrome.dir,
            page_numbers=Markup(self.chrome.page_numbers_css()),  # CSS escapes only: no text of a .po as itself
        )


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


def _pdf_logo(rendered: RenderedOutput, body: str, chrome: Chrome) -> str:
    """`body` with the logo's address on the site (logo_for) changed for PDF_LOGOS."""
    image, logo = rendered.school.data.get("logo"), logo_for(rendered, chrome)
    if image is None or logo is None:
        return body
    return body.replace(f'src="{logo["src"]}"', f'src="{PDF_LOGOS}{image.name}"')


def logo_for(rendered: RenderedOutput, chrome: Chrome = ENGLISH) -> dict[str, Any] | None:
    """The school's logo for its frame.html img: its address relative to this output's page
    (site/<slug>/social-media/[<lang>/]<page>/index.html; the PDF's fetcher finds it by its
    name, fetch.py), and its size, so the page does not jump as it loads."""
    image: Image | None = rendered.school.data.get("logo")
    if image is None:
        return None
    page = PurePosixPath(output_folder(rendered.school.slug, chrome.code), OUTPUT_URLS[rendered.output])
    depth = len(page.parts)
    return {"src": "../" * depth + image.site_path, "width": image.width, "height": image.height}
