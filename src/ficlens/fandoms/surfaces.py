"""Lookup keys of names and terms, and the quick tests a scan over a story's tokens makes against them.

``normalize_surface`` gives the key every index of the knowledge base uses; ``first_word_ids`` and
:class:`KeyEnds` let a scan skip tokens and spans that can start or end no key.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["KeyEnds", "first_word_ids", "normalize_surface"]

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"})


def normalize_surface(text: str) -> str:
    """Return the lookup key of a name or term: case-folded, curly quotes straightened, spaces collapsed.

    text (str): a name, alias, description or term as written.
    RETURNS (str): the key the indexes of :class:`KnowledgeBase` use.
    """
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip().casefold()


@functools.lru_cache(maxsize=8)
def first_word_ids(words: frozenset[str]) -> frozenset[int]:
    """The string hashes of ``words`` (spaCy's ``Token.lower`` of a token whose ``lower_`` is one of them), so
    a scan can test a paragraph's ``Doc.to_array(LOWER)`` without making a Token per word."""
    from spacy.strings import hash_string  # type: ignore[attr-defined]

    return frozenset(hash_string(w) for w in words)


@dataclass(frozen=True)
class KeyEnds:
    """How the key of a span of tokens (``normalize_surface`` of its text) can end, for a set of keys: lets a
    search over n-grams skip a span whose last token ends no key without normalising the span's text.

    words: the last word of every key; tails: every ending of those words (a token glued to the one before it,
    "'s" of "Merlin's", ends a key's last word without being all of it).
    """

    words: frozenset[str]
    tails: frozenset[str]
    # token text -> (may end a key after a space, may end one glued, not judged); tokens repeat, most often
    _seen: dict[str, tuple[bool, bool, bool]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, keys: Iterable[str]) -> KeyEnds:
        words = {k.rsplit(" ", 1)[-1] for k in keys}
        return cls(frozenset(words), frozenset(w[i:] for w in words for i in range(len(w))))

    def may_end(self, token: str, glued: bool) -> bool:
        """Whether a span whose last token is ``token`` may have one of the keys: a token after a space (or the
        span's only token) must be a key's whole last word, a token glued to the one before it an ending of
        one. A token holding whitespace (never in practice) is not judged."""
        hit = self._seen.get(token)
        if hit is None:
            if len(self._seen) > 200_000:
                self._seen.clear()
            piece = token.translate(_QUOTES).casefold()
            odd = " " in piece or not piece.isprintable()
            hit = self._seen[token] = (piece in self.words, piece in self.tails, odd)
        return hit[1 if glued else 0] or hit[2]
