"""Gender votes of pronouns near a name (hand-built parses, no spaCy model): an object pronoun of the name's own
verb is someone else, and so are later pronouns of its gender in that sentence and at the next one's start; the
first-name list's continental names."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from ficlens.characters.gender import gender_votes, object_of_subject
from ficlens.document import Mention

_VOCAB = spacy.blank("en").vocab
_PRONOUNS = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}
_ROLES = {"nsubj": "subj", "dobj": "obj", "dative": "obj", "pobj": "obj", "poss": "poss"}


def _parse(rows: list[tuple[str, int, str, str]]) -> Doc:
    """A paragraph from (word, head, dep, pos) rows; heads are absolute token indexes."""
    words, heads, deps, pos = (list(x) for x in zip(*rows, strict=True))
    return Doc(_VOCAB, words=words, heads=heads, deps=deps, pos=pos)


def _mentions(d: Doc, names: set[str]) -> list[Mention]:
    sent_of = {t.i: k for k, s in enumerate(d.sents) for t in s}
    out = []
    for t in d:
        kind = "name" if t.text in names else "pronoun" if t.lower_ in _PRONOUNS else ""
        if kind:
            out.append(Mention(
                t.idx, t.idx + len(t.text), 0, t.i, t.i + 1, kind, t.text, key=t.lower_, sent=sent_of[t.i],
                gender_hint=_PRONOUNS.get(t.lower_), role=_ROLES.get(t.dep_, ""),
            ))
    return out


def _votes(rows: list[tuple[str, int, str, str]], name: str) -> dict[str, float]:
    d = _parse(rows)
    doc: Any = SimpleNamespace(docs=[d])
    ms = _mentions(d, {name})
    owner = {id(m): 0 for m in ms if m.kind == "name"}
    return dict(gender_votes(doc, ms, owner, 1)[0])


# "Luc sat down beside her and offered her half of his croissant. She took it."
_LUC = [
    ("Luc", 1, "nsubj", "PROPN"), ("sat", 1, "ROOT", "VERB"), ("down", 1, "prt", "ADP"), ("beside", 1, "prep", "ADP"),
    ("her", 3, "pobj", "PRON"), ("and", 1, "cc", "CCONJ"), ("offered", 1, "conj", "VERB"), ("her", 8, "poss", "PRON"),
    ("half", 6, "dobj", "NOUN"), ("of", 8, "prep", "ADP"), ("his", 11, "poss", "PRON"),
    ("croissant", 9, "pobj", "NOUN"), (".", 1, "punct", "PUNCT"),
    ("She", 14, "nsubj", "PRON"), ("took", 14, "ROOT", "VERB"), ("it", 14, "dobj", "PRON"), (".", 14, "punct", "PUNCT"),
]


def test_gender_binding_objects_of_the_names_verb_are_someone_else() -> None:
    # before: "her" twice and "She" made Luc a woman (3 votes to 1)
    assert _votes(_LUC, "Luc") == {"male": 1}


def test_gender_binding_object_pronoun_blocks_later_pronouns_of_its_gender() -> None:
    # "Mira watched him until he was gone.": neither "him" nor "he" is Mira
    rows = [
        ("Mira", 1, "nsubj", "PROPN"), ("watched", 1, "ROOT", "VERB"), ("him", 1, "dobj", "PRON"),
        ("until", 5, "mark", "SCONJ"), ("he", 5, "nsubj", "PRON"), ("was", 1, "advcl", "AUX"),
        ("gone", 5, "acomp", "VERB"), (".", 1, "punct", "PUNCT"),
    ]
    assert _votes(rows, "Mira") == {}


@pytest.mark.parametrize(
    ("rows", "votes"),
    [
        # "Mara lifted her bag.": a possessive is still her own
        ([("Mara", 1, "nsubj", "PROPN"), ("lifted", 1, "ROOT", "VERB"), ("her", 3, "poss", "PRON"),
          ("bag", 1, "dobj", "NOUN"), (".", 1, "punct", "PUNCT")], {"female": 1}),
        # "Mara shut the door behind her.": a phrase placing the verb's object may be herself
        ([("Mara", 1, "nsubj", "PROPN"), ("shut", 1, "ROOT", "VERB"), ("the", 3, "det", "DET"),
          ("door", 1, "dobj", "NOUN"), ("behind", 1, "prep", "ADP"), ("her", 4, "pobj", "PRON"),
          (".", 1, "punct", "PUNCT")], {"female": 1}),
    ],
)
def test_gender_binding_own_pronouns_still_vote(rows: list[tuple[str, int, str, str]], votes: dict[str, float]) -> None:
    assert _votes(rows, "Mara") == votes


def test_gender_binding_object_of_another_verbs_subject_is_not_excluded() -> None:
    d = _parse(_LUC)
    doc: Any = SimpleNamespace(docs=[d])
    her = next(m for m in _mentions(d, {"Luc"}) if m.tok == 4)
    assert object_of_subject(doc, her, (0, 0))
    # the same pronoun measured against a subject in another paragraph is not bound by it
    assert not object_of_subject(doc, her, (1, 0))


@pytest.mark.parametrize(
    ("name", "gender"),
    [("luc", "male"), ("jean-luc", "male"), ("mireille", "female"), ("hélène", "female"), ("jean", "female"),
     ("nicola", None), ("simone", None)],
)
def test_gender_binding_first_name_list_knows_continental_names(name: str, gender: str | None) -> None:
    # names one language gives a man and another a woman are left out of the new block
    from ficlens.characters.lex import lexicon

    assert lexicon().name_gender.get(name) == gender
