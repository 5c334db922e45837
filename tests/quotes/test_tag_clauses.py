"""Clauses around a speech tag: a relative clause about the speaker tags nothing; a participle after an inverted
tag ("said Anne, stooping") is how it was said, not reported speech."""

from __future__ import annotations

import pytest

from ficlens_testutil import speakers

pytestmark = pytest.mark.integration


def test_a_relative_clause_after_the_tag_is_no_tag_of_its_own(analyse):  # type: ignore[no-untyped-def]
    text = (
        "Martha and Arthur sat down to supper with the girl.\n\n"
        '"I guess she is tired," said Arthur, who had not spoken since his return from the barn. '
        '"Best put her to bed, Martha."\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Arthur", "Arthur"]
    assert [q.kind for q in analysis.quotes] == ["speech", "speech"]


def test_a_participle_after_an_inverted_tag_keeps_the_tag(analyse):  # type: ignore[no-untyped-def]
    text = (
        "Martha sat by the fire and Arthur read his paper.\n\n"
        '"Is it raining yet?" asked Martha.\n\n'
        '"Not yet," said Arthur.\n\n'
        '"I declare, you will catch your death of cold," said Arthur gaily stooping over her chair to kiss her. '
        '"Now sit nearer the fire."\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Martha", "Arthur", "Arthur", "Arthur"]


def test_reported_speech_after_a_subject_is_still_no_tag(analyse):  # type: ignore[no-untyped-def]
    text = (
        "Martha sat with Arthur by the fire.\n\n"
        '"Have you seen the new neighbour yet?" Arthur replied that he had not.\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis)[0] != "Arthur"
