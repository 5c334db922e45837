"""Cue groups and the sentence view the tag detectors share."""

from __future__ import annotations

import pytest

from ficlens.tags.text import _vader, match_cues, sentences, sentiment, words
from tags.tagdoc import make


def test_text_cues_count_groups_and_skip_negated_ones() -> None:
    c = match_cues("He did not kiss her. Later he kissed her back.")
    assert c["romance"] == 1  # "did not kiss" is negated, "kissed" counts
    assert c["first_kiss"] == 1
    assert match_cues("She never loved him.")["love"] == 0


def test_text_cues_that_carry_their_own_negation_always_count() -> None:
    c = match_cues("I told him no and he didn't stop.")
    assert c["consent_violation"] == 2
    assert match_cues("It wasn't rape, she said.")["rape_explicit"] == 1  # not negatable: flagged for a human


def test_text_words_keep_apostrophes_and_hyphens() -> None:
    assert words("I\u2019ve self-harmed; A&E.") == ["i've", "self-harmed", "a&e"]


def test_text_sentences_have_offsets_quotes_and_sentiment() -> None:
    doc = make(['"I love you so much," she said happily.', "He was miserable and hated everything."])
    doc.set_quote_spans([(0, 26)])
    sents = sentences(doc)
    assert [doc.text[s.start : s.end] for s in sents] == [s.text for s in sents]
    assert sents[0].sentiment > 0.3 > -0.3 > sents[-1].sentiment
    assert sentences(doc) is sents  # computed once per document


@pytest.mark.parametrize(
    ("text", "zero"),
    [
        ("He walked to the door and opened it.", True),  # no lexicon word: 0.0 without VADER
        ("Then the rain came, but the sky stayed dark!!", True),  # 'but' and '!' scale only a lexicon word
        ("He was so happy.", False),
        ("He was NOT happy at all.", False),
        ("'Happy?' she asked.", False),  # punctuation stripped as VADER strips it
        ("no", False),
        ("It was kind of great, sort of.", False),
        ("She smiled :) at him.", False),  # an emoticon is a lexicon entry
        ("He sent \U0001F600 back.", False),  # an emoji becomes words VADER scores
        ("", True),
    ],
)
def test_text_sentiment_is_vaders_compound_score(text: str, zero: bool) -> None:
    assert sentiment(text) == float(_vader().polarity_scores(text)["compound"])
    assert (sentiment(text) == 0.0) is zero


def test_text_character_names_are_not_cues_but_still_swear() -> None:
    from tags.tagdoc import mention

    doc = make(["Grace ran to the door.", "Shitty Hair laughed."])
    mention(doc, 0, 0, "c1")
    mention(doc, 1, 0, "c2", tok_end=2)
    sents = sentences(doc)
    assert sents[0].cues["magic"] == 0  # "grace" is a cue word, Grace a name
    assert sents[1].cues["profanity_strong"] == 1
