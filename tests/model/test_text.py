"""Text: one value per language, stored flat, compared whatever the key order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from competency.model import Text

languages = st.from_regex(r"[a-z]{2,3}", fullmatch=True)
values = st.dictionaries(languages, st.text(max_size=20), max_size=5)


@given(values)
def test_a_text_gives_back_what_it_was_built_from(value: dict[str, str]) -> None:
    text = Text(value)
    assert text.as_dict() == value
    assert dict(text) == value
    assert text.pairs == tuple(sorted(value.items()))
    for lang, string in value.items():
        assert text[lang] == string
        assert text.get(lang) == string


@given(values)
def test_key_order_does_not_matter(value: dict[str, str]) -> None:
    reversed_ = dict(reversed(list(value.items())))
    assert Text(value) == Text(reversed_)
    assert hash(Text(value)) == hash(Text(reversed_))
    assert Text(value) == Text(list(value.items()))


@given(values)
def test_languages_lists_only_non_blank_texts(value: dict[str, str]) -> None:
    assert Text(value).languages == tuple(sorted(lang for lang, s in value.items() if s.strip()))


def test_a_second_text_with_the_same_keys_is_checked_too() -> None:
    # The fast path for known key orders must still refuse non-string values.
    Text({"en": "a", "fr": "b"})
    assert Text({"en": 1, "fr": "b"})["en"] == "1"  # type: ignore[dict-item]
    assert Text({"fr": "b", "en": "a"}).flat == ("en", "a", "fr", "b")


def test_a_bad_language_code_is_refused() -> None:
    with pytest.raises(ValueError, match="not a language code"):
        Text({"EN": "x"})
    with pytest.raises(ValueError, match="not a language code"):
        Text({"en": "x", "english": "y"})


def test_best_falls_back() -> None:
    text = Text({"fr": "bonjour"})
    assert text.best("iu") == "bonjour"
    assert text.best("fr") == "bonjour"
    assert Text({}).best("en") == ""
    with pytest.raises(KeyError):
        text["en"]
