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
