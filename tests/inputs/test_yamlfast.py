"""The fast libyaml path reads ordinary files exactly as the careful ruamel path does,
and hands every unusual file to the ruamel path."""

from pathlib import Path

import pytest

from policysite.inputs import yamlfast, yamlread
from policysite.inputs.yamlread import Locations

ROOT = Path(__file__).resolve().parents[2]
VALID = sorted(
    [
        *(ROOT / "schools").glob("*.yml"),
        *(ROOT / "content").rglob("*.yml"),
        *(ROOT / "tests" / "fixtures").rglob("*.yml"),
        ROOT / "tests/errors_fixtures/fuzz-base.yml",
    ]
)


def both_paths(text: str, shown: str = "x.yml"):
    fast_locations = Locations()
    done, fast = yamlfast.fast_load(text, shown, fast_locations)
    slow_locations = Locations()
    slow, findings = yamlread._load_ruamel(text, shown, slow_locations)
    return done, fast, dict(fast_locations), slow, dict(slow_locations), findings


@pytest.mark.parametrize("path", VALID, ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_path_reads_real_files_like_ruamel(path):
    done, fast, fast_at, slow, slow_at, _ = both_paths(path.read_text(encoding="utf-8"), path.name)
    assert done, "an ordinary file should take the fast path"
    assert fast == slow
    assert [type(v) for v in _leaves(fast)] == [type(v) for v in _leaves(slow)]
    # ruamel places an empty value at the next token; libyaml right after its colon.
    empty = {key for key in slow_at if _value_at(slow, key) is None}
    assert {k: v for k, v in fast_at.items() if k not in empty} == {k: v for k, v in slow_at.items() if k not in empty}


@pytest.mark.parametrize(
    "text",
    [
        "name: &a Oak\nshort_name: *a\n",  # anchor and alias
        "name: !!str Oak\n",  # tag
        "name: Oak\nname: Elm\n",  # duplicate key
        "name: Oak\n---\nname: Elm\n",  # second document
        "phone: 01234567890\n",  # leading zero: ruamel's reading decides
        "minimum_age: 1e3\n",
        "minimum_age: .inf\n",
        "12: twelve\n",  # a key that is not text
        "name: [unclosed\n",  # a syntax error
    ],
)
def test_unusual_files_take_the_careful_path(text):
    assert yamlfast.fast_load(text, "x.yml", Locations()) == (False, None)


def test_values_resolve_as_yaml_1_2():
    done, fast, *_ = both_paths("a: yes\nb: true\nc: 13\nd: 1.5\ne:\nf: 2025-09-01\ng: '07'\nh: |\n  text\n")
    assert done
    assert fast == {"a": "yes", "b": True, "c": 13, "d": 1.5, "e": None, "f": "2025-09-01", "g": "07", "h": "text\n"}


def _leaves(node):
    if isinstance(node, dict):
        return [leaf for value in node.values() for leaf in _leaves(value)]
    if isinstance(node, list):
        return [leaf for value in node for leaf in _leaves(value)]
    return [node]


def _value_at(data, path):
    for part in path:
        if part == "<key>":
            return "key"
        data = data[part]
    return data


@pytest.mark.parametrize("ends", ["\r\n", "\r"])
def test_windows_and_old_mac_line_ends_become_line_feeds_on_both_paths(ends):
    """So Markdown values never hold a carriage return from the file itself (a "\\r" escape
    would, and fields.Markdown refuses it)."""
    text = 'a: |\n  one\n  two\nb: >\n  three\n  four\nc: "five\n  six"\n'.replace("\n", ends)
    done, fast, _, slow, _, findings = both_paths(text)
    assert done and not findings
    assert fast == slow == {"a": "one\ntwo\n", "b": "three four\n", "c": "five six"}
