"""Speech tags whose parse misreads the subject (tiny hand-built parses, no model): a lower-case word tagged a
proper noun, a manner word read as the head of the name, an adjective read as a subject."""

from __future__ import annotations

import pytest

from ficlens.document import Mention
from ficlens.model import Character
from ficlens.quotes.common import _Lex, _State
from ficlens.quotes.speakers import _Speakers
from ficlens.quotes.speech_tags import _tag_of
from ficlens.quotes.tag_subjects import _resolve
from ficlens_testutil import tagged_parse as _tagged


@pytest.mark.parametrize(("noun", "name"), [("barman", "The barman"), ("nurse", "The nurse")])
def test_speech_tags_a_lower_case_person_noun_tagged_proper_is_described(noun: str, name: str) -> None:
    # "said the barman" with "barman" tagged PROPN: still a description, not an unknown name
    doc, d = _tagged(["said", "the", noun], [0, 2, 0], ["ROOT", "det", "nsubj"], ["VERB", "DET", "PROPN"])
    lex = _Lex.load()
    cid, method = _resolve(doc, 0, d[2], {}, {}, _Speakers(doc, lex), _State(), lex, allow_description=True)
    assert method == "descriptive" and cid is not None
    assert doc.registry.get(cid).name == name  # type: ignore[union-attr]


@pytest.mark.parametrize("word", ["dreamily", "crossly"])
def test_speech_tags_a_lower_case_word_tagged_proper_that_names_no_one_makes_no_speaker(word: str) -> None:
    doc, d = _tagged(["said", word], [0, 0], ["ROOT", "nsubj"], ["VERB", "PROPN"])
    lex = _Lex.load()
    cid, _method = _resolve(doc, 0, d[1], {}, {}, _Speakers(doc, lex), _State(), lex, allow_description=True)
    assert cid is None and doc.analysis.characters == []


@pytest.mark.parametrize("manner", ["smiling", "laughing"])
def test_speech_tags_a_manner_word_read_as_the_head_of_the_name_gives_the_name(manner: str) -> None:
    # '"...," replied Elizabeth smiling': the parser makes "smiling" the subject, "Elizabeth" its compound
    doc, d = _tagged(['"', "replied", "Elizabeth", manner], [1, 1, 3, 1], ["punct", "ROOT", "compound", "nsubj"],
                     ["PUNCT", "VERB", "PROPN", "NOUN"])
    doc.analysis.characters = [Character(id="c1", name="Elizabeth", gender="female")]
    lex = _Lex.load()
    eliz = Mention(0, 11, 0, 2, 3, "name", "Elizabeth", character="c1", key="elizabeth")
    flags = [True, False, False, False]
    tag = _tag_of(doc, 0, d[1], "speech", 0, 0, flags, lex, _Speakers(doc, lex), {(0, 2): eliz}, {}, _State())
    assert tag is not None and (tag.character, tag.method) == ("c1", "explicit")


def test_speech_tags_an_adjective_read_as_the_subject_of_a_noun_is_no_tag() -> None:
    # '"...," said Owl, after grave thought.': "thought" parsed as a verb with "grave" its subject is no
    # thought tag (it would take the next quote out of speech)
    doc, d = _tagged(["after", "grave", "thought", "."], [2, 2, 2, 2], ["prep", "nsubj", "ROOT", "punct"],
                     ["ADP", "ADJ", "VERB", "PUNCT"])
    lex = _Lex.load()
    tag = _tag_of(doc, 0, d[2], "thought", 0, 0, [False] * 4, lex, _Speakers(doc, lex), {}, {}, _State())
    assert tag is None


@pytest.mark.parametrize(
    ("cast", "want"),
    [
        ([("c1", "Captain John Good"), ("c2", "Sir Henry Curtis")], "c1"),  # the one full name ending so
        ([("c1", "Captain John Good"), ("c2", "Mary Good")], None),  # two: no telling which
    ],
)
def test_speech_tags_a_capitalised_word_ending_one_full_name_is_that_character(
    cast: list[tuple[str, str]], want: str | None
) -> None:
    # '"Three years," said Good.': "Good" read as an adjective and never a name mention of Captain John Good
    doc, d = _tagged(['"', "Yes", '"', "said", "Good", "."], [3, 3, 3, 3, 3, 3],
                     ["punct", "intj", "punct", "ROOT", "nsubj", "punct"],
                     ["PUNCT", "INTJ", "PUNCT", "VERB", "ADJ", "PUNCT"])
    doc.analysis.characters = [Character(id=c, name=n, gender="unknown") for c, n in cast]
    lex = _Lex.load()
    flags = [True, True, True, False, False, False]
    tag = _tag_of(doc, 0, d[3], "speech", 0, 0, flags, lex, _Speakers(doc, lex), {}, {}, _State())
    if want is None:
        assert tag is None or tag.character is None
    else:
        assert tag is not None and (tag.character, tag.method) == (want, "explicit")


@pytest.mark.parametrize(("obj", "reported"), [("father", False), ("driver", False), ("question", True)])
def test_speech_tags_a_person_as_the_object_is_spoken_to_not_what_is_said(obj: str, reported: bool) -> None:
    # '"Which one?" Kate asked her father.' is a tag (her father is spoken to); "Kate asked her question" is
    # reported speech, no tag
    from ficlens.quotes.tag_syntax import _reported

    doc, d = _tagged(["Kate", "asked", "her", obj], [1, 1, 3, 1], ["nsubj", "ROOT", "poss", "dobj"],
                     ["PROPN", "VERB", "PRON", "NOUN"])
    lex = _Lex.load()
    assert _reported(d[1], [False] * 4, lex.persons) is reported


def test_speech_tags_an_adjective_read_as_the_subject_before_a_name_gives_the_name() -> None:
    # '"No, sir," returned the obstinate Bounderby.': "obstinate" parsed as the subject, the name as a modifier
    doc, d = _tagged(['"', "No", '"', "returned", "the", "obstinate", "Bounderby", "."], [3, 3, 3, 3, 5, 3, 3, 3],
                     ["punct", "intj", "punct", "ROOT", "det", "nsubj", "npadvmod", "punct"],
                     ["PUNCT", "INTJ", "PUNCT", "VERB", "DET", "NOUN", "PROPN", "PUNCT"])
    doc.analysis.characters = [Character(id="c1", name="Bounderby", gender="male")]
    lex = _Lex.load()
    name = Mention(d[6].idx, d[6].idx + 9, 0, 6, 7, "name", "Bounderby", character="c1", key="bounderby")
    flags = [True, True, True, False, False, False, False, False]
    tag = _tag_of(doc, 0, d[3], "speech", 0, 0, flags, lex, _Speakers(doc, lex), {(0, 6): name}, {}, _State())
    assert tag is not None and (tag.character, tag.method) == ("c1", "explicit")


def test_speech_tags_went_with_its_subject_before_it_and_no_on_is_no_tag() -> None:
    # '"Those insects!" burst from Tom, and a spasm went through him': not "the spasm" speaking
    doc, d = _tagged(["and", "a", "spasm", "went", "through", "him"], [3, 2, 3, 3, 3, 4],
                     ["cc", "det", "nsubj", "ROOT", "prep", "pobj"], ["CCONJ", "DET", "NOUN", "VERB", "ADP", "PRON"])
    lex = _Lex.load()
    assert _tag_of(doc, 0, d[3], "speech", 0, 0, [False] * 6, lex, _Speakers(doc, lex), {}, {}, _State()) is None
    # '"Moo," went the cow': inverted, a tag
    doc, d = _tagged(['"', "Moo", '"', "went", "the", "cow"], [3, 3, 3, 3, 5, 3],
                     ["punct", "intj", "punct", "ROOT", "det", "nsubj"],
                     ["PUNCT", "INTJ", "PUNCT", "VERB", "DET", "NOUN"])
    tag = _tag_of(doc, 0, d[3], "speech", 0, 0, [True] * 3 + [False] * 3, lex, _Speakers(doc, lex), {}, {}, _State())
    assert tag is not None and tag.character is not None


def test_speech_tags_a_passive_speech_verb_of_a_thing_is_no_tag() -> None:
    # 'said Ann, when the plan was explained to her': the plan is what was said, it is no described speaker
    doc, d = _tagged(["when", "the", "plan", "was", "explained", "to", "her"], [4, 2, 4, 4, 4, 4, 5],
                     ["advmod", "det", "nsubjpass", "auxpass", "ROOT", "prep", "pobj"],
                     ["SCONJ", "DET", "NOUN", "AUX", "VERB", "ADP", "PRON"])
    lex = _Lex.load()
    assert _tag_of(doc, 0, d[4], "speech", 0, 0, [False] * 7, lex, _Speakers(doc, lex), {}, {}, _State()) is None
