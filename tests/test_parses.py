"""A long work keeps its parses packed (parses.py): a rebuilt Doc is the parse it packed, at most a window of
rebuilt Docs is alive at once, and the analysis of a work is the same with and without packing."""

from __future__ import annotations

import weakref

import numpy
import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, MORPH, NORM, ORTH, POS, SENT_START, SPACY, TAG
from spacy.tokens import Doc, Span

from ficlens.config import Options
from ficlens.parses import PackedDocs, sentence_count, word_count
from ficlens.pipeline import Analyzer

_CHECKED = [ORTH, NORM, TAG, POS, MORPH, HEAD, DEP, ENT_IOB, ENT_TYPE, SENT_START, SPACY, IDX]
_VOCAB = spacy.blank("en").vocab


def _doc(k: int = 0) -> Doc:
    """A hand-built parse: tags, POS, morphology, a dependency tree of two sentences, an entity."""
    words = ["Mara", "met", f"Oren{k}", "in", "Kestrel", ".", "She", "smiled", "!"]
    spaces = [True, True, True, True, False, True, True, False, False]
    doc = Doc(
        _VOCAB, words=words, spaces=spaces,
        heads=[1, 1, 1, 1, 3, 1, 7, 7, 7],
        deps=["nsubj", "ROOT", "dobj", "prep", "pobj", "punct", "nsubj", "ROOT", "punct"],
        tags=["NNP", "VBD", "NNP", "IN", "NNP", ".", "PRP", "VBD", "."],
        pos=["PROPN", "VERB", "PROPN", "ADP", "PROPN", "PUNCT", "PRON", "VERB", "PUNCT"],
        morphs=["Number=Sing", "Tense=Past", "", "", "", "", "Case=Nom|Gender=Fem", "Tense=Past", ""],
    )
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 4, 5, label="GPE")]
    return doc


def _same(a: Doc, b: Doc) -> bool:
    return (
        a.text == b.text
        and numpy.array_equal(a.to_array(_CHECKED), b.to_array(_CHECKED))
        and [(s.start, s.end) for s in a.sents] == [(s.start, s.end) for s in b.sents]
        and [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]
        and [str(t.morph) for t in a] == [str(t.morph) for t in b]
    )


def test_a_rebuilt_doc_is_the_parse_it_packed():
    docs = [_doc(k) for k in range(5)] + [Doc(_VOCAB, words=[])]
    store = PackedDocs(_VOCAB, window=2)
    for d in docs:
        store.append(d)
    assert len(store) == 6
    assert all(_same(d, r) for d, r in zip(docs, store, strict=True))
    assert len(store[5]) == 0 and sentence_count(store[5]) == 0
    assert _same(store[-2], docs[4]) and [d.text for d in store[1:3]] == [docs[1].text, docs[2].text]
    with pytest.raises(IndexError):
        store[6]
    assert store.nbytes > 0


def test_only_a_window_of_rebuilt_docs_is_kept():
    store = PackedDocs(_VOCAB, window=3)
    for k in range(10):
        store.append(_doc(k))
    alive: weakref.WeakSet[Doc] = weakref.WeakSet()
    peak = 0
    for _ in range(2):
        for d in store:
            alive.add(d)
            peak = max(peak, len(alive))
    assert peak <= 4  # the window and the one in hand
    assert store.rebuilt == 20  # each pass rebuilds each paragraph once
    store[9], store[9], store[8]
    assert store.rebuilt == 20  # the last ones are still in the window
    store[0]
    assert store.rebuilt == 21


def test_word_and_sentence_counts_match_the_tokens():
    doc = _doc()
    assert word_count(doc) == sum(1 for t in doc if t.is_alpha or t.like_num) == 6
    assert sentence_count(doc) == len(list(doc.sents)) == 2
    assert word_count(Doc(_VOCAB, words=[])) == 0


def _comparable(analysis) -> dict:  # type: ignore[no-untyped-def]
    d = analysis.to_dict()
    d["stats"].pop("seconds")
    d["stats"].pop("stage_seconds")
    return d


@pytest.mark.integration
def test_a_packed_work_is_analysed_as_one_kept_whole(analyzer, example_text):  # type: ignore[no-untyped-def]
    window = 4
    packed = Analyzer(Options(user_kb=False, parse_store_chars=1, parse_store_window=window))
    packed._nlp = analyzer.nlp
    alive: weakref.WeakSet[Doc] = weakref.WeakSet()
    peak = [0]
    real = PackedDocs._rebuild

    def rebuild(self, arr):  # type: ignore[no-untyped-def]
        doc = real(self, arr)
        alive.add(doc)
        peak[0] = max(peak[0], len(alive))
        return doc

    PackedDocs._rebuild = rebuild  # type: ignore[method-assign]
    try:
        got = packed.analyze_text(example_text, "example")
    finally:
        PackedDocs._rebuild = real  # type: ignore[method-assign]
    store = packed.last_document.docs
    assert isinstance(store, PackedDocs) and len(store) > 20 * window
    assert store.rebuilt > len(store)  # the stages read it, several times over
    assert peak[0] <= window + 4  # never every Doc at once: the window and the few a stage holds in hand
    whole = analyzer.analyze_text(example_text, "example")
    assert isinstance(analyzer.last_document.docs, list)
    assert _comparable(got) == _comparable(whole)
    assert got.characters and got.quotes  # a real analysis, not two empty ones
