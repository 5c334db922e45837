"""quotes/conversation.py: turns of a conversation on detected quotes (no model)."""

from __future__ import annotations

from collections.abc import Callable

from ficlens.document import Document
from ficlens.quotes.conversation import _conversations


def test_conversation_a_speech_over_three_paragraphs_is_one_turn(detected: Callable[[str], Document]) -> None:
    # no closing mark until the last paragraph: one speaker goes on; every paragraph after the first continues
    # the same turn, not only the second
    text = (
        'The captain spoke.\n\n"Listen. The relay stopped answering.\n\n"We skip shore leave.\n\n'
        '"Questions?"\n\n"How long?"\n'
    )
    doc = detected(text)
    quotes = doc.analysis.quotes
    assert [i.continues for i in doc.quote_info] == [False, True, True, False]
    convs = _conversations(doc, quotes, doc.quote_info, [0] * len(doc.paragraphs))
    assert [t.qids for conv in convs for t in conv] == [[0, 1, 2], [3]]
