"""The sieve: the subject of the narration right before an exchange's first, untagged quote (hand-built parses)."""

from __future__ import annotations

import pytest

from ficlens.document import QuoteInfo
from ficlens.model import Quote
from ficlens.quotes.sieve import _narration_subject, _opens_exchange
from ficlens_testutil import tagged_parse

# (words, heads, dependencies, parts of speech) of one narration paragraph, and who it announces
_ANNOUNCERS = [
    # "Kim sat. Ortiz waited before she spoke.": the last sentence's main verb's subject, not "she" of the clause
    ((["Kim", "sat", ".", "Ortiz", "waited", "before", "she", "spoke", "."], [1, 1, 1, 4, 4, 7, 7, 4, 4],
      ["nsubj", "ROOT", "punct", "nsubj", "ROOT", "mark", "nsubj", "advcl", "punct"],
      ["PROPN", "VERB", "PUNCT", "PROPN", "VERB", "SCONJ", "PRON", "VERB", "PUNCT"]), "Ortiz"),
    # "Beaver was dressed and she had grown fond.": two main clauses; the one nearest the quote says who speaks
    ((["Beaver", "was", "dressed", "and", "she", "had", "grown", "fond", "."], [2, 2, 2, 2, 6, 6, 2, 6, 2],
      ["nsubjpass", "auxpass", "ROOT", "cc", "nsubj", "aux", "conj", "acomp", "punct"],
      ["PROPN", "AUX", "VERB", "CCONJ", "PRON", "AUX", "VERB", "ADJ", "PUNCT"]), "she"),
    # "Tom sat down and poured tea.": a second verb without a subject of its own shares the first one's
    ((["Tom", "sat", "down", "and", "poured", "tea", "."], [1, 1, 1, 1, 1, 4, 1],
      ["nsubj", "ROOT", "prt", "cc", "conj", "dobj", "punct"],
      ["PROPN", "VERB", "ADP", "CCONJ", "VERB", "NOUN", "PUNCT"]), "Tom"),
]


@pytest.mark.parametrize(("parse", "who"), _ANNOUNCERS)
def test_sieve_the_announcer_is_the_main_subject_of_the_last_clause_of_its_own(
    parse: tuple[list[str], list[int], list[str], list[str]], who: str,
) -> None:
    doc, _d = tagged_parse(*parse)
    subj = _narration_subject(doc, 0)
    assert subj is not None and subj.text == who


def test_sieve_a_sentence_without_a_main_verb_announces_no_one() -> None:
    doc, _d = tagged_parse(["Silence", "."], [0, 0], ["ROOT", "punct"], ["NOUN", "PUNCT"])
    assert _narration_subject(doc, 0) is None


def test_sieve_an_exchange_opens_after_two_paragraphs_without_quotes() -> None:
    doc, _d = tagged_parse(["x"], [0], ["ROOT"], ["NOUN"])
    doc.analysis.quotes = [Quote("q0", 0, 1, "x"), Quote("q1", 0, 1, "x")]
    doc.quote_info = [QuoteInfo(para=2), QuoteInfo(para=5)]
    assert _opens_exchange(doc, 2, 0)  # the text's first quote
    assert _opens_exchange(doc, 5, 1)  # the last quote was three paragraphs back
    doc.quote_info = [QuoteInfo(para=3), QuoteInfo(para=5)]
    assert not _opens_exchange(doc, 5, 1)  # the exchange goes on past one narration paragraph
    assert not _opens_exchange(doc, 0, 0)  # nothing before the first paragraph
