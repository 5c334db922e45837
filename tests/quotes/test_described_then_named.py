"""A described speaker the text names right away ("said the woman at the stall. Her name was Suki"): that
name's character (hand-built parses, no model)."""

from __future__ import annotations

from types import SimpleNamespace

from ficlens.document import Mention
from ficlens.quotes.tag_subjects import _named_next
from ficlens_testutil import tagged_parse

_LEX = SimpleNamespace(gendered={"woman": "female", "man": "male"})


def _parse(noun: str, poss: str, verb: str = "was"):
    words = ["said", "the", noun, ".", poss, "name", verb, "Suki", "."]
    heads = [0, 2, 0, 0, 5, 6, 6, 6, 6]
    deps = ["ROOT", "det", "nsubj", "punct", "poss", "nsubj", "ROOT", "attr", "punct"]
    pos = ["VERB", "DET", "NOUN", "PUNCT", "PRON", "NOUN", "AUX", "PROPN", "PUNCT"]
    return tagged_parse(words, heads, deps, pos)


class _Speakers:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def named(self, pi: int, tok) -> str:
        self.asked.append(tok.text)
        return "new"


def test_a_described_speaker_named_in_the_next_sentence_is_that_character() -> None:
    doc, d = _parse("woman", "Her")
    suki = Mention(0, 4, 0, 7, 8, "name", "Suki", character="c1")
    speakers = _Speakers()
    assert _named_next(doc, 0, d[2], {(0, 7): suki}, speakers, _LEX) == "c1"  # type: ignore[arg-type]
    # a name no character has yet: someone of that name (the "said MJ" seam)
    assert _named_next(doc, 0, d[2], {}, speakers, _LEX) == "new"  # type: ignore[arg-type]
    assert speakers.asked == ["Suki"]


def test_the_naming_possessive_must_agree_with_the_description() -> None:
    doc, d = _parse("man", "Her")  # "said the man. Her name was Suki": someone else's name
    assert _named_next(doc, 0, d[2], {}, _Speakers(), _LEX) is None  # type: ignore[arg-type]
    doc, d = _parse("woman", "Her", verb="seemed")  # not "her name was"
    assert _named_next(doc, 0, d[2], {}, _Speakers(), _LEX) is None  # type: ignore[arg-type]
