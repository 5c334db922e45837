"""Which common nouns may head a described speaker ("said the waiter") and which name no one ("The glee began."):
the person lexicons first, then the WordNet list of nouns that name no person nor animal (hand-built parses, no
model; one passage through the whole pipeline)."""

from __future__ import annotations

import pytest

from ficlens.quotes.common import _Lex, _State, is_person_noun
from ficlens.quotes.speakers import _Speakers
from ficlens.quotes.speech_tags import _tag_of
from ficlens_testutil import tagged_parse


@pytest.fixture(scope="module")
def lex() -> _Lex:
    return _Lex.load()


@pytest.mark.parametrize(
    ("word", "person"),
    [
        ("glee", False), ("moonlight", False), ("time", False), ("verdict", False),  # WordNet: no one
        ("thousands", False),  # a plural goes by its singular
        ("waiter", True), ("thrush", True), ("kid", True), ("witch", True),  # a person or an animal first
        ("navvy", True), ("coroner", True),  # in no lexicon of ours, a person in WordNet
        ("twins", True), ("onlookers", True),  # WordNet's "twins" is a constellation; the singular decides
        ("android", True), ("robot", True),  # listed ourselves: fan fiction's speaking machines
        ("figure", True),  # our list before WordNet's first senses (a diagram, a number)
        ("house", False), ("lane", False),  # the place words of descriptors.toml are no person nouns
        ("suggestion", False), ("rest", False),  # the abstract endings and the listed things, as before
    ],
)
def test_is_person_noun(lex: _Lex, word: str, person: bool) -> None:
    assert is_person_noun(lex, word) is person


@pytest.mark.parametrize(("noun", "described"), [("glee", False), ("moonlight", False), ("waiter", True)])
def test_a_tag_subject_that_names_no_one_makes_no_speaker(lex: _Lex, noun: str, described: bool) -> None:
    # "The glee began." before a quotation: "began" is a speech verb ("she began"), its subject no one
    doc, d = tagged_parse(["the", noun, "began"], [1, 2, 2], ["det", "nsubj", "ROOT"], ["DET", "NOUN", "VERB"])
    doc.analysis.characters = []
    tag = _tag_of(doc, 0, d[2], "speech", 0, 0, [False] * 3, lex, _Speakers(doc, lex), {}, {}, _State())
    assert tag is not None
    assert (tag.character is not None) is described
    assert [c.name for c in doc.analysis.characters] == (["The waiter"] if described else [])


@pytest.mark.integration
def test_no_character_for_a_thing_beside_a_quotation(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Edmund Bertram stood by the window with Fanny Price while the others gathered at the piano.\n\n"
        '"Yes; I do not know how it has happened." The glee began. "We will stay till this is finished, Fanny," '
        "said he.\n\n"
        '"Another cup?" said the waiter, and Fanny shook her head.\n\n'
        '"Pleasant day," said the android.'
    )
    a = analyzer.analyze_text(text)
    names = {c.id: c.name.lower() for c in a.characters}
    assert not any("glee" in n for n in names.values())
    said = {q.text.split(",")[0].strip('"'): names.get(q.speaker or "") for q in a.quotes}
    assert said["Another cup?"] == "the waiter"
    assert said["Pleasant day"] == "the android"
    assert said["Yes; I do not know how it has happened."] != "the glee"


def test_a_thing_in_apposition_to_a_name_is_that_character(lex: _Lex) -> None:
    # "The third party of the group, Rosamond, laughed": "party" names no one in its commonest senses, but the
    # name beside it does
    from ficlens.document import Mention

    doc, d = tagged_parse(
        ["the", "party", ",", "Rosamond", ",", "laughed"], [1, 5, 1, 1, 3, 5],
        ["det", "nsubj", "punct", "appos", "punct", "ROOT"], ["DET", "NOUN", "PUNCT", "PROPN", "PUNCT", "VERB"],
    )
    doc.analysis.characters = []
    rosamond = Mention(0, 8, 0, 3, 4, "name", "Rosamond", character="c7")
    tag = _tag_of(doc, 0, d[5], "speech", 0, 0, [False] * 6, lex, _Speakers(doc, lex), {(0, 3): rosamond}, {},
                  _State())
    assert tag is not None and tag.character == "c7"
    assert doc.analysis.characters == []
