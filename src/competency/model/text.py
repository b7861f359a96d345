"""Localized text: one value per language code (``en``, ``fr``, ...)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from attrs import field, frozen

__all__ = ["LANGUAGE_RE", "Text"]

#: BCP 47 primary language subtags as used in this toolkit (``en``, ``fr``, ``iu``).
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")


_CHECKED_LANGUAGES: set[str] = set()  # codes already matched against LANGUAGE_RE
# Key order as authored -> the same languages sorted, for key sets already checked.
_SORTED: dict[tuple[str, ...], tuple[str, ...]] = {}


def _to_flat(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """``{"fr": b, "en": a}`` -> ``("en", a, "fr", b)``: languages sorted, then flattened.

    One flat tuple rather than a tuple of pairs: a loaded standard holds
    hundreds of thousands of texts, and each pair would be one more object to
    build and for the garbage collector to walk.
    """
    if type(value) is dict:
        # Hot path: plain dicts of strings in a handful of known languages.
        order = _SORTED.get(tuple(value))
        if order is not None:
            if len(order) == 2:  # en and fr: most texts of this network
                first, second = order
                one, two = value[first], value[second]
                if type(one) is str and type(two) is str:
                    return (first, one, second, two)
            else:
                flat = tuple([part for lang in order for part in (lang, value[lang])])
                if all(type(part) is str for part in flat[1::2]):
                    return flat
    items = value.items() if isinstance(value, Mapping) else value
    pairs = sorted((str(k), str(v)) for k, v in items)
    for lang, _ in pairs:
        if lang not in _CHECKED_LANGUAGES:
            if not LANGUAGE_RE.match(lang):
                raise ValueError(f"not a language code: {lang!r}")
            _CHECKED_LANGUAGES.add(lang)
    if type(value) is dict and len(_SORTED) < 256:  # bounded: key orders, not texts
        _SORTED[tuple(value)] = tuple(lang for lang, _ in pairs)
    return tuple([part for pair in pairs for part in pair])


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
    >>> t.pairs
    (('en', 'Safety audit'), ('fr', 'Diagnostic de sécurité'))
    """

    #: Language, text, language, text... with languages in sorted order.
    flat: tuple[str, ...] = field(converter=_to_flat)

    @classmethod
    def of(cls, **values: str) -> Text:
        """Build from keywords: ``Text.of(en="...", fr="...")``."""
        return cls(values)

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """``(language, text)`` pairs in language order."""
        flat = self.flat
        return tuple(zip(flat[::2], flat[1::2], strict=True))

    def __getitem__(self, lang: str) -> str:
        value = self.get(lang)
        if value is None:
            raise KeyError(lang)
        return value

    def get(self, lang: str, default: str | None = None) -> str | None:
        flat = self.flat
        for index in range(0, len(flat), 2):
            if flat[index] == lang:
                return flat[index + 1]
        return default

    def best(self, lang: str, fallback: str = "en") -> str:
        """The text in ``lang``, else in ``fallback``, else any language."""
        value = self.get(lang) or self.get(fallback)
        if value is not None:
            return value
        return self.flat[1] if self.flat else ""

    @property
    def languages(self) -> tuple[str, ...]:
        flat = self.flat
        return tuple(flat[i] for i in range(0, len(flat), 2) if flat[i + 1].strip())

    def missing(self, languages: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """The languages of ``languages`` with no (or only blank) text."""
        present = set(self.languages)
        return tuple(lang for lang in languages if lang not in present)

    def as_dict(self) -> dict[str, str]:
        flat = self.flat
        return dict(zip(flat[::2], flat[1::2], strict=True))

    def __iter__(self) -> Iterator[tuple[str, str]]:
        flat = self.flat
        return zip(flat[::2], flat[1::2], strict=True)
