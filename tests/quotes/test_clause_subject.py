"""A tag verb whose subject the parser hung elsewhere (clause_subject.py): the name opening the verb's clause,
set off by a parenthetical or adverbs, is the subject; an object or a word of the parenthetical never is
(tiny hand-built parses, no model)."""

from __future__ import annotations

from ficlens.document import Mention
from ficlens.model import Character
from ficlens.quotes.clause_subject import missed_subject
from ficlens.quotes.common import _Lex, _State
from ficlens.quotes.speakers import _Speakers
from ficlens.quotes.speech_tags import _tag_of
from ficlens_testutil import tagged_parse as _tagged


def _name(doc, d, i: int, cid: str) -> Mention:  # type: ignore[no-untyped-def]
    t = d[i]
    return Mention(t.idx, t.idx + len(t), 0, i, i + 1, "name", t.text, character=cid, key=t.lower_)


def test_a_name_parsed_as_an_adverb_before_a_parenthetical_is_the_tags_subject() -> None:
    # 'The brother smiled; but Edmund, looking around, said, "Hush"': "said" parsed as a conjunct of "smiled"
    # (whose subject is "the brother") and "Edmund" as an adverb
    words = [
        "The",
        "brother",
        "smiled",
        ";",
        "but",
        "Edmund",
        ",",
        "looking",
        "around",
        ",",
        "said",
        ",",
        '"',
        "Hush",
        '"',
    ]
    heads = [1, 2, 2, 2, 2, 10, 10, 10, 7, 10, 2, 10, 13, 10, 13]
    deps = [
        "det",
        "nsubj",
        "ROOT",
        "punct",
        "cc",
        "advmod",
        "punct",
        "advcl",
        "prt",
        "punct",
        "conj",
        "punct",
        "punct",
        "intj",
        "punct",
    ]
    pos = [
        "DET",
        "NOUN",
        "VERB",
        "PUNCT",
        "CCONJ",
        "ADV",
        "PUNCT",
        "VERB",
        "ADV",
        "PUNCT",
        "VERB",
        "PUNCT",
        "PUNCT",
        "INTJ",
        "PUNCT",
    ]
    doc, d = _tagged(words, heads, deps, pos)
    doc.analysis.characters = [Character(id="c1", name="Edmund", gender="male")]
    lex = _Lex.load()
    flags = [False] * 12 + [True] * 3
    mention_at = {(0, 5): _name(doc, d, 5, "c1")}
    tag = _tag_of(doc, 0, d[10], "speech", 0, 0, flags, lex, _Speakers(doc, lex), mention_at, {}, _State())
    assert tag is not None and (tag.character, tag.method) == ("c1", "explicit")


def _gerund_tag(words: list[str], heads: list[int], deps: list[str], pos: list[str], name: str, gender: str,
                at: int) -> str | None:
    """The character the tag of the gerund at token 6 names, with ``name`` (character c1) at token ``at`` and the
    quotation in the last three tokens."""
    doc, d = _tagged(words, heads, deps, pos)
    d[6].tag_ = "VBG"
    doc.analysis.characters = [Character(id="c1", name=name, gender=gender)]
    lex = _Lex.load()
    flags = [False] * 8 + [True] * 3
    mention_at = {(0, at): _name(doc, d, at, "c1")}
    tag = _tag_of(doc, 0, d[6], "speech", 0, 0, flags, lex, _Speakers(doc, lex), mention_at, {}, _State())
    return None if tag is None else tag.character


def test_a_gerund_parsed_as_the_object_of_of_speaks_for_the_clause_above() -> None:
    # 'Julia did her the justice of exclaiming, "No"': "exclaiming" parsed as the preposition's object
    words = ["Julia", "did", "her", "the", "justice", "of", "exclaiming", ",", '"', "No", '"']
    heads = [1, 1, 1, 4, 1, 4, 5, 1, 9, 1, 9]
    deps = ["nsubj", "ROOT", "dative", "det", "dobj", "prep", "pobj", "punct", "punct", "intj", "punct"]
    pos = ["PROPN", "VERB", "PRON", "DET", "NOUN", "ADP", "VERB", "PUNCT", "PUNCT", "INTJ", "PUNCT"]
    assert _gerund_tag(words, heads, deps, pos, "Julia", "female", 0) == "c1"


def test_a_person_inside_the_parenthetical_is_passed_over_for_the_opener() -> None:
    # "Tom, seeing that Ann was tired, said": Ann is a word of the parenthetical, Tom opens the clause
    words = ["Tom", ",", "seeing", "that", "Ann", "was", "tired", ",", "said"]
    heads = [2, 2, 8, 5, 5, 2, 5, 8, 8]
    deps = ["npadvmod", "punct", "advcl", "mark", "nsubj", "ccomp", "acomp", "punct", "ROOT"]
    pos = ["PROPN", "PUNCT", "VERB", "SCONJ", "PROPN", "AUX", "ADJ", "PUNCT", "VERB"]
    doc, d = _tagged(words, heads, deps, pos)
    mention_at = {(0, 0): _name(doc, d, 0, "c1"), (0, 4): _name(doc, d, 4, "c2")}
    subj = missed_subject(d[8], [False] * 9, mention_at, 0)
    assert subj is not None and subj.i == 0


def test_a_person_after_a_preposition_is_an_object_not_the_opener() -> None:
    # "She turned to Tom, and, smiling, said": "said" a conjunct of "turned"; Tom is who she turned to
    words = ["She", "turned", "to", "Tom", ",", "and", ",", "smiling", ",", "said"]
    heads = [1, 1, 1, 2, 1, 1, 9, 9, 9, 1]
    deps = ["nsubj", "ROOT", "prep", "pobj", "punct", "cc", "punct", "advcl", "punct", "conj"]
    pos = ["PRON", "VERB", "ADP", "PROPN", "PUNCT", "CCONJ", "PUNCT", "VERB", "PUNCT", "VERB"]
    doc, d = _tagged(words, heads, deps, pos)
    mention_at = {(0, 3): _name(doc, d, 3, "c1")}
    assert missed_subject(d[9], [False] * 10, mention_at, 0) is None


def test_a_name_followed_by_its_own_verb_is_no_opener_of_a_later_one() -> None:
    # "Tom looked up, and, after a pause, said": Tom is the subject of "looked", not set off from "said"
    words = ["Tom", "looked", "up", ",", "and", ",", "after", "a", "pause", ",", "said"]
    heads = [1, 1, 1, 1, 1, 10, 10, 8, 6, 10, 1]
    deps = ["nsubj", "ROOT", "prt", "punct", "cc", "punct", "prep", "det", "pobj", "punct", "conj"]
    pos = ["PROPN", "VERB", "ADP", "PUNCT", "CCONJ", "PUNCT", "ADP", "DET", "NOUN", "PUNCT", "VERB"]
    doc, d = _tagged(words, heads, deps, pos)
    mention_at = {(0, 0): _name(doc, d, 0, "c1")}
    assert missed_subject(d[10], [False] * 11, mention_at, 0) is None


def test_a_gerund_speaks_for_its_possessor() -> None:
    # 'she was stopped by Tom's saying, "No"': the possessor of the gerund speaks, not "she"
    words = ["she", "was", "stopped", "by", "Tom", "'s", "saying", ",", '"', "No", '"']
    heads = [2, 2, 2, 2, 6, 4, 3, 2, 9, 2, 9]
    deps = ["nsubjpass", "auxpass", "ROOT", "agent", "poss", "case", "pobj", "punct", "punct", "intj", "punct"]
    pos = ["PRON", "AUX", "VERB", "ADP", "PROPN", "PART", "VERB", "PUNCT", "PUNCT", "INTJ", "PUNCT"]
    assert _gerund_tag(words, heads, deps, pos, "Tom", "male", 4) == "c1"


def test_the_subject_of_the_clause_conjoined_before_the_verb_keeps_it() -> None:
    # "When Ann, smiling, was gone, Tom lifted his head, and said": "said" is Tom's, a conjunct of "lifted"
    words = ["When", "Ann", ",", "smiling", ",", "was", "gone", ",", "Tom", "lifted", "his", "head", ",", "and",
             "said"]
    heads = [6, 6, 1, 1, 1, 6, 9, 9, 9, 9, 11, 9, 9, 9, 9]
    deps = ["advmod", "npadvmod", "punct", "acl", "punct", "auxpass", "advcl", "punct", "nsubj", "ROOT", "poss",
            "dobj", "punct", "cc", "conj"]
    pos = ["SCONJ", "PROPN", "PUNCT", "VERB", "PUNCT", "AUX", "VERB", "PUNCT", "PROPN", "VERB", "PRON", "NOUN",
           "PUNCT", "CCONJ", "VERB"]
    doc, d = _tagged(words, heads, deps, pos)
    mention_at = {(0, 1): _name(doc, d, 1, "c1"), (0, 8): _name(doc, d, 8, "c2")}
    assert missed_subject(d[14], [False] * 15, mention_at, 0) is None


def test_a_person_the_subject_of_a_finite_verb_between_is_no_opener() -> None:
    # "When Ann, smiling, was gone, said": Ann is set off by commas but is the subject of "was gone"
    words = ["When", "Ann", ",", "smiling", ",", "was", "gone", ",", "said"]
    heads = [6, 6, 1, 1, 1, 6, 8, 8, 8]
    deps = ["advmod", "nsubjpass", "punct", "acl", "punct", "auxpass", "advcl", "punct", "ROOT"]
    pos = ["SCONJ", "PROPN", "PUNCT", "VERB", "PUNCT", "AUX", "VERB", "PUNCT", "VERB"]
    doc, d = _tagged(words, heads, deps, pos)
    mention_at = {(0, 1): _name(doc, d, 1, "c1")}
    assert missed_subject(d[8], [False] * 9, mention_at, 0) is None
    d[1].dep_ = "npadvmod"  # the same words with Ann hung elsewhere: she opens the clause of "said"
    subj = missed_subject(d[8], [False] * 9, mention_at, 0)
    assert subj is not None and subj.i == 1
