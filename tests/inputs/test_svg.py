"""An SVG logo: what an attacker could put in one is refused by name and line, never quietly
dropped; what a drawing needs is written again the same way every time."""

from __future__ import annotations

import pytest

from policysite.inputs import svg

from .identity_support import SQUARE, only_error, with_logo

OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


def _chain(element: str, attribute: str, depth: int) -> str:
    """`depth` <clipPath>s (or <mask>s), each of two rects clipped (or masked) by the next."""
    parts = []
    for n in range(depth):
        by = f' {attribute}="url(#p{n + 1})"' if n + 1 < depth else ""
        parts.append(f'<{element} id="p{n}"><rect{by}/><rect{by}/></{element}>')
    return "<defs>" + "".join(parts) + f'</defs><rect {attribute}="url(#p0)"/>'


ATTACKS = {
    "xxe": (
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        + OPEN
        + "<text>&x;</text></svg>",
        "has a <!DOCTYPE> (line 2)",
    ),
    "billion-laughs": (
        '<!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        + OPEN
        + "<text>&b;</text></svg>",
        "has a <!DOCTYPE>",
    ),
    "parameter-entity": (
        '<!DOCTYPE svg [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p;]>' + OPEN + "</svg>",
        "<!DOCTYPE>",
    ),
    "undeclared-entity": (OPEN + "<text>&nbsp;</text></svg>", "is not a valid SVG file: undefined entity"),
    "stylesheet": ('<?xml-stylesheet href="https://evil.example/x.css"?>' + OPEN + "</svg>", "<?xml-stylesheet …?>"),
    "script": (OPEN + "\n<script>alert(1)</script></svg>", "holds the element <script> (line 2)"),
    "onload": (OPEN.replace("<svg ", '<svg onload="alert(1)" ') + "</svg>", 'attribute onload="alert(1)" on <svg>'),
    "onclick-caps": (OPEN + '<rect ONCLICK="alert(1)"/></svg>', "attribute ONCLICK"),
    "javascript-a": (OPEN + '<a xlink:href="javascript:alert(1)"><rect/></a></svg>', "holds the element <a>"),
    "javascript-use": (OPEN + '<use xlink:href="javascript:alert(1)"/></svg>', 'xlink:href="javascript:alert(1)"'),
    "remote-use": (OPEN + '<use href="https://evil.example/x.svg#a"/></svg>', "may link only to a part of itself"),
    "href-on-rect": (OPEN + '<rect id="r"/><rect href="#r"/></svg>', "may link only to a part of itself"),
    "image": (OPEN + '<image href="https://evil.example/track.png"/></svg>', "holds the element <image>"),
    "foreign-object": (OPEN + "<foreignObject><p>hi</p></foreignObject></svg>", "holds the element <foreignObject>"),
    "animate": (OPEN + '<rect><animate attributeName="fill" to="red"/></rect></svg>', "holds the element <animate>"),
    "set": (OPEN + '<rect><set attributeName="x" to="1"/></rect></svg>', "holds the element <set>"),
    "style-element": (OPEN + "<style>rect{fill:url(https://evil.example/)}</style></svg>", "holds the element <style>"),
    "style-attribute": (OPEN + '<rect style="fill:red"/></svg>', 'attribute style="fill:red"'),
    "class": (OPEN + '<rect class="a"/></svg>', 'attribute class="a"'),
    "remote-url-fill": (OPEN + '<rect fill="url(https://evil.example/x.svg#g)"/></svg>', "`:` is not allowed"),
    "url-not-an-id": (OPEN + '<rect fill="url(x.svg)"/></svg>', "url(…) may point only at an #id"),
    "css-escape": (OPEN + '<rect fill="\\75 rl(x)"/></svg>', "`\\` is not allowed"),
    "css-declarations": (OPEN + '<rect fill="red;background:blue"/></svg>', "`;` is not allowed"),
    "css-function": (OPEN + '<rect fill="expression(alert(1))"/></svg>', "`expression(` is not a drawing value"),
    "data-uri": (OPEN + '<use xlink:href="data:image/svg+xml,&lt;svg/&gt;"/></svg>', "may link only to a part"),
    "xml-base": (OPEN + '<rect xml:base="https://evil.example/"/></svg>', "attribute xml:base"),
    "inkscape": (
        OPEN.replace("<svg ", '<svg xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" ')
        + '<g inkscape:label="Layer 1"/></svg>',
        'attribute inkscape:label="Layer 1"',
    ),
    "html-namespace": (OPEN + '<h:p xmlns:h="http://www.w3.org/1999/xhtml">hi</h:p></svg>', "element <h:p>"),
    "text-outside": (OPEN + "<g>Hello</g></svg>", "has text outside <text>"),
    "use-of-a-use": (
        OPEN + '<g id="a"><rect/></g><g id="b"><use href="#a"/><use href="#a"/></g><use href="#b"/></svg>',
        "copying a part that holds another <use>",
    ),
    "use-of-itself": (OPEN + '<g id="a"><use href="#a"/></g></svg>', "copying a part that holds another <use>"),
    "use-of-nothing": (OPEN + '<use href="#missing"/></svg>', "pointing at an id the logo does not have"),
    # Drawing by reference: each element drawn once per clip-path, mask or <use> naming its part.
    # Two rects clipped by the next clip path, 30 deep: 2**30 rects (Chromium hung on it, on
    # every page showing the logo; WeasyPrint took minutes a PDF).
    "clip-path-doubling": (OPEN + _chain("clipPath", "clip-path", 30) + "</svg>", "draws more than 10,000"),
    "mask-doubling": (OPEN + _chain("mask", "mask", 30) + "</svg>", "draws more than 10,000"),
    "clip-path-of-itself": (
        OPEN + '<clipPath id="c"><rect clip-path="url(#c)"/></clipPath><rect clip-path="url(#c)"/></svg>',
        "refers back to itself",
    ),
    "use-in-its-own-mask": (
        OPEN + '<mask id="m"><use href="#g"/></mask><g id="g" mask="url(#m)"><rect/></g></svg>',
        "refers back to itself",
    ),
    "use-of-a-big-part": (  # 100 copies of 4,800 rects: a minute for WeasyPrint to draw, in every PDF
        OPEN + '<defs><g id="g">' + "<rect/>" * 4800 + "</g></defs>" + '<use href="#g"/>' * 100 + "</svg>",
        "draws more than 10,000",
    ),
    "text-by-reference": (  # 3,000 rects clipped by 1,990 letters: over a minute a PDF
        OPEN
        + '<clipPath id="c"><text>'
        + "x" * 1990
        + "</text></clipPath>"
        + '<rect clip-path="url(#c)"/>' * 3000
        + "</svg>",
        "draws more than 10,000",
    ),
    "text-copied": (
        OPEN + '<defs><text id="t">' + "x" * 1990 + "</text></defs>" + '<use href="#t"/>' * 6 + "</svg>",
        "draws more than 10,000",
    ),
    # WeasyPrint draws a gradient's stops for every shape it fills (4,000 stops filling 900
    # shapes took it 99 s a PDF), and repeats a repeating gradient across the whole shape (a
    # vector 0.000001 long: over a minute, and longer the shorter it is).
    "gradient-stops-by-reference": (
        OPEN
        + '<linearGradient id="g">'
        + '<stop offset="1"/>' * 4000
        + "</linearGradient>"
        + '<rect fill="url(#g)"/>' * 900
        + "</svg>",
        "draws more than 10,000",
    ),
    "gradient-of-itself": (
        OPEN + '<linearGradient id="a" href="#b"/><linearGradient id="b" href="#a"/><rect fill="url(#a)"/></svg>',
        "refers back to itself",
    ),
    "repeating-gradient": (
        OPEN + '<linearGradient id="g" x2="0.000001" spreadMethod="repeat"><stop offset="1"/></linearGradient></svg>',
        'spreadMethod="repeat"',
    ),
    "reflecting-gradient": (OPEN + '<radialGradient id="g" r="0.000001" spreadMethod="reflect"/></svg>', "reflect"),
    # Chromium draws each dash: 1,000 lines of dashes 0.0001 long hung it (a line's length has no bound).
    "dashes": (OPEN + '<path d="M0 0L10 10" stroke="red" stroke-dasharray="0.0001"/></svg>', "stroke-dasharray"),
    # Chromium looks each font name up on the phone: 3 texts naming 40,000 fonts hung it.
    "many-fonts": (
        OPEN + '<text font-family="' + ", ".join(f"Font {n}" for n in range(11)) + '">A</text></svg>',
        "names more than 10 fonts",
    ),
    "many-fonts-apart": (
        OPEN + "".join(f'<text font-family="Font {n}, sans-serif">A</text>' for n in range(10)) + "</svg>",
        "names more than 10 fonts",
    ),
    "much-text": (OPEN + "<text>" + "x" * 2001 + "</text></svg>", "more than 2,000 characters of text"),
    "deep": (OPEN + "<g>" * 40 + "</g>" * 40 + "</svg>", "more than 32 deep"),
    "many": (OPEN + "<rect/>" * 5001 + "</svg>", "more than 5000 elements"),
    "html-page": ("<!DOCTYPE html><html><body><svg></svg></body></html>", "is not an SVG image: it holds a web page"),
    "not-svg-root": ('<rect xmlns="http://www.w3.org/2000/svg"/>', "its first element is <rect>"),
    "no-size": ('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', "has no size"),
    "percent-size": ('<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="100%"/>', "has no size"),
    "huge-viewbox": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1e308 10"/>', "at most 100,000 a side"),
    "zero-viewbox": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0 10"/>', "has no size"),
    "not-xml": ("<svg viewBox='0 0 1 1'><rect></svg>", "is not a valid SVG file: mismatched tag"),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_an_svg_holding_what_a_logo_may_not_is_refused_by_name(name):
    text, message = ATTACKS[name]
    refused = svg.clean(text.encode("utf-8"))
    assert isinstance(refused, svg.Refusal), refused
    assert message in refused.message and refused.hint


def test_a_refused_svg_is_a_located_error_at_the_logo_value(mini_project):
    bad = SQUARE.replace("<rect", '<rect onload="alert(1)"')
    finding = only_error(with_logo(mini_project, "logos/bad.svg", {"schools/logos/bad.svg": bad}))
    assert finding.message.startswith("the logo `logos/bad.svg` has the attribute onload=")
    assert "runs no code" in finding.hint


def test_an_svg_in_utf_16_is_still_refused_for_its_doctype():
    """The DOCTYPE check is the parser's, not a search of the bytes: another encoding cannot hide one."""
    text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE svg [<!ENTITY x "y">]>' + OPEN + "</svg>"
    refused = svg.clean(text.encode("utf-16"))
    assert isinstance(refused, svg.Refusal)


DRAWING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- Made by hand -->\n'
    '<svg viewBox="0 0 120 60" xmlns="http://www.w3.org/2000/svg" xmlns:l="http://www.w3.org/1999/xlink">\n'
    '  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#000"/>'
    "</linearGradient></defs>\n"
    '  <rect y="1" x="2" width="30" height="20" fill="url(#g)" rx="3"/>\n'
    '  <g id="dot"><circle cx="5" cy="5" r="4" fill="rgb(10, 20, 30)" transform="rotate(45 5 5)"/></g>\n'
    '  <use l:href="#dot" x="20"/>\n'
    "  <text x='60' y='40' font-family=\"'Open Sans', sans-serif\" xml:space=\"preserve\">"
    "A &amp; B <tspan>&lt;3</tspan></text>\n"
    "</svg>\n"
)


def test_an_allowed_drawing_is_written_again_deterministically():
    cleaned = svg.clean(DRAWING.encode("utf-8"))
    assert isinstance(cleaned, tuple)
    data, width, height = cleaned
    assert (width, height) == (120, 60)
    assert data.decode("utf-8") == (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 120 60">'
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#000"/>'
        "</linearGradient></defs>"
        '<rect fill="url(#g)" height="20" rx="3" width="30" x="2" y="1"/>'
        '<g id="dot"><circle cx="5" cy="5" fill="rgb(10, 20, 30)" r="4" transform="rotate(45 5 5)"/></g>'
        '<use x="20" xlink:href="#dot"/>'
        '<text font-family="\'Open Sans\', sans-serif" x="60" xml:space="preserve" y="40">A &amp; B '
        "<tspan>&lt;3</tspan></text></svg>\n"
    )


def test_the_same_drawing_written_differently_gives_the_same_bytes():
    """Attribute order, quotes, spacing, comments, a prefix's name and a byte-order mark do
    not change the drawing, so they do not change the published file or its name."""
    other = (
        "\ufeff<svg xmlns:xl='http://www.w3.org/1999/xlink' xmlns='http://www.w3.org/2000/svg' viewBox='0 0 120 60'>"
        '<defs><linearGradient id="g"><stop stop-color="#fff" offset="0"/><stop offset="1" stop-color="#000"/>'
        "</linearGradient></defs><!-- a comment -->"
        '<rect height="20" rx="3" width="30" x="2" y="1" fill="url(#g)"/>'
        '<g id="dot"><circle transform="rotate(45 5 5)" r="4" fill="rgb(10, 20, 30)" cx="5" cy="5"/></g>'
        '<use xl:href="#dot" x="20"/>'
        '<text y="40" x=\'60\' font-family="\'Open Sans\', sans-serif" xml:space="preserve">A &#38; B '
        "<tspan><![CDATA[<3]]></tspan></text></svg>"
    )
    first, second = svg.clean(DRAWING.encode("utf-8")), svg.clean(other.encode("utf-8"))
    assert isinstance(first, tuple) and first == second


def test_size_from_width_and_height_without_a_viewbox():
    cleaned = svg.clean(b'<svg xmlns="http://www.w3.org/2000/svg" width="64px" height="32.4"><rect/></svg>')
    assert isinstance(cleaned, tuple) and cleaned[1:] == (64, 32)


def test_a_drawing_that_uses_its_parts_often_but_not_exponentially_is_accepted():
    """An exported logo clips and masks many shapes by one part, and copies a part: fine,
    as long as what is drawn stays near the drawing's own size."""
    shapes = '<rect clip-path="url(#c)" mask="url(#m)"/>' * 1000
    text = (
        OPEN + '<defs><clipPath id="c"><circle r="4"/><rect/></clipPath><mask id="m"><rect fill="#fff"/></mask>'
        '<g id="g" clip-path="url(#c)"><rect/><rect/></g></defs>' + shapes + '<use href="#g"/>' * 100 + "</svg>"
    )
    assert isinstance(svg.clean(text.encode("utf-8")), tuple)
    stops = '<stop offset="0" stop-color="#fff"/><stop offset="0.5"/><stop offset="1" stop-color="#1a5c3a"/>'
    filled = OPEN + f'<linearGradient id="g" spreadMethod="pad">{stops}</linearGradient>'
    filled += '<linearGradient id="h" href="#g" x2="0.5"/>' + '<rect fill="url(#g)" stroke="url(#h)"/>' * 500 + "</svg>"
    assert isinstance(svg.clean(filled.encode("utf-8")), tuple)
