"""readability.py's grade: the Flesch–Kincaid formula on textstat's real counts, unrounded
until the end, so a one-syllable edit moves a long text's grade by a hair, not a grade."""

from __future__ import annotations

import textstat

from policysite.commands.readability import flesch_kincaid_grade

# Twenty words of one syllable: a thousand words in fifty sentences.
SENTENCE = "The cat sat on the mat, the dog ran to the park with a ball in its mouth each day. "


def _text(two_syllable_words: int) -> str:
    """SENTENCE fifty times, with `two_syllable_words` of its cats, then dogs, made rabbits and
    puppies (one syllable more each)."""
    cats = min(two_syllable_words, 50)
    return (SENTENCE * 50).replace("cat", "rabbit", cats).replace("dog", "puppy", two_syllable_words - cats)


def test_two_more_syllables_in_a_thousand_words_barely_move_the_grade():
    """1049 and 1051 syllables in 1000 words: 1.049 and 1.051 a word. textstat's own grade rounds
    that to 1.0 and 1.1 first, and jumps by 11.8 x 0.1; ours moves by 11.8 x 0.002."""
    before, after = _text(49), _text(51)
    assert textstat.lexicon_count(before) == textstat.lexicon_count(after) == 1000
    assert (textstat.syllable_count(before), textstat.syllable_count(after)) == (1049, 1051)
    assert textstat.flesch_kincaid_grade(after) - textstat.flesch_kincaid_grade(before) > 1  # the rounding
    assert abs(flesch_kincaid_grade(textstat, after) - flesch_kincaid_grade(textstat, before)) < 0.05


def test_the_grade_is_the_formula_on_the_counts():
    text = _text(3)
    words, sentences = textstat.lexicon_count(text), textstat.sentence_count(text)
    expected = 0.39 * words / sentences + 11.8 * textstat.syllable_count(text) / words - 15.59
    assert flesch_kincaid_grade(textstat, text) == expected


def test_no_words_is_grade_zero():
    assert flesch_kincaid_grade(textstat, "") == 0.0
