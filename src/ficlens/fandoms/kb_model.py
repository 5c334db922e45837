"""The knowledge base's records: a fandom (:class:`KBFandom`) and its characters (:class:`KBCharacter`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["GENDERS", "VOCABULARY_KINDS", "KBCharacter", "KBFandom"]

GENDERS = ("male", "female", "nonbinary", "unknown")
# kinds of world vocabulary: words of the canon that are never a person (docs/kb-format.md)
VOCABULARY_KINDS = ("spells", "places", "organisations", "species", "objects", "exclamations", "learned")


@dataclass(frozen=True)
class KBCharacter:
    """One character of a fandom.

    tag (str): the AO3 character tag.
    name (str): the full name a reader would write.
    aliases (tuple[str, ...]): names that may appear alone in a story (first names, surnames).
    nicknames (tuple[str, ...]): nicknames and diminutives.
    descriptions (tuple[str, ...]): descriptive mentions ("the older Winchester").
    gender (str): one of ``GENDERS``.
    main (bool): a principal character of the canon.
    uncertain (bool): the AO3 spelling of ``tag`` is not certain.
    fandom (str): the name of the fandom whose file defines the character.
    era (str): the generation or period of the canon the character belongs to ("next-gen"), "" when one.
    """

    tag: str
    name: str
    aliases: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    gender: str = "unknown"
    main: bool = False
    uncertain: bool = False
    fandom: str = ""
    era: str = ""

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every name the character may be called by: tag, name, aliases and nicknames (no duplicates)."""
        return tuple(dict.fromkeys((self.tag, self.name, *self.aliases, *self.nicknames)))


@dataclass(frozen=True)
class KBFandom:
    """One fandom, after its files are merged and ``characters_from`` is resolved.

    name (str): the AO3 canonical fandom tag.
    aliases (tuple[str, ...]): other names written for the fandom.
    universe (str): fandoms with the same universe are one canon.
    works (int): the AO3 works count (2021), 0 when unknown.
    terms (tuple[str, ...]): distinctive terms, good evidence alone.
    weak_terms (tuple[str, ...]): terms that support the fandom only with other evidence.
    characters (tuple[KBCharacter, ...]): its own characters, then those of ``characters_from``.
    path (str): the file that first defined the fandom.
    characters_from (tuple[str, ...]): the fandoms whose characters also belong here.
    """

    name: str
    aliases: tuple[str, ...]
    universe: str
    works: int
    terms: tuple[str, ...]
    weak_terms: tuple[str, ...]
    characters: tuple[KBCharacter, ...]
    path: str
    characters_from: tuple[str, ...] = ()
    vocabulary: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def vocabulary_words(self) -> tuple[str, ...]:
        """Every word of the fandom's vocabulary (spells, places, organisations, species, objects, ...)."""
        return tuple(dict.fromkeys(w for kind in VOCABULARY_KINDS for w in self.vocabulary.get(kind, ())))

    def character(self, tag: str) -> KBCharacter | None:
        """Return the character with this AO3 tag, or None."""
        for char in self.characters:
            if char.tag == tag:
                return char
        return None
