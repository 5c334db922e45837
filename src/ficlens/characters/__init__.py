"""Characters: find mentions, cluster them into characters, resolve pronouns, fill ``analysis.characters``."""

from __future__ import annotations

from ..document import Document
from ..fandoms.kb import KnowledgeBase
from .cluster import build_characters
from .introductions import introduce_described
from .mentions import find_mentions
from .narrator import name_narrator, name_self_named

__all__ = ["introduce", "name_narrator", "name_self_named", "resolve_quoted", "run"]


def run(doc: Document, kb: KnowledgeBase | None = None) -> None:
    """Set ``doc.mentions`` (names, pronouns and descriptions, resolved), ``doc.kb_candidates`` and
    ``doc.analysis.characters`` (unlinked: the fandom stage links them to the knowledge base)."""
    mentions, index = find_mentions(doc, kb)
    doc.mentions = mentions
    doc.kb_candidates = {}
    build_characters(doc, mentions, index, kb)


def resolve_quoted(doc: Document) -> None:
    """After speaker attribution: "I"/"me"/"my" inside a quotation are its speaker, "you"/"your" its one
    addressee. Adds them to the characters' mention counts."""
    _resolve_quoted(doc)


def introduce(doc: Document) -> None:
    """A described character ("the girl") the story names explicitly ("Buffy Summers. Hi.", "Your name is
    Buffy?") is merged with the character of that name (see introductions.py)."""
    introduce_described(doc)


def _resolve_quoted(doc: Document) -> None:
    quotes = sorted((q for q in doc.analysis.quotes if q.speaker), key=lambda q: q.start)
    if not quotes:
        return
    reg = doc.registry
    qi = 0
    for m in doc.mentions:
        if m.kind != "pronoun" or m.character is not None or m.gender_hint not in ("first", "second"):
            continue
        while qi < len(quotes) and quotes[qi].end <= m.start:
            qi += 1
        if qi == len(quotes):
            break
        q = quotes[qi]
        if not q.start <= m.start < q.end:
            continue
        if m.gender_hint == "first":
            cid: str | None = q.speaker
        else:
            cid = q.addressees[0] if len(q.addressees) == 1 else None
        if cid is not None:
            reg.attach(m, cid)
