"""join_and and join_or write a school's list in the page's language: a Polish or Urdu page
never reads "Facebook or Instagram" in the middle of its own sentence."""

from policysite.pages.compiling import make_environment


def _joined(locale: str, filter_name: str, items: list[str]) -> str:
    return make_environment(locale).from_string(f"{{{{ items | {filter_name} }}}}").render(items=items)


def test_english_lists_are_as_before():
    assert _joined("en", "join_or", ["Facebook", "Instagram", "X"]) == "Facebook, Instagram or X"
    assert _joined("en", "join_and", ["Facebook", "Instagram"]) == "Facebook and Instagram"


def test_a_polish_list_uses_polish_words():
    assert _joined("pl", "join_or", ["Facebook", "Instagram", "X"]) == "Facebook, Instagram lub X"
    assert _joined("pl", "join_and", ["Facebook", "Instagram"]) == "Facebook i Instagram"


def test_an_urdu_list_uses_urdu_words_and_commas():
    assert _joined("ur", "join_or", ["Facebook", "Instagram"]) == "Facebook یا Instagram"
    assert _joined("ur", "join_and", ["Facebook", "Instagram", "X"]) == "Facebook، Instagram، اور X"


def test_values_in_a_translated_list_are_still_escaped():
    assert _joined("pl", "join_or", ["<b>A</b>", "*B*"]) == "&#60;b&#62;A&#60;/b&#62; lub &#42;B&#42;"
