"""Vocatives: a character's name inside a quotation set off like an address ("Sam, listen", "Hey Sam"), the
sieve's evidence of who is spoken to."""

from __future__ import annotations

from spacy.tokens import Doc

from ..document import Document, Mention
from ..model import Quote
from .common import _token_at


def _vocative(
    doc: Document, pi: int, d: Doc, base: int, q: Quote, mention_at: dict[tuple[int, int], Mention]
) -> str | None:
    """A name inside the quote set off like an address: "Sam, listen", "Damn it, Sam!", "Hey Sam"."""
    a = _token_at(d, q.start - base)
    b = _token_at(d, q.end - base - 1)
    for i in range(a, b + 1):
        m = mention_at.get((pi, i))
        if m is None or m.kind != "name" or m.character is None or m.tok != i:
            continue
        before = d[m.tok - 1] if m.tok > 0 else None
        after = d[m.tok_end] if m.tok_end < len(d) else None
        open_before = before is None or before.is_punct or before.is_quote or before.lower_ in ("hey", "oh", "dear")
        open_before = open_before and (before is None or base + before.idx >= q.start or before.is_quote)
        close_after = after is None or (after.is_punct and after.text not in ("'s", "’s"))
        if open_before and close_after:
            return m.character
    return None

