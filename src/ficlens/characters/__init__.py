"""Characters: find mentions, cluster them into characters, resolve pronouns, fill ``analysis.characters``."""

from __future__ import annotations

from ..document import Document
from ..fandoms.kb import KnowledgeBase
from .cluster import build_characters
from .mentions import find_mentions

__all__ = ["run"]


def run(doc: Document, kb: KnowledgeBase | None = None) -> None:
    """Set ``doc.mentions`` (names and pronouns, resolved) and ``doc.analysis.characters``."""
    mentions = find_mentions(doc)
    doc.mentions = mentions
    doc.analysis.characters = build_characters(doc, mentions, kb)
