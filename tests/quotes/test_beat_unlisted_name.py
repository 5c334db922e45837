"""An action beat whose subject is a name the character stage did not list ("Tamsin threw up her hands.") is
someone of that name, as a tag's subject is (hand-built parse, no model)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import ficlens.quotes.speech_tags as speech_tags
from ficlens.document import Mention
from ficlens.quotes.common import CONF
from ficlens_testutil import tagged_parse


class _Speakers:
    def __init__(self, answer: str | None) -> None:
        self.answer = answer
        self.asked: list[str] = []

    def named(self, pi: int, tok) -> str | None:
        self.asked.append(tok.text)
        return self.answer


def _beat(speakers: _Speakers, pos: str = "PROPN", mention_at: dict | None = None, later: str = " Take Tamsin.",
          italic: bool = False):
    doc, d = tagged_parse(["Tamsin", "threw", "up", "her", "hands", "."], [1, 1, 1, 4, 1, 1],
                          ["nsubj", "ROOT", "prt", "poss", "dobj", "punct"],
                          [pos, "VERB", "ADP", "PRON", "NOUN", "PUNCT"])
    doc.work.text += later  # the text uses the word as a name elsewhere, after a lower-case word
    if italic:
        doc.work.italics = [(0, len(d.text))]
    lex = SimpleNamespace(beat_skip=set())
    return speech_tags._beat_subject(doc, 0, d[0], mention_at or {}, {}, speakers, None, lex)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _nobody_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speech_tags, "_resolve", lambda *a, **k: (None, "explicit"))


def test_an_unlisted_name_doing_something_beside_a_line_is_someone_of_that_name() -> None:
    speakers = _Speakers("c9")
    cid, conf = _beat(speakers)
    assert cid == "c9" and speakers.asked == ["Tamsin"]
    assert conf == pytest.approx(CONF["action-beat"] - 0.05)


def test_no_name_no_new_character() -> None:
    assert _beat(_Speakers(None)) == (None, 0.0)  # speakers.named refuses ("Perhaps", a month, a title)
    speakers = _Speakers("c9")
    assert _beat(speakers, pos="NOUN") == (None, 0.0)  # "Silence fell." is no one
    listed = {(0, 0): Mention(0, 6, 0, 0, 1, "name", "Tamsin")}  # a mention the character stage left unresolved
    assert _beat(speakers, mention_at=listed) == (None, 0.0)
    # only ever where every word is capitalised ("Tea would help."), or in italics (a text, a thought): no name
    assert _beat(speakers, later=" Tamsin.") == (None, 0.0)
    assert _beat(speakers, italic=True) == (None, 0.0)
    assert speakers.asked == []
