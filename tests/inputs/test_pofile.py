"""A fuzzy entry's previous English (`#| msgid`) survives a write and a read whole: Poedit
and Weblate show a translator what changed from it. Babel's own writer wrapped a long one
twice and kept only '"\\" \\"We will always ask…' of it."""

from policysite.inputs.pofile import PoCatalog, parse_po, plain_units, po_bytes

OLD = (
    "We will always ask for any untrue or offensive posts to be removed.\n"
    '{%- if "legal_advice" in actions %} In a very serious case, we will take legal advice if we need to.'
    '{% endif %} Our {{ school.document_control.title or "Social Media Policy" }} explains all the steps.'
)
NEW = OLD.replace("{{ school.document_control.title or", "{{ school.title or")


def _written(previous: str) -> str:
    catalog = PoCatalog(locale="pl", fuzzy=False)
    catalog.add(NEW, "Zawsze…", context="letter-what-we-will-do", flags=["fuzzy"], previous_id=[previous])
    plain_units(catalog)  # as `translations update` writes a document's unit: no format flags
    return po_bytes(catalog).decode("utf-8")


def test_a_long_previous_msgid_is_written_as_quoted_lines_and_read_back_whole():
    text = _written(OLD)
    assert '#| msgid ""\n#| "We will always ask for any untrue or offensive posts to be removed.\\n"\n' in text
    catalog, _, problems = parse_po(text, "pl.po", "pl")
    assert problems == [] and catalog is not None
    message = catalog.get(NEW, context="letter-what-we-will-do")
    assert message.fuzzy and message.previous_id == [OLD]


def test_writing_what_was_read_gives_the_same_bytes():
    text = _written(OLD)
    catalog, _, _ = parse_po(text, "pl.po", "pl")
    plain_units(catalog)
    assert po_bytes(catalog).decode("utf-8") == text


def test_a_short_previous_msgid_stays_on_one_line():
    text = _written("Thank you.")
    assert '#, fuzzy\n#| msgid "Thank you."\nmsgctxt "letter-what-we-will-do"\n' in text


def test_a_fuzzy_plural_entry_keeps_its_previous_singular_and_plural_through_a_write_and_a_read():
    catalog = PoCatalog(locale="pl", fuzzy=False)
    catalog.add(
        ("%(count)s new page", "%(count)s new pages"),
        ("%(count)s nowa strona", "%(count)s nowe strony", "%(count)s nowych stron"),
        flags=["fuzzy"],
        previous_id=["%(count)s page", "%(count)s pages"],
    )
    text = po_bytes(catalog).decode("utf-8")
    assert (
        '#| msgid "%(count)s page"\n#| msgid_plural "%(count)s pages"\n'
        'msgid "%(count)s new page"\nmsgid_plural "%(count)s new pages"\n'
    ) in text
    read, _, problems = parse_po(text, "pl.po", "pl")
    assert problems == [] and read is not None
    assert read.get("%(count)s new page").previous_id == ["%(count)s page", "%(count)s pages"]
    assert po_bytes(read).decode("utf-8") == text
