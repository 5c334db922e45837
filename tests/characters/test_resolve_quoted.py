"""First- and second-person pronouns inside attributed quotations (no spaCy model needed)."""

from __future__ import annotations

from ficlens.characters import resolve_quoted
from ficlens.document import Document, Mention
from ficlens.ingest.base import Work
from ficlens.model import Analysis, Character, Quote, WorkInfo


def _pron(start: int, text: str, cls: str) -> Mention:
    return Mention(start, start + len(text), 0, 0, 1, "pronoun", text, gender_hint=cls, in_quote=True)


def test_i_is_the_speaker_and_you_the_one_addressee() -> None:
    text = "“I told you,” said Ann. “You and I,” said Bob. “I know.”"
    analysis = Analysis(work=WorkInfo(None, [], "t", "txt", "en", 0))
    analysis.characters = [Character("c1", "Ann", mentions=3), Character("c2", "Bob", mentions=2)]
    analysis.quotes = [
        Quote("q1", 0, 13, "I told you", speaker="c1", addressees=["c2"]),
        Quote("q2", 24, 35, "You and I", speaker="c2", addressees=[]),
        Quote("q3", 46, 54, "I know.", speaker=None),
    ]
    doc = Document(work=Work(text=text, format="txt", source="t"), analysis=analysis)
    ms = [_pron(1, "I", "first"), _pron(8, "you", "second"), _pron(25, "You", "second"), _pron(33, "I", "first"),
          _pron(47, "I", "first")]
    doc.mentions = ms
    resolve_quoted(doc)
    assert [m.character for m in ms] == ["c1", "c2", None, "c2", None]
    assert analysis.characters[0].mentions == 4 and analysis.characters[1].mentions == 4
