"""Vocatives: a character's name inside a quotation set off like an address ("Sam, listen", "Hey Sam"), the
sieve's evidence of who is spoken to; also a character known only by a common noun, written lowercase as the
address it is ("But, nanny, what did he say?" to the Nanny of the story)."""

from __future__ import annotations

from spacy.tokens import Doc

from ..document import Document, Mention
from ..model import Quote
from .common import _token_at


def role_names(doc: Document, persons: frozenset[str]) -> dict[str, str]:
    """Lowercase noun for a person (``persons``: ``_Lex.role_nouns``, no endearment) -> the character whose
    one-word name it is ("Nanny", "Doctor", "Cook"); a noun two characters answer to is left out."""
    owners: dict[str, set[str]] = {}
    for c in doc.analysis.characters:
        for a in {c.name, *c.aliases}:
            if " " not in a and a.lower() in persons:
                owners.setdefault(a.lower(), set()).add(c.id)
    return {w: next(iter(ids)) for w, ids in owners.items() if len(ids) == 1}


def _vocative(
    doc: Document, pi: int, d: Doc, base: int, q: Quote, mention_at: dict[tuple[int, int], Mention],
    roles: dict[str, str],
) -> str | None:
    """A name inside the quote set off like an address: "Sam, listen", "Damn it, Sam!", "Hey Sam"; else a
    lowercase noun for a person that is the one-word name of a character (``roles``, from ``role_names``: "Yes,
    nanny.")."""
    a = _token_at(d, q.start - base)
    b = _token_at(d, q.end - base - 1)
    for i in range(a, b + 1):
        m = mention_at.get((pi, i))
        if m is None or m.kind != "name" or m.character is None or m.tok != i:
            continue
        if _set_off(d, base, q, m.tok, m.tok_end):
            return m.character
    if not roles:
        return None
    for i in range(a, b + 1):
        t = d[i]
        cid = roles.get(t.text) if t.is_lower else None
        if cid is not None and _set_off(d, base, q, i, i + 1):
            return cid
    return None


def _set_off(d: Doc, base: int, q: Quote, start: int, end: int) -> bool:
    """Whether tokens ``start:end`` inside quote ``q`` are set off like an address: after the quote's opening, a
    punctuation mark or "hey", "oh", "dear", and before a punctuation mark (not a possessive)."""
    before = d[start - 1] if start > 0 else None
    after = d[end] if end < len(d) else None
    open_before = before is None or before.is_punct or before.is_quote or before.lower_ in ("hey", "oh", "dear")
    open_before = open_before and (before is None or base + before.idx >= q.start or before.is_quote)
    close_after = after is None or (after.is_punct and after.text not in ("'s", "’s"))
    return open_before and close_after

