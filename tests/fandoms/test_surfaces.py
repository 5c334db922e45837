"""Lookup keys of names and terms, and the quick token tests a scan makes against them."""

from __future__ import annotations

import pytest
import spacy

from ficlens.fandoms.surfaces import KeyEnds, first_word_ids, normalize_surface


@pytest.mark.parametrize(
    "text,key",
    [
        ("Sammy", "sammy"),
        ("  The   Older  Winchester ", "the older winchester"),
        ("D\u2019Artagnan", "d'artagnan"),
    ],
)
def test_surfaces_normalize_surface(text: str, key: str):
    assert normalize_surface(text) == key


@pytest.mark.parametrize(
    "token,glued,may",
    [
        ("Winchester", False, True),  # a key's whole last word
        ("WINCHESTER", False, True),  # any case
        ("chester", False, False),  # after a space, only a whole last word ends a key
        ("Dean", False, False),
        ("'s", True, True),  # glued to "Merlin": an ending of "merlin's"
        ("\u2019s", True, True),  # curly apostrophe straightened
        ("'s", False, False),
        ("a b", False, True),  # a token holding a space is not judged
    ],
)
def test_surfaces_key_ends_may_end(token: str, glued: bool, may: bool):
    ends = KeyEnds.of(["the older winchester", "merlin's"])
    assert ends.may_end(token, glued) is may
    assert ends.may_end(token, glued) is may  # the second answer comes from the cache


def test_surfaces_first_word_ids_match_token_lower():
    doc = spacy.blank("en")("Sam met Dean")
    ids = first_word_ids(frozenset({"sam", "castiel"}))
    assert [t.lower in ids for t in doc] == [True, False, False]
