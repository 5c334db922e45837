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
