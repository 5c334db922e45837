"""How much salience a narration mention adds (``resolve._narration_weight``): a name inside another noun phrase
as a preposition's object counts half ("the restoration of Lydia"), so a paragraph's "she" stays with the one it
is about; subjects count more, possessors and a verb's objects as they are. Hand-built parses, no spaCy model."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from ficlens.characters.resolve import _narration_weight
from ficlens.document import Mention

_VOCAB = spacy.blank("en").vocab
W = 100.0

# "They owed the restoration of Lydia to him."
_OWED = [("They", 1, "nsubj", "PRON"), ("owed", 1, "ROOT", "VERB"), ("the", 3, "det", "DET"),
         ("restoration", 1, "dobj", "NOUN"), ("of", 3, "prep", "ADP"), ("Lydia", 4, "pobj", "PROPN"),
         ("to", 1, "prep", "ADP"), ("him", 6, "pobj", "PRON"), (".", 1, "punct", "PUNCT")]
# "John caught Sherlock's eye."
_EYE = [("John", 1, "nsubj", "PROPN"), ("caught", 1, "ROOT", "VERB"), ("Sherlock", 4, "poss", "PROPN"),
        ("'s", 2, "case", "PART"), ("eye", 1, "dobj", "NOUN"), (".", 1, "punct", "PUNCT")]


def _weight(rows: list[tuple[str, int, str, str]], word: str, kind: str, role: str) -> float:
    words, heads, deps, pos = (list(x) for x in zip(*rows, strict=True))
    d = Doc(_VOCAB, words=words, heads=heads, deps=deps, pos=pos, sent_starts=[True] + [False] * (len(words) - 1))
    doc: Any = SimpleNamespace(docs=[d])
    i = words.index(word)
    m = Mention(d[i].idx, d[i].idx + len(word), 0, i, i + 1, kind, word, key=word.lower(), sent=0, role=role)
    return _narration_weight(doc, m, W)


def test_a_prepositional_object_inside_a_noun_phrase_counts_half() -> None:
    assert _weight(_OWED, "Lydia", "name", "obj") == pytest.approx(W * 0.5)


def test_a_verbs_object_and_a_possessor_keep_their_weight() -> None:
    assert _weight(_OWED, "him", "pronoun", "obj") == pytest.approx(W)  # "to him": the verb's, not a noun's
    assert _weight(_EYE, "Sherlock", "name", "poss") == pytest.approx(W)


def test_a_named_subject_counts_more_than_a_subject_pronoun() -> None:
    assert _weight(_EYE, "John", "name", "subj") > _weight(_OWED, "They", "pronoun", "subj") == pytest.approx(W)
