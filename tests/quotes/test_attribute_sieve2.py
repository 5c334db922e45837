"""Attribution cases added with the LitBank work: bound tags, reported and heard speech, loose tags, turns."""

from __future__ import annotations

import pytest

from ficlens_testutil import speakers

pytestmark = pytest.mark.integration


def test_tag_between_halves_binds_the_second_half(analyse):  # type: ignore[no-untyped-def]
    text = (
        "Martha and Arthur sat in the kitchen.\n\n"
        '"You were always a poor liar," said Martha sharply, "though you fooled the nurse once. '
        'Do you remember?" Arthur chuckled.\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Martha", "Martha"]


def test_reported_speech_is_not_a_tag(analyse):  # type: ignore[no-untyped-def]
    text = (
        "Martha sat with Arthur by the fire.\n\n"
        '"Have you seen the new neighbour yet?" Arthur replied that he had not.\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis)[0] != "Arthur"


def test_heard_speech_belongs_to_who_is_heard(analyse):  # type: ignore[no-untyped-def]
    text = (
        "Martha stood by the window while her aunt Joan paced the room.\n\n"
        '"Is it so very bad?" Martha heard her say.\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis)[0] != "Martha"


def test_quote_ending_in_comma_takes_the_verb_after_it(analyse):  # type: ignore[no-untyped-def]
    text = 'Arthur and Martha rode on.\n\n"Aw, he is nothing," fleered Arthur, "just a dandy."\n'
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Arthur", "Arthur"]


def test_the_one_spoken_to_answers_next(analyse):  # type: ignore[no-untyped-def]
    text = (
        "Martha, Arthur and Tom stood in the yard.\n\n"
        '"Where did you leave the cart?" Martha asked.\n\n'
        '"By the gate," said Tom.\n\n'
        '"It will rain," said Arthur.\n\n'
        '"Tom, go and fetch it," said Martha.\n\n'
        '"Why me?"\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis)[-1] == "Tom"
    assert analysis.quotes[-1].confidence > 0.7


def test_one_called_before_saying_a_word_answers_with_an_even_chance(analyse):  # type: ignore[no-untyped-def]
    # In the PDNC training novels an untagged line right after a call to someone who has not yet spoken is theirs
    # only 15% of the time (the one who spoke before the caller's 58%; tests/quotes/test_decoder.py): whoever the
    # model gives "Why me?" to, it must not be sure of it
    text = (
        "Martha, Arthur and Tom stood in the yard.\n\n"
        '"Where did you leave the cart?" Martha asked.\n\n'
        '"By the gate," said Arthur.\n\n'
        '"Tom, go and fetch it," said Martha.\n\n'
        '"Why me?"\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis)[:3] == ["Martha", "Arthur", "Martha"]
    assert speakers(analysis)[-1] in ("Tom", "Arthur")
    assert analysis.quotes[-1].confidence < 0.7


def test_untagged_quote_after_a_tag_keeps_the_speaker(analyse):  # type: ignore[no-untyped-def]
    text = 'Arthur looked at Martha.\n\n"Yes," he said. "We should go."\n\n"Not yet," said Martha.\n'
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Arthur", "Arthur", "Martha"]


def test_a_tag_introducing_the_next_quote_leaves_this_one_its_own(analyse):  # type: ignore[no-untyped-def]
    # each quote is introduced by its own tag; the tag after the first quote ("and Arthur said,") is the second's
    text = (
        "Martha and Arthur sat on the porch steps.\n\n"
        'Martha said, "The rain is coming back tonight," and Arthur said, "Then we stay in."\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Martha", "Arthur"]
