"""The subject of a speech tag on tiny hand-built parses (no model): which descriptions become speakers."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from ficlens.document import Mention
from ficlens.quotes.common import _Lex, _State
from ficlens.quotes.speakers import _Speakers
from ficlens.quotes.speech_tags import _loose_tag, _tag_of
from ficlens.quotes.tag_subjects import _resolve
from ficlens.quotes.tag_syntax import _adjacent_subject, _subject
from ficlens_testutil import tagged_parse as _tagged

_VOCAB = spacy.blank("en").vocab


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "subj", "name", "gender"),
    [
        # "cried my mother": the narrator's mother is one person all through the text
        (["cried", "my", "mother"], [0, 2, 0], ["ROOT", "poss", "nsubj"], ["VERB", "PRON", "NOUN"], 2,
         "My mother", "female"),
        # "said the child's nurse": a noun possessor names whose nurse
        (["said", "the", "child", "'s", "nurse"], [0, 2, 4, 2, 0], ["ROOT", "det", "poss", "case", "nsubj"],
         ["VERB", "DET", "NOUN", "PART", "NOUN"], 4, "The child's nurse", "unknown"),
        (["said", "the", "old", "man"], [0, 3, 3, 0], ["ROOT", "det", "amod", "nsubj"],
         ["VERB", "DET", "ADJ", "NOUN"], 3, "The old man", "male"),
    ],
)
def test_speech_tags_a_description_subject_becomes_a_described_speaker(words, heads, deps, pos, subj, name, gender):  # type: ignore[no-untyped-def]
    doc, d = _tagged(words, heads, deps, pos)
    lex = _Lex.load()
    speakers = _Speakers(doc, lex)
    cid, method = _resolve(doc, 0, d[subj], {}, {}, speakers, _State(), lex, allow_description=True)
    assert method == "descriptive"
    assert cid is not None
    char = doc.registry.get(cid)
    assert char is not None and char.name == name and char.gender == gender
    # the tag's subject is recorded as a mention of the new character
    assert [m.text.lower() for m in speakers.new_mentions] == [" ".join(words[1:]).lower()]


@pytest.mark.parametrize("possessor", ["his", "her", "their"])
def test_speech_tags_a_brother_of_someone_in_the_sentence_is_left_to_the_conversation(possessor: str) -> None:
    # "said his brother": whose brother changes with the sentence, so no character is made for it
    doc, d = _tagged(["said", possessor, "brother"], [0, 2, 0], ["ROOT", "poss", "nsubj"], ["VERB", "PRON", "NOUN"])
    lex = _Lex.load()
    speakers = _Speakers(doc, lex)
    cid, method = _resolve(doc, 0, d[2], {}, {}, speakers, _State(), lex, allow_description=True)
    assert (cid, method) == (None, "descriptive")
    assert doc.analysis.characters == [] and speakers.new_mentions == []


def test_speech_tags_a_line_break_inside_an_inverted_tag_keeps_its_subject() -> None:
    # a hard-wrapped text: '"...," sighed\nMarilla gloomily'
    d = Doc(_VOCAB, words=['"', "sighed", "\n", "Marilla", "gloomily"], spaces=[False, False, False, True, False],
            heads=[1, 1, 1, 1, 1], deps=["punct", "ROOT", "dep", "npadvmod", "advmod"],
            pos=["PUNCT", "VERB", "SPACE", "PROPN", "ADV"])
    found = _subject(d[1], [False] * len(d))
    assert found is not None and found.text == "Marilla"
    marilla = Mention(0, 7, 0, 3, 4, "name", "Marilla", character="c1", key="marilla")
    adj = _adjacent_subject(d[1], {(0, 3): marilla}, 0)
    assert adj is not None and adj.text == "Marilla"


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "speaker"),
    [
        # '"Never!" pouted Louisa.': a verb not in the lexicon, right after the quote, a name after it
        (['"', "Never", "!", '"', "pouted", "Louisa", "."], [4, 4, 4, 4, 4, 4, 4],
         ["punct", "advmod", "punct", "punct", "ROOT", "nsubj", "punct"],
         ["PUNCT", "ADV", "PUNCT", "PUNCT", "VERB", "PROPN", "PUNCT"], "c1"),
        # '"Never!" came the reply.': no name after the verb
        (['"', "Never", "!", '"', "came", "the", "reply", "."], [4, 4, 4, 4, 4, 6, 4, 4],
         ["punct", "advmod", "punct", "punct", "ROOT", "det", "nsubj", "punct"],
         ["PUNCT", "ADV", "PUNCT", "PUNCT", "VERB", "DET", "NOUN", "PUNCT"], None),
        # '"Never!" Louisa pouted.': the usual order after "!" is an action, not a loose tag
        (['"', "Never", "!", '"', "Louisa", "pouted", "."], [5, 5, 5, 5, 5, 5, 5],
         ["punct", "advmod", "punct", "punct", "nsubj", "ROOT", "punct"],
         ["PUNCT", "ADV", "PUNCT", "PUNCT", "PROPN", "VERB", "PUNCT"], None),
    ],
)
def test_speech_tags_an_inverted_verb_after_an_exclamation_is_a_tag(words, heads, deps, pos, speaker):  # type: ignore[no-untyped-def]
    doc, d = _tagged(words, heads, deps, pos)
    name = words.index("Louisa") if "Louisa" in words else len(words) - 1
    louisa = Mention(d[name].idx, d[name].idx + 6, 0, name, name + 1, "name", "Louisa", character="c1", key="louisa")
    flags = [i < 4 for i in range(len(d))]
    lex = _Lex.load()
    at = {(0, name): louisa} if "Louisa" in words else {}
    tag = _loose_tag(doc, 0, d, d[4].idx, 0, 0, flags, lex, _Speakers(doc, lex), at, {}, _State(), inverted=True)
    assert (tag.character if tag is not None else None) == speaker


def _tag(words, heads, deps, pos, tags, name_at, quoted=0):  # type: ignore[no-untyped-def]
    """The tag headed by the token whose tag is VBG/VB/NN-with-kind, with a name mention at ``name_at``."""
    d = Doc(_VOCAB, words=words, heads=heads, deps=deps, pos=pos, tags=tags)
    doc, _ = _tagged(words, heads, deps, pos)
    doc.docs = [d]
    at = {}
    if name_at is not None:
        at[(0, name_at)] = Mention(d[name_at].idx, d[name_at].idx + len(d[name_at]), 0, name_at, name_at + 1, "name",
                                   d[name_at].text, character="c1", key=d[name_at].lower_)
    lex = _Lex.load()
    flags = [i < quoted for i in range(len(d))]
    verb = next(t for t in d if lex.tag_kind_of(t) is not None)
    return _tag_of(doc, 0, verb, "speech", 0, 0, flags, lex, _Speakers(doc, lex), at, {}, _State())


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "tags"),
    [
        # "Julia took the chance of saying,": a gerund after a preposition has no subject of its own
        (["Julia", "took", "the", "chance", "of", "saying", ","], [1, 1, 3, 1, 3, 4, 5],
         ["nsubj", "ROOT", "det", "dobj", "prep", "pcomp", "punct"],
         ["PROPN", "VERB", "DET", "NOUN", "ADP", "VERB", "PUNCT"], ["NNP", "VBD", "DT", "NN", "IN", "VBG", ","]),
        # "Julia took the opportunity to say:": an infinitive hung from a noun
        (["Julia", "took", "the", "opportunity", "to", "say", ":"], [1, 1, 3, 1, 5, 3, 5],
         ["nsubj", "ROOT", "det", "dobj", "aux", "acl", "punct"],
         ["PROPN", "VERB", "DET", "NOUN", "PART", "VERB", "PUNCT"], ["NNP", "VBD", "DT", "NN", "TO", "VB", ":"]),
    ],
)
def test_speech_tags_a_gerund_or_infinitive_tag_speaks_for_the_clause_subject(words, heads, deps, pos, tags):  # type: ignore[no-untyped-def]
    tag = _tag(words, heads, deps, pos, tags, 0)
    assert tag is not None and (tag.character, tag.method) == ("c1", "explicit")


def test_speech_tags_a_gerund_never_takes_a_subject_from_inside_the_quote() -> None:
    # '"Julia took the chance," of saying': the clause above the gerund is the quotation's own
    words = ["Julia", "took", "the", "chance", "of", "saying"]
    tag = _tag(words, [1, 1, 3, 1, 3, 4], ["nsubj", "ROOT", "det", "dobj", "prep", "pcomp"],
               ["PROPN", "VERB", "DET", "NOUN", "ADP", "VERB"], ["NNP", "VBD", "DT", "NN", "IN", "VBG"], 0, quoted=4)
    assert tag is None


@pytest.mark.parametrize(("possessed", "speaker"), [(True, "c1"), (False, None)])
def test_speech_tags_a_speech_noun_tags_through_its_possessor(possessed: bool, speaker: str | None) -> None:
    # '"Yes, sir," was Fanny's humble answer.' tags Fanny; '"Yes, sir," was the answer.' names nobody
    if possessed:
        words = ['"', "Yes", ",", '"', "was", "Fanny", "'s", "humble", "answer", "."]
        heads = [4, 4, 4, 4, 4, 8, 5, 8, 4, 4]
        deps = ["punct", "intj", "punct", "punct", "ROOT", "poss", "case", "amod", "attr", "punct"]
        pos = ["PUNCT", "INTJ", "PUNCT", "PUNCT", "AUX", "PROPN", "PART", "ADJ", "NOUN", "PUNCT"]
        tags = ["``", "UH", ",", "''", "VBD", "NNP", "POS", "JJ", "NN", "."]
    else:
        words = ['"', "Yes", ",", '"', "was", "the", "answer", "."]
        heads = [4, 4, 4, 4, 4, 6, 4, 4]
        deps = ["punct", "intj", "punct", "punct", "ROOT", "det", "attr", "punct"]
        pos = ["PUNCT", "INTJ", "PUNCT", "PUNCT", "AUX", "DET", "NOUN", "PUNCT"]
        tags = ["``", "UH", ",", "''", "VBD", "DT", "NN", "."]
    tag = _tag(words, heads, deps, pos, tags, 5 if possessed else None, quoted=4)
    assert (tag.character if tag is not None else None) == speaker


def test_speech_tags_a_speech_noun_is_a_tag_word_only_as_a_noun() -> None:
    lex = _Lex.load()
    d = Doc(_VOCAB, words=["his", "answer", "table", "exclamation"], pos=["PRON", "NOUN", "NOUN", "VERB"])
    assert [lex.tag_kind_of(t) for t in d] == [None, "speech", None, None]


@pytest.mark.parametrize(
    ("noun", "person"),
    [("barman", True), ("policeman", True), ("stranger", True), ("mother", True), ("suggestion", False),
     ("trembling", False), ("part", False)],
)
def test_speech_tags_only_a_person_noun_makes_a_described_speaker(noun: str, person: bool) -> None:
    # "said the barman" makes a speaker; "But the suggestion had been uttered" makes none
    doc, d = _tagged(["said", "the", noun], [0, 2, 0], ["ROOT", "det", "nsubj"], ["VERB", "DET", "NOUN"])
    lex = _Lex.load()
    speakers = _Speakers(doc, lex)
    cid, method = _resolve(doc, 0, d[2], {}, {}, speakers, _State(), lex, allow_description=True)
    assert method == "descriptive"
    assert (cid is not None) == person
    assert len(doc.analysis.characters) == (1 if person else 0)


@pytest.mark.parametrize(
    ("words", "heads", "deps", "quoted", "want"),
    [
        # '"Hush!" exclaimed the old woman.': the description parsed as the verb's object is its subject
        (['"', "Hush", "!", '"', "exclaimed", "the", "old", "woman", "."], [4, 4, 4, 4, 4, 7, 7, 4, 4],
         ["punct", "nsubj", "punct", "punct", "ROOT", "det", "amod", "dobj", "punct"], 4, "woman"),
        # '"Hush!" she told the old woman.': a subject of its own; the object is the listener
        (['"', "Hush", "!", '"', "she", "told", "the", "old", "woman", "."], [5, 5, 5, 5, 5, 5, 8, 8, 5, 5],
         ["punct", "intj", "punct", "punct", "nsubj", "ROOT", "det", "amod", "dobj", "punct"], 4, "she"),
        # 'Then exclaimed the old woman' not right after a quote: no inverted tag
        (["Then", "exclaimed", "the", "old", "woman"], [1, 1, 4, 4, 1],
         ["advmod", "ROOT", "det", "amod", "dobj"], 0, None),
    ],
)
def test_speech_tags_an_inverted_description_parsed_as_object_is_the_subject(words, heads, deps, quoted, want):  # type: ignore[no-untyped-def]
    pos = ["PRON" if w == "she" else "NOUN" if w == "woman" else "VERB" if w in ("exclaimed", "told") else "X"
           for w in words]
    d = Doc(_VOCAB, words=words, heads=heads, deps=deps, pos=pos)
    verb = next(t for t in d if t.pos_ == "VERB")
    found = _subject(verb, [i < quoted for i in range(len(d))])
    assert (found.text if found is not None else None) == want


@pytest.mark.parametrize(("noun", "named"), [("Voice", True), ("voice", False)])
def test_speech_tags_a_capitalised_epithet_names_a_speaker(noun: str, named: bool) -> None:
    # '"Listen!" said the Voice.' names someone the text calls by that epithet; "said the voice" names no one
    words = ['"', "Listen", "!", '"', "said", "the", noun, "."]
    d = Doc(_VOCAB, words=words, heads=[4, 4, 4, 4, 4, 6, 4, 4],
            deps=["punct", "intj", "punct", "punct", "ROOT", "det", "nsubj", "punct"],
            pos=["PUNCT", "INTJ", "PUNCT", "PUNCT", "VERB", "DET", "PROPN" if named else "NOUN", "PUNCT"],
            sent_starts=[True] + [False] * 7)
    doc, _ = _tagged(words, [4, 4, 4, 4, 4, 6, 4, 4], ["punct"] * 8, ["X"] * 8)
    doc.docs = [d]
    lex = _Lex.load()
    speakers = _Speakers(doc, lex)
    cid, method = _resolve(doc, 0, d[6], {}, {}, speakers, _State(), lex, allow_description=True)
    assert method == "descriptive"
    assert (cid is not None) == named
    if named:
        char = doc.registry.get(cid)
        assert char is not None and char.name == "The voice"


@pytest.mark.parametrize("verb", ["interposed", "hazarded", "faltered", "confided", "apologised", "contributed"])
def test_speech_tags_older_speech_verbs_are_tags(verb: str) -> None:
    # "“Why do you say that?” Mary interposed", "“Are you starting something new?” Katharine hazarded"
    assert _Lex.load().tag_kind(verb) == "speech"


def test_speech_tags_an_indefinite_description_is_someone_new_and_the_definite_one_is_them() -> None:
    # "said an old man ... said a man ... said the old man ... said the man": "a"/"an" introduce someone new each
    # time; "the old man" is the latest old man, "the man" the latest one described as just "man"
    words = ["said", "an", "old", "man", ".", "said", "a", "man", ".", "said", "the", "old", "man", ".", "said",
             "the", "man"]
    heads = [0, 3, 3, 0, 0, 5, 7, 5, 5, 9, 12, 12, 9, 9, 14, 16, 14]
    deps = ["ROOT", "det", "amod", "nsubj", "punct", "ROOT", "det", "nsubj", "punct", "ROOT", "det", "amod", "nsubj",
            "punct", "ROOT", "det", "nsubj"]
    pos = ["VERB", "DET", "ADJ", "NOUN", "PUNCT", "VERB", "DET", "NOUN", "PUNCT", "VERB", "DET", "ADJ", "NOUN",
           "PUNCT", "VERB", "DET", "NOUN"]
    doc, d = _tagged(words, heads, deps, pos)
    lex = _Lex.load()
    speakers = _Speakers(doc, lex)
    got = [_resolve(doc, 0, d[i], {}, {}, speakers, _State(), lex, allow_description=True)[0] for i in (3, 7, 12, 16)]
    old, man, the_old, the_man = got
    assert old is not None and man is not None and old != man
    assert the_old == old  # "the old man" is the old man met before
    assert the_man == man
    assert doc.registry.get(old).name == "The old man"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "subj", "name"),
    [
        # "said one": one more person of the group
        (["said", "one"], [0, 0], ["ROOT", "nsubj"], ["VERB", "NUM"], 1, "one"),
        # "cried one of the women"
        (["cried", "one", "of", "the", "women"], [0, 0, 1, 4, 2], ["ROOT", "nsubj", "prep", "det", "pobj"],
         ["VERB", "NUM", "ADP", "DET", "NOUN"], 1, "one of the women"),
        (["somebody", "exclaimed"], [1, 1], ["nsubj", "ROOT"], ["PRON", "VERB"], 0, "somebody"),
    ],
)
def test_speech_tags_one_of_a_group_is_a_speaker_of_their_own(words, heads, deps, pos, subj, name):  # type: ignore[no-untyped-def]
    doc, d = _tagged(words, heads, deps, pos)
    lex = _Lex.load()
    speakers = _Speakers(doc, lex)
    first, method = _resolve(doc, 0, d[subj], {}, {}, speakers, _State(), lex, allow_description=True)
    second, _m = _resolve(doc, 0, d[subj], {}, {}, speakers, _State(), lex, allow_description=True)
    assert method == "descriptive" and first is not None and second is not None
    assert first != second  # "said another" twice: two people
    assert doc.registry.get(first).name == name[:1].upper() + name[1:]  # type: ignore[union-attr]
    assert [m.text for m in speakers.new_mentions] == [name, name]


def test_speech_tags_one_of_a_group_of_things_is_nobody() -> None:
    doc, d = _tagged(["said", "one", "of", "the", "suggestions"], [0, 0, 1, 4, 2],
                     ["ROOT", "nsubj", "prep", "det", "pobj"], ["VERB", "NUM", "ADP", "DET", "NOUN"])
    lex = _Lex.load()
    cid, _m = _resolve(doc, 0, d[1], {}, {}, _Speakers(doc, lex), _State(), lex, allow_description=True)
    assert cid is None and not doc.analysis.characters


@pytest.mark.parametrize(("modal", "speaker"), [("may", False), ("would", False), (None, True)])
def test_speech_tags_the_generic_one_under_a_modal_is_nobody(modal: str | None, speaker: bool) -> None:
    # "One may as well begin with Helen's letters.", "one would exclaim": anyone at all; "One began:" is someone
    words = ["One", *([modal] if modal else []), "began"]
    n = len(words)
    deps = ["nsubj", *(["aux"] if modal else []), "ROOT"]
    pos = ["PRON", *(["AUX"] if modal else []), "VERB"]
    doc, d = _tagged(words, [n - 1] * n, deps, pos)
    if modal:
        d[1].tag_ = "MD"
    lex = _Lex.load()
    cid, _m = _resolve(doc, 0, d[0], {}, {}, _Speakers(doc, lex), _State(), lex, allow_description=True)
    assert (cid is not None) is speaker
    assert bool(doc.analysis.characters) is speaker


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "tags", "speaker"),
    [
        # '"Yes," said Anne, yielding, for her sense made it impossible.': a clause hung on an inverted tag's verb
        # does not make it reported speech
        (['"', "Yes", ",", '"', "said", "Anne", ",", "yielding", ",", "her", "sense", "made", "it", "impossible"],
         [4, 4, 4, 4, 4, 4, 4, 4, 4, 10, 11, 4, 13, 11],
         ["punct", "intj", "punct", "punct", "ROOT", "nsubj", "punct", "advcl", "punct", "poss", "nsubj", "ccomp",
          "nsubj", "ccomp"],
         ["PUNCT", "INTJ", "PUNCT", "PUNCT", "VERB", "PROPN", "PUNCT", "VERB", "PUNCT", "PRON", "NOUN", "VERB", "PRON",
          "ADJ"],
         ["``", "UH", ",", "''", "VBD", "NNP", ",", "VBG", ",", "PRP$", "NN", "VBD", "PRP", "JJ"], "c1"),
        # 'Anne replied that it was late.': reported speech, no tag
        (["Anne", "replied", "that", "it", "was", "late"], [1, 1, 4, 4, 1, 4],
         ["nsubj", "ROOT", "mark", "nsubj", "ccomp", "acomp"], ["PROPN", "VERB", "SCONJ", "PRON", "AUX", "ADJ"],
         ["NNP", "VBD", "IN", "PRP", "VBD", "JJ"], None),
        # 'Gilbert held it out and said:': "it" after "held" is its object, never the tag's subject
        (["Gilbert", "held", "it", "out", "and", "said", ":"], [1, 1, 1, 1, 1, 1, 5],
         ["nsubj", "ROOT", "dobj", "prt", "cc", "conj", "punct"],
         ["PROPN", "VERB", "PRON", "ADP", "CCONJ", "VERB", "PUNCT"], ["NNP", "VBD", "PRP", "RP", "CC", "VBD", ":"],
         "c1"),
    ],
)
def test_speech_tags_inverted_tags_and_conjoined_verbs(words, heads, deps, pos, tags, speaker):  # type: ignore[no-untyped-def]
    name_at = words.index("Anne") if "Anne" in words else 0
    quoted = 4 if words[0] == '"' else 0
    tag = _tag(words, heads, deps, pos, tags, name_at, quoted=quoted)
    assert (tag.character if tag is not None else None) == speaker


@pytest.mark.parametrize(
    ("words", "heads", "deps", "speaker"),
    [
        # 'Tom looked at Ben, who said, "Go."': the relative clause opens the quotation and speaks for Ben
        (["Tom", "looked", "at", "Ben", ",", "who", "said", ",", '"', "Go", '"'],
         [1, 1, 1, 2, 3, 6, 3, 6, 9, 6, 9],
         ["nsubj", "ROOT", "prep", "pobj", "punct", "nsubj", "relcl", "punct", "punct", "ccomp", "punct"], "c1"),
        # 'Tom looked at Ben, who said nothing, "Go."': the clause goes on after the verb; no tag
        (["Tom", "looked", "at", "Ben", ",", "who", "said", "nothing", '"', "Go", '"'],
         [1, 1, 1, 2, 3, 6, 3, 6, 9, 1, 9],
         ["nsubj", "ROOT", "prep", "pobj", "punct", "nsubj", "relcl", "dobj", "punct", "ccomp", "punct"], None),
    ],
)
def test_speech_tags_a_relative_clause_opening_the_quote_speaks_for_its_antecedent(words, heads, deps, speaker):  # type: ignore[no-untyped-def]
    pos = ["PROPN", "VERB", "ADP", "PROPN", "PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "VERB", "PUNCT"]
    if words[7] == "nothing":
        pos[7] = "PRON"
    tags = ["NNP", "VBD", "IN", "NNP", "PUNCT", "WP", "VBD", ",", "``", "VB", "''"]
    d = Doc(_VOCAB, words=words, heads=heads, deps=deps, pos=pos, tags=tags)
    doc, _ = _tagged(words, heads, deps, pos)
    doc.docs = [d]
    ben = Mention(d[3].idx, d[3].idx + 3, 0, 3, 4, "name", "Ben", character="c1", key="ben")
    lex = _Lex.load()
    flags = [i >= 8 for i in range(len(d))]
    tag = _tag_of(doc, 0, d[6], "speech", 0, 0, flags, lex, _Speakers(doc, lex), {(0, 3): ben}, {}, _State())
    assert (tag.character if tag is not None else None) == speaker


def test_speech_tags_a_person_noun_read_as_an_adjective_is_described() -> None:
    # "said another private": the tagger reads "private" as an adjective
    doc, d = _tagged(["said", "another", "private"], [0, 2, 0], ["ROOT", "det", "nsubj"], ["VERB", "DET", "ADJ"])
    lex = _Lex.load()
    cid, method = _resolve(doc, 0, d[2], {}, {}, _Speakers(doc, lex), _State(), lex, allow_description=True)
    assert method == "descriptive" and cid is not None
    assert doc.registry.get(cid).name == "The private"  # type: ignore[union-attr]
    # "the former" is no one of its own
    doc, d = _tagged(["said", "the", "former"], [0, 2, 0], ["ROOT", "det", "nsubj"], ["VERB", "DET", "ADJ"])
    cid, _m = _resolve(doc, 0, d[2], {}, {}, _Speakers(doc, lex), _State(), lex, allow_description=True)
    assert cid is None


@pytest.mark.parametrize(("gender", "want"), [("male", "c2"), ("female", "c3")])
def test_sieve_latest_other_skips_the_one_spoken_to_and_the_other_gender(gender: str, want: str) -> None:
    from ficlens.quotes.sieve import _latest_other

    doc, _d = _tagged(["Tom", "said"], [1, 1], ["nsubj", "ROOT"], ["PROPN", "VERB"])
    lex = _Lex.load()
    speakers = _Speakers(doc, lex)
    speakers.gender.update({"c1": "male", "c2": "male", "c3": "female"})
    state = _State(recent=[(0, "c2"), (1, "c3"), (2, "c1")])
    # "“Harry, listen,” he said" with "he" read as Harry (c1): the latest other man, c2
    assert _latest_other(state, speakers, 3, gender, "c1") == want
    assert _latest_other(state, speakers, 9, gender, "c1") is None  # out of reach


def test_speech_tags_a_cleft_sentence_tags_for_its_focus() -> None:
    # "It was Marilla who spoke, alarm in every word.": the relative clause is what the sentence says
    words = ["It", "was", "Marilla", "who", "spoke", ",", "alarm", "in", "every", "word", "."]
    heads = [1, 1, 1, 4, 2, 4, 4, 6, 9, 7, 1]
    deps = ["nsubj", "ROOT", "attr", "nsubj", "relcl", "punct", "conj", "prep", "det", "pobj", "punct"]
    pos = ["PRON", "AUX", "PROPN", "PRON", "VERB", "PUNCT", "NOUN", "ADP", "DET", "NOUN", "PUNCT"]
    tags = ["PRP", "VBD", "NNP", "WP", "VBD", ",", "NN", "IN", "DT", "NN", "."]
    tag = _tag(words, heads, deps, pos, tags, 2)
    assert tag is not None and tag.character == "c1"
