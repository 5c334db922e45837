"""The knowledge base's records: a fandom and its characters."""

from __future__ import annotations

from ficlens.fandoms.kb_model import VOCABULARY_KINDS, KBCharacter, KBFandom


def _fandom(**kwargs) -> KBFandom:
    sam = KBCharacter(tag="Sam Winchester", name="Sam Winchester", aliases=("Sam",), nicknames=("Sammy", "Sam"))
    base = dict(name="Supernatural", aliases=(), universe="spn", works=0, terms=(), weak_terms=(),
                characters=(sam,), path="spn.toml")
    base.update(kwargs)
    return KBFandom(**base)


def test_kb_model_character_surfaces_in_order_without_duplicates():
    sam = _fandom().characters[0]
    assert sam.surfaces == ("Sam Winchester", "Sam", "Sammy")


def test_kb_model_fandom_character_by_tag():
    fandom = _fandom()
    assert fandom.character("Sam Winchester") is fandom.characters[0]
    assert fandom.character("Sam") is None  # by tag only, not by alias


def test_kb_model_vocabulary_words_in_kind_order():
    fandom = _fandom(vocabulary={"places": ("Bobby's", "Lawrence"), "spells": ("Lawrence", "Exorcizo")})
    assert VOCABULARY_KINDS.index("spells") < VOCABULARY_KINDS.index("places")
    assert fandom.vocabulary_words == ("Lawrence", "Exorcizo", "Bobby's")
