"""Which name a description is put beside (no model): an apposition, never the next sentence's subject."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from ficlens.characters.descriptions import _apposed

_VOCAB = spacy.blank("en").vocab


@pytest.mark.parametrize(
    ("words", "starts", "want"),
    [
        (["the", "angel", ",", "Castiel", ",", "smiled"], [], True),
        (["his", "brother", "Sam", "laughed"], [], True),
        (["the", "boy", "—", "Leonard", "—", "stood"], [], True),
        # "At last they came upon the butler. Henry gave him the keys": the next sentence names someone else
        (["upon", "the", "butler", ".", "Henry", "gave"], [4], False),
        (["the", "girl", "and", "Anne", "left"], [], False),
    ],
)
def test_a_description_is_apposed_only_to_a_name_in_its_own_sentence(
    words: list[str], starts: list[int], want: bool
) -> None:
    d = Doc(_VOCAB, words=words, sent_starts=[i == 0 or i in starts for i in range(len(words))])
    desc_end = next(i for i, w in enumerate(words) if w in ("angel", "brother", "boy", "butler", "girl")) + 1
    name = next(i for i, w in enumerate(words) if w in ("Castiel", "Sam", "Leonard", "Henry", "Anne"))
    assert _apposed(d, desc_end, name) is want
