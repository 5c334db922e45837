"""The sieve: a narration paragraph between two turns, and speech verbs of narration that tell no line
(hand-built parses, no model)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from ficlens.document import Paragraph, QuoteInfo
from ficlens.model import Quote
from ficlens.quotes.sieve import _lone_narration_before, _not_speaking
from ficlens.settings import settings
from ficlens_testutil import _VOCAB, tagged_parse


def _doc_with_quotes_at(*paras: int, scenes: tuple[int, ...] = ()):
    """A text of eight paragraphs (scene numbers ``scenes``, else all one scene) with quotes in ``paras``."""
    doc, _d = tagged_parse(["x"], [0], ["ROOT"], ["NOUN"])
    doc.paragraphs = [Paragraph(i, 0, 1, 0, scenes[i] if scenes else 0) for i in range(8)]
    doc.analysis.quotes = [Quote(f"q{i}", 0, 1, "x") for i in range(len(paras))]
    doc.quote_info = [QuoteInfo(para=p) for p in paras]
    return doc


def test_sieve_one_narration_paragraph_between_two_turns_counts_for_less_than_an_opener() -> None:
    between = settings()["quotes"]["between_turns_beat"]
    assert 0.1 < between < 1  # weaker than the subject of narration that opens an exchange
    # "Don't." / He held out a cup. She took it. / "You heard, then."
    assert _lone_narration_before(_doc_with_quotes_at(1, 3), 3, 1) == pytest.approx(between)
    # an exchange's first quote after narration: the opener's discount
    assert _lone_narration_before(_doc_with_quotes_at(1, 5), 5, 1) == pytest.approx(0.1)
    assert _lone_narration_before(_doc_with_quotes_at(1, 4), 4, 1) == pytest.approx(0.1)  # two paragraphs: new
    # the turn right after another (no narration between), and the text's second paragraph: nothing
    assert _lone_narration_before(_doc_with_quotes_at(2, 3), 3, 1) is None
    assert _lone_narration_before(_doc_with_quotes_at(0, 1), 1, 1) is None
    # the narration before a scene break is another scene's: "…,” said Brenda. / * * * / “The pony, sir.”"
    assert _lone_narration_before(_doc_with_quotes_at(1, 5, scenes=(0, 0, 0, 0, 0, 1, 1, 1)), 5, 1) is None
    assert _lone_narration_before(_doc_with_quotes_at(1, 5, scenes=(0, 0, 0, 0, 1, 1, 1, 1)), 5, 1) == 0.1


def test_sieve_between_turns_beat_of_one_or_more_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    import ficlens.quotes.sieve as sieve

    monkeypatch.setattr(sieve, "settings", lambda: {"quotes": {"between_turns_beat": 1.0}})
    assert _lone_narration_before(_doc_with_quotes_at(1, 3), 3, 1) is None


def _parse(words: list[str], heads: list[int], deps: list[str], tags: list[str]) -> Doc:
    return Doc(_VOCAB, words=words, heads=heads, deps=deps, tags=tags)


def test_sieve_a_speech_verb_of_narration_that_tells_no_line() -> None:
    # "Kofi sighed and didn't argue.": joined to a negated verb
    d = _parse(["Kofi", "sighed", "and", "did", "n't", "argue", "."], [1, 1, 1, 5, 5, 1, 1],
               ["nsubj", "ROOT", "cc", "aux", "neg", "conj", "punct"], ["NNP", "VBD", "CC", "VBD", "RB", "VB", "."])
    assert _not_speaking(d[1])
    # "He didn't answer."
    d = _parse(["He", "did", "n't", "answer", "."], [3, 3, 3, 3, 3],
               ["nsubj", "aux", "neg", "ROOT", "punct"], ["PRP", "VBD", "RB", "VB", "."])
    assert _not_speaking(d[3])
    # "Big Medicine bellowed, close beside him.": a tag for the line before
    d = _parse(["Medicine", "bellowed", ",", "close", "."], [1, 1, 1, 1, 1],
               ["nsubj", "ROOT", "punct", "advmod", "punct"], ["NNP", "VBD", ",", "RB", "."])
    assert not _not_speaking(d[1])
    # "He was laughing.": a progressive stays a tag (more often the speaker's own laugh than the listener's)
    d = _parse(["He", "was", "laughing", "."], [2, 2, 2, 2], ["nsubj", "aux", "ROOT", "punct"],
               ["PRP", "VBD", "VBG", "."])
    assert not _not_speaking(d[2])
