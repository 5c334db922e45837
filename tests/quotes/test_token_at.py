"""``_token_at``: the token at a character offset, read from the paragraph's token offsets (kept for the paragraph
read last), against a binary search over the tokens themselves."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from ficlens.quotes.common import _token_at


def _reference(d: Doc, off: int) -> int:
    """The last token starting at or before ``off``, searched over Token objects (0 when none)."""
    lo, hi = 0, len(d) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if d[mid].idx <= off:
            lo = mid
        else:
            hi = mid - 1
    return lo


def test_the_token_at_each_offset_of_paragraphs_read_in_turn() -> None:
    nlp = spacy.blank("en")
    one = nlp('“Wait,”  said Mara.   "Not yet."')
    two = nlp("The gulls rose over the harbour wall, and nobody spoke.")
    empty = nlp("")
    # alternating paragraphs: the offsets kept for the last one must not answer for another
    for off in range(-1, len(two.text) + 2):
        for d in (one, two, empty, one):
            assert _token_at(d, off) == _reference(d, off), (d.text, off)
    assert _token_at(one, one.text.index("said")) == [t.text for t in one].index("said")
    assert _token_at(one, one.text.index("said") + 2) == [t.text for t in one].index("said")


def test_a_paragraph_changed_in_place_is_read_again() -> None:
    nlp = spacy.blank("en")
    d = nlp("New York is far from here.")
    assert _token_at(d, d.text.index("is")) == 2
    with d.retokenize() as retok:
        retok.merge(d[0:2])
    assert _token_at(d, d.text.index("is")) == 1
