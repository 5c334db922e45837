"""Fandoms: the knowledge base of AO3 fandoms, their characters and their terms."""

from ficlens.fandoms.kb import (
    DATA_DIR,
    GENDERS,
    KBCharacter,
    KBFandom,
    KnowledgeBase,
    normalize_surface,
    user_kb_dir,
)

__all__ = [
    "DATA_DIR",
    "GENDERS",
    "KBCharacter",
    "KBFandom",
    "KnowledgeBase",
    "normalize_surface",
    "user_kb_dir",
]
