"""The turn-taking window (quotes/window.py; features.fill_window): from the tag columns, no spaCy."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ficlens.quotes.features import SPEAKER_FEATURES, fill_window
from ficlens.quotes.window import PARITY_FEATURES, WINDOW_FEATURES

F = {n: i for i, n in enumerate(SPEAKER_FEATURES)}


def _tagged(n: int, m: int, tags: dict[int, int]) -> np.ndarray:
    X = np.zeros((n, m, len(SPEAKER_FEATURES)))
    for k, c in tags.items():
        X[k, c, F["tag_explicit"]] = 1.0
    return X


def test_window_features_follow_strict_alternation_from_the_nearest_tags() -> None:
    # A (tagged) / ? / ? / B (tagged) / ? among three candidates
    X = _tagged(5, 3, {0: 0, 3: 1})
    fill_window(X)
    # turn 1: A tagged one turn before (odd: the other party's turn), B tagged two turns after (even: B's turn)
    assert X[1, 0, F["win_prev_odd"]] == pytest.approx(1.0) and X[1, 0, F["win_prev_even"]] == 0.0
    assert X[1, 1, F["win_next_even"]] == pytest.approx(math.exp(-1 / 4.0))
    # turn 2: A two turns before (even), B the next turn (odd)
    assert X[2, 0, F["win_prev_even"]] > 0.0 and X[2, 1, F["win_next_odd"]] == pytest.approx(1.0)
    # the third candidate is neither tagged speaker around turns 1 and 2: a third party there
    assert list(X[1, :, F["win_third"]]) == [0.0, 0.0, 1.0]
    # the tagged turns themselves and a turn with no tag after it have no third party
    assert np.all(X[[0, 3, 4], :, F["win_third"]] == 0.0)
    # turn 4 reads only B before it; nothing after
    assert X[4, 1, F["win_prev_odd"]] == pytest.approx(1.0)
    assert np.all(X[4, :, F["win_next_even"]] == 0.0) and np.all(X[4, :, F["win_next_odd"]] == 0.0)


def test_window_features_fade_with_distance_and_skip_ambiguous_tags() -> None:
    X = _tagged(8, 2, {0: 0})
    X[1, :, F["tag_explicit"]] = 1.0  # a turn whose tags name both candidates says nothing of turn-taking
    fill_window(X)
    pulls = [X[k, 0, F["win_prev_even"]] + X[k, 0, F["win_prev_odd"]] for k in range(1, 8)]
    assert all(a > b for a, b in zip(pulls[:-1], pulls[1:], strict=True))
    assert X[2, 0, F["win_prev_even"]] > 0.0  # turn 2 reads turn 0, not the ambiguous turn 1


@pytest.mark.parametrize("shape", [(0, 3), (3, 0)])
def test_window_features_of_an_empty_conversation(shape: tuple[int, int]) -> None:
    X = np.zeros((*shape, len(SPEAKER_FEATURES)))
    fill_window(X)
    assert X.shape == (*shape, len(SPEAKER_FEATURES)) and not X.any()
    assert set(WINDOW_FEATURES) <= set(SPEAKER_FEATURES)


def test_window_third_party_between_two_tags_of_one_speaker_is_everyone_else() -> None:
    # A (tagged) / ? / A (tagged): the untagged turn is A's partner's, whoever that is; only A is no third party
    X = _tagged(3, 3, {0: 0, 2: 0})
    fill_window(X)
    assert list(X[1, :, F["win_third"]]) == [0.0, 1.0, 1.0]
    assert X[1, 0, F["win_prev_odd"]] == pytest.approx(1.0) and X[1, 0, F["win_next_odd"]] == pytest.approx(1.0)


def test_parity_features_read_each_candidates_own_tags() -> None:
    # A tagged at turns 0 and 5, B at turn 3, among three candidates
    X = _tagged(6, 3, {0: 0, 3: 1, 5: 0})
    fill_window(X)
    own = [F[f] for f in PARITY_FEATURES]
    # turn 1: A's tag one turn before (odd) and four after (even); B's two after (even); C has no tag
    assert X[1, 0, own[1]] == pytest.approx(1.0) and X[1, 0, own[0]] == 0.0
    assert X[1, 0, own[2]] == pytest.approx(math.exp(-3 / 4.0))
    assert X[1, 1, own[2]] == pytest.approx(math.exp(-1 / 4.0))
    assert np.all(X[:, 2, own] == 0.0)
    # the vote: A at turn 2 has an even tag before (d=2) and an odd one after (d=3): nearer even wins
    assert X[2, 0, own[4]] == pytest.approx(math.exp(-1 / 4.0) - math.exp(-2 / 4.0))
    # a turn's own tag is no vote for itself
    assert X[3, 1, own[4]] == 0.0 and X[0, 0, own[4]] == pytest.approx(-math.exp(-4 / 4.0))
    # unlike the window, which reads only the nearest tagged speaker on each side (B's, after turn 1), every
    # candidate reads its own tags: A's tag at turn 5 shows after turn 1 too
    assert X[1, 0, F["win_next_even"]] == 0.0 and X[1, 0, own[2]] > 0.0
