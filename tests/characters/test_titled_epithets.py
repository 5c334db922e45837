"""An epithet written in capitals ("the Invisible Man", "the Grey Woman") is what the story calls someone."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from characters.story_helpers import by_name
from ficlens.characters.lex import lexicon
from ficlens.characters.mentions import _titled_epithet

_NLP = spacy.blank("en")


def _doc(words: list[str], pos: list[str]) -> Doc:
    return Doc(_NLP.vocab, words=words, pos=pos)


@pytest.mark.parametrize(
    ("words", "pos", "end"),
    [
        # "the Invisible Man paused": the capitals end at a noun for a person
        (["the", "Invisible", "Man", "paused"], ["DET", "PROPN", "PROPN", "VERB"], 3),
        (["the", "Old", "Grey", "Woman", "laughed"], ["DET", "PROPN", "PROPN", "PROPN", "VERB"], 4),
        (["the", "Invisible", "Man", "'s", "coat"], ["DET", "PROPN", "PROPN", "PART", "NOUN"], 3),
        # a capitalised person noun alone is left to the title and description rules ("the Doctor")
        (["the", "Man", "paused"], ["DET", "PROPN", "VERB"], 0),
        # the capitals go on past the noun: someone's name ("the Old Man Winters")
        (["the", "Old", "Man", "Winters", "came"], ["DET", "PROPN", "PROPN", "PROPN", "VERB"], 0),
        # no noun for a person at the end: a place or a thing ("the Red Lion")
        (["the", "Red", "Lion", "was"], ["DET", "PROPN", "PROPN", "AUX"], 0),
        # lower case: a description, not an epithet
        (["the", "invisible", "man", "paused"], ["DET", "ADJ", "NOUN", "VERB"], 0),
        # the noun goes on ("the Invisible Man problem")
        (["the", "Invisible", "Man", "problem"], ["DET", "PROPN", "PROPN", "NOUN"], 0),
    ],
)
def test_titled_epithet_span(words: list[str], pos: list[str], end: int) -> None:
    assert _titled_epithet(_doc(words, pos), 0, lexicon()) == end


@pytest.mark.integration
def test_an_epithet_used_twice_is_a_character_and_a_speaker(analyzer) -> None:  # type: ignore[no-untyped-def]
    a = analyzer.analyze_text(
        "Mara waited by the well until the Grey Woman came out of the fog.\n\n"
        "“You are late,” said the Grey Woman.\n\n"
        "“The road was long,” Mara said. “I stopped at the Green Man for bread.”\n\n"
        "The Grey Woman turned her face to the hills. “Then we go now, before the light fails.”\n\n"
        "Mara followed her down the path."
    )
    grey = by_name(a, "the Grey Woman")
    assert grey.gender == "female"
    mara = by_name(a, "Mara")
    spoken = {q.text.strip("“”"): q.speaker for q in a.quotes}
    assert spoken["You are late,"] == grey.id
    assert spoken["Then we go now, before the light fails."] == grey.id
    assert spoken["The road was long,"] == mara.id
    # an inn named once is no one
    assert not [c for c in a.characters if "Green Man" in c.name or "the Green Man" in c.aliases]
