"""Issue 10: which links a school may write, and what its Markdown may not hold, as the
renderer's own parser (markdown-it) reads it."""

from __future__ import annotations

import pytest

from policysite.inputs.mdscan import has_visible_text, link_problem, suspects

GOOD_LINKS = [
    "https://good.example",
    "HTTPS://GOOD.EXAMPLE/Policies",
    "https://good.example:8443/a/b?q=1&r=2#part",
    "https://good.example/a_(b)",
    "https://good.example/search?filter[type]=policy",
    "https://[2001:db8::1]/",
    "https://école.example/café",
    "mailto:office@good.example",
    "mailto:office@good.example?subject=Hello",
    "tel:+441234567890",
    "tel:01234-567890",
    "tel:(01234).567890",
]
BAD_LINKS = [
    ("contact.md", "a link within the site or to a file"),
    ("/contact/", "a link within the site or to a file"),
    ("//evil.example/x", "a link within the site or to a file"),
    ("#top", "a link within the site or to a file"),
    ("../../etc/passwd", "a link within the site or to a file"),
    ("www.good.example", "does not start with https:// (write https://www.good.example)"),
    ("good.example/contact", "does not start with https://"),
    ("http://good.example", "which is not secure: use https://"),
    ("javascript:alert(1)", "`javascript:` links are not allowed"),
    ("JaVaScRiPt:alert(1)", "`JaVaScRiPt:` links are not allowed"),
    ("data:text/html,<b>x</b>", "it contains `<`"),
    ("data:text/html;base64,PHNjcmlwdD4=", "`data:` links are not allowed"),
    ("vbscript:msgbox", "`vbscript:` links are not allowed"),
    ("file:///etc/passwd", "`file:` links are not allowed"),
    ("https:good.example", "there is no host name after `https://`"),
    ("https:/good.example", "there is no host name"),
    ("https://", "there is no host name"),
    ("https:///etc/passwd", "there is no host name"),
    ("https://good.example@evil.example/", "hides where the link goes"),
    ("https://evil.example%2F@good.example", "hides where the link goes"),
    ("https://good.example:99999/", "not a well-formed address"),
    ("https://[::1", "not a well-formed address"),
    ("https://good.example/a b", "it contains a space"),
    ('https://good.example/"onmouseover="x', 'it contains `"`'),
    ("https://good.example/'", "it contains `'`"),
    ("https:\\\\evil.example", "it contains `\\`"),
    ("https://a.example/){:onclick=alert(1)}[Help](javascript:alert(1)", "it contains `{`"),
    ("https://good.example/\t", "it contains U+0009 (a tab)"),
    ("https://good.example/\u202e", "it contains U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ("https://good.example/\u200b", "it contains U+200B (ZERO WIDTH SPACE)"),
    ("mailto:", "there is no email address after `mailto:`"),
    ("mailto:nobody", "there is no email address"),
    ("tel:javascript:alert(1)", "a tel: link holds only a phone number"),
]


@pytest.mark.parametrize("link", GOOD_LINKS)
def test_full_https_mailto_and_tel_links_are_allowed(link):
    assert link_problem(link) is None


@pytest.mark.parametrize("link, reason", BAD_LINKS, ids=[link for link, _ in BAD_LINKS])
def test_every_other_link_is_refused_with_its_reason(link, reason):
    assert reason in (link_problem(link) or "")


def kinds(markdown: str) -> list[tuple[str, str]]:
    return [(kind, needle) for kind, needle, _ in suspects(markdown)]


@pytest.mark.parametrize(
    "markdown",
    [
        "![logo](https://good.example/logo.png)",  # from another site: a request from every reader
        "![x](/etc/hostname)",  # from the build machine
        "![x](logo.png)",
        "![x][logo]\n\n[logo]: https://good.example/logo.png",
        "[![x](https://good.example/a.png)](https://good.example)",  # inside a link
        "![](<>)",
    ],
)
def test_images_are_refused_whatever_their_source(markdown):
    assert ("image", "![") in kinds(markdown)


@pytest.mark.parametrize(
    "markdown, written",
    [
        ("[a](jav&#x61;script:alert(1))", "jav&#x61;script:alert(1)"),  # markdown-it decodes it
        ("[a](&#106;avascript:alert(1))", "&#106;avascript:alert(1)"),
        ("[a](java&#9;script:alert(1))", "java&#9;script:alert(1)"),  # browsers drop the tab
        ("[a](<java script:x>)", "java script:x"),
        ("[a](javascript\\:alert(1))", "javascript\\:alert(1)"),
        ("[a][r]\n\n[r]: javascript:alert(1)", "javascript:alert(1)"),
        ("[a][r]\n\n[r]: jav&#x61;script:alert(1)", "jav&#x61;script:alert(1)"),
        ("<javascript:alert(1)>", "javascript:alert(1)"),  # an autolink
        ("[a](contact.md)", "contact.md"),
        ("[a]()", ""),
    ],
)
def test_links_are_checked_as_the_renderer_decodes_them_and_reported_as_written(markdown, written):
    assert kinds(markdown) == [("link", written)]


@pytest.mark.parametrize(
    "markdown",
    [
        "Write to <office@good.example> or see <https://good.example/contact>.",
        'See [our page](https://good.example "the school\'s site") or call [us](tel:+441234567890).',
        "Use `[x](contact.md)` or `<b>` in a code span: they are shown, not followed.",
        "An unused [ref]: javascript:alert(1) line is text.",
    ],
)
def test_autolinks_full_links_and_code_pass(markdown):
    assert kinds(markdown) == []


@pytest.mark.parametrize(
    "markdown, char",
    [
        ("a &#x202E; b", "\u202e"),
        ("a &#8203; b", "\u200b"),
        ("a &ZeroWidthSpace; b", "\u200b"),
        ("a &#13; b", "\r"),
        ('[a](https://good.example "t&#x2066;")', "\u2066"),
    ],
)
def test_character_references_that_write_refused_characters_are_found(markdown, char):
    found = [(kind, needle, reason) for kind, needle, reason in suspects(markdown) if kind == "character"]
    assert len(found) == 1 and found[0][2] == char and found[0][1].startswith("&") and found[0][1] in markdown


def test_character_references_in_code_are_shown_as_written():
    assert kinds("`&#x202E;`") == []


@pytest.mark.parametrize(
    "markdown, visible",
    [
        (" ", False),
        ("&nbsp;", False),
        ("---", False),
        ("\u00ad", False),
        ("- ", False),
        ("#", False),
        ("> ", False),
        ("&#x3164;", False),
        ("x", True),
        ("`x`", True),
        ("    code", True),
        ("# Heading", True),
    ],
)
def test_visible_text(markdown, visible):
    assert has_visible_text(markdown) is visible


def test_links_written_with_references_are_found_in_one_pass(monkeypatch):
    """A thousand `&#106;s:` links once took three minutes: each was looked for in the whole text."""
    from policysite.inputs import mdscan

    calls = []
    real = mdscan.parseLinkDestination
    monkeypatch.setattr(mdscan, "parseLinkDestination", lambda *args: calls.append(1) or real(*args))
    markdown = "".join(f"[a](&#106;s:x{i}) " for i in range(1000))
    found = list(suspects(markdown))
    assert [needle for _, needle, _ in found] == [f"&#106;s:x{i}" for i in range(1000)]
    assert len(calls) == 1000  # one per link written, not one per link and place


def test_the_check_parses_school_markdown_as_the_renderer_does():
    """Same rules, same options but `html` (on, so HTML is found and reported)."""
    from policysite.inputs import mdscan
    from policysite.pages import markup

    assert mdscan._SCANNER.get_active_rules() == markup.MARKDOWN.get_active_rules()
    differ = {key for key, value in mdscan._SCANNER.options.items() if markup.MARKDOWN.options.get(key) != value}
    assert differ == {"html"}


def test_a_link_a_table_cell_makes_of_what_a_paragraph_reads_as_code_is_checked():
    markdown = "| h | i | j |\n|---|---|---|\n| `a | [x](contact.md) | b` |\n"
    assert kinds(markdown) == [("link", "contact.md")]


@pytest.mark.parametrize(
    "markdown",
    [
        '[our rules](https://a.example/ "<img src=x onerror=alert(document.cookie)>")',
        "[our rules](https://a.example/ '<b>x</b>')",
        '[our rules][r]\n\n[r]: https://a.example/ "a <b"',
    ],
)
def test_a_link_title_holding_markup_is_refused(markdown):
    """mkdocs-material makes a link's tooltip from its title as HTML: the sanitiser drops such
    a title, and the input check says so where it is written."""
    found = [(kind, reason) for kind, _, reason in suspects(markdown)]
    assert found and found[0][0] == "link" and "title" in found[0][1], found


@pytest.mark.parametrize("title", ["Our rules, in full", "a & b > c"])
def test_a_plain_link_title_is_fine(title):
    assert list(suspects(f'[our rules](https://a.example/ "{title}")')) == []
