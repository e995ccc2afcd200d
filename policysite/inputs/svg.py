"""An SVG logo, checked and written again from only what a drawing needs.

An SVG is a document that can run scripts, load other files and expand entities. A logo
needs none of that, so: no DOCTYPE or entities (XXE, billion laughs), no processing
instructions (an xml-stylesheet loads CSS), only the elements and presentation attributes
below, links only to an `#id` of the same file, no CSS (`style`, `<style>`). What is not
allowed is refused with its name and line, never silently dropped: the school must know
its logo would have changed. The accepted drawing is written again with its attributes
sorted, so the same drawing always gives the same bytes (and the same published name).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from xml.parsers import expat

from .svgdraw import drawing_problem, uses_problem

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_DEPTH = 32
MAX_ELEMENTS = 5000
MAX_SIZE = 100_000  # viewBox units a side
MAX_FONTS = 10  # font-family names in all
MAX_TEXT = 2_000  # characters in all: a name and a motto; 400 KB took WeasyPrint 22 s a PDF

ELEMENTS = frozenset(
    "svg g path rect circle ellipse line polyline polygon text tspan title desc defs linearGradient "  # noqa: SIM905
    "radialGradient stop clipPath mask use".split()
)
TEXT_ELEMENTS = frozenset({"text", "tspan", "title", "desc"})  # the only ones holding words
LINKING = frozenset({"use", "linearGradient", "radialGradient"})  # may have href="#id"
ATTRIBUTES = frozenset(
    """id x y width height x1 y1 x2 y2 cx cy r rx ry fx fy fr d points pathLength viewBox
    preserveAspectRatio transform version baseProfile dx dy rotate textLength lengthAdjust
    font-family font-size font-weight font-style font-variant font-stretch text-anchor
    dominant-baseline alignment-baseline baseline-shift letter-spacing word-spacing text-decoration
    writing-mode direction fill fill-opacity fill-rule stroke stroke-width stroke-opacity
    stroke-linecap stroke-linejoin stroke-miterlimit stroke-dashoffset opacity
    color paint-order vector-effect shape-rendering text-rendering color-interpolation visibility
    display overflow clip-path clip-rule clipPathUnits mask maskUnits maskContentUnits offset
    stop-color stop-opacity gradientUnits gradientTransform spreadMethod enable-background role""".split()  # noqa: SIM905
)
WORDS = frozenset({"aria-label"})  # read out, never parsed as CSS: any one-line text
FUNCTIONS = frozenset({"url", "rgb", "rgba", "hsl", "hsla", "matrix", "translate", "scale", "rotate", "skewx", "skewy"})
VALUE_RE = re.compile(r"[A-Za-z0-9\s#.,%+\-()'\"_]*")  # no `:` (javascript:), `\` (CSS escapes), `;`, `@`
ID_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
FUNCTION_RE = re.compile(r"([A-Za-z-]*)\s*\(")
URL_RE = re.compile(r"url\(\s*(['\"]?)#[A-Za-z_][A-Za-z0-9_.-]*\1\s*\)", re.IGNORECASE)
HTML_RE = re.compile(rb"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)", re.IGNORECASE | re.DOTALL)
_PLAIN = "Remove it, or export the logo again as a plain SVG (in Inkscape: Save As, Optimized SVG)."


@dataclass(frozen=True)
class Refusal:
    """Why a logo cannot be used; the message follows "the logo `<path>` "."""

    message: str
    hint: str


class _Refused(Exception):
    def __init__(self, message: str, hint: str = _PLAIN):
        super().__init__(message)
        self.refusal = Refusal(message, hint)


@dataclass
class _Node:
    name: str  # as written out: `svg`, `xlink:href` is an attribute
    attrs: dict[str, str]
    line: int
    children: list[_Node | str] = field(default_factory=list)


def clean(data: bytes) -> tuple[bytes, int, int] | Refusal:
    """The SVG written again from its allowed parts, and its width and height."""
    data = data.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark, as Notepad saves
    if not data.lstrip().startswith(b"<") or HTML_RE.match(data):
        return Refusal(f"is not an SVG image: {looks_like(data)}", "Choose the SVG file itself, or save as SVG.")
    reader = _Reader()
    try:
        root = reader.read(data)
        width, height = _size(root)
        problem = uses_problem(root) or drawing_problem(root)
        if problem:
            raise _Refused(problem, "Simplify the drawing (ungroup it, or save it as Optimized SVG), or use a PNG.")
    except _Refused as refused:
        return refused.refusal
    except expat.ExpatError as exc:
        return Refusal(f"is not a valid SVG file: {exc}", "Open it in a drawing program and save it again as SVG.")
    out: list[str] = []
    _write(root, out, namespaces=f' xmlns="{SVG_NS}"' + (f' xmlns:xlink="{XLINK_NS}"' if reader.xlink else ""))
    return ("".join(out) + "\n").encode("utf-8"), width, height


def looks_like(data: bytes) -> str:
    """What a file that is not what its name says seems to be, for the message."""
    head = data.lstrip()[:512].lower()
    for start, what in (
        (b"\x89png", "it is a PNG image (name it .png)"),
        (b"\xff\xd8", "it is a JPEG photo (save it as PNG or SVG)"),
        (b"gif8", "it is a GIF image (save it as PNG or SVG)"),
        (b"%pdf", "it is a PDF document"),
    ):
        if head.startswith(start):
            return what
    if b"<html" in head or b"<!doctype html" in head:
        return "it holds a web page (HTML)"
    if b"<svg" in head and not data.startswith(b"\x89PNG"):
        return "it holds SVG text"
    return "it does not start as one does" if data else "it is empty"


class _Reader:
    """expat, with a handler refusing each thing a logo may not hold, as it is met."""

    def __init__(self):
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.namespace_prefixes = True  # `inkscape:label` can be named as written
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity
        parser.UnparsedEntityDeclHandler = self._entity
        parser.ExternalEntityRefHandler = self._entity
        parser.ProcessingInstructionHandler = self._instruction
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self.parser, self.stack, self.root, self.count, self.xlink = parser, [], None, 0, False
        self.text = 0  # characters inside <text>, so far
        self.fonts: set[str] = set()  # every font-family name, so far

    def read(self, data: bytes) -> _Node:
        self.parser.Parse(data, True)
        assert self.root is not None  # expat refuses a document without an element
        return self.root

    def _line(self) -> str:
        return f"line {self.parser.CurrentLineNumber}"

    def _doctype(self, *_):
        raise _Refused(f"has a <!DOCTYPE> ({self._line()}), which a logo may not have", "Delete the <!DOCTYPE …> part.")

    def _entity(self, *_):
        raise _Refused(f"declares or uses an entity ({self._line()})", "Delete the <!ENTITY …> declarations.")

    def _instruction(self, target, _):
        raise _Refused(f"has a <?{target} …?> instruction ({self._line()}), which a logo may not have")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        uri, local, shown = _split(name)
        if uri not in ("", SVG_NS) or local not in ELEMENTS:
            raise _Refused(f"holds the element <{shown}> ({self._line()}), which a logo may not hold", _hint(local))
        if self.root is None and local != "svg":
            raise _Refused(f"is not an SVG image: its first element is <{shown}>", "Choose the SVG file itself.")
        self.count += 1
        if self.count > MAX_ELEMENTS:
            raise _Refused(f"has more than {MAX_ELEMENTS} elements", "Simplify the drawing, or use a PNG.")
        if len(self.stack) >= MAX_DEPTH:
            raise _Refused(
                f"has elements more than {MAX_DEPTH} deep inside each other ({self._line()})",
                "Simplify the drawing (ungroup it), or use a PNG.",
            )
        checked = dict(self._attribute(local, *item) for item in attrs.items())
        node = _Node(local, checked, self.parser.CurrentLineNumber)
        if self.stack:
            self.stack[-1].children.append(node)
        self.root = self.root or node
        self.stack.append(node)

    def _end(self, _name: str) -> None:
        self.stack.pop()

    def _text(self, text: str) -> None:
        if self.stack and self.stack[-1].name in TEXT_ELEMENTS:
            self.text += len(text)
            if self.text > MAX_TEXT:
                raise _Refused(
                    f"has more than {MAX_TEXT:,} characters of text ({self._line()})",
                    "A logo needs a name and perhaps a motto: shorten its text, or use a PNG.",
                )
            self.stack[-1].children.append(text)
        elif text.strip():
            raise _Refused(f"has text outside <text> ({self._line()}): `{text.strip()[:40]}`")

    def _attribute(self, element: str, name: str, value: str) -> tuple[str, str]:
        uri, local, shown = _split(name)
        about = f'the attribute {shown}="{value[:60]}" on <{element}> ({self._line()})'
        if local == "href" and uri in ("", XLINK_NS):
            if element not in LINKING or not (value.startswith("#") and ID_RE.fullmatch(value[1:])):
                raise _Refused(
                    f'has {about}: a logo may link only to a part of itself, as <use href="#id">',
                    "Remove the link, or point it at an id in the same file.",
                )
            self.xlink = self.xlink or bool(uri)
            return ("xlink:href" if uri else "href"), value  # whatever prefix the file gave the namespace
        if uri == XML_NS and local in ("space", "lang"):
            return f"xml:{local}", value
        if uri or local not in ATTRIBUTES | WORDS:
            raise _Refused(f"has {about}, which a logo may not have", _hint(local))
        problem = _value_problem(local, value)
        if problem:
            raise _Refused(f"has {about}: {problem}", "Write a plain value, such as a colour, a number or url(#id).")
        if local == "font-family":
            self._font_names(value)
        return shown, value

    def _font_names(self, value: str) -> None:
        """Chromium looks each font name up on the reader's device, each time a text names it
        differently: three texts naming 40,000 fonts hung it. A logo uses a font or two."""
        self.fonts.update(name.strip(" \t\n'\"").casefold() for name in value.split(","))
        if len(self.fonts) > MAX_FONTS:
            raise _Refused(
                f"names more than {MAX_FONTS} fonts (font-family, {self._line()})",
                "Use a font or two, or turn the text into shapes (in Inkscape: Path, Object to Path).",
            )


def _split(name: str) -> tuple[str, str, str]:
    """expat's "uri local prefix" as (uri, local, the name as written)."""
    parts = name.split(" ")
    uri, local = (parts[0], parts[1]) if len(parts) > 1 else ("", parts[0])
    return uri, local, f"{parts[2]}:{local}" if len(parts) == 3 else local


def _hint(local: str) -> str:
    if local.lower().startswith("on"):
        return "Remove it: a logo runs no code."
    if local in ("style", "class"):
        return 'Write the colours as attributes instead, such as fill="#1a5c3a", or export as a plain SVG.'
    if local == "script":
        return "Remove it: a logo runs no code."
    if local == "stroke-dasharray":  # Chromium draws each dash, and a line's length has no bound
        return "Draw the dashes as shapes (in Inkscape: Path, Stroke to Path), or use a PNG."
    return _PLAIN


def _value_problem(name: str, value: str) -> str:
    if name in WORDS:
        return "it is more than one line" if "\n" in value else ""
    if name == "id":
        return "" if ID_RE.fullmatch(value) else "an id is letters, digits, `_`, `-` and `.`"
    if name == "spreadMethod" and value.strip() != "pad":  # WeasyPrint repeats it across the shape: no bound
        return "a gradient may not repeat or reflect; only pad"
    bad = VALUE_RE.fullmatch(value) is None and next(c for c in value if not VALUE_RE.fullmatch(c))
    if bad:
        return f"`{bad}` is not allowed in a drawing's values (it could start a link or CSS)"
    for found in FUNCTION_RE.finditer(value):
        function = found[1].lower()
        if function not in FUNCTIONS:
            return f"`{found[1]}(` is not a drawing value"
        if function == "url" and not URL_RE.match(value, found.start()):
            return "url(…) may point only at an #id of the logo itself"
    return ""


def _size(root: _Node) -> tuple[int, int]:
    """CSS pixels from the viewBox, else from width and height (plain numbers or px)."""
    box = re.split(r"[\s,]+", root.attrs.get("viewBox", "").strip())
    sizes = box[2:] if len(box) == 4 else [root.attrs.get("width", ""), root.attrs.get("height", "")]
    try:
        width, height = (float(re.fullmatch(r"\s*([0-9.eE+-]+)\s*(px)?\s*", size)[1]) for size in sizes)  # type: ignore[index]
    except (TypeError, ValueError):
        width = height = math.nan
    if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
        raise _Refused(
            "has no size: neither a viewBox nor a width and a height in pixels on <svg>",
            'Add a viewBox to <svg>, such as viewBox="0 0 100 100".',
        )
    if max(width, height) > MAX_SIZE:  # the page's <img width=...>: 1e308 is 309 digits of nothing useful
        raise _Refused(
            f"is {width:g} by {height:g} units; its viewBox may be at most {MAX_SIZE:,} a side",
            'Scale the drawing down, such as to viewBox="0 0 100 100".',
        )
    return max(1, round(width)), max(1, round(height))


def _write(node: _Node, out: list[str], namespaces: str = "") -> None:
    attributes = "".join(f' {name}="{_escape(value, True)}"' for name, value in sorted(node.attrs.items()))
    if not node.children:
        out.append(f"<{node.name}{namespaces}{attributes}/>")
        return
    out.append(f"<{node.name}{namespaces}{attributes}>")
    for child in node.children:
        if isinstance(child, str):
            out.append(_escape(child, False))
        else:
            _write(child, out)
    out.append(f"</{node.name}>")


def _escape(text: str, attribute: bool) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attribute:  # kept as written: a line break in `points` must stay one
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return text
