"""A paragraph that ends on a speech tag and a colon or comma tags the next paragraph's first quote."""

from __future__ import annotations

import pytest

from ficlens_testutil import speakers

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("end", [":", ","])
def test_narration_ending_in_a_tag_tags_the_next_quote(analyse, end):  # type: ignore[no-untyped-def]
    text = (
        "Martha and Arthur walked back from the market in the rain.\n\n"
        '"We should have taken the cart," said Martha.\n\n'
        f"Arthur shook the water from his hat. Martha, frowning at the sky, added{end}\n\n"
        '"And you should have said so this morning."\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Martha", "Martha"]


def test_a_tag_after_the_last_quote_leads_the_next_paragraph(analyse):  # type: ignore[no-untyped-def]
    text = (
        "Martha sat by the fire with Arthur and old Tom.\n\n"
        '"Well?" asked Martha. Arthur looked at Tom, and Tom at the coals. At last Martha said:\n\n'
        '"Nobody in this house ever answers me."\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Martha", "Martha"]


def test_a_tag_that_does_not_end_its_paragraph_leads_nothing(analyse):  # type: ignore[no-untyped-def]
    text = (
        "Martha and Arthur sat by the fire.\n\n"
        "Arthur said nothing for a long while.\n\n"
        '"Are you asleep?" asked Martha.\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Martha"]


@pytest.mark.parametrize("mark", [",", ";"])
def test_a_tag_between_two_halves_binds_the_second_after_a_comma_or_semicolon(analyse, mark):  # type: ignore[no-untyped-def]
    # '"A," returned Martha; "B." Catherine sighed.': the second half is hers, not the sigher's
    text = (
        "Catherine sat with Martha and Sarah.\n\n"
        f'"I am sorry for the young people," returned Martha{mark} "they must have a sad time of it; but'
        ' Catherine is safe at home." Catherine sighed.\n\n'
        '"Well," said Sarah.\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Martha", "Martha", "Sarah"]


@pytest.mark.parametrize(
    ("ending", "first"),
    [
        # the closing dash lost in the text's layout: the paragraph stops on a word
        ("Norah fetched breath, and went on again   ", "Norah"),
        # a sentence whose main verb is the speech
        ("Norah fetched breath, and went on again.", "Norah"),
    ],
)
def test_narration_stopping_on_a_speech_verb_leads_the_next_quote(analyse, ending, first):  # type: ignore[no-untyped-def]
    text = (
        "Norah and Fanny sat in the drawing-room with Edmund.\n\n"
        '"I do not know what you mean," said Edmund.\n\n'
        f"{ending}\n\n"
        '"The nonsense and folly of people stepping out of their rank makes me think it right to give you a hint."\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Edmund", first]


def test_rising_to_go_is_no_speech(analyse):  # type: ignore[no-untyped-def]
    # "went" speaks only as "went on": "Beaver rose to go." leads nothing
    text = (
        "Beaver and Jock sat at the bar.\n\n"
        '"Yes, and cheaper I suppose," said Jock. "You won\'t have another?"\n\n'
        "Beaver rose to go.\n\n"
        '"Yes, I think I will."\n'
    )
    analysis, doc = analyse(text)
    last = analysis.quotes[-1]
    assert last.method != "explicit"


def test_a_short_tag_paragraph_ending_on_a_colon_leads_and_tags_no_line_before(analyse):  # type: ignore[no-untyped-def]
    # the short paragraph is no orphan tag of the untagged line before it: it introduces the one after
    text = (
        "Martha and Arthur sat by the fire.\n\n"
        '"Is the kettle on?" asked Martha.\n\n'
        '"No, I can\'t say that it is."\n\n'
        "But Martha said:\n\n"
        '"Then put it on, Arthur."\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis)[1] == "Arthur" and speakers(analysis)[2] == "Martha"
