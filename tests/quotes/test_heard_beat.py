"""The narration right before an untagged line counts as a beat for its subject, except when that subject only
hears the line coming ("He heard her speak."): then it is the one heard (hand-built parses, no model)."""

from __future__ import annotations

import pytest

from ficlens.quotes.sieve import _narration_subject
from ficlens_testutil import tagged_parse as _tagged


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "want"),
    [
        # "He heard her speak.": her
        (["He", "heard", "her", "speak", "."], [1, 1, 3, 1, 1], ["nsubj", "ROOT", "nsubj", "ccomp", "punct"],
         ["PRON", "VERB", "PRON", "VERB", "PUNCT"], "her"),
        # "He heard Henrietta's voice.": Henrietta
        (["He", "heard", "Henrietta", "'s", "voice", "."], [1, 1, 4, 2, 1, 1],
         ["nsubj", "ROOT", "poss", "case", "dobj", "punct"], ["PRON", "VERB", "PROPN", "PART", "NOUN", "PUNCT"],
         "Henrietta"),
        # "He heard the voice of Tom.": Tom
        (["He", "heard", "the", "voice", "of", "Tom", "."], [1, 1, 3, 1, 3, 4, 1],
         ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "punct"],
         ["PRON", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"], "Tom"),
        # "He heard a noise.": no one to hear, and not he either
        (["He", "heard", "a", "noise", "."], [1, 1, 3, 1, 1], ["nsubj", "ROOT", "det", "dobj", "punct"],
         ["PRON", "VERB", "DET", "NOUN", "PUNCT"], None),
        # "Emma walked in.": she, as before
        (["Emma", "walked", "in", "."], [1, 1, 1, 1], ["nsubj", "ROOT", "prt", "punct"],
         ["PROPN", "VERB", "ADP", "PUNCT"], "Emma"),
    ],
)
def test_the_narration_before_a_line_points_at_who_is_heard(
    words: list[str], heads: list[int], deps: list[str], pos: list[str], want: str | None
) -> None:
    doc, _d = _tagged(words, heads, deps, pos)
    tok = _narration_subject(doc, 0)
    assert (tok.text if tok is not None else None) == want
