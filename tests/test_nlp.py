"""The spaCy pass: the fast attribute component matches the model's attribute_ruler token for token; texts past
spaCy's max_length are parsed in pieces below it."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from ficlens.nlp_attributes import FACTORY, FastAttributes, install
from ficlens_testutil import EXAMPLE

PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}, "index": 0},
    {"patterns": [[{"TAG": "NN", "LOWER": {"IN": ["something", "nothing"]}}]],
     "attrs": {"POS": "PRON", "MORPH": "PronType=Ind|Number=Sing"}, "index": 0},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 0},
    {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"POS": "AUX"}, "index": 0},
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]], "attrs": {"POS": "VERB"}, "index": 1},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE", "MORPH": "_"}, "index": 0},
]


def _doc(nlp, words, tags, deps, heads):  # type: ignore[no-untyped-def]
    return Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=heads)


@pytest.mark.parametrize("use_ruler", [True, False], ids=["attribute_ruler", "fast"])
def test_nlp_attributes_rules_in_order_single_and_multi_token(use_ruler):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(PATTERNS)
    component = ruler if use_ruler else FastAttributes(nlp, ruler.patterns)
    words = ["There", "is", "nothing", "in", "the", "box", "\n", "It", "is", "something"]
    tags = ["EX", "VBZ", "NN", "IN", "DT", "NN", "SP", "PRP", "VBZ", "NN"]
    deps = ["expl", "ROOT", "attr", "prep", "det", "pobj", "dep", "nsubj", "ROOT", "attr"]
    heads = [1, 1, 1, 2, 5, 3, 5, 8, 8, 8]
    doc = component(_doc(nlp, words, tags, deps, heads))
    got = [(t.pos_, str(t.morph), t.tag_) for t in doc]
    assert got == [
        ("", "", "EX"), ("VERB", "", "VBZ"), ("PRON", "Number=Sing|PronType=Ind", "NN"), ("", "", "IN"),
        ("", "", "DT"), ("NOUN", "Number=Sing", "NN"), ("SPACE", "", "_SP"), ("", "", "PRP"), ("AUX", "", "VBZ"),
        ("PRON", "Number=Sing|PronType=Ind", "NN"),
    ]


def _attrs(t):  # type: ignore[no-untyped-def]
    return (t.pos_, str(t.morph), t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start)


@pytest.mark.integration
def test_nlp_attributes_match_the_models_attribute_ruler_on_a_story(analyzer):
    # also the matrix products through numpy (nlp.use_numpy_gemm): the same tags, parses, sentences and entities
    fast = analyzer.nlp
    assert FACTORY in fast.pipe_names and "attribute_ruler" not in fast.pipe_names
    assert all(node.ops.use_blis is False for _n, p in fast.pipeline if hasattr(p, "model") for node in p.model.walk())
    original = spacy.load(fast.meta["lang"] + "_" + fast.meta["name"], disable=["lemmatizer"])
    assert all(node.ops.use_blis for node in original.get_pipe("ner").model.walk())
    assert "attribute_ruler" in original.pipe_names
    paragraphs = [p for p in EXAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    n = 0
    for a, b in zip(original.pipe(paragraphs), fast.pipe(paragraphs), strict=True):
        assert [_attrs(t) for t in a] == [_attrs(t) for t in b]
        n += len(a)
    assert n > 3000
    assert install(fast) is fast and fast.pipe_names.count(FACTORY) == 1


def test_nlp_a_text_past_spacys_max_length_is_parsed_in_pieces_below_it():
    from ficlens.config import Options
    from ficlens.ingest import read_text_input
    from ficlens.segment import segment

    sentence = "Mara walked along the river and thought about the letter she had not opened yet. "
    text = sentence * (1_200_000 // len(sentence))  # one line, one "paragraph", past spaCy's 1,000,000
    assert len(text) > spacy.blank("en").max_length
    limit = Options().max_paragraph_chars
    paragraphs = segment(read_text_input(text, "long"), limit).paragraphs
    assert max(p.end - p.start for p in paragraphs) <= limit < spacy.blank("en").max_length
    assert paragraphs[0].start == 0 and sum(p.end - p.start for p in paragraphs) >= len(text.strip()) - len(paragraphs)


def test_nlp_parse_pauses_the_garbage_collector_only_while_it_runs():
    import gc

    from ficlens.nlp import parse

    nlp = spacy.blank("en")
    assert gc.isenabled()
    it = parse(nlp, ["One.", "Two."])
    next(it)
    assert not gc.isenabled()
    assert [d.text for d in it] == ["Two."]
    assert gc.isenabled()
    it = parse(nlp, ["One.", "Two."])
    next(it)
    it.close()  # abandoned half way
    assert gc.isenabled()


def test_nlp_kept_out_of_gc_hides_live_objects_only_inside_and_even_on_error():
    import gc

    from ficlens.nlp import kept_out_of_gc

    kept = [spacy.blank("en")("A parse kept for the stages.")]
    before = gc.get_freeze_count()
    with kept_out_of_gc():
        assert gc.get_freeze_count() > before
        assert gc.isenabled()  # new garbage is still collected
    assert gc.get_freeze_count() == before
    with pytest.raises(ValueError), kept_out_of_gc():
        raise ValueError("a stage failed")
    assert gc.get_freeze_count() == before and kept


def test_nlp_use_numpy_gemm_routes_one_pipelines_products_through_numpy_with_the_same_result():
    import numpy
    from thinc.api import get_current_ops

    from ficlens.nlp import use_numpy_gemm

    def pipeline():  # type: ignore[no-untyped-def]
        nlp = spacy.blank("en")
        nlp.add_pipe("tok2vec")
        nlp.initialize()
        return nlp

    blis_nlp, numpy_nlp = pipeline(), pipeline()
    numpy_nlp.get_pipe("tok2vec").model.from_bytes(blis_nlp.get_pipe("tok2vec").model.to_bytes())
    assert use_numpy_gemm(numpy_nlp) is numpy_nlp
    nodes = list(numpy_nlp.get_pipe("tok2vec").model.walk())
    assert len(nodes) > 5 and all(n.ops.use_blis is False for n in nodes)
    assert all(n.ops.use_blis for n in blis_nlp.get_pipe("tok2vec").model.walk())  # the other pipeline keeps BLIS
    assert getattr(get_current_ops(), "use_blis", True)  # thinc's process default is untouched
    text = "Mara walked along the river and thought about the letter."
    a, b = blis_nlp(text).tensor, numpy_nlp(text).tensor
    assert a.shape == b.shape == (11, 96) and numpy.abs(a).max() > 0
    numpy.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_nlp_parse_runs_numpys_blas_on_one_thread_only_while_it_runs():
    from threadpoolctl import threadpool_info

    from ficlens.nlp import parse

    def threads():  # type: ignore[no-untyped-def]
        # the BLAS numpy itself loads (the one the models' products go through); others may be loaded too
        return [lib["num_threads"] for lib in threadpool_info()
                if lib["user_api"] == "blas" and "numpy" in lib["filepath"]] or [
            lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    before = threads()
    assert before  # numpy's BLAS is found
    it = parse(spacy.blank("en"), ["One.", "Two."])
    next(it)
    assert threads() == [1] * len(before)
    assert [d.text for d in it] == ["Two."]
    assert threads() == before


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ('said Wickham;--"his estate', ["said", "Wickham", ";", "--", '"', "his", "estate"]),
        ('here"--she said', ["here", '"', "--", "she", "said"]),
        ('Children"--"and', ["Children", '"', "--", '"', "and"]),
        ("well;—“his", ["well", ";", "—", "“", "his"]),
        ("“Mr. Darcy!”—he said", ["“", "Mr.", "Darcy", "!", "”", "—", "he", "said"]),
        ("a well-known man", ["a", "well", "-", "known", "man"]),
        ('Tom said, "Go."', ["Tom", "said", ",", '"', "Go", ".", '"']),
    ],
)
def test_nlp_split_dash_quotes_splits_dashes_glued_to_quotation_marks(text, tokens):
    from ficlens.nlp import split_dash_quotes

    nlp = split_dash_quotes(spacy.blank("en"))
    assert [t.text for t in nlp(text)] == tokens


def test_nlp_split_dash_quotes_tags_the_version_once():
    from ficlens.nlp import TOKENIZER_RULES, split_dash_quotes

    nlp = spacy.blank("en")
    before = nlp.meta["version"]
    split_dash_quotes(split_dash_quotes(nlp))
    assert nlp.meta["version"] == f"{before}+{TOKENIZER_RULES}"
    assert [t.text for t in nlp('Wickham;--"his')] == ["Wickham", ";", "--", '"', "his"]
