"""Fan-fiction dialogue conventions end to end (real model, both scorers): an unnamed woman who speaks by "she"
tags, a speech over several paragraphs announced by the narration before it."""

from __future__ import annotations

import pytest

from ficlens_testutil import speakers

pytestmark = pytest.mark.integration

WOMAN = (
    'John leans against the car. He watches his brother pace.\n\n"We can\'t stay here," Dean says.\n\n'
    '"We\'ve stayed in worse," John says.\n\nA door opens upstairs. A woman in a bathrobe leans over the railing.\n\n'
    '"You boys lost?" she calls down.\n\n"Just looking for the office," John tells her.\n\n'
    '"It\'s closed." She taps ash over the rail.\n'
)

SPEECH = (
    "Kim and Okafor sat at the table. Captain Ortiz waited until the whole crew had squeezed into the mess "
    'before she spoke.\n\n"I\'ll keep this short. The relay station stopped answering.\n\n'
    '"That means we skip shore leave.\n\n"Questions?"\n\nKim raised a hand. "How long to get there?"\n\n'
    '"Nineteen hours," said Okafor.\n'
)


def _analyse(analyzer, text: str, scorer: str):  # type: ignore[no-untyped-def]
    keep = analyzer.speaker_model
    if scorer == "rules":
        analyzer.speaker_model = None  # the hand-weighted decoder
    try:
        return analyzer.analyze_text(text)
    finally:
        analyzer.speaker_model = keep


@pytest.mark.parametrize("scorer", ["rules", "learned"])
def test_a_she_with_no_woman_in_the_scene_is_the_woman_just_introduced(analyzer, scorer: str) -> None:  # type: ignore[no-untyped-def]
    analysis = _analyse(analyzer, WOMAN, scorer)
    # not Dean or John: "she" stands for the woman the narration introduced, who gets a character of her own
    assert speakers(analysis) == ["Dean", "John", "The", "John", "The"]
    woman = next(c for c in analysis.characters if c.name == "The woman")
    assert woman.gender == "female"


@pytest.mark.parametrize("scorer", ["rules", "learned"])
def test_a_speech_over_three_paragraphs_is_the_one_the_narration_announced(analyzer, scorer: str) -> None:  # type: ignore[no-untyped-def]
    analysis = _analyse(analyzer, SPEECH, scorer)
    assert speakers(analysis) == ["Captain", "Captain", "Captain", "Kim", "Okafor"]


EPITHETS = (
    "Harry Potter found Draco Malfoy in the library after dinner. The Slytherin was bent over a book of potions.\n\n"
    '"What do you want, Potter?" Malfoy asked without looking up.\n\n'
    '"Just to talk," Harry said. He sat down across the table.\n\n'
    '"Talk," the blond scoffed. "Since when do you talk?"\n\n'
    '"Since now," the dark-haired boy replied.\n\n'
    '"Fine. You have five minutes."\n'
)

COUSINS = (
    "Margaret Hale came into the drawing room where her cousin Edith Shaw sat by the fire with a letter.\n\n"
    '"You are late," said Edith. "Mamma has been asking for you all morning."\n\n'
    '"I walked to the river," Margaret said. "The air was so fine."\n\n'
    '"The air! You will ruin your complexion."\n\n"Then I shall ruin it happily."\n\n'
    '"You always say that," returned the girl, folding her letter. "And you never mean it."\n\n'
    '"I always mean it."\n'
)


@pytest.mark.parametrize("scorer", ["rules", "learned"])
def test_an_epithet_in_a_tag_is_one_of_the_people_talking(analyzer, scorer: str) -> None:  # type: ignore[no-untyped-def]
    # "the dark-haired boy" is Harry, "the girl" Edith (the turn-taking says which): no new character for either
    analysis = _analyse(analyzer, EPITHETS, scorer)
    assert speakers(analysis) == ["Draco", "Harry", "Draco", "Draco", "Harry", "Draco"]
    analysis = _analyse(analyzer, COUSINS, scorer)
    assert speakers(analysis) == ["Edith", "Edith", "Margaret", "Margaret", "Edith", "Margaret", "Edith", "Edith",
                                  "Margaret"]
    assert {c.name for c in analysis.characters if c.name.lower().startswith("the ")} == set()
