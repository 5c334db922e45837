"""The exchange a turn belongs to (quotes/exchange.py; features.fill_window): from the tag columns, no spaCy."""

from __future__ import annotations

import numpy as np
import pytest

from ficlens.quotes.exchange import EXCHANGE_FEATURES, exchange_features
from ficlens.quotes.features import SPEAKER_FEATURES, fill_window

F = {n: i for i, n in enumerate(SPEAKER_FEATURES)}
E = {n: i for i, n in enumerate(EXCHANGE_FEATURES)}


def _tag(n: int, m: int, tags: dict[int, int]) -> np.ndarray:
    tag = np.zeros((n, m))
    for k, c in tags.items():
        tag[k, c] = 1.0
    return tag


def test_the_pair_changes_when_a_third_person_takes_over() -> None:
    # C (tagged) / A (tagged) / B (tagged) / ? / ? among three candidates: at turn 3 C spoke at an even distance
    # (strict alternation would give it the turn) but A and B have talked since: C ranks third before the turn
    x = exchange_features(_tag(5, 3, {0: 2, 1: 0, 2: 1}))
    assert list(x[3, :, E["xch_prev"]]) == pytest.approx([0.5, 1.0, 1 / 3])
    assert list(x[4, :, E["xch_prev"]]) == pytest.approx([0.5, 1.0, 1 / 3])
    # nothing is tagged after turns 2-4; turn 0 sees A then B after it, never itself
    assert not x[2:, :, E["xch_next"]].any()
    assert list(x[0, :, E["xch_next"]]) == pytest.approx([1.0, 0.5, 0.0])
    # the pair A-B has talked since turn 1: at turn 3 two turns before it (C's tag at turn 0 is the third person)
    assert np.all(x[3, :, E["xch_run"]] == pytest.approx(2 / 20))
    assert np.all(x[4, :, E["xch_run"]] == pytest.approx(3 / 20))


def test_one_speaker_tagged_is_no_pair_and_ambiguous_tags_say_nothing() -> None:
    tag = _tag(4, 2, {0: 0, 2: 0})
    tag[1, :] = 1.0  # a turn whose tags name both candidates is not a tagged turn
    x = exchange_features(tag)
    assert list(x[3, :, E["xch_prev"]]) == [1.0, 0.0]  # A twice is one speaker, ranked once
    assert not x[:, :, E["xch_run"]].any()  # fewer than two people tagged before any turn
    assert list(x[1, :, E["xch_prev"]]) == [1.0, 0.0] and list(x[1, :, E["xch_next"]]) == [1.0, 0.0]


def test_the_run_is_capped_and_reaches_back_to_the_start() -> None:
    x = exchange_features(_tag(40, 2, {0: 0, 1: 1}))
    assert x[2, 0, E["xch_run"]] == pytest.approx(2 / 20)  # no one else ever: the run starts with the talk
    assert x[39, 1, E["xch_run"]] == 1.0


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (3, 2)])
def test_exchange_features_of_a_conversation_with_no_tag(shape: tuple[int, int]) -> None:
    assert not exchange_features(np.zeros(shape)).any()


def test_fill_window_fills_the_exchange_columns_from_the_tags() -> None:
    X = np.zeros((3, 2, len(SPEAKER_FEATURES)))
    X[0, 0, F["tag_explicit"]] = 1.0
    X[1, 1, F["tag_anaphoric"]] = 1.0
    fill_window(X)
    assert list(X[2, :, F["xch_prev"]]) == [0.5, 1.0]
    assert X[2, 0, F["xch_run"]] == pytest.approx(2 / 20)
