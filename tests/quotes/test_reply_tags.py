"""A reply verb ("he replied", "she answered") answers the turn before: its subject is not who spoke that turn."""

from __future__ import annotations

import pytest
from spacy.tokens import Token

from ficlens.quotes.common import _State
from ficlens.quotes.tag_subjects import answers_itself
from ficlens_testutil import tagged_parse as _tagged


def _verb(word: str) -> Token:
    _doc, d = _tagged(["he", word], [1, 1], ["nsubj", "ROOT"], ["PRON", "VERB"])
    return d[1]


@pytest.mark.parametrize(
    ("verb", "cid", "last_turn", "pi", "want"),
    [
        ("replied", "c1", (4, "c1"), 5, True),  # c1 spoke the turn before: "he replied" is not c1
        ("answered", "c1", (3, "c1"), 5, True),  # a narration paragraph between
        ("replied", "c2", (4, "c1"), 5, False),  # read as the other one already
        ("said", "c1", (4, "c1"), 5, False),  # no reply verb
        ("added", "c1", (4, "c1"), 5, False),  # he goes on with his own turn
        ("replied", "c1", (1, "c1"), 5, False),  # that turn is too far back to be the one answered
        ("replied", "c1", (5, "c1"), 5, False),  # his own line earlier in the same paragraph
        ("replied", "c1", None, 5, False),
    ],
)
def test_a_reply_is_not_said_by_who_spoke_the_turn_before(
    verb: str, cid: str, last_turn: tuple[int, str] | None, pi: int, want: bool
) -> None:
    assert answers_itself(_verb(verb), cid, pi, _State(last_turn=last_turn)) is want


@pytest.mark.integration
@pytest.mark.parametrize("model", ["rules", "learned"])
def test_he_replied_after_the_other_mans_line_is_the_other_man(model: str) -> None:
    from ficlens.config import Options
    from ficlens.pipeline import Analyzer

    # "he" after Harry's beat and line would be Harry by the narration; the reply is Tom's
    text = (
        "Harry and Tom were alone in the studio, and the portrait stood on its easel between them.\n\n"
        '"You must send it to the gallery," said Harry.\n\n'
        '"I won\'t send it anywhere," said Tom.\n\n'
        'Harry raised his eyebrows and looked at him in amazement. "Not send it anywhere? Why ever not?"\n\n'
        '"You will laugh at me," he replied. "But I cannot show it."\n'
    )
    a = Analyzer(Options(speaker_model=model)).analyze_text(text)
    names = {c.id: c.name for c in a.characters}
    assert [names.get(q.speaker or "") for q in a.quotes] == ["Harry", "Tom", "Harry", "Tom", "Tom"]
