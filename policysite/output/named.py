"""Named copies: a school's letter (or staff code) for every pupil (or member of staff) in one
PDF, each reply slip (declaration) filled in with the person's name and class (or role).

Laying out a letter takes WeasyPrint about 0.2 s, so 1,000 letters laid out one by one would
take minutes. The letter is laid out once instead: its fields (frame.html's `ps_slip_*` and
`ps_declaration_*` ids) say where each value goes, named_values.py lays out the values alone,
one small page per person (a WeasyPrint run for every PART people, shared between the cores),
and pypdf puts them together: each page of the letter becomes a Form XObject, stored once and
drawn on every copy's page, with the person's values page drawn over the page with the
fields. The letter's text and fonts are in the file once, whatever the number of copies.
pdfium could do the same, but parses the letter's page again for every copy it is placed on:
minutes for 1,000 copies, where pypdf takes a second (docs/performance.md has the figures).

Printed one-sided (`duplex` False), a copy has no blank page: the slip starts a new sheet
anyway. Printed double-sided, every copy starts on a front (odd) page and the slip stays on a
front page, as the letter's own PDF has it (paper.css), blank pages padding each copy to an
even number.

The copies are for printing: they have the letter's text and look, not the tags and links of
the site's PDF, which stays the accessible one. Everything happens in memory: names are
personal data, and no file, temporary or not, ever holds one (tests/output/test_named.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from io import BytesIO
from itertools import repeat
from pathlib import Path
from typing import Literal

from .. import system
from ..errors import BuildFailed, Finding, Location, error
from ..inputs.roster import Person
from .named_values import Field, PageFields, descendants, values_pdf
from .pdfs import die_with_parent, refusals, workers

Output = Literal["letter", "staff-code"]
# The fields each copy fills in, by the id frame.html gives them, and the Person attribute each shows.
FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "letter": (("ps_slip_child", "name"), ("ps_slip_class", "group")),
    "staff-code": (("ps_declaration_name", "name"), ("ps_declaration_role", "role")),
}
# One-sided, the slip needs only a new page, not a right-hand one: no blank page before it,
# and the footer's "Page n of m" counts the pages a copy has.
ONE_SIDED = "@media print { .ps-slip { break-before: page !important } }"
FRAME = "templates/print/frame.html"
PART = 250  # people whose values one process lays out at a time (named_values.py)
_LETTER = "/PsLetter"  # the letter page's Form XObject, by a name WeasyPrint's resources never use


def named_pdf(
    print_html: str,
    base_url: str,
    logos,
    output: Output,
    people: Sequence[Person],
    duplex: bool,
    *,
    source: str = "the list",
) -> bytes:
    """One copy of the document `print_html` (paper.print_html) for each of `people`, in their
    order, its fields filled in; the PDF's bytes. `logos` as pdfs.logo_table gives them;
    `source`, the list as messages name it (roster.Roster.source): a person whose values no
    installed font can print is an error at their line of it."""
    from weasyprint import CSS, HTML

    from .fetch import ProjectFetcher

    fetcher = ProjectFetcher((Path(base_url),), {name: (data, media) for name, media, data, _ in logos})
    extra = [] if duplex else [CSS(string=ONE_SIDED)]
    document = HTML(string=print_html, base_url=base_url, url_fetcher=fetcher).render(stylesheets=extra)
    if fetcher.refused:
        raise BuildFailed(tuple(refusals(base_url, fetcher.refused)))
    names = FIELDS[output]
    with_fields = fields(document, names)
    values = [tuple(getattr(person, attribute) for _, attribute in names) for person in people]
    size = (document.pages[0].width, document.pages[0].height)
    shown, unprintable = _values_pdfs([page for _, page in with_fields], values, size)
    if unprintable:
        raise BuildFailed(tuple(_unprintable(source, people[index]) for index in unprintable))
    pages = copy_pages(document, duplex)
    return _assemble(document.write_pdf(), shown, pages, {i for i, _ in with_fields}, len(people))


def _values_pdfs(pages: list[PageFields], values: list[tuple[str, ...]], size: tuple[float, float]):
    """The values pages (named_values.py), most of the time named copies take, laid out in
    parts of PART people, the parts shared between forked workers, one a core (pdfs.py's
    start: they end with this process), each handed back as PDF bytes, never as a file.
    Parts of a fixed size, not one a core: the same list makes the same PDF on any machine.
    Also which people (by index) have a value no installed font can draw."""
    parts = [values[i : i + PART] for i in range(0, len(values), PART)] or [[]]
    processes = min(workers(), len(parts))
    if processes == 1:
        done = [values_pdf(pages, part, size) for part in parts]
    else:
        context = system.process_context()
        with ProcessPoolExecutor(processes, mp_context=context, initializer=die_with_parent) as pool:
            done = list(pool.map(values_pdf, repeat(pages), parts, repeat(size)))
    unprintable = [number * PART + index for number, (_, missing) in enumerate(done) for index in missing]
    return [pdf for pdf, _ in done], unprintable


def _unprintable(source: str, person: Person) -> Finding:
    """A person whose copy would show empty boxes: located by the list's line, never quoted
    (it is personal data), and nothing is written."""
    return Finding(
        "error",
        Location(source, person.line),
        "a name, class or role on this line has letters no font on this computer can print: "
        "its copy would show empty boxes where they are",
        "Install a font for its alphabet (on Debian or Ubuntu: `sudo apt install fonts-noto-core`, and "
        "`fonts-noto-cjk` for Chinese, Japanese or Korean), then run letters again. No PDF was written.",
        quote=False,
    )


def fields(document, names: tuple[tuple[str, str], ...]) -> list[tuple[int, PageFields]]:
    """The laid-out document's pages that have fields, in order, each with its fields and the
    index of each field's value. A field missing from the document is frame.html's fault."""
    found: dict[str, tuple[int, Field]] = {}
    for index, page in enumerate(document.pages):
        wanted = {id_ for id_, _ in names if id_ in page.anchors and id_ not in found}
        for box in descendants(page._page_box) if wanted else ():
            id_ = box.element.get("id") if box.element is not None else None
            if id_ in wanted:  # the element's outermost box comes first
                wanted.discard(id_)
                found[id_] = (index, _field(id_, page.anchors[id_], box.style))
    missing = [id_ for id_, _ in names if id_ not in found]
    if missing:
        raise BuildFailed(
            tuple(
                error(
                    Location(FRAME),
                    f"the document has no field with the id `{id_}`: named copies set a value into it",
                    "Put the id back on its <dd> in the macro `reply_slip` or `declaration` (git diff templates/).",
                )
                for id_ in missing
            )
        )
    by_page: dict[int, list[tuple[Field, int]]] = {}
    for number, (id_, _) in enumerate(names):
        index, field = found[id_]
        by_page.setdefault(index, []).append((field, number))
    return sorted(by_page.items())


def _field(id_: str, anchor: tuple[float, float, float, float], style) -> Field:
    left, top, right, bottom = anchor  # the element's border box, CSS px from the page's top-left
    family, size = tuple(style["font_family"]), float(style["font_size"])
    return Field(id_, left, top, right, bottom, float(style["border_bottom_width"]), family, size)


def copy_pages(document, duplex: bool) -> list[int | None]:
    """The document's pages one copy prints, by index; None for a blank page added.
    One-sided, no page WeasyPrint left blank; double-sided, all of them, and a blank page
    to end on an even page, so the next copy starts on a front."""
    if not duplex:
        return [index for index, page in enumerate(document.pages) if not page._page_box.page_type.blank]
    pages: list[int | None] = list(range(len(document.pages)))
    return pages + [None] * (len(pages) % 2)


def _assemble(letter_pdf: bytes, values: list[bytes], pages: list[int | None], with_fields: set[int], count: int):
    """`count` copies of the letter's `pages`; each page with fields is the next values page,
    the letter's page drawn under it."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    letter = PdfReader(BytesIO(letter_pdf))
    writer = PdfWriter()
    forms = [_form(writer, page) for page in letter.pages]
    shown = (page for part in values for page in PdfReader(BytesIO(part)).pages)
    size = letter.pages[-1].mediabox
    for _ in range(count):
        for index in pages:
            if index is None:
                writer.add_blank_page(size.width, size.height)
                continue
            box = letter.pages[index].mediabox
            if index in with_fields:
                page = writer.add_page(next(shown))
            else:
                page = writer.add_blank_page(box.width, box.height)
            _underlay(writer, page, forms[index])
    info: dict = dict(letter.metadata or {})
    writer.add_metadata({key: info[key] for key in ("/Title", "/Author") if key in info})
    if "/Lang" in letter.root_object:
        writer.root_object[NameObject("/Lang")] = letter.root_object["/Lang"]
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def _form(writer, page):
    """The page as a Form XObject of the writer: its content and resources, stored once."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

    form = DecodedStreamObject()
    form.set_data(page.get_contents().get_data() if page.get_contents() is not None else b"")
    form = form.flate_encode()
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(page.mediabox)
    if "/Resources" in page:
        form[NameObject("/Resources")] = page["/Resources"].clone(writer)
    return writer._add_object(form)


def _underlay(writer, page, form) -> None:
    """Draw `form` first on `page`, under what the page draws itself (a values page's values)."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    resources = DictionaryObject(page["/Resources"].get_object()) if "/Resources" in page else DictionaryObject()
    xobjects = resources.get("/XObject")
    xobjects = DictionaryObject(xobjects.get_object()) if xobjects is not None else DictionaryObject()
    xobjects[NameObject(_LETTER)] = form
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    own = page.get_contents()
    content = DecodedStreamObject()
    content.set_data(f"q {_LETTER} Do Q\n".encode() + (own.get_data() if own is not None else b""))
    page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
