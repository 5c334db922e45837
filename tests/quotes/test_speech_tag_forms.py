"""Less common speech-tag forms (tiny hand-built parses, no model): a verb that speaks with its particle ("put in
Dora"), a cleft sentence after the quote ("It was Dora who spoke."), a participle after the tag's comma, a title
standing alone for a name ("said Mademoiselle") and a speech noun's possessor ("was Mr. Allen's consolation")."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from ficlens.document import Mention
from ficlens.model import Character
from ficlens.quotes.common import _Lex, _State, tag_particle
from ficlens.quotes.speakers import _Speakers
from ficlens.quotes.speech_tags import _tag_of
from ficlens.quotes.tag_subjects import _resolve
from ficlens.quotes.tag_syntax import _reported
from ficlens_testutil import tagged_parse as _tagged

_CAST = [Character(id="c1", name="Dora Pike", gender="female"), Character(id="c2", name="Frank Hale", gender="male")]


def _name(d: Doc, i: int, cid: str) -> Mention:
    t = d[i]
    return Mention(t.idx, t.idx + len(t.text), 0, i, i + 1, "name", t.text, character=cid, key=t.lower_)


@pytest.mark.parametrize(("verb", "particle"), [("put", "in"), ("broke", "in"), ("chimed", "in")])
def test_speech_tag_forms_a_verb_with_its_particle_tags_the_name_after_it(verb: str, particle: str) -> None:
    # '"We shall see," put in Dora.': the subject after the particle, parsed as the particle's object
    doc, d = _tagged(['"', "See", '"', verb, particle, "Dora", "."], [1, 1, 1, 1, 3, 4, 3],
                     ["punct", "ROOT", "punct", "conj", "prep", "pobj", "punct"],
                     ["PUNCT", "VERB", "PUNCT", "VERB", "ADP", "PROPN", "PUNCT"])
    doc.analysis.characters = list(_CAST)
    lex = _Lex.load()
    assert lex.tag_kind_of(d[3]) == "speech"
    flags = [True, True, True, False, False, False, False]
    tag = _tag_of(doc, 0, d[3], "speech", 0, 0, flags, lex, _Speakers(doc, lex), {(0, 5): _name(d, 5, "c1")}, {},
                  _State())
    assert tag is not None and (tag.character, tag.method) == ("c1", "explicit")


@pytest.mark.parametrize(
    ("words", "tag_pos", "speech"),
    [
        (["She", "put", "in", "the", "milk", "."], ["PRON", "VERB", "ADP", "DET", "NOUN", "PUNCT"], False),
        (["Dora", "put", "in", ",", '"', "No", '"'], ["PROPN", "VERB", "ADP", "PUNCT", "PUNCT", "INTJ", "PUNCT"], True),
        (["He", "put", "it", "away", "."], ["PRON", "VERB", "PRON", "ADV", "PUNCT"], False),
    ],
)
def test_speech_tag_forms_a_particle_verb_speaks_only_when_its_particle_ends_the_tag(
    words: list[str], tag_pos: list[str], speech: bool
) -> None:
    heads = [1, 1, 1, 4, 2, 1] if words[3] == "the" else [1] * len(words)
    deps = ["nsubj", "ROOT", "prep", "det", "pobj", "punct"] if words[3] == "the" else \
        ["nsubj", "ROOT", "prt" if words[2] == "in" else "dobj"] + ["punct"] * (len(words) - 3)
    _doc, d = _tagged(words, heads, deps, tag_pos)
    lex = _Lex.load()
    assert (tag_particle(d[1], lex) is not None) is speech
    assert (lex.tag_kind_of(d[1]) == "speech") is speech


@pytest.mark.parametrize("hung_on", ["was", "Dora"])
def test_speech_tag_forms_a_cleft_sentence_after_the_quote_tags_its_attribute(hung_on: str) -> None:
    # '"We go." It was Dora who spoke.': "spoke" hung on "was" (ccomp) or on "Dora" (relcl)
    words = ['"', "Go", '"', "It", "was", "Dora", "who", "spoke", "."]
    head, dep = (4, "ccomp") if hung_on == "was" else (5, "relcl")
    doc, d = _tagged(words, [1, 1, 1, 4, 4, 4, 7, head, 4],
                     ["punct", "ROOT", "punct", "nsubj", "ROOT", "attr", "nsubj", dep, "punct"],
                     ["PUNCT", "VERB", "PUNCT", "PRON", "AUX", "PROPN", "PRON", "VERB", "PUNCT"])
    doc.analysis.characters = list(_CAST)
    lex = _Lex.load()
    flags = [True, True, True] + [False] * 6
    tag = _tag_of(doc, 0, d[7], "speech", 0, 0, flags, lex, _Speakers(doc, lex), {(0, 5): _name(d, 5, "c1")}, {},
                  _State())
    assert tag is not None and tag.character == "c1"


@pytest.mark.parametrize(("comma", "reported"), [(True, False), (False, True)])
def test_speech_tag_forms_a_participle_after_the_comma_is_no_reported_speech(comma: bool, reported: bool) -> None:
    # '"Then we go," Frank said, pausing.' is a tag; "Frank suggested going" reports what he said
    words = ['"', "Go", '"', "Frank", "said", *([","] if comma else []), "pausing", "."]
    n = len(words)
    heads = [1, 1, 1, 4, 4, *([4] if comma else []), 4, 4]
    deps = ["punct", "ccomp", "punct", "nsubj", "ROOT", *(["punct"] if comma else []), "xcomp", "punct"]
    pos = ["PUNCT", "VERB", "PUNCT", "PROPN", "VERB", *(["PUNCT"] if comma else []), "NOUN", "PUNCT"]
    _doc, d = _tagged(words, heads, deps, pos)
    assert _reported(d[4], [True, True, True] + [False] * (n - 3)) is reported


@pytest.mark.parametrize(
    ("cast", "want"),
    [
        (["Mademoiselle Roux", "Dora Pike"], "c1"),  # the one name that opens with the title
        (["Mademoiselle Roux", "Mademoiselle Blanc"], None),  # two: no telling which
        (["Dora Pike", "Frank Hale"], None),  # none
    ],
)
def test_speech_tag_forms_a_title_alone_is_the_one_character_so_titled(cast: list[str], want: str | None) -> None:
    # '"Good evening," said Mademoiselle.'
    doc, d = _tagged(['"', "Hello", '"', "said", "Mademoiselle", "."], [3, 3, 3, 3, 3, 3],
                     ["punct", "intj", "punct", "ROOT", "nsubj", "punct"],
                     ["PUNCT", "INTJ", "PUNCT", "VERB", "PROPN", "PUNCT"])
    doc.analysis.characters = [Character(id=f"c{i + 1}", name=n, gender="female") for i, n in enumerate(cast)]
    lex = _Lex.load()
    tag = _tag_of(doc, 0, d[3], "speech", 0, 0, [True, True, True, False, False, False], lex, _Speakers(doc, lex),
                  {}, {}, _State())
    assert (tag.character if tag is not None else None) == want


@pytest.mark.parametrize("noun", ["consolation", "declaration", "reply"])
def test_speech_tag_forms_a_speech_noun_tags_through_its_possessor(noun: str) -> None:
    # '"Not always," was Frank's consolation.'
    doc, d = _tagged(['"', "No", '"', "was", "Frank", "'s", noun, "."], [3, 3, 3, 3, 6, 4, 3, 3],
                     ["punct", "intj", "punct", "ROOT", "poss", "case", "attr", "punct"],
                     ["PUNCT", "INTJ", "PUNCT", "AUX", "PROPN", "PART", "NOUN", "PUNCT"])
    doc.analysis.characters = list(_CAST)
    lex = _Lex.load()
    assert lex.tag_kind_of(d[6]) == "speech"
    tag = _tag_of(doc, 0, d[6], "speech", 0, 0, [True] * 3 + [False] * 5, lex, _Speakers(doc, lex),
                  {(0, 4): _name(d, 4, "c2")}, {}, _State())
    assert tag is not None and tag.character == "c2"


@pytest.mark.parametrize(("participle", "tag"), [("pausing", "NN"), ("delighted", "VBD"), ("surprised", "VBN")])
def test_speech_tag_forms_a_participle_of_any_tag_after_the_comma_keeps_the_tag(participle: str, tag: str) -> None:
    # '"How?" Peter answered, delighted, ...': the tagger's VBD ccomp is still how he answered
    from ficlens_testutil import _VOCAB

    words = ['"', "How", '"', "Peter", "answered", ",", participle, "."]
    d = Doc(_VOCAB, words=words, heads=[1, 1, 1, 4, 4, 4, 4, 4],
            deps=["punct", "advmod", "punct", "nsubj", "ROOT", "punct", "ccomp", "punct"],
            pos=["PUNCT", "ADV", "PUNCT", "PROPN", "VERB", "PUNCT", "VERB", "PUNCT"],
            tags=["``", "WRB", "''", "NNP", "VBD", ",", tag, "."])
    assert not _reported(d[4], [True, True, True] + [False] * 5)


def test_speech_tag_forms_a_clause_with_its_own_subject_after_the_comma_is_still_reported() -> None:
    # "Tom replied, however, he had not." keeps its subject: what he said, not how
    doc, d = _tagged(["Tom", "replied", ",", "he", "had", "not"], [1, 1, 1, 4, 1, 4],
                     ["nsubj", "ROOT", "punct", "nsubj", "ccomp", "neg"],
                     ["PROPN", "VERB", "PUNCT", "PRON", "VERB", "PART"])
    assert _reported(d[1], [False] * 6)


@pytest.mark.parametrize(
    ("words", "name"),
    [(["the", "Silent", "Man"], "The silent man"), (["the", "Stranger"], "The stranger")],
)
def test_speech_tag_forms_capitalised_words_after_the_are_a_described_speaker(words: list[str], name: str) -> None:
    # '"Nobody," said the Silent Man.': the text's name for someone it does not otherwise name
    n = len(words)
    heads = [0] + [n] * (n - 1) + [0]
    deps = ["ROOT", "det", *(["compound"] * (n - 2)), "nsubj"]
    doc, d = _tagged(["said", *words], heads, deps, ["VERB", "DET", *(["PROPN"] * (n - 1))])
    lex = _Lex.load()
    cid, method = _resolve(doc, 0, d[n], {}, {}, _Speakers(doc, lex), _State(), lex, allow_description=True)
    assert method == "descriptive" and cid is not None
    assert doc.registry.get(cid).name == name  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("pp", "name"),
    [
        (["with", "the", "black", "beard"], "The man with the black beard"),  # which man: part of his name
        (["in", "a", "low", "voice"], "The man"),  # how he said it
        (["with", "the", "utmost", "calmness"], "The man"),  # an abstract noun: how, not who
    ],
)
def test_speech_tag_forms_a_described_speaker_is_named_with_the_phrase_that_tells_him_apart(
    pp: list[str], name: str
) -> None:
    # '"Shut the door," said the man with the black beard.'
    words = ["said", "the", "man", *pp]
    n = len(words)
    obj = n - 1
    heads = [0, 2, 0, 2] + [obj] * (n - 5) + [3]
    deps = ["ROOT", "det", "nsubj", "prep"] + ["det" if w in ("the", "a") else "amod" for w in pp[1:-1]] + ["pobj"]
    pos = ["VERB", "DET", "NOUN", "ADP"] + ["DET" if w in ("the", "a") else "ADJ" for w in pp[1:-1]] + ["NOUN"]
    doc, d = _tagged(words, heads, deps, pos)
    lex = _Lex.load()
    cid, method = _resolve(doc, 0, d[2], {}, {}, _Speakers(doc, lex), _State(), lex, allow_description=True)
    assert method == "descriptive" and cid is not None
    assert doc.registry.get(cid).name == name  # type: ignore[union-attr]


@pytest.mark.parametrize(("subject", "want"), [(None, "c1"), ("they", None)])
def test_speech_tag_forms_a_passive_tag_without_a_subject_speaks_through_its_agent(
    subject: str | None, want: str | None
) -> None:
    # '"Come here," loudly whispered by Dora.' is Dora's; "they were interrupted by Dora" tags nothing of hers
    lead = ["they", "were"] if subject else []
    words = ['"', "Come", '"', *lead, "whispered", "by", "Dora", "."]
    v = 3 + len(lead)
    heads = [1, 1, 1, *([v] * len(lead)), v, v, v + 1, v]
    deps = ["punct", "ROOT", "punct", *(["nsubjpass", "auxpass"] if subject else []), "advcl", "agent", "pobj", "punct"]
    pos = ["PUNCT", "VERB", "PUNCT", *(["PRON", "AUX"] if subject else []), "VERB", "ADP", "PROPN", "PUNCT"]
    doc, d = _tagged(words, heads, deps, pos)
    doc.analysis.characters = list(_CAST)
    lex = _Lex.load()
    flags = [True] * 3 + [False] * (len(words) - 3)
    tag = _tag_of(doc, 0, d[v], "speech", 0, 0, flags, lex, _Speakers(doc, lex), {(0, v + 2): _name(d, v + 2, "c1")},
                  {}, _State())
    assert (tag.character if tag is not None else None) == want


def test_speech_tag_forms_a_passive_speech_verb_with_a_thing_as_subject_is_no_tag() -> None:
    # '"Quite impossible." But the suggestion had been uttered.': what was said, not who said it
    words = ['"', "No", '"', "the", "suggestion", "was", "uttered", "."]
    doc, d = _tagged(words, [1, 1, 1, 4, 6, 6, 6, 6],
                     ["punct", "ROOT", "punct", "det", "nsubjpass", "auxpass", "ROOT", "punct"],
                     ["PUNCT", "INTJ", "PUNCT", "DET", "NOUN", "AUX", "VERB", "PUNCT"])
    lex = _Lex.load()
    flags = [True] * 3 + [False] * 5
    assert _tag_of(doc, 0, d[6], "speech", 0, 0, flags, lex, _Speakers(doc, lex), {}, {}, _State()) is None


@pytest.mark.parametrize(("opener", "reported"), [("when", False), ("as", False), ("that", True)])
def test_speech_tag_forms_a_when_clause_after_the_comma_is_no_reported_speech(opener: str, reported: bool) -> None:
    # '"A fine place," Harris said, when we came out.' tells when; 'Harris said, that we came out' what
    words = ['"', "Fine", '"', "Harris", "said", ",", opener, "we", "came", "out", "."]
    deps = ["punct", "intj", "punct", "nsubj", "ROOT", "punct", "mark" if opener == "that" else "advmod", "nsubj",
            "ccomp", "prt", "punct"]
    _doc, d = _tagged(words, [1, 1, 1, 4, 4, 4, 8, 8, 4, 8, 4], deps,
                      ["PUNCT", "INTJ", "PUNCT", "PROPN", "VERB", "PUNCT", "SCONJ", "PRON", "VERB", "ADP", "PUNCT"])
    assert _reported(d[4], [True, True, True] + [False] * 8) is reported


@pytest.mark.parametrize("form", ["possessive", "of"])
def test_speech_tag_forms_a_voice_speaks_for_its_owner(form: str) -> None:
    # '"Come up," cried Frank's voice.' / '"Come up," cried the voice of Frank.'
    if form == "possessive":
        words = ['"', "Up", '"', "cried", "Frank", "'s", "voice", "."]
        heads, deps = [1, 1, 1, 3, 6, 4, 3, 3], ["punct", "intj", "punct", "ROOT", "poss", "case", "nsubj", "punct"]
        pos = ["PUNCT", "INTJ", "PUNCT", "VERB", "PROPN", "PART", "NOUN", "PUNCT"]
        frank = 4
    else:
        words = ['"', "Up", '"', "cried", "the", "voice", "of", "Frank", "."]
        heads, deps = [1, 1, 1, 3, 5, 3, 5, 6, 3], ["punct", "intj", "punct", "ROOT", "det", "nsubj", "prep", "pobj",
                                                    "punct"]
        pos = ["PUNCT", "INTJ", "PUNCT", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"]
        frank = 7
    doc, d = _tagged(words, heads, deps, pos)
    doc.analysis.characters = list(_CAST)
    lex = _Lex.load()
    flags = [True] * 3 + [False] * (len(words) - 3)
    tag = _tag_of(doc, 0, d[3], "speech", 0, 0, flags, lex, _Speakers(doc, lex), {(0, frank): _name(d, frank, "c2")},
                  {}, _State())
    assert tag is not None and (tag.character, tag.method) == ("c2", "explicit")


def test_speech_tag_forms_a_voice_without_an_owner_is_a_stranger() -> None:
    # '"Wake up," said a rough voice.': nobody we know
    doc, d = _tagged(['"', "Up", '"', "said", "a", "rough", "voice", "."], [1, 1, 1, 3, 6, 6, 3, 3],
                     ["punct", "intj", "punct", "ROOT", "det", "amod", "nsubj", "punct"],
                     ["PUNCT", "INTJ", "PUNCT", "VERB", "DET", "ADJ", "NOUN", "PUNCT"])
    lex = _Lex.load()
    tag = _tag_of(doc, 0, d[3], "speech", 0, 0, [True] * 3 + [False] * 5, lex, _Speakers(doc, lex), {}, {}, _State())
    assert tag is not None and tag.character is None and tag.stranger


@pytest.mark.parametrize("pos", ["PROPN", "NOUN"])
def test_speech_tag_forms_a_modified_name_parsed_as_the_verbs_object_is_its_subject(pos: str) -> None:
    # '"Fair," added little Dora.': the parser hangs "little Dora" on the verb as its object; right after the
    # quote's closing mark it is the tag's subject, a name as a description is
    doc, d = _tagged(['"', "Fair", '"', "added", "little", "Dora", "."], [3, 3, 3, 3, 5, 3, 3],
                     ["punct", "ccomp", "punct", "ROOT", "amod", "dobj", "punct"],
                     ["PUNCT", "ADJ", "PUNCT", "VERB", "ADJ", pos, "PUNCT"])
    doc.analysis.characters = list(_CAST)
    lex = _Lex.load()
    flags = [True, True, True, False, False, False, False]
    tag = _tag_of(doc, 0, d[3], "speech", 0, 0, flags, lex, _Speakers(doc, lex), {(0, 5): _name(d, 5, "c1")}, {},
                  _State())
    assert tag is not None and tag.character == "c1"
