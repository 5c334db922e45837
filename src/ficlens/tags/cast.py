"""Character tags: the main and supporting characters, most important first, in their canonical AO3 tag form.

Read from the analysis' character table (the cast stage decides who is who and each one's role): main before
supporting, then by mentions and quotes. A supporting character that looks like a mis-read name (no knowledge
base link, never speaks, no gender, one mention) or is a description ("the vampire") is left out; characters
only mentioned or referenced are not tagged.
"""

from __future__ import annotations

from ..model import Analysis, Character, CharacterTag

_ROLE_CONFIDENCE = {"main": 0.85, "supporting": 0.55}


_DETERMINERS = ("the ", "a ", "an ", "my ", "your ", "his ", "her ", "their ", "our ")


def _weak(c: Character) -> bool:
    """A mis-read name, or a description ("the vampire", "the narrator"): not a character tag."""
    if not c.ao3_tag and c.name.lower().startswith(_DETERMINERS):
        return True
    return not c.ao3_tag and c.quotes == 0 and c.gender == "unknown" and c.mentions <= 1


def character_tags(a: Analysis) -> list[CharacterTag]:
    chosen = [c for c in a.characters if c.role in _ROLE_CONFIDENCE and not _weak(c)]
    chosen.sort(key=lambda c: (c.role != "main", -(c.mentions + 2 * c.quotes), c.first_start))
    return [CharacterTag(c.ao3_tag or c.name, c.id, _ROLE_CONFIDENCE[c.role]) for c in chosen]
