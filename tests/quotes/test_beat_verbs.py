"""The narration subject beside a turn and the class of its verb (``quotes/beat_verbs.py``): hand-built parses of
a few paragraphs, no model."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from ficlens.document import Document, Mention, Paragraph, QuoteInfo
from ficlens.ingest.base import Work
from ficlens.model import Analysis, WorkInfo
from ficlens.quotes.beat_verbs import BEAT_VERB_FEATURES, BeatVerbs

_VOCAB = spacy.blank("en").vocab

# one paragraph: words, heads, deps, and the character of each word that is a narration subject
_Para = tuple[list[str], list[int], list[str], dict[int, str]]


def _nsubj(name: str, verb: str, *rest: str) -> _Para:
    """"Name verb rest ." with the name as the verb's subject."""
    words = [name, verb, *rest, "."]
    heads = [1, 1, *[1] * len(rest), 1]
    deps = ["nsubj", "ROOT", *["dobj"] * len(rest), "punct"]
    return words, heads, deps, {0: name.lower()}


def _quote(*words: str) -> _Para:
    """A quote paragraph ('" words "')."""
    ws = ['"', *words, '"']
    return ws, [1] * len(ws), ["punct", "ROOT", *["dep"] * (len(ws) - 2)], {}


def _doc(paras: list[_Para]) -> tuple[Document, list[int]]:
    """A Document of ``paras`` (one sentence each) and the start offset of each paragraph."""
    docs, starts, text = [], [], ""
    for words, heads, deps, _subj in paras:
        d = Doc(_VOCAB, words=words, heads=heads, deps=deps, sent_starts=[True] + [False] * (len(words) - 1))
        if text:
            text += "\n\n"
        starts.append(len(text))
        text += d.text
        docs.append(d)
    doc = Document(
        work=Work(text=text, format="txt", source="t"), analysis=Analysis(work=WorkInfo(None, [], "t", "txt", "en", 0)),
        paragraphs=[Paragraph(i, s, s + len(d.text), 0, 0) for i, (s, d) in enumerate(zip(starts, docs, strict=True))],
    )
    doc.docs = docs
    for pi, ((_w, _h, _d, subj), d, s) in enumerate(zip(paras, docs, starts, strict=True)):
        for ti, cid in subj.items():
            t = d[ti]
            doc.mentions.append(Mention(s + t.idx, s + t.idx + len(t), pi, ti, ti + 1, "name", t.text, cid,
                                        sent=pi, role="subj"))
        if not subj and d[0].text == '"':
            doc.quote_info.append(QuoteInfo(para=pi))
    return doc, starts


def _cols(paras: list[_Para], turn_para: int) -> dict[str, dict[str, float]]:
    doc, starts = _doc(paras)
    cols = BeatVerbs(doc).columns([(turn_para, starts[turn_para])], ["mary", "tom"])
    return {f: {"mary": cols[0, 0, j], "tom": cols[0, 1, j]} for j, f in enumerate(BEAT_VERB_FEATURES)}


def test_a_gesture_before_a_line_is_the_speakers_own() -> None:
    c = _cols([_nsubj("Mary", "nodded"), _quote("Well", "?")], 1)
    assert c["nb_before_own"] == {"mary": 1.0, "tom": 0.0}
    assert c["nb_before_listener"] == {"mary": 0.0, "tom": 0.0}


def test_a_listening_verb_before_a_line_is_the_listeners_class() -> None:
    c = _cols([_nsubj("Tom", "listened"), _quote("Well", "?")], 1)
    assert c["nb_before_listener"] == {"mary": 0.0, "tom": 1.0}
    assert c["nb_before_own"] == {"mary": 0.0, "tom": 0.0}


def test_an_unlisted_verb_before_a_line_counts_in_neither_class() -> None:
    c = _cols([_nsubj("Tom", "sneezed"), _quote("Well", "?")], 1)
    assert c["nb_before_own"]["tom"] == c["nb_before_listener"]["tom"] == 0.0


def test_the_narration_after_a_line_is_read_as_the_reaction() -> None:
    c = _cols([_quote("Well", "?"), _nsubj("Tom", "stared")], 0)
    assert c["nb_after_subj"] == {"mary": 0.0, "tom": 1.0}
    assert c["nb_after_listener"] == {"mary": 0.0, "tom": 1.0}
    c = _cols([_quote("Well", "?"), _nsubj("Tom", "sneezed")], 0)
    assert c["nb_after_subj"]["tom"] == 1.0 and c["nb_after_listener"]["tom"] == 0.0


def test_a_quote_paragraph_between_is_no_narration_of_the_turn() -> None:
    # the narration before the first line belongs to it, not to the second line after it
    c = _cols([_nsubj("Mary", "nodded"), _quote("Well", "?"), _quote("No", ".")], 2)
    assert all(v == 0.0 for col in c.values() for v in col.values())


def test_the_narration_across_a_scene_break_is_no_narration_of_the_turn() -> None:
    # "Mary nodded." ends the scene before the break; "Tom stared." opens the scene after it
    paras = [_nsubj("Mary", "nodded"), _quote("Well", "?"), _nsubj("Tom", "stared")]
    doc, starts = _doc(paras)
    cols = BeatVerbs(doc).columns([(1, starts[1])], ["mary", "tom"])
    assert cols[0, 0, BEAT_VERB_FEATURES.index("nb_before_own")] == 1.0  # the same scene: read
    assert cols[0, 1, BEAT_VERB_FEATURES.index("nb_after_subj")] == 1.0
    doc.paragraphs[0].scene = 0
    doc.paragraphs[1].scene = 1
    doc.paragraphs[2].scene = 2
    cols = BeatVerbs(doc).columns([(1, starts[1])], ["mary", "tom"])
    assert not cols.any()
