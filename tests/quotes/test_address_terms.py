"""Forms of address inside a quotation and the gender they speak to (quotes/address_terms.py), no spaCy."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ficlens.quotes.address_terms import (
    ADDRESS_FEATURES,
    address_features,
    address_gender,
    address_genders,
    address_window,
    turn_address_gender,
)
from ficlens.quotes.features import SPEAKER_FEATURES


@pytest.mark.parametrize(
    ("text", "gender"),
    [
        ("\u201cYes, sir.\u201d", "male"),
        ("\"Thank you sir, I will.\"", "male"),
        ("\"Not so fast, young man!\"", "male"),
        ("\"Well, my dear boy?\"", "male"),
        ("\"Papa, the carriage is here.\"", "male"),
        ("\"Good evening, madam; the rooms are ready.\"", "female"),
        ("'Thank you, ma'am.'", "female"),
        ("\"Come here, my dear girl!\"", "female"),
        ("\"Mother, listen to me.\"", "female"),
        ("\"Oh, miss! You dropped this.\"", "female"),
        ("\"Lady, I don't know what kind of\u2014\"", "female"),
        ("\"I thought so too\u2014aunt, are you cold?\"", "female"),
    ],
)
def test_address_terms_give_the_gender_of_the_person_spoken_to(text: str, gender: str) -> None:
    assert address_gender(text) == gender


@pytest.mark.parametrize(
    "text",
    [
        "\"Sir Brandon rode in this morning.\"",  # a title before a name
        "\"You see, Miss Oakes will not come.\"",
        "\"Lady Oakes will not come.\"",
        "\"I told Mother so yesterday.\"",  # named, not called
        "\"Boy, that was close!\"",  # an exclamation: 'boy' addresses only after a modifier
        "\"Good Lord, the time!\"",
        "\"I shall miss, I think, the sea air.\"",  # the verb
        "\"Uncle Teodor, come inside.\"",  # a name's title: the vocative reader's business
        "\"Nobody is here.\"",
    ],
)
def test_address_terms_ignore_titles_mentions_and_exclamations(text: str) -> None:
    assert address_genders(text) == set()


def test_address_terms_of_both_genders_give_no_single_gender() -> None:
    text = "\"Yes, sir. And you, madam?\""
    assert address_genders(text) == {"male", "female"}
    assert address_gender(text) is None
    # a turn's quotations together: one gender only when they agree
    assert turn_address_gender(["\"Yes, sir,\"", "\"at once.\""]) == "male"
    assert turn_address_gender(["\"Yes, sir,\"", "\"and you, miss.\""]) is None
    assert turn_address_gender([]) is None


def test_address_features_agree_with_this_turn_the_turn_before_and_the_turn_after() -> None:
    addressed = ["male", None, "female"]
    # turn 1: the turn before spoke to a man, the turn after to a woman
    assert address_features(addressed, 1, "male")[:3] == (0.0, 1.0, -1.0)
    assert address_features(addressed, 1, "female")[:3] == (0.0, -1.0, 1.0)
    # turn 0 says "sir": a man is likely the one spoken to, not the speaker; no turn before it
    assert address_features(addressed, 0, "male")[:3] == (1.0, 0.0, 0.0)
    # a candidate of unknown gender reads nothing
    assert address_features(addressed, 1, "unknown") == (0.0, 0.0, 0.0, 0.0)
    assert address_features(addressed, 2, "female")[:3] == (1.0, 0.0, 0.0)
    assert len(address_features(addressed, 1, "male")) == len(ADDRESS_FEATURES)
    assert all(name in SPEAKER_FEATURES for name in ADDRESS_FEATURES)


def test_address_window_counts_odd_turns_for_and_even_turns_against() -> None:
    # a candidate agreeing with the gender turns 1 and 3 address, and with the one turn 2 addresses
    agree = [0.0, 1.0, 1.0, 1.0, 0.0]
    # from turn 0: turn 1 (odd, weight 1) and turn 3 (odd, exp(-1)) for, turn 2 (even, exp(-1/2)) against
    assert address_window(agree, 0) == pytest.approx(1.0 + math.exp(-1.0) - math.exp(-0.5))
    # from turn 2: turns 1 and 3 are both next door and speak to this turn's speaker
    assert address_window(agree, 2) == pytest.approx(2.0)
    # a candidate of the other gender gets the opposite vote; agreement nowhere gives nothing
    assert address_window([-a for a in agree], 0) == pytest.approx(-address_window(agree, 0))
    assert address_window([0.0] * 5, 2) == 0.0
    # clipped: many turns next door in a long run
    assert address_window([1.0] * 12, 6) <= 2.0


@given(
    st.lists(st.sampled_from([None, "male", "female"]), min_size=1, max_size=14),
    st.lists(st.sampled_from(["male", "female", "unknown", "neutral"]), min_size=1, max_size=5),
)
def test_address_columns_equal_turn_by_turn_values(addressed: list[str | None], genders: list[str]) -> None:
    from ficlens.quotes.address_terms import address_columns, address_features

    cols = address_columns(addressed, genders)
    assert cols.shape == (len(addressed), len(genders), 4)
    for k in range(len(addressed)):
        for i, g in enumerate(genders):
            # equal to the last bit: the model was trained on the turn-by-turn values
            assert tuple(cols[k, i].tolist()) == address_features(addressed, k, g)
