"""A tag whose subject is "the other" ("“…,” rejoined the other"): the other one of two people, not a stranger; the
speaker is the latest one to speak who is not the one the narration just named (hand-built parses; one passage
through the whole pipeline with both scorers)."""

from __future__ import annotations

import pytest

from ficlens.quotes.tag_subjects import the_other
from ficlens_testutil import said_by, tagged_parse


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "want"),
    [
        (["replied", "the", "other"], [0, 2, 0], ["ROOT", "det", "nsubj"], ["VERB", "DET", "NOUN"], True),
        (["the", "other", "said"], [1, 2, 2], ["det", "nsubj", "ROOT"], ["DET", "ADJ", "VERB"], True),
        # "another" and "others" may be anyone (someone new, a crowd)
        (["said", "another"], [0, 0], ["ROOT", "nsubj"], ["VERB", "PRON"], False),
        (["the", "others", "said"], [1, 2, 2], ["det", "nsubj", "ROOT"], ["DET", "NOUN", "VERB"], False),
        (["said", "other"], [0, 0], ["ROOT", "nsubj"], ["VERB", "ADJ"], False),
    ],
)
def test_the_other_is_only_the_definite_singular(
    words: list[str], heads: list[int], deps: list[str], pos: list[str], want: bool
) -> None:
    _doc, d = tagged_parse(words, heads, deps, pos)
    subj = next(t for t in d if t.dep_ == "nsubj")
    assert the_other(subj) is want


@pytest.mark.integration
@pytest.mark.parametrize("model", ["rules", "learned"])
def test_continued_the_other_is_the_one_who_spoke_before_the_one_just_named(analyzer, model: str) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Isabella Thorpe and Catherine Morland walked down Milsom Street arm in arm.\n\n"
        "\"The rain will spoil everything,\" said Isabella. \"My new hat, the walk, the whole morning.\"\n\n"
        "Catherine only looked up at the clouds and said nothing.\n\n"
        "\"Oh, I do not mind it,\" continued the other, \"so long as we may go into the shops.\"\n\n"
        "\"Which shop first?\"\n"
    )
    said = said_by(text, model)
    # before, "the other" was read as nobody we know ("a voice said") and both pieces went unattributed
    assert said["Oh, I do not mind it,"] == "Isabella Thorpe"
    assert said["so long as we may go into the shops."] == "Isabella Thorpe"
    assert said["Which shop first?"] == "Catherine Morland"
