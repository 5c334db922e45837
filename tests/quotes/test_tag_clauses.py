"""Clauses around a speech tag: a relative clause about the speaker tags nothing; a participle after an inverted
tag ("said Anne, stooping") is how it was said, not reported speech."""

from __future__ import annotations

import pytest

from ficlens_testutil import speakers

pytestmark = pytest.mark.integration


def test_a_relative_clause_after_the_tag_is_no_tag_of_its_own(analyse):  # type: ignore[no-untyped-def]
    text = (
        "Martha and Arthur sat down to supper with the girl.\n\n"
        '"I guess she is tired," said Arthur, who had not spoken since his return from the barn. '
        '"Best put her to bed, Martha."\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Arthur", "Arthur"]
    assert [q.kind for q in analysis.quotes] == ["speech", "speech"]


def test_a_participle_after_an_inverted_tag_keeps_the_tag(analyse):  # type: ignore[no-untyped-def]
    text = (
        "Martha sat by the fire and Arthur read his paper.\n\n"
        '"Is it raining yet?" asked Martha.\n\n'
        '"Not yet," said Arthur.\n\n'
        '"I declare, you will catch your death of cold," said Arthur gaily stooping over her chair to kiss her. '
        '"Now sit nearer the fire."\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Martha", "Arthur", "Arthur", "Arthur"]


def test_reported_speech_after_a_subject_is_still_no_tag(analyse):  # type: ignore[no-untyped-def]
    text = (
        "Martha sat with Arthur by the fire.\n\n"
        '"Have you seen the new neighbour yet?" Arthur replied that he had not.\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis)[0] != "Arthur"


def test_a_pronoun_speech_verb_inside_a_tags_clause_tags_nothing(analyse):  # type: ignore[no-untyped-def]
    # "when he had spoken" hangs on "cried Nora": the second half of her speech is still hers, not Tom's
    text = (
        "Nora and Tom sat in the kitchen while the rain came down.\n\n"
        '"I found the key under the stove," said Tom.\n\n'
        '"Oh, Mr. Dunn," cried Nora when he had spoken, "I had looked there all morning!"\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Tom", "Nora", "Nora"]


def test_within_tag_reads_the_clause_of_an_earlier_speech_verb() -> None:
    import spacy
    from spacy.tokens import Doc

    from ficlens.quotes.common import _Lex
    from ficlens.quotes.speech_tags import _within_tag

    words = ["exclaimed", "Nora", ",", "as", "he", "finished", ","]
    heads = [0, 0, 0, 5, 5, 0, 0]
    deps = ["ROOT", "nsubj", "punct", "mark", "nsubj", "advcl", "punct"]
    vocab = spacy.blank("en").vocab
    d = Doc(vocab, words=words, heads=heads, deps=deps)
    lex = _Lex.load()
    flags = [False] * len(d)
    assert _within_tag(d[5], flags, lex)
    assert not _within_tag(d[0], flags, lex)  # the tag itself
    # a name as the clause's subject: its own tag ("said Tom, as Ann replied")
    named = Doc(vocab, words=["exclaimed", "Nora", ",", "as", "Ann", "replied", ","], heads=heads, deps=deps)
    assert not _within_tag(named[5], flags, lex)
    # a quotation between the two verbs: the later one tags the next quote
    assert not _within_tag(d[5], [False, False, True, False, False, False, False], lex)
