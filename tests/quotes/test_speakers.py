"""quotes/speakers.py: the unnamed speaker a gendered tag pronoun stands for when no character of that gender is
in reach ("A woman in a bathrobe leans over the railing." ... "she calls down"), on hand-built parses."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from ficlens.document import Document, Mention, Paragraph
from ficlens.ingest.base import Work
from ficlens.lexicons import pronoun_class
from ficlens.model import Analysis, WorkInfo
from ficlens.quotes.common import _Lex, _State
from ficlens.quotes.speakers import _Speakers, name_gender
from ficlens.quotes.tag_subjects import _resolve
from ficlens_testutil import tagged_parse


def _parse(det: str, noun: str):  # type: ignore[no-untyped-def]
    # "<det> <noun> leans . she calls": a described person introduced as a subject, then a "she" tag
    return tagged_parse(
        [det.capitalize(), noun, "leans", ".", "she", "calls"], [1, 2, 2, 2, 5, 5],
        ["det", "nsubj", "ROOT", "punct", "nsubj", "ROOT"], ["DET", "NOUN", "VERB", "PUNCT", "PRON", "VERB"],
    )


def _pick(doc, tok, *known: tuple[str, str]):  # type: ignore[no-untyped-def]
    """Resolve the tag subject ``tok`` with the characters ``known`` ((name, gender), just mentioned) in reach:
    (character id, method, the stage's speakers)."""
    lex = _Lex.load()
    speakers = _Speakers(doc, lex)
    recent = []
    for name, gender in known:
        cid = doc.registry.add(name, gender=gender)
        speakers.gender[cid] = gender
        recent.append((0, cid))
    cid, method = _resolve(doc, 0, tok, {}, pronoun_class(), speakers, _State(recent=recent), lex, False)
    return cid, method, speakers


def test_speakers_a_she_with_no_woman_in_reach_is_the_woman_just_introduced() -> None:
    doc, d = _parse("a", "woman")
    cid, method, speakers = _pick(doc, d[4], ("Dean", "male"))
    dean = doc.analysis.characters[0].id
    assert method == "anaphoric" and cid is not None and cid != dean
    woman = doc.registry.get(cid)
    assert woman is not None and woman.name == "The woman" and woman.gender == "female"
    assert [m.text for m in speakers.new_mentions] == ["A woman"]
    # her next "she" is the same woman, not someone new
    again, _ = _resolve(doc, 0, d[4], {}, pronoun_class(), speakers, _State(), _Lex.load(), False)
    assert again == cid
    assert len(doc.analysis.characters) == 2


def test_speakers_a_woman_in_reach_keeps_the_she() -> None:
    doc, d = _parse("a", "woman")
    cid, _, _ = _pick(doc, d[4], ("Ada", "female"))
    assert cid == doc.analysis.characters[0].id
    assert [c.name for c in doc.analysis.characters] == ["Ada"]


@pytest.mark.parametrize(
    ("det", "noun", "want"),
    [("a", "man", None), ("the", "girl", None), ("the", "boy", None), ("another", "girl", "The girl")],
)
def test_speakers_only_an_indefinite_description_of_the_pronoun_s_gender_is_taken(
    det: str, noun: str, want: str | None
) -> None:
    # "A man leans. she calls": no one "she" can be; "The girl leans. she calls": maybe someone named later ("the
    # boy at the computer" for the hero); "Another girl leans. she calls": someone new
    doc, d = _parse(det, noun)
    cid, _, _ = _pick(doc, d[4])
    if want is None:
        assert cid is None and doc.analysis.characters == []
    else:
        assert cid is not None and doc.registry.get(cid).name == want  # type: ignore[union-attr]


def test_speakers_a_possessed_description_is_not_an_introduction() -> None:
    # "Her mother leans. she calls": whose mother depends on the sentence; left to the conversation
    doc, d = tagged_parse(
        ["Her", "mother", "leans", ".", "she", "calls"], [1, 2, 2, 2, 5, 5],
        ["poss", "nsubj", "ROOT", "punct", "nsubj", "ROOT"], ["PRON", "NOUN", "VERB", "PUNCT", "PRON", "VERB"],
    )
    assert _pick(doc, d[4])[:2] == (None, "anaphoric")


def _second_person(extra: int = 0, hint: str = "first"):  # type: ignore[no-untyped-def]
    # "You find him . you climb . you sit . you say": "you" is the narration's main character
    words = ["You", "find", "him", ".", "you", "climb", ".", "you", "sit", ".", "you", "say"]
    heads = [1, 1, 1, 1, 5, 5, 5, 8, 8, 8, 11, 11]
    deps = ["nsubj", "ROOT", "dobj", "punct", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "punct", "nsubj", "ROOT"]
    pos = ["PRON", "VERB", "PRON", "PUNCT", "PRON", "VERB", "PUNCT", "PRON", "VERB", "PUNCT", "PRON", "VERB"]
    doc, d = tagged_parse(words, heads, deps, pos)
    for i in (0, 4, 7, 10):
        t = d[i]
        doc.mentions.append(Mention(t.idx, t.idx + 3, 0, i, i + 1, "pronoun", t.text, gender_hint="second"))
    for _ in range(extra):  # other pronouns of the narration: a first-person story, a third-person novel
        doc.mentions.append(Mention(0, 1, 0, 0, 1, "pronoun", "x", gender_hint=hint))
    return doc, d


def test_speakers_you_in_second_person_narration_is_the_narrator() -> None:
    doc, d = _second_person()
    cid, method, _ = _pick(doc, d[10])
    assert method == "anaphoric" and cid is not None
    assert doc.registry.get(cid).name == "Narrator"  # type: ignore[union-attr]


@pytest.mark.parametrize(("extra", "hint"), [(5, "first"), (20, "male")])
def test_speakers_you_in_a_first_or_third_person_story_is_no_one(extra: int, hint: str) -> None:
    # "you" outside the quotes of a story told by "I", or a stray "you" among a novel's "he"s, is not the speaker
    doc, d = _second_person(extra, hint)
    cid, _, _ = _pick(doc, d[10])
    assert cid is None and doc.analysis.characters == []


def _told_to_you(vocative: bool):  # type: ignore[no-untyped-def]
    # "You sat, Theo. I came in. I sat. I ate. you said": an "I" telling the story to "you", called by name
    # between commas (or, without the name, "You sat. ...")
    words = ["You", "sat", ",", "Theo", ".", "I", "came", ".", "I", "sat", ".", "I", "ate", ".", "you", "said"]
    heads = [1, 1, 1, 1, 1, 6, 6, 6, 9, 9, 9, 12, 12, 12, 15, 15]
    deps = ["nsubj", "ROOT", "punct", "npadvmod", "punct", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "punct",
            "nsubj", "ROOT", "punct", "nsubj", "ROOT"]
    pos = ["PRON", "VERB", "PUNCT", "PROPN", "PUNCT", "PRON", "VERB", "PUNCT", "PRON", "VERB", "PUNCT", "PRON",
           "VERB", "PUNCT", "PRON", "VERB"]
    spaces = [True, False, True, False, True, True, False, True, True, False, True, True, False, True, True, False]
    if not vocative:
        words[3], pos[3] = "then", "ADV"
    d = Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos)
    doc = Document(
        work=Work(text=d.text, format="txt", source="t"),
        analysis=Analysis(work=WorkInfo(None, [], "t", "txt", "en", 0)),
        paragraphs=[Paragraph(0, 0, len(d.text), 0, 0)],
    )
    doc.docs = [d]
    for i, hint in ((0, "second"), (5, "first"), (8, "first"), (11, "first"), (14, "second"), (14, "second")):
        t = d[i]
        doc.mentions.append(Mention(t.idx, t.idx + len(t), 0, i, i + 1, "pronoun", t.text, gender_hint=hint))
    if vocative:
        theo = doc.registry.add("Theo", gender="male")
        t = d[3]
        doc.mentions.append(Mention(t.idx, t.idx + 4, 0, 3, 4, "name", "Theo", character=theo))
    return doc, d


def test_speakers_you_in_a_story_an_i_tells_you_is_the_one_called_by_name() -> None:
    doc, d = _told_to_you(vocative=True)
    cid, method, speakers = _pick(doc, d[14])
    assert not speakers.second_person()  # as many "I"s as "you"s: not second-person narration
    assert method == "anaphoric" and cid is not None
    assert doc.registry.get(cid).name == "Theo"  # type: ignore[union-attr]


def test_speakers_you_in_a_story_an_i_tells_you_without_a_name_is_no_one() -> None:
    doc, d = _told_to_you(vocative=False)
    cid, _, _ = _pick(doc, d[14])
    assert cid is None and doc.analysis.characters == []


def _said(*names: str, known: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    # "said <name words>": a tag whose subject is a proper noun (a title or first word as its compound)
    words = ["said", *names]
    n = len(names)
    heads = [0] + [n] * n
    deps = ["ROOT"] + ["compound"] * (n - 1) + ["nsubj"]
    doc, d = tagged_parse(words, heads, deps, ["VERB"] + ["PROPN"] * n)
    for name in known:
        doc.registry.add(name)
    lex = _Lex.load()
    speakers = _Speakers(doc, lex)
    cid, method = _resolve(doc, 0, d[n], {}, pronoun_class(), speakers, _State(), lex, True)
    return doc, cid, method, speakers


def test_speakers_a_name_the_character_stage_did_not_list_speaks_as_itself() -> None:
    doc, cid, method, speakers = _said("MJ")
    assert method == "explicit" and cid is not None
    assert doc.registry.get(cid).name == "MJ"  # type: ignore[union-attr]
    assert [m.text for m in speakers.new_mentions] == ["MJ"]
    doc, cid, _, _ = _said("Aunt", "May")
    assert doc.registry.get(cid).name == "Aunt May"  # type: ignore[union-attr]
    assert doc.registry.get(cid).gender == "female"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("names", "known"),
    [(("May",), ()), (("Mademoiselle",), ()), (("Bear",), ("Pooh Bear",)), (("Perhaps",), ())],
)
def test_speakers_a_word_that_may_be_no_name_or_someone_listed_makes_no_one(
    names: tuple[str, ...], known: tuple[str, ...]
) -> None:
    # the month, a title alone, a word of a listed character's name, a sentence opener
    doc, cid, _, _ = _said(*names, known=known)
    assert cid is None
    assert [c.name for c in doc.analysis.characters] == list(known)


def test_speakers_a_she_after_a_titled_name_not_listed_is_that_woman() -> None:
    # "Aunt May leans . she calls", no woman listed: "she" is Aunt May, who becomes a character
    doc, d = tagged_parse(
        ["Aunt", "May", "leans", ".", "she", "calls"], [1, 2, 2, 2, 5, 5],
        ["compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT"], ["PROPN", "PROPN", "VERB", "PUNCT", "PRON", "VERB"],
    )
    cid, method, _ = _pick(doc, d[4], ("Peter", "male"))
    assert method == "anaphoric" and cid is not None
    assert doc.registry.get(cid).name == "Aunt May"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "gender"),
    [("Hermione", "female"), ("Aunt May", "female"), ("Mr. Smith", "male"), ("MJ", "unknown"), ("", "unknown")],
)
def test_speakers_name_gender_from_a_title_or_a_first_name(name: str, gender: str) -> None:
    assert name_gender(name) == gender


def test_speakers_said_i_at_a_sentence_end_is_the_narrator() -> None:
    # '"Good morning," said I.': the tokenizer keeps "I." in one token, read as a proper noun; it is still the
    # narrator's "I", never a character named "I."
    doc, d = tagged_parse(["said", "I."], [0, 0], ["ROOT", "nsubj"], ["VERB", "PROPN"])
    lex = _Lex.load()
    speakers = _Speakers(doc, lex)
    cid, method = _resolve(doc, 0, d[1], {}, pronoun_class(), speakers, _State(), lex, True)
    assert method == "anaphoric" and cid is not None and cid == speakers.narrator
    assert [c.name for c in doc.analysis.characters] == ["Narrator"]


def test_speakers_epithets_are_the_described_speakers_that_may_be_someone_known() -> None:
    doc, _ = tagged_parse(["said", "the", "girl"], [0, 2, 0], ["ROOT", "det", "nsubj"], ["VERB", "DET", "NOUN"])
    speakers = _Speakers(doc, _Lex.load())
    girl = speakers.describe("girl", "girl", 0)  # "returned the girl"
    waiter = speakers.describe("waiter", "waiter", 0)  # a part a person plays
    newcomer = speakers.describe("elderly gentleman", "gentleman", 0, fresh=True)  # "a thin, elderly gentleman"
    someones = speakers.describe("minty's young man", "man", 0, name="Minty's young man")
    assert speakers.epithets() == {girl: "female"}
    assert len({girl, waiter, newcomer, someones}) == 4
