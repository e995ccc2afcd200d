"""Named copies (output/named.py): a seed school's letter and staff code, and the mini letter
(one page and its slip), with each person's name set into the slip or the declaration. All
read back from the PDF's bytes with pdfium, page by page: whose name is on which page, how
many pages a copy has one- and double-sided, and where the name is drawn, against the
field's box as WeasyPrint lays out the document on its own."""

from __future__ import annotations

import ctypes
import os
import subprocess
import tempfile
import unicodedata
from io import BytesIO

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from pypdf import PdfReader

from policysite.errors import BuildFailed
from policysite.inputs.roster import Person
from policysite.output import named as named_module
from policysite.output.fetch import ProjectFetcher
from policysite.output.named import named_pdf
from policysite.output.pipeline import prepare, print_inputs
from policysite.pages.paper import Paper
from policysite.project import open_project

from ..helpers import ROOT, mini_copy, reproducible_env

SCHOOL = "the-avenue"
PUPILS = [
    Person(2, "Aoife", "O'Brien", "Year 3", "3", ""),
    Person(3, "Zoë", "Smith", "Year 10", "10", ""),
    Person(4, "Łukasz", "Nowak", "Year 2", "2", ""),
    Person(5, "Minh", "Nguyễn", "Reception", "R", ""),
    Person(6, "Siobhán", "Murphy", "3M", "3", ""),
    Person(7, "Amelia", "Smith-Jones", "Year 6", "6", ""),
    Person(8, "María José", "García López", "Year 4", "4", ""),
]
STAFF = [
    Person(2, "Siobhán", "O'Brien", "", "", "Teaching assistant"),
    Person(3, "Łukasz", "Nguyễn-Smith", "", "", "Governor"),
]
LONG = Person(9, "Alexandria-Maximiliana", "Featherstonehaugh-Cholmondeley-Wolffe", "Year 5", "5", "")
assert len(LONG.name) == 60
FIELDS = {"letter": ("ps_slip_child", "ps_slip_class"), "staff-code": ("ps_declaration_name", "ps_declaration_role")}
PX = 0.75  # points per CSS pixel
FOOTER_TOP = 16 * 72 / 25.4  # pdf.css: the bottom margin, where only the running footer is drawn


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """(slug, output) -> named_pdf's first three arguments, as `letters` gets them: the seed
    schools' and the mini school's (a one-page letter, whose slip follows a blank page)."""
    mini = mini_copy(tmp_path_factory.mktemp("named") / "mini", {"mini": "name: Mini School\n"})
    inputs = {}
    with reproducible_env():
        for root in (ROOT, mini):
            project = open_project(root)
            paper = Paper(project.templates_dir)
            for rendered in prepare(project, [])[2]:
                if rendered.output != "policy" and rendered.language == "en":  # as `letters` takes them
                    page = paper.page(rendered)
                    inputs[rendered.school.slug, rendered.output] = print_inputs(
                        paper, rendered, page, project.templates_dir
                    )
    return inputs


def named(printed, slug, output, people, duplex=False) -> pdfium.PdfDocument:
    print_html, base_url, logos = printed[slug, output]
    return pdfium.PdfDocument(named_pdf(print_html, base_url, logos, output, people, duplex))


def text(page) -> str:
    return unicodedata.normalize("NFC", page.get_textpage().get_text_range())


def body_text(page) -> str:
    """The page's text above the footer's margin."""
    width, height = page.get_size()
    return page.get_textpage().get_text_bounded(0, FOOTER_TOP, width, height).strip()


def lines(page) -> list[str]:
    return [line.strip() for line in text(page).splitlines() if line.strip()]


def test_each_pupil_s_name_and_class_are_on_their_own_copy_s_slip_in_the_list_s_order(printed):
    document = named(printed, SCHOOL, "letter", PUPILS)
    per_copy = len(document) // len(PUPILS)
    for number, pupil in enumerate(PUPILS):
        pages = [document[i] for i in range(number * per_copy, (number + 1) * per_copy)]
        slip = pages[-1]
        assert "Reply slip" in text(slip)
        assert pupil.name in lines(slip) and pupil.group in lines(slip)
        others = [p.name for p in PUPILS if p is not pupil]
        assert not any(other in text(page) for page in pages for other in others)
        assert not any(pupil.name in text(page) for page in pages[:-1])  # on the slip only


def test_the_parent_s_name_signature_and_date_stay_blank(printed):
    """The slip's text is the letter's own slip and the child's two values, nothing else."""
    document = named(printed, SCHOOL, "letter", PUPILS[:1])
    blank = named(printed, SCHOOL, "letter", [Person(2, "", "", "", "", "")])
    assert len(document) == len(blank)
    added = [line for line in lines(document[len(document) - 1]) if line not in lines(blank[len(blank) - 1])]
    assert added == [PUPILS[0].name, PUPILS[0].group]


def test_each_member_of_staff_s_name_and_role_are_in_the_declaration_on_their_copy_s_last_page(printed):
    document = named(printed, SCHOOL, "staff-code", STAFF)
    per_copy = len(document) // len(STAFF)
    assert per_copy * len(STAFF) == len(document) and per_copy >= 2
    for number, person in enumerate(STAFF):
        last = document[(number + 1) * per_copy - 1]
        assert "Declaration" in text(last)
        assert person.name in lines(last) and person.role in lines(last)
        assert person.name not in text(document[number * per_copy])


def slip_pages(document) -> list[int]:
    return [i for i in range(len(document)) if "Reply slip" in body_text(document[i])]


def test_one_sided_the_mini_letter_is_two_pages_a_copy_with_no_blank_page(printed):
    document = named(printed, "mini", "letter", PUPILS[:3])
    assert len(document) == 2 * 3
    assert slip_pages(document) == [1, 3, 5]
    assert all(body_text(document[i]) for i in range(len(document)))
    assert "Page 2 of 2" in text(document[1])  # its footer counts the pages the copy has


def test_double_sided_each_mini_letter_starts_on_a_front_and_its_slip_is_on_a_front(printed):
    document = named(printed, "mini", "letter", PUPILS[:3], duplex=True)
    assert len(document) == 4 * 3
    assert slip_pages(document) == [2, 6, 10]  # page 3 of each copy: a front side
    assert [i for i in range(len(document)) if body_text(document[i]) == ""] == [1, 3, 5, 7, 9, 11]
    for number, pupil in enumerate(PUPILS[:3]):
        assert pupil.name in text(document[4 * number + 2])


def test_double_sided_a_seed_letter_and_staff_code_copy_has_an_even_number_of_pages(printed):
    one_sided = {output: len(named(printed, SCHOOL, output, PUPILS[:1])) for output in FIELDS}
    for output in FIELDS:
        document = named(printed, SCHOOL, output, PUPILS[:2], duplex=True)
        per_copy = one_sided[output] + one_sided[output] % 2
        assert len(document) == 2 * per_copy
        filled = [i for i in range(len(document)) if PUPILS[0].name in text(document[i])]
        assert filled == [one_sided[output] - 1] and filled[0] % 2 == 0  # the copy's last page of text, a front
        assert PUPILS[1].name in text(document[per_copy + one_sided[output] - 1])


def field_boxes(print_html, base_url, logos, output) -> dict[str, tuple[float, float, float, float]]:
    """Each field's box (left, bottom, right, top) in PDF points, from WeasyPrint's own layout of
    the document, as its page would be printed without any name in it."""
    from weasyprint import HTML

    fetcher = ProjectFetcher((ROOT / "templates",), {name: (data, media) for name, media, data, _ in logos})
    document = HTML(string=print_html, base_url=base_url, url_fetcher=fetcher).render()
    boxes = {}
    for page in document.pages:
        for id_ in FIELDS[output]:
            if id_ in page.anchors:
                left, top, right, bottom = page.anchors[id_]
                height = page.height * PX
                boxes[id_] = (left * PX, height - bottom * PX, right * PX, height - top * PX)
    return boxes


def drawn(page, value: str) -> tuple[list[tuple[float, float, float, float]], list[float]]:
    """The boxes and baselines of the characters of `value`'s words as drawn on the page."""
    textpage = page.get_textpage()
    boxes, baselines, after = [], [], 0
    for word in value.split():  # each word after the one before: a wrapped value is on two lines
        found = textpage.search(word, index=after).get_next()
        assert found, f"{word!r} is not on the page"
        start, count = found
        after = start + count
        for i in range(start, start + count):
            x, y = ctypes.c_double(), ctypes.c_double()
            raw.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
            boxes.append(textpage.get_charbox(i))
            baselines.append(y.value)
    return boxes, baselines


def assert_inside(page, box: tuple[float, float, float, float], value: str, lines: int = 1) -> None:
    """Every character of `value` inside the field's box and above its rule, the first at
    the field's left; on `lines` lines."""
    left, bottom, right, top = box
    rule = bottom + PX  # the field's rule: its 1px bottom border
    chars, baselines = drawn(page, value)
    assert all(char[0] >= left and char[2] <= right for char in chars), f"{value!r} leaves its field sideways"
    assert all(char[1] >= rule and char[3] <= top for char in chars), f"{value!r} leaves its field up or down"
    assert 0 < chars[0][0] - left < 8, f"{value!r} does not start at its field's left"
    assert all(rule < baseline < top for baseline in baselines)
    assert len({round(b, 1) for b in baselines}) == lines, f"{value!r} is not on {lines} line(s)"


@pytest.mark.parametrize(
    ("output", "person"),
    [("letter", PUPILS[3]), ("letter", LONG), ("staff-code", STAFF[1])],
    ids=["pupil", "60-characters", "staff"],
)
def test_each_value_is_drawn_inside_its_field_left_aligned_above_its_rule(printed, output, person):
    boxes = field_boxes(*printed[SCHOOL, output], output)
    document = named(printed, SCHOOL, output, [person])
    page = document[len(document) - 1]
    values = (person.name, person.group if output == "letter" else person.role)
    for id_, value in zip(FIELDS[output], values, strict=True):
        assert_inside(page, boxes[id_], value)


def font_size(page, value: str) -> float:
    textpage = page.get_textpage()
    start, _ = textpage.search(value.split()[0]).get_next()
    return raw.FPDFText_GetFontSize(textpage.raw, start)


def test_a_name_too_long_for_its_field_is_set_smaller_on_one_line(printed):
    boxes = field_boxes(*printed[SCHOOL, "letter"], "letter")
    long_name = Person(9, "Alexandra-Maximiliana Featherstonehaugh", "Cholmondeley-Wolfe " * 3, "Year 5", "5", "")
    document = named(printed, SCHOOL, "letter", [PUPILS[0], long_name])
    first, second = document[len(document) // 2 - 1], document[len(document) - 1]
    assert font_size(second, long_name.name) < font_size(first, PUPILS[0].name)
    assert font_size(second, "Year 5") == font_size(first, PUPILS[0].group)  # only the value too long
    assert_inside(second, boxes["ps_slip_child"], long_name.name)


def test_a_name_of_200_characters_wraps_onto_two_lines_inside_its_field(printed):
    boxes = field_boxes(*printed[SCHOOL, "letter"], "letter")
    forename, surname = ("Maximiliana " * 9)[:100].strip(), ("Featherstonehaugh " * 6)[:100].strip()
    person = Person(9, forename, surname, "Year 5", "5", "")
    document = named(printed, SCHOOL, "letter", [person])
    assert_inside(document[len(document) - 1], boxes["ps_slip_child"], person.name, lines=2)


def test_the_same_list_gives_the_same_bytes(printed):
    first = named_pdf(*printed[SCHOOL, "letter"], "letter", PUPILS, True)
    assert named_pdf(*printed[SCHOOL, "letter"], "letter", PUPILS, True) == first


def test_a_list_laid_out_in_parts_by_several_processes_gives_the_same_copies_in_order(printed, monkeypatch):
    """A long list's values are laid out in parts of named.PART people, by forked workers:
    three parts here, each of at most three pupils."""
    whole = named(printed, SCHOOL, "letter", PUPILS)
    monkeypatch.setattr(named_module, "PART", 3)
    parts = named(printed, SCHOOL, "letter", PUPILS)
    assert [text(page) for page in parts] == [text(page) for page in whole]


def test_pypdf_reads_it_too(printed):
    data = named_pdf(*printed[SCHOOL, "staff-code"], "staff-code", STAFF, False)
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) == len(pdfium.PdfDocument(data))
    assert STAFF[0].role in reader.pages[len(reader.pages) // 2 - 1].extract_text()


def test_the_letter_is_stored_once_however_many_copies(printed):
    """Forty copies weigh far less than forty letters: the letter's pages and fonts are in
    the file once, each copy adds its pages and its values."""
    one = len(named_pdf(*printed[SCHOOL, "letter"], "letter", PUPILS[:1], False))
    forty = len(named_pdf(*printed[SCHOOL, "letter"], "letter", PUPILS[:1] * 40, False))
    assert forty - one < 39 * one / 5, (one, forty)


def test_no_file_ever_holds_a_name(printed, tmp_path, monkeypatch):
    """Not a temporary file, nor any other under a fresh temporary folder, laid out in one
    process or in parts by workers."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(named_module, "PART", 1)
    distinctive = Person(2, "Quillonfrey", "Zxyvantrobe", "Year 9", "9", "")
    data = named_pdf(*printed[SCHOOL, "letter"], "letter", [PUPILS[0], distinctive], False)
    document = pdfium.PdfDocument(data)
    assert distinctive.surname in text(document[len(document) - 1])
    for path in folder.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            for encoded in (distinctive.surname.encode(), distinctive.surname.encode("utf-16-be")):
                assert encoded not in content, path
    assert not os.listdir(folder) or all(p.is_dir() for p in folder.rglob("*"))


def test_a_template_without_the_field_ids_is_a_located_error(printed):
    html, base_url, logos = printed[SCHOOL, "letter"]
    assert 'id="ps_slip_class"' in html
    with pytest.raises(BuildFailed) as failed:
        named_pdf(html.replace('id="ps_slip_class"', ""), base_url, logos, "letter", PUPILS[:1], False)
    [finding] = failed.value.findings
    assert str(finding.location) == "templates/print/frame.html" and "ps_slip_class" in finding.message
    assert finding.hint


def test_a_document_naming_a_file_outside_templates_is_refused_and_located(printed):
    """The letter is laid out with the build's fetcher (fetch.py): a file elsewhere on this
    machine is neither read into the copies nor passed over in silence."""
    html, base_url, logos = printed[SCHOOL, "letter"]
    with pytest.raises(BuildFailed) as failed:
        named_pdf(
            html.replace("</article>", '<img src="file:///etc/hostname" alt=""></article>'),
            base_url,
            logos,
            "letter",
            PUPILS[:1],
            False,
        )
    [finding] = failed.value.findings
    assert "may not load `file:///etc/hostname`" in finding.message and finding.hint


def has_font_for(lang: str) -> bool:
    listed = subprocess.run(["fc-list", f":lang={lang}"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


@pytest.mark.skipif(has_font_for("zh"), reason="this machine has a Chinese font: the name prints as written")
@pytest.mark.parametrize("parts", [250, 1], ids=["one-process", "in-parts"])
def test_a_name_no_installed_font_can_print_is_an_error_at_its_line_not_empty_boxes(printed, monkeypatch, parts):
    monkeypatch.setattr(named_module, "PART", parts)
    chinese = Person(4, "芳", "王", "3B", "3", "")
    with pytest.raises(BuildFailed) as failed:
        named_pdf(*printed[SCHOOL, "letter"], "letter", [PUPILS[0], PUPILS[1], chinese], False, source="pupils.csv")
    [finding] = failed.value.findings
    assert str(finding.location) == "pupils.csv:4:1" and "font" in finding.message and "fonts-noto" in finding.hint
    assert not finding.quote and "王" not in finding.message + finding.hint


def test_names_in_latin_greek_and_cyrillic_letters_print(printed):
    people = [Person(2, "Ζωή", "Παπαδοπούλου", "5A", "5", ""), Person(3, "Дмитрий", "Иванов", "5A", "5", "")]
    document = named(printed, SCHOOL, "letter", [*PUPILS, *people])
    assert people[1].name in text(document[len(document) - 1])
