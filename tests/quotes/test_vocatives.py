"""Vocatives: which characters a lowercase noun for a person may address."""

from __future__ import annotations

from types import SimpleNamespace

from ficlens.model import Character
from ficlens.quotes.common import _Lex
from ficlens.quotes.vocatives import role_names


def _doc(*chars: Character) -> SimpleNamespace:
    return SimpleNamespace(analysis=SimpleNamespace(characters=list(chars)))


def test_only_a_noun_for_a_person_that_names_one_character_is_a_role_name() -> None:
    persons = _Lex.load().role_nouns
    doc = _doc(
        Character("c1", "Nanny", ["Nanny"]),
        Character("c2", "Joy", ["Joy"]),  # "joy" names no person
        Character("c3", "The Doctor", ["Doctor", "The Doctor"]),
        Character("c4", "Doctor Watson", ["Doctor", "Watson"]),  # "doctor": two characters, no one's
        Character("c5", "Cook", ["Cook", "Mrs Cook"]),
        Character("c6", "Angel", ["Angel"]),  # "Hey, angel" may speak to anyone
        Character("c7", "Baby", ["Baby"]),  # the car ("baby": an interjection)
    )
    assert role_names(doc, persons) == {"nanny": "c1", "cook": "c5"}  # type: ignore[arg-type]
