"""A speech tag whose subject is a person noun possessed by a pronoun ("said his wife"): the speaker is someone of
the noun's gender who is not the possessor, and the conversation decides who (hand-built parses and turns, no
model; one passage through the whole pipeline for the hand-weighted decoder)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ficlens.document import Mention
from ficlens.model import Character, Quote
from ficlens.quotes.common import _Evidence, _Lex, _State
from ficlens.quotes.conversation import _Turn
from ficlens.quotes.rules import _decode_conversation
from ficlens.quotes.speakers import _Speakers
from ficlens.quotes.speech_tags import _tag_of
from ficlens_testutil import tagged_parse as _tagged

_PCLASS = {"his": "male", "her": "female", "their": "plural"}


@pytest.mark.parametrize(
    ("poss", "noun", "pron", "owner"),
    [
        ("his", "wife", "female", "c1"),  # a woman, not him
        ("her", "father", "male", "c1"),  # a man, not her
        ("his", "friend", None, "c1"),  # no gender: only not him
        ("their", "aunt", "female", None),  # "their": no one possessor to rule out
        ("her", "ladyship", None, None),  # "her ladyship" is she herself: no constraint (no speaker either)
    ],
)
def test_speech_tags_a_possessed_person_noun_names_someone_not_the_possessor(
    poss: str, noun: str, pron: str | None, owner: str | None
) -> None:
    # '"...," said his wife.' with "his" resolved to c1 by the character stage
    doc, d = _tagged(["said", poss, noun], [0, 2, 0], ["ROOT", "poss", "nsubj"], ["VERB", "PRON", "NOUN"])
    doc.analysis.characters = [Character(id="c1", name="Tom", gender="male")]
    lex = _Lex.load()
    his = Mention(5, 5 + len(poss), 0, 1, 2, "pronoun", poss, character="c1")
    tag = _tag_of(doc, 0, d[0], "speech", 0, 0, [False] * 3, lex, _Speakers(doc, lex), {(0, 1): his}, _PCLASS,
                  _State())
    assert tag is not None and tag.character is None
    assert (tag.pron, tag.not_speaker) == (pron, owner)
    assert doc.analysis.characters[0].id == "c1" and len(doc.analysis.characters) == 1  # no "his wife" character


@pytest.mark.parametrize(("owner", "gender", "want"), [("a", "female", "c"), (None, None, "a")])
def test_rules_said_his_wife_goes_to_a_woman_other_than_him(owner: str | None, gender: str | None, want: str) -> None:
    # A (a man) and B (a man) talk, C (a woman) is in the scene; the third turn is tagged "said his wife" with
    # "his" = A: strict alternation would give it back to A, the tag rules out A and every man
    quotes = [Quote(str(k), 10 * k, 10 * k + 5, "x") for k in range(3)]
    quotes[0].speaker, quotes[0].method = "a", "explicit"
    quotes[1].speaker, quotes[1].method = "b", "explicit"
    conv = [_Turn(0, [0], None, False, None), _Turn(1, [1], None, False, None), _Turn(2, [2], None, False, None)]
    ev = _Evidence()
    ev.named[0] = ["c"]
    if owner is not None:
        ev.not_speaker[2] = owner
    if gender is not None:
        ev.tag_pron[2] = gender
    speakers = SimpleNamespace(gender={"a": "male", "b": "male", "c": "female"}, narrator=None)
    _decode_conversation(quotes, conv, speakers, {"a", "b", "c"}, ev)  # type: ignore[arg-type]
    assert quotes[2].speaker == want


@pytest.mark.integration
@pytest.mark.parametrize("tag", ["said his wife", "his wife said"])
def test_rules_a_wife_answers_when_the_tag_says_so(analyzer, tag: str) -> None:  # type: ignore[no-untyped-def]
    from ficlens.config import Options
    from ficlens.pipeline import Analyzer

    text = (
        "Mr. Hale had walked over from the mill, and Tom Reed met him at the gate.\n\n"
        "\"You have heard the news, then,\" said Mr. Hale.\n\n"
        "\"I have,\" said Tom. \"Come in out of the rain.\"\n\n"
        "Anna Reed was sitting by the fire with her sewing, and she did not look up when they came in.\n\n"
        "\"Sit down, Mr. Hale,\" said Tom.\n\n"
        "\"Thank you. I will not stay long.\"\n\n"
        f"\"You will stay for supper,\" {tag}.\n"
    )
    a = Analyzer(Options(speaker_model="rules")).analyze_text(text)
    names = {c.id: c.name for c in a.characters}
    last = a.quotes[-1]
    assert names.get(last.speaker or "") == "Anna Reed"
