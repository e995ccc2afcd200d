"""Issue 3, property: whatever a school file or a content document holds, the build says
yes (exit 0) or no (exit 1) with findings, never crashes, and never damages site/.

Hypothesis mutates a valid school file (tests/errors_fixtures/fuzz-base.yml) or a copy
of a content document: inserted YAML/Jinja punctuation and unicode, deletions, values of
another type, duplicated lines, truncation and random bytes. Most examples run `check`
(no writing, fast); about one in eight runs a full build over an existing site/, which
must then be unchanged (exit 1) or complete (exit 0). Fixed budget, derandomized: the
same 40 examples every run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.errors_support import FIXTURES, make_project, run, staging_leftovers, tree_hash

BASE = (FIXTURES / "fuzz-base.yml").read_bytes()
DOCUMENT = "content/social-media/policy.md"
PUNCTUATION = ":-#&*!|>{}[]%@`'\"\t\n ,?<\\"
VALUES = [
    "true",
    "NO",
    "12",
    "-1",
    "3.5",
    "2025-13-01",
    "01/09/2025",
    "[a, b]",
    "{x: 1}",
    "null",
    "~",
    "''",
    "|\n  block",
    "- item",
    "&a x",
    "*a",
    "!!str x",
    "javascript:alert(1)",
    "{{ 7*7 }}",
    "{% if %}",
    "<script>x</script>",
    '"unclosed',
    "é" * 400,
    "0x1F",
    ".inf",
]
SNIPPETS = [b"\xff\xfe", b"\x00", b"\xe9", b"\xef\xbb\xbf", b"\x1b[2J", b"\r", b"\xe2\x80\xa8"]

text_bits = st.text(alphabet=st.sampled_from(PUNCTUATION) | st.characters(codec="utf-8"), max_size=12)


@st.composite
def mutation(draw, size: int):
    """One edit to a document of `size` bytes: (kind, position, payload)."""
    kind = draw(
        st.sampled_from(["rename", "insert", "delete", "swap-value", "unicode", "truncate", "bytes", "duplicate"])
    )
    at = draw(st.integers(0, max(size - 1, 0)))
    if kind in ("insert", "unicode", "rename"):
        payload = draw(text_bits if kind == "insert" else st.text(min_size=1, max_size=6)).encode("utf-8")
    elif kind == "swap-value":
        payload = draw(st.sampled_from(VALUES)).encode("utf-8")
    elif kind == "bytes":
        payload = draw(st.sampled_from(SNIPPETS) | st.binary(min_size=1, max_size=6))
    else:
        payload = draw(st.integers(1, 40)).to_bytes(1, "big")
    return kind, at, payload


def mutate(data: bytes, edit) -> bytes:
    kind, at, payload = edit
    at = min(at, len(data))
    if kind in ("insert", "unicode", "bytes"):
        return data[:at] + payload + data[at:]
    if kind == "delete":
        return data[:at] + data[at + payload[0] :]
    if kind == "truncate":
        return data[:at]
    if kind == "rename":  # a valid edit, so that full builds also succeed: any text as the name or title
        title = re.search(rb"^(name: |# ).*$", data, re.MULTILINE)
        new = (title[1] if title else b"name: ") + json.dumps(payload.decode("utf-8")).encode()
        return data[: title.start()] + new + data[title.end() :] if title else new + b"\n" + data
    line_start = data.rfind(b"\n", 0, at) + 1
    line_end = data.find(b"\n", at) if data.find(b"\n", at) >= 0 else len(data)
    line = data[line_start:line_end]
    if kind == "duplicate":
        return data[:line_end] + b"\n" + line + data[line_end:]
    colon = line.find(b": ")  # swap-value: the value after `key: ` on this line, or the whole line
    new = line[: colon + 2] + payload if colon >= 0 else payload
    return data[:line_start] + new + data[line_end:]


class World:
    """One project with a built site/, shared by every example (Hypothesis runs them one by one)."""

    def __init__(self, folder: Path):
        self.project = make_project(folder / "project", {"fuzz": BASE})
        self.document = (self.project / DOCUMENT).read_bytes()
        code, _, err = run(self.project, "build")
        assert code == 0, err
        self.site = tree_hash(self.project / "site")


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    return World(tmp_path_factory.mktemp("fuzz"))


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_any_input_gives_exit_0_or_1_and_keeps_site(world: World, data):
    target = data.draw(st.sampled_from(["school", "school", "school", "content"]), label="target")
    original = BASE if target == "school" else world.document
    mutated = original
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        mutated = mutate(mutated, data.draw(mutation(len(mutated)), label="edit"))
    command = "build" if data.draw(st.integers(0, 7), label="full build?") == 7 else "check"

    path = world.project / ("schools/fuzz.yml" if target == "school" else DOCUMENT)
    path.write_bytes(mutated)
    try:
        code, out, err = run(world.project, command)
    finally:
        path.write_bytes(original)

    event(f"{target} {command}: exit {code}")  # pytest --hypothesis-show-statistics
    assert code in (0, 1), err
    assert "Traceback" not in out + err
    assert "failed unexpectedly" not in err
    site = world.project / "site"
    if code == 1:
        assert re.search(r"^(\S+: )?error: ", err, re.MULTILINE), err
        assert tree_hash(site) == world.site, "a failed build changed site/"
    elif command == "build":
        _assert_complete(site)
        world.site = tree_hash(site)
    else:
        assert tree_hash(site) == world.site, "check wrote to site/"
    assert staging_leftovers(site) == []


def _assert_complete(site: Path) -> None:
    """Every school file has its three pages and two PDFs, and the home page links them."""
    home = (site / "index.html").read_text(encoding="utf-8")
    for slug in ("fuzz", "good-school"):
        folder = site / slug / "social-media"
        for page in ("index.html", "parent-letter/index.html", "staff-code/index.html"):
            assert (folder / page).stat().st_size > 0, page
        for pdf in ("parent-letter.pdf", "staff-code.pdf"):
            assert (folder / pdf).read_bytes().startswith(b"%PDF-"), pdf
        assert f'href="{slug}/social-media/"' in home


def test_mutate_helpers_edit_what_they_say():
    data = b'name: X\nphone: "1"\n'
    assert mutate(data, ("swap-value", 10, b"12")) == b"name: X\nphone: 12\n"
    assert mutate(data, ("truncate", 4, b"")) == b"name"
    assert mutate(data, ("delete", 0, b"\x06")) == b'X\nphone: "1"\n'
    assert mutate(data, ("duplicate", 0, b"")) == b'name: X\nname: X\nphone: "1"\n'
    assert mutate(data, ("rename", 0, "é".encode())) == b'name: "\\u00e9"\nphone: "1"\n'
