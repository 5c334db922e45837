"""Characters: find mentions, cluster them into characters, resolve pronouns, fill ``analysis.characters``."""

from __future__ import annotations

from ..document import Document
from ..fandoms.kb import KnowledgeBase
from .cluster import build_characters
from .mentions import find_mentions

__all__ = ["run"]


def run(doc: Document, kb: KnowledgeBase | None = None) -> None:
    """Set ``doc.mentions`` (names, pronouns and descriptions, resolved), ``doc.kb_candidates`` and
    ``doc.analysis.characters`` (unlinked: the fandom stage links them to the knowledge base)."""
    mentions, index = find_mentions(doc, kb)
    doc.mentions = mentions
    doc.kb_candidates = {}
    doc.analysis.characters = build_characters(doc, mentions, index, kb)
