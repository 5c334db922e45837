"""A subject pronoun after a fronted adverbial clause of the same subject's doing is that clause's named subject
("As Nell buttoned up her coat, she said": Nell), whichever way the parser hangs the clause; not after "before"
("Before Ruth could answer, she said" is mostly the other woman). Hand-built parses, no spaCy model."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import spacy
from spacy.tokens import Doc

from ficlens.characters.lex import lexicon
from ficlens.characters.pronouns import _fronted_subject
from ficlens.document import Mention

_VOCAB = spacy.blank("en").vocab


def _parse(rows: list[tuple[str, int, str]]) -> Doc:
    words, heads, deps = (list(x) for x in zip(*rows, strict=True))
    sent_starts = [True] + [False] * (len(words) - 1)
    return Doc(_VOCAB, words=words, heads=heads, deps=deps, sent_starts=sent_starts)


def _fronted(rows: list[tuple[str, int, str]], name: str, pronoun: int) -> int | None:
    d = _parse(rows)
    doc: Any = SimpleNamespace(docs=[d])
    at = next(t.i for t in d if t.text == name)
    m = Mention(d[pronoun].idx, d[pronoun].idx + 3, 0, pronoun, pronoun + 1, "pronoun", d[pronoun].text, key="she",
                sent=0, gender_hint="female", role="subj")
    return _fronted_subject(doc, m, {(0, at): 7}, lexicon())


# "As Nell buttoned up her coat, she said:"
_AS = [("As", 2, "mark"), ("Nell", 2, "nsubj"), ("buttoned", 8, "advcl"), ("up", 2, "prt"), ("her", 5, "poss"),
       ("coat", 2, "dobj"), (",", 8, "punct"), ("she", 8, "nsubj"), ("said", 8, "ROOT"), (":", 8, "punct")]

# "They left, and as Nell buttoned up her coat, she said:" with the clause parsed as a conjunct of "left"
_CONJ = [("They", 1, "nsubj"), ("left", 11, "ccomp"), (",", 1, "punct"), ("and", 1, "cc"), ("as", 6, "mark"),
         ("Nell", 6, "nsubj"), ("buttoned", 1, "conj"), ("up", 6, "prt"), ("her", 9, "poss"), ("coat", 6, "dobj"),
         (",", 11, "punct"), ("she", 11, "nsubj"), ("said", 11, "ROOT"), (":", 11, "punct")]

# "Before Ruth could answer, she said:"
_BEFORE = [("Before", 3, "mark"), ("Ruth", 3, "nsubj"), ("could", 3, "aux"), ("answer", 6, "advcl"),
           (",", 6, "punct"), ("she", 6, "nsubj"), ("said", 6, "ROOT"), (":", 6, "punct")]

# "As Nell buttoned up her coat, Ruth smiled and she said:" (the clause does not end right before the pronoun)
_APART = [("As", 2, "mark"), ("Nell", 2, "nsubj"), ("buttoned", 8, "advcl"), ("up", 2, "prt"), ("her", 5, "poss"),
          ("coat", 2, "dobj"), (",", 8, "punct"), ("Ruth", 8, "nsubj"), ("smiled", 8, "ROOT"), ("and", 8, "cc"),
          ("she", 11, "nsubj"), ("said", 8, "conj"), (":", 8, "punct")]


def test_a_pronoun_after_a_fronted_clause_of_the_same_subject_is_its_named_subject() -> None:
    assert _fronted(_AS, "Nell", 7) == 7
    assert _fronted(_CONJ, "Nell", 11) == 7


def test_not_after_before_nor_when_another_clause_comes_between() -> None:
    assert _fronted(_BEFORE, "Ruth", 5) is None
    assert _fronted(_APART, "Nell", 10) is None
