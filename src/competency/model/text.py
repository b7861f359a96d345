"""Localized text: one value per language code (``en``, ``fr``, ...)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from attrs import field, frozen

__all__ = ["LANGUAGE_RE", "Text"]

#: BCP 47 primary language subtags as used in this toolkit (``en``, ``fr``, ``iu``).
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")


_CHECKED_LANGUAGES: set[str] = set()  # codes already matched against LANGUAGE_RE


def _to_pairs(value: Mapping[str, str] | tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    # Hot path: a loaded standard builds hundreds of thousands of texts, almost
    # all from plain dicts of strings in a handful of known languages.
    if type(value) is dict:
        pairs: tuple[tuple[str, str], ...] = tuple(sorted(value.items()))
        for lang, text in pairs:
            if lang not in _CHECKED_LANGUAGES or type(text) is not str:
                break
        else:
            return pairs
    items = value.items() if isinstance(value, Mapping) else value
    pairs = tuple(sorted((str(k), str(v)) for k, v in items))
    for lang, _ in pairs:
        if lang not in _CHECKED_LANGUAGES:
            if not LANGUAGE_RE.match(lang):
                raise ValueError(f"not a language code: {lang!r}")
            _CHECKED_LANGUAGES.add(lang)
    return pairs


@frozen
class Text:
    """A human-readable string in several languages.

    >>> t = Text({"en": "Safety audit", "fr": "Diagnostic de sécurité"})
    >>> t["fr"]
    'Diagnostic de sécurité'
    >>> t.get("iu") is None
    True
    >>> t.languages
    ('en', 'fr')
    """

    pairs: tuple[tuple[str, str], ...] = field(converter=_to_pairs)

    @classmethod
    def of(cls, **values: str) -> Text:
        """Build from keywords: ``Text.of(en="...", fr="...")``."""
        return cls(values)

    def __getitem__(self, lang: str) -> str:
        for key, value in self.pairs:
            if key == lang:
                return value
        raise KeyError(lang)

    def get(self, lang: str, default: str | None = None) -> str | None:
        for key, value in self.pairs:
            if key == lang:
                return value
        return default

    def best(self, lang: str, fallback: str = "en") -> str:
        """The text in ``lang``, else in ``fallback``, else any language."""
        value = self.get(lang) or self.get(fallback)
        if value is not None:
            return value
        return self.pairs[0][1] if self.pairs else ""

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, value in self.pairs if value.strip())

    def missing(self, languages: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """The languages of ``languages`` with no (or only blank) text."""
        present = set(self.languages)
        return tuple(lang for lang in languages if lang not in present)

    def as_dict(self) -> dict[str, str]:
        return dict(self.pairs)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.pairs)
