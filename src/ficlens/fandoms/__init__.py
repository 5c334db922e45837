"""Fandoms: the knowledge base of AO3 fandoms, their characters and their terms."""

from ficlens.fandoms.kb import KnowledgeBase
from ficlens.fandoms.kb_files import DATA_DIR, user_kb_dir
from ficlens.fandoms.kb_model import GENDERS, KBCharacter, KBFandom
from ficlens.fandoms.surfaces import normalize_surface

__all__ = [
    "DATA_DIR",
    "GENDERS",
    "KBCharacter",
    "KBFandom",
    "KnowledgeBase",
    "normalize_surface",
    "user_kb_dir",
]
