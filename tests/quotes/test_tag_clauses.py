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
    from ficlens.quotes.tag_syntax import _within_tag

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


def test_a_reflexive_object_or_a_clause_before_a_quote_opening_verb_is_no_reported_speech() -> None:
    import spacy
    from spacy.tokens import Doc

    from ficlens.quotes.tag_syntax import _reported

    vocab = spacy.blank("en").vocab
    # '"I mean," she corrected herself': the reflexive is who spoke, not what was said
    words = ['"', "I", "mean", ",", '"', "she", "corrected", "herself", "."]
    heads = [6, 2, 6, 6, 6, 6, 6, 6, 6]
    deps = ["punct", "nsubj", "ccomp", "punct", "punct", "nsubj", "ROOT", "dobj", "punct"]
    pos = ["PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "PRON", "VERB", "PRON", "PUNCT"]
    d = Doc(vocab, words=words, heads=heads, deps=deps, pos=pos)
    flags = [True] * 5 + [False] * 4
    assert not _reported(d[6], flags)
    # "she corrected everything": an object of its own is what was said
    obj = Doc(vocab, words=[*words[:7], "everything", "."], heads=heads, deps=deps, pos=pos)
    assert _reported(obj[6], flags)
    # 'They left, she said: "Go"': the clause before the verb is narration when a quotation follows the verb
    words = ["They", "left", ",", "she", "said", ":", '"', "Go", '"']
    heads = [1, 4, 4, 4, 4, 4, 4, 4, 4]
    deps = ["nsubj", "ccomp", "punct", "nsubj", "ROOT", "punct", "punct", "ccomp", "punct"]
    d = Doc(vocab, words=words, heads=heads, deps=deps)
    assert not _reported(d[4], [False] * 6 + [True] * 3)
    # without a quotation after it, "They left, she said." reports what she said
    assert _reported(d[4], [False] * 9)


def test_a_tag_after_a_long_clause_and_a_reflexive_tag_are_read(analyse):  # type: ignore[no-untyped-def]
    text = (
        "Nell Harper and Ruth walked into the hall together. Owen Tate was waiting there.\n\n"
        '"Are you ready?" asked Owen.\n\n'
        '"Nearly," said Ruth.\n\n'
        "They left the hall, closing the door behind them, and as Nell buttoned up her coat, she said: "
        '"What a cold evening it is!"\n\n'
        '"It is," said Owen.\n\n'
        '"I only mean," she corrected herself, "that it is colder than I hoped."\n'
    )
    analysis, _ = analyse(text)
    got = speakers(analysis)
    # both tags read as a woman's ("she"): before, the clause before "said" made it reported speech and the
    # reflexive made "corrected herself" say what was corrected, and turn-taking gave both lines to Owen
    assert got[2] in ("Nell", "Ruth")
    assert got[4] == got[5] == "Nell"
