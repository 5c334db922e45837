"""POV mechanisms on hand-built parses: hypothetical clauses, mental states, dialogue-tag gestures, chat lines,
unnamed characters, flashbacks, a work's one POV character, the possessor who opens the subject chain."""

from __future__ import annotations

from collections import Counter

import pytest
import spacy
from spacy.tokens import Doc

from ficlens.document import Document, Mention, Paragraph
from ficlens.ingest.base import Work
from ficlens.model import Analysis, Scene, WorkInfo
from ficlens.pov import _continuity, _flashback_break, _keep_shift
from ficlens.pov.lex import _CHAT_LINE, Scores, _lex
from ficlens.pov.scan import _hypothetical, _mental_state, _scan_paragraph, _shared_subject_verbs

_VOCAB = spacy.blank("en").vocab


def _parse(words: list[str], heads: list[int], deps: list[str], tags: list[str] | None = None) -> Doc:
    pos = ["VERB" if d in ("ROOT", "advcl", "conj", "relcl", "ccomp") else "X" for d in deps]
    return Doc(_VOCAB, words=words, heads=heads, deps=deps, pos=pos, tags=tags or [""] * len(words))


def test_a_perception_under_if_or_as_though_is_imagined() -> None:
    # "if Arthur had seen": Arthur's seeing is someone else's fear
    d = _parse(["if", "Arthur", "had", "seen"], [3, 3, 3, 3], ["mark", "nsubj", "aux", "ROOT"])
    assert _hypothetical(d[3], _lex().hypothetical)
    # "as though he knew": imagined too; "though she knew" is conceded, and told
    d = _parse(["as", "though", "he", "knew"], [3, 3, 3, 3], ["mark", "mark", "nsubj", "ROOT"])
    assert _hypothetical(d[3], _lex().hypothetical)
    d = _parse(["though", "she", "knew"], [2, 2, 2], ["mark", "nsubj", "ROOT"])
    assert not _hypothetical(d[2], _lex().hypothetical)
    d = _parse(["Arthur", "saw", "it"], [1, 1, 1], ["nsubj", "ROOT", "dobj"])
    assert not _hypothetical(d[1], _lex().hypothetical)


def test_a_mental_state_after_be_or_feel_is_felt_from_inside() -> None:
    d = _parse(["She", "was", "certain"], [1, 1, 1], ["nsubj", "ROOT", "acomp"])
    assert _mental_state(d[1], _lex())
    d = _parse(["He", "felt", "sick"], [1, 1, 1], ["nsubj", "ROOT", "acomp"])
    assert _mental_state(d[1], _lex())
    # seen from outside: "she looked certain"; no state: "she was tall"
    d = _parse(["She", "looked", "certain"], [1, 1, 1], ["nsubj", "ROOT", "acomp"])
    assert not _mental_state(d[1], _lex())
    d = _parse(["She", "was", "tall"], [1, 1, 1], ["nsubj", "ROOT", "acomp"])
    assert not _mental_state(d[1], _lex())


def test_a_dialogue_tag_gesture_is_not_the_speaker_seeing() -> None:
    # "Ron said, staring at it": the participle of a speech verb is a gesture
    d = _parse(["Ron", "said", ",", "staring"], [1, 1, 1, 1], ["nsubj", "ROOT", "punct", "advcl"], ["", "", "", "VBG"])
    assert [t.text for t in _shared_subject_verbs(d[1], _lex().speech)] == ["said"]
    # "Ron knelt, staring": not a dialogue tag, the participle is his
    d = _parse(["Ron", "knelt", ",", "staring"], [1, 1, 1, 1], ["nsubj", "ROOT", "punct", "advcl"], ["", "", "", "VBG"])
    assert [t.text for t in _shared_subject_verbs(d[1], _lex().speech)] == ["knelt", "staring"]


def test_chat_lines_may_have_their_sender_in_bold_or_brackets() -> None:
    text = "**Denki:** guys\n**Tsu**: Kero.\n[Sam]: where\nSam: here\nDean said: no\n**CLASS 1-A DISASTERS**"
    senders = [m.group().split(":")[0].strip("*[] ") for m in _CHAT_LINE.finditer(text)]
    assert senders == ["Denki", "Tsu", "Sam", "Sam"]


def _doc(text: str, paras: list[tuple[int, int, int]], scenes: list[tuple[int, int]]) -> Document:
    a = Analysis(work=WorkInfo(None, [], "t", "txt", "en", len(text.split())))
    a.scenes = [Scene(i, 0, s, e, None) for i, (s, e) in enumerate(scenes)]
    return Document(
        work=Work(text=text, format="txt", source="t"), analysis=a,
        paragraphs=[Paragraph(i, s, e, sc, 0) for i, (s, e, sc) in enumerate(paras)],
    )


def test_a_flashback_break_line_is_recognised() -> None:
    text = "Sam sat.\n\n~ flashback ~\n\nDean ran.\n\n* * *\n\nCas waited."
    doc = _doc(text, [], [(0, 8), (25, 34), (43, 54)])
    marks = _lex().flashback
    assert _flashback_break(doc, doc.analysis.scenes[1], 8, marks)
    assert not _flashback_break(doc, doc.analysis.scenes[2], 34, marks)


def _scores(**kw: float) -> Scores:
    s = Scores()
    s.add(kw)
    return s


def test_a_weak_scene_keeps_the_works_pov_character() -> None:
    scenes = [Scene(i, 0, i * 10, i * 10 + 9, None) for i in range(4)]
    for sc, pov in zip(scenes, ["sam", "sam", "sam", "cas"], strict=True):
        sc.pov = pov
    work = [(scenes[0], _scores(sam=3), False), (scenes[1], _scores(sam=3), False), (scenes[2], _scores(sam=2), False),
            (scenes[3], _scores(cas=0.8, sam=0.3), True)]
    _continuity(work)
    assert scenes[3].pov == "sam" and scenes[3].pov_note == "the work's POV character"


def test_strong_or_alternating_scenes_keep_their_own_pov() -> None:
    scenes = [Scene(i, 0, i * 10, i * 10 + 9, None) for i in range(4)]
    for sc, pov in zip(scenes, ["jun", "hana", "jun", "hana"], strict=True):
        sc.pov = pov
    _continuity([(sc, _scores(jun=0.3, hana=0.3), True) for sc in scenes])
    assert [sc.pov for sc in scenes] == ["jun", "hana", "jun", "hana"]  # no one holds two thirds
    scenes[1].pov, scenes[3].pov = "jun", "cas"
    _continuity([(scenes[0], _scores(jun=3), False), (scenes[1], _scores(jun=3), False),
                 (scenes[2], _scores(jun=3), False), (scenes[3], _scores(cas=4, jun=1), False)])
    assert scenes[3].pov == "cas"  # strong evidence of its own


def test_the_possessor_of_the_opening_subject_opens_the_subject_chain() -> None:
    # "Ochako's phone buzzed. She snorted." -> "She" is Ochako's (no other female character named as subject)
    text = "Ochako's phone buzzed . She snorted ."
    words = ["Ochako", "'s", "phone", "buzzed", ".", "She", "snorted", "."]
    d = Doc(_VOCAB, words=words, spaces=[False, True, True, True, True, True, True, False],
            heads=[2, 0, 3, 3, 3, 6, 6, 6], deps=["poss", "case", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "punct"],
            pos=["PROPN", "PART", "NOUN", "VERB", "PUNCT", "PRON", "VERB", "PUNCT"])
    assert d.text == text
    doc = _doc(text, [(0, len(text), 0)], [(0, len(text))])
    doc.docs = [d]
    ochako = Mention(0, 6, 0, 0, 1, "name", "Ochako", character="c1")
    doc.mentions = [ochako]
    chain: dict[str, str] = {}
    st = _scan_paragraph(doc, 0, d, {(0, 0): ochako}, _lex(), {"she": "female"}, chain, {"c1": "female"})
    assert chain == {"female": "c1"}
    assert st.focal["c1"] > 0  # "She snorted" counts for Ochako


@pytest.mark.integration
def test_an_unnamed_butler_is_not_the_pov_over_a_named_character(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = ("The kitchen was dark except for the lamp over the stove.\n\n"
            '"You should be asleep," said the butler, setting down a cup of cocoa.\n\n'
            '"So should you," Lena said. She wrapped her hands around the cup and sighed.\n\n'
            '"I am never asleep," said the butler. "It is a condition of employment."\n\n'
            "Lena laughed and drank the cocoa while it was still too hot.")
    a = analyzer.analyze_text(text)
    assert a.character(a.scenes[0].pov).name == "Lena"  # type: ignore[union-attr]


def test_a_perception_someone_else_wonders_about_is_theirs_not_the_subjects() -> None:
    from ficlens.pov.scan import _thought_by_other

    # "He wonders how long she has been watching": her watching is his thought
    d = _parse(["He", "wonders", "she", "watching"], [1, 1, 3, 1], ["nsubj", "ROOT", "nsubj", "ccomp"])
    assert _thought_by_other(d[3], d[2], _lex().thought_of)
    # "She knows she saw it": her own
    d = _parse(["She", "knows", "she", "saw"], [1, 1, 3, 1], ["nsubj", "ROOT", "nsubj", "ccomp"])
    assert not _thought_by_other(d[3], d[2], _lex().thought_of)


def test_each_paragraph_opens_on_the_scenes_topic() -> None:
    # Arthur was named as a main-clause subject twice, Leon once (last): a new paragraph's "He" is Arthur's
    text = "He knew ."
    d = Doc(_VOCAB, words=["He", "knew", "."], spaces=[True, True, False], heads=[1, 1, 1],
            deps=["nsubj", "ROOT", "punct"], pos=["PRON", "VERB", "PUNCT"])
    doc = _doc(text, [(0, len(text), 0)], [(0, len(text))])
    doc.docs = [d]
    chain = {"male": "leon"}
    topics = {"male": Counter({"arthur": 2, "leon": 1})}
    st = _scan_paragraph(doc, 0, d, {}, _lex(), {"he": "male"}, chain, {}, None, topics)
    assert st.focal["arthur"] > 1 and "leon" not in st.focal
    # on a tie the last one named keeps it
    chain = {"male": "leon"}
    st = _scan_paragraph(doc, 0, d, {}, _lex(), {"he": "male"}, chain, {}, None, {"male": Counter(arthur=1, leon=1)})
    assert st.focal["leon"] > 1


def test_a_body_part_that_aches_is_felt_by_its_owner() -> None:
    text = "His shoulder ached ."
    d = Doc(_VOCAB, words=["His", "shoulder", "ached", "."], spaces=[True, True, True, False], heads=[1, 2, 2, 2],
            deps=["poss", "nsubj", "ROOT", "punct"], pos=["PRON", "NOUN", "VERB", "PUNCT"])
    doc = _doc(text, [(0, len(text), 0)], [(0, len(text))])
    doc.docs = [d]
    st = _scan_paragraph(doc, 0, d, {}, _lex(), {"his": "male"}, {"male": "izuku"}, {}, None, {})
    assert st.strong["izuku"] > 0
    # "his shoulder was broad": seen, not felt
    d2 = Doc(_VOCAB, words=["His", "shoulder", "was", "."], spaces=[True, True, True, False], heads=[1, 2, 2, 2],
             deps=["poss", "nsubj", "ROOT", "punct"], pos=["PRON", "NOUN", "AUX", "PUNCT"])
    doc.docs = [d2]
    st = _scan_paragraph(doc, 0, d2, {}, _lex(), {"his": "male"}, {"male": "izuku"}, {}, None, {})
    assert st.strong["izuku"] == 0


def test_a_scene_that_opens_with_the_second_parts_character_has_no_shift() -> None:
    assert _keep_shift((3, "todoroki", "izuku", 0.6), "todoroki")
    assert _keep_shift((3, "todoroki", "izuku", 0.6), None)
    assert not _keep_shift((3, "todoroki", "izuku", 0.6), "izuku")


@pytest.mark.parametrize(("verb", "there"), [("knew", False), ("hugged", True)])
def test_someone_known_is_not_there_someone_hugged_is(verb: str, there: bool) -> None:
    # "Sam knew his brother ." says what Sam knows of him, not that he is in the scene; "Sam hugged his brother ."
    words = ["Sam", verb, "his", "brother", "."]
    text = " ".join(words)
    d = Doc(_VOCAB, words=words, spaces=[True, True, True, True, False], heads=[1, 1, 3, 1, 1],
            deps=["nsubj", "ROOT", "poss", "dobj", "punct"], pos=["PROPN", "VERB", "PRON", "NOUN", "PUNCT"])
    doc = _doc(text, [(0, len(text), 0)], [(0, len(text))])
    doc.docs = [d]
    sam = Mention(0, 3, 0, 0, 1, "name", "Sam", character="c1")
    brother = Mention(8, 19, 0, 2, 4, "description", "his brother", character="c2")
    doc.mentions = [sam, brother]
    st = _scan_paragraph(
        doc, 0, d, {(0, 0): sam, (0, 3): brother}, _lex(), {}, {}, {"c1": "male", "c2": "male"}
    )
    assert st.acts["c1"] == 1
    assert (st.acts["c2"] > 0) is there
