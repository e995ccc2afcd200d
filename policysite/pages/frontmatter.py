"""A page as mkdocs is handed it: its front matter, and the HTML markup.py made for it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .markup import Html


@dataclass(frozen=True)
class Page:
    """A page for mkdocs: the front matter it reads (title, template...) and our body."""

    meta: tuple[tuple[str, object], ...]
    body: Html
    printed: Html | None = None  # the PDF's body, where the page shows more (paper.py: a box for screens only)

    def print_body(self) -> Html:
        """What the page's PDF shows."""
        return self.printed or self.body

    def source(self) -> str:
        """What mkdocs is given as the page's file: front matter only. Its own Markdown
        renderer then has nothing to render; mkdocs_run puts our HTML in its place."""
        front = "\n".join(f"{key}: {_yaml_value(value)}" for key, value in self.meta)
        return f"---\n{front}\n---\n"


# Characters YAML can't hold as themselves in a quoted value (they are line breaks to it,
# or refused), written as escapes; everything else as itself. Not json.dumps' ASCII
# escapes: PyYAML reads an emoji's "\ud83d\ude00" as two lone surrogates, and mkdocs then
# drops the page's whole front matter (title, template, navigation) without a word.
_YAML_ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _yaml_value(value: object) -> str:
    """`value` as YAML (JSON, which YAML reads), for mkdocs' front matter."""
    return _YAML_ESCAPED.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(value, ensure_ascii=False))
