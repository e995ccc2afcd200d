"""The words around the policy text (the letter's frame, the page chrome), in the reader's language.

Every English string a reader sees around the canonical text is marked: here with N_() (the
extractor of `translations update` looks for it in policysite/pages/*.py), and in
templates/print/*.html with {% trans %}. It is translated where it is used, by the Chrome of
the page's language: its catalogue's gettext (inputs/catalogue.py), or none for English,
whose strings are then printed exactly as written. A translation is data from a .po file:
the templates' gettext escapes it (no msgid holds markup), and paper.py escapes the labels
it puts in a page's front matter.
"""

from __future__ import annotations

import functools
import gettext
import html
import re
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from babel.lists import format_list
from markupsafe import escape

from ..inputs.approval import signed_off
from ..inputs.dates import PolicyDate
from ..model import OUTPUT_PDFS, OUTPUT_URLS, TRANSLATED_PDFS, RenderedOutput
from .markup import MARKDOWN, plain_text

if TYPE_CHECKING:
    from ..inputs.catalogue import Catalogue


def N_(message: str) -> str:
    """`message` as it is: marks it for the extractor; Chrome.text translates it where it is used."""
    return message


PRINT_LABELS = {"letter": N_("Print this letter"), "staff-code": N_("Print this code")}
PDF_LABELS = {
    "policy": N_("Download the policy (PDF)"),
    "letter": N_("Download the letter (PDF)"),
    "staff-code": N_("Download the code (PDF)"),
}
# Only the letter has a PDF in each language: a translated policy or code page links the English one.
ENGLISH_PDF_LABELS = {
    "policy": N_("Download the policy in English (PDF)"),
    "staff-code": N_("Download the code in English (PDF)"),
}
DESCRIPTIONS = {
    "policy": N_("%(title)s of %(name)s, for parents, carers, staff, volunteers and governors."),
    "letter": N_("%(title)s from %(name)s, to read, print or download as a PDF."),
    "staff-code": N_("%(title)s at %(name)s, for staff, volunteers and governors to read and sign."),
}
PAGE_TITLE = N_("%(title)s – %(school)s")  # the browser tab's: every page title on the site is then unique
DEFAULT_TITLE = N_("Social Media Policy")  # the policy's name in the letter when the school gives none
# The school's navigation: model.OUTPUT_LABELS, marked (tests/pages/test_chrome_i18n.py keeps them equal).
NAV_LABELS = {
    "policy": N_("Social media policy"),
    "letter": N_("Letter to parents and carers"),
    "staff-code": N_("Staff code of conduct"),
}
# Whom the "Worried about a post?" box names: schema.CONTACT_ROLES, marked (the same test).
CONTACT_ROLES = {
    "class_teacher": N_("your child's class teacher"),
    "senior_staff": N_("a senior member of staff"),
    "headteacher": N_("the Headteacher"),
    "head_of_school": N_("the Head of School"),
    "senior_leadership_team": N_("a member of the Senior Leadership Team"),
    "chair_of_governors": N_("the Chair of Governors"),
    "governing_body": N_("a member of the Governing Body"),
}
VERSION = N_("Version %(number)s")  # a version table's bare number: "Version 3"
TERMS = {"Autumn": N_("Autumn %(year)s"), "Spring": N_("Spring %(year)s"), "Summer": N_("Summer %(year)s")}
PAGE_OF = N_("Page %(page)s of %(pages)s")  # the PDF's footer (print/pdf.css counts the pages)
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


class Chrome:
    """One language's words for the frame and chrome; English without a catalogue."""

    def __init__(self, catalogue: Catalogue | None = None):
        self.catalogue = catalogue
        self.code = catalogue.language.code if catalogue else "en"
        self.dir = "rtl" if catalogue and catalogue.language.rtl else "ltr"
        self.english = catalogue is None
        # A translation nobody fluent has checked yet is published with a note saying so.
        self.reviewed = catalogue is None or bool(catalogue.reviewed_by)
        self.translations = catalogue.gettext() if catalogue else gettext.NullTranslations()

    def text(self, message: str, **values: object) -> str:
        """`message` in this language (plain text), with `values` put in its placeholders:
        always filled in, as the templates' are, so "%" is written "%%" in every msgid."""
        return self.translations.gettext(message) % values

    def markup_gettext(self, message: str) -> str:
        """The templates' gettext: a translation escaped, as it is data (a msgid has no markup),
        and English as written (jinja's i18n extension formats either with its escaped values)."""
        return message if self.english else str(escape(self.translations.gettext(message)))

    def markup_ngettext(self, singular: str, plural: str, n: int) -> str:
        """markup_gettext's plural form (no template uses one yet)."""
        translated = self.translations.ngettext(singular, plural, n)
        return translated if self.english else str(escape(translated))

    def date(self, value: PolicyDate, inflected: bool = False) -> str:
        """A policy date as its pages show it: "19 September 2025", "19 września 2025".
        `inflected`: a month inside a sentence ("the end of …"), where Polish takes the
        genitive ("września 2025") and a month on its own the nominative ("wrzesień 2025")."""
        if self.english:
            return str(value)
        if value.term:
            return self.text(TERMS[value.term], year=value.year)
        pattern = "d MMMM y" if value.day else ("MMMM y" if inflected else "LLLL y")
        return format_date(value.first_day(), pattern, locale=self.code)

    def or_list(self, items: Sequence[str]) -> str:
        """A list joined with "or": in English as the letters have always said it ("a, b or
        c", no serial comma), other languages as Babel's CLDR data does ("a, b lub c")."""
        if not self.english:
            return format_list(list(items), style="or", locale=self.code)
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]

    def page_numbers_css(self) -> str:
        """The PDF footer's "Page n of m" in this language, as a CSS rule for document.html
        ("" for English: print/pdf.css says it). Each character of the translation is a CSS
        escape, so no text of a .po file can end the string or the stylesheet."""
        if self.english:
            return ""
        parts = []
        for n, piece in enumerate(_PLACEHOLDER.split(self.translations.gettext(PAGE_OF))):
            if n % 2:
                parts.append(f"counter({'pages' if piece == 'pages' else 'page'})")
            elif piece:
                parts.append('"' + "".join(f"\\{ord(c):06x}" for c in piece.replace("%%", "%")) + '"')
        return f".ps-footer-page::after {{ content: {' '.join(parts)}; }}"


ENGLISH = Chrome()


def pdf_meta(rendered: RenderedOutput, chrome: Chrome) -> dict[str, str]:
    """A page with a PDF: its link, and its print button if it is paper-like (not the
    policy). A translated policy or code page links the English PDF, and says so."""
    output = rendered.output
    english_pdf = not chrome.english and output not in TRANSLATED_PDFS
    meta = {
        "template": "printable.html",
        "pdf": "../" * english_pdf + pdf_href(rendered),
        # Saved as "cambois-parent-letter.pdf": an office serving two schools tells them apart.
        "pdf_download": html.escape(download_name(rendered, "en" if english_pdf else chrome.code)),
        "pdf_label": html.escape(chrome.text((ENGLISH_PDF_LABELS if english_pdf else PDF_LABELS)[output])),
    }
    if output in PRINT_LABELS:
        meta["print_label"] = html.escape(chrome.text(PRINT_LABELS[output]))
    return meta


def pdf_href(rendered: RenderedOutput) -> str:
    """The PDF's address from its page: the PDFs sit in the policy's folder, beside the
    policy's page (site/<slug>/social-media/index.html) and above the others' folders."""
    return "../" * len(PurePosixPath(OUTPUT_URLS[rendered.output]).parts) + OUTPUT_PDFS[rendered.output]


def download_name(rendered: RenderedOutput, language: str = "en") -> str:
    """The file name a PDF link saves as: the school's slug and the document's file name, and
    a translation's language ("cambois-parent-letter-pl.pdf")."""
    name = OUTPUT_PDFS[rendered.output]
    return f"{rendered.school.slug}-{name if language == 'en' else name.replace('.pdf', f'-{language}.pdf')}"


def description(rendered: RenderedOutput, chrome: Chrome = ENGLISH) -> str:
    """The page's own summary for search results and shared links (<meta name="description">,
    og:description in templates/mkdocs/main.html): the document and the school."""
    title, name = plain_title(rendered.title), rendered.school.data["name"]
    return chrome.text(DESCRIPTIONS[rendered.output], title=title, name=name)


def identity(rendered: RenderedOutput, chrome: Chrome = ENGLISH) -> dict[str, Any]:
    """Which document this is, as a signed copy on file must say: its title, the policy's
    latest version and when it was approved, or else published (approval.signed_off: a
    document that gives only a publication date is not said to be approved on it). Each is
    None when the school has none, and the templates leave it out (the declaration and the
    PDF's footer, templates/print/frame.html; `when` is the date, which they show in the
    page's language)."""
    control = rendered.school.data["document_control"]
    versions = control.get("versions") or ()  # manual history, then git's: inputs/history.py
    signed = signed_off(control)
    shown = str(signed.date) if signed else None  # as written: "12 November 2021", "Autumn 2024"
    return {
        "title": plain_title(rendered.title),
        "version": version_label(str(versions[-1]["version"]), chrome) if versions else None,
        "dated": signed.verb if signed else None,  # approved or published
        "date": shown,
        "when": signed.date if signed else None,
        # "approved on 12 November 2021", but "published in September 2020" or "in Autumn 2024"
        "on_a_day": bool(shown and shown[0].isdigit()),
    }


VERSION_CHARS = 30  # the footer never shrinks the version, so a label is kept short enough to fit


def version_label(version: str, chrome: Chrome = ENGLISH) -> str:
    """'3' or '2.1' -> 'Version 3'; a label that is not a bare number ('v2', 'Draft 1') is
    shown as written. At most VERSION_CHARS characters, cut with an ellipsis."""
    label = chrome.text(VERSION, number=version) if version[:1].isdigit() else version
    return label if len(label) <= VERSION_CHARS else label[: VERSION_CHARS - 1].rstrip() + "\u2026"


@functools.lru_cache(maxsize=8192)
def plain_title(markdown_text: str) -> str:
    """Visible text of a one-line Markdown title: markup dropped, entities decoded."""
    return plain_text(MARKDOWN.renderInline(markdown_text))
