"""How much an SVG logo asks a renderer to draw, counting what it draws by reference: its
<use> copies (uses_problem) and every part a <use>, clip-path, mask or gradient draws
(drawing_problem).

An element (and each letter of its text) is drawn once where it stands, and again for each
`<use>` copying a part that holds it, each `clip-path` and each `mask` naming a part that
holds it; a gradient's stops for each shape it fills or strokes. So a few hundred bytes can
ask for billions of shapes: two rects clipped by the next clip path, thirty deep, hung
Chromium on every page showing the logo (the home page shows every school's) and
WeasyPrint for hours a PDF. A part that names itself, however indirectly, never ends.
svg.py refuses a logo with either, by the count here.
"""

from __future__ import annotations

import re

MAX_USES = 100
MAX_DRAWN = 10_000  # shapes and letters: twice svg.MAX_ELEMENTS; a logo may draw a part again, not multiply itself
# Attributes whose url(#id) draws that part: a clip path's or mask's elements, a gradient's
# stops (WeasyPrint draws them for each shape filled or stroked: 4,000 stops filling 900
# shapes took it 99 s a PDF).
_BY_REFERENCE = ("clip-path", "mask", "fill", "stroke")
_LINKING = frozenset({"use", "linearGradient", "radialGradient"})  # href="#id": a copy, or stops inherited
_URL_ID = re.compile(r"url\(\s*['\"]?#([A-Za-z_][A-Za-z0-9_.-]*)")
_ON_PATH, _COUNTED = 1, 2


def uses_problem(root) -> str | None:
    """A <use> copies another part; a part holding a <use> copied by a <use> multiplies the
    drawing (ten parts of ten copies, ten deep: ten billion shapes to draw), so it cannot."""
    nodes = _nodes(root)
    ids = {node.attrs["id"]: node for node in nodes if "id" in node.attrs}
    uses = [node for node in nodes if node.name == "use"]
    if len(uses) > MAX_USES:
        return f"has {len(uses)} <use> elements; at most {MAX_USES}"
    for use in uses:
        reference = next((value for name, value in use.attrs.items() if name.endswith("href")), None)
        target = ids.get(reference[1:]) if reference else None
        if reference and target is None:
            return f"has a <use> (line {use.line}) pointing at an id the logo does not have"
        if target is not None and any(node.name == "use" for node in _nodes(target)):
            return f"has a <use> (line {use.line}) copying a part that holds another <use>"
    return None


def drawing_problem(root) -> str | None:
    """Why the drawing under `root` (svg._Node: name, attrs, line, children) asks too much
    of a renderer, or None. Each part is counted once, depth first and without recursion
    (a chain of references may be thousands long); counts stop growing past the cap."""
    ids = {node.attrs["id"]: node for node in _nodes(root) if "id" in node.attrs}
    drawn: dict[int, int] = {}
    state: dict[int, int] = {}
    todo = [(root, False)]
    while todo:
        node, parts_counted = todo.pop()
        if parts_counted:
            total = _own(node) + sum(drawn[id(part)] for part in _parts(node, ids))
            drawn[id(node)], state[id(node)] = min(total, MAX_DRAWN + 1), _COUNTED
            continue
        if state.get(id(node)) == _COUNTED:
            continue
        state[id(node)] = _ON_PATH
        todo.append((node, True))
        for part in _parts(node, ids):
            if state.get(id(part)) == _ON_PATH:
                return f"has <{node.name}> (line {node.line}) drawing a part that refers back to itself"
            if state.get(id(part)) != _COUNTED:
                todo.append((part, False))
    if drawn[id(root)] > MAX_DRAWN:
        return (
            f"draws more than {MAX_DRAWN:,} shapes and letters once each <use>, clip-path, mask and gradient "
            "is drawn with the parts it names"
        )
    return None


def _own(node) -> int:
    """What drawing `node` costs by itself: one shape, or a letter for each character of its
    text (WeasyPrint lays out a letter in about the time it draws a shape: 100 copies of
    1,990 letters took it 14 s a PDF, 3,000 shapes clipped by them over a minute)."""
    return 1 + sum(len(child) for child in node.children if isinstance(child, str))


def _parts(node, ids: dict) -> list:
    """What drawing `node` draws: its children, and the parts it names by reference."""
    named = [_URL_ID.match(node.attrs.get(name, "").strip()) for name in _BY_REFERENCE]
    targets = [ids.get(found[1]) for found in named if found]
    if node.name in _LINKING:
        href = node.attrs.get("href") or node.attrs.get("xlink:href") or ""
        targets.append(ids.get(href[1:]))
    return [child for child in node.children if not isinstance(child, str)] + [t for t in targets if t is not None]


def _nodes(root) -> list:
    out, todo = [], [root]
    while todo:
        node = todo.pop()
        out.append(node)
        todo.extend(child for child in node.children if not isinstance(child, str))
    return out
