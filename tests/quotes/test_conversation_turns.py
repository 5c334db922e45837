"""quotes/conversation.py: turns of a conversation on detected quotes (no model)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ficlens import settings as settings_mod
from ficlens.document import Document
from ficlens.quotes.conversation import _conversations, narration_between


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


def test_conversation_ends_after_the_settings_gap_of_narration(
    detected: Callable[[str], Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two narration paragraphs between the lines: one conversation under the packaged gap of three paragraphs,
    # two conversations when a user's settings file lowers it to two
    text = '"Ready?"\n\nShe waited.\n\nThe wind rose.\n\n"Ready."\n'
    doc = detected(text)
    narr = [0 if doc.quote_info and any(i.para == p for i in doc.quote_info) else 3
            for p in range(len(doc.paragraphs))]
    try:
        settings_mod.settings.cache_clear()
        assert len(_conversations(doc, doc.analysis.quotes, doc.quote_info, narr)) == 1
        f = tmp_path / "s.toml"
        f.write_text("[quotes]\ngap_paragraphs = 2\n", encoding="utf-8")
        monkeypatch.setenv(settings_mod.ENV, str(f))
        settings_mod.reload()
        assert len(_conversations(doc, doc.analysis.quotes, doc.quote_info, narr)) == 2
    finally:
        monkeypatch.delenv(settings_mod.ENV, raising=False)
        settings_mod.reload()


def test_the_narration_between_two_turns_counts_the_words_after_one_line_and_before_the_next(
    detected: Callable[[str], Document],
) -> None:
    text = (
        "“I’m sorry, it isn’t any good.” He walked about the room, first to the window, then to the door.\n\n"
        "Jenny watched him. “We can ring up the club.”\n\n“Snap.”\n\n“I’ll buy it.”\n"
    )
    doc = detected(text)
    quotes = doc.analysis.quotes
    (conv,) = _conversations(doc, quotes, doc.quote_info, [0] * len(doc.paragraphs))
    assert len(conv) == 4
    # 13 words after the first line in its paragraph, 3 before the next line in its own; none inside the lines
    assert narration_between(doc, quotes, conv[0], conv[1]) == 16
    assert narration_between(doc, quotes, conv[1], conv[2]) == 0
    assert narration_between(doc, quotes, conv[2], conv[3]) == 0
