"""The conversation decoder as a pure function over score matrices: no spaCy, no model file."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from ficlens.quotes.decoder import decode, transition_tensor
from ficlens.quotes.features import TRANSITIONS, transition_features


def _brute(emit: np.ndarray, same: float, abab: float, scale: np.ndarray,
           same_gap: float = 0.0) -> tuple[list[int], np.ndarray]:
    n, m = emit.shape
    best: tuple[float, tuple[int, ...]] | None = None
    post = np.zeros((n, m))
    for seq in itertools.product(range(m), repeat=n):
        s = sum(emit[k, seq[k]] for k in range(n))
        for k in range(1, n):
            if seq[k] == seq[k - 1]:
                s += same * scale[k] + (same_gap if scale[k] < 1 else 0.0)
            elif k >= 2 and seq[k] == seq[k - 2]:
                s += abab * scale[k]
        if best is None or s > best[0]:
            best = (s, seq)
        for k in range(n):
            post[k, seq[k]] += np.exp(s)
    assert best is not None
    return list(best[1]), post / post[0].sum()


@pytest.mark.parametrize("seed", range(12))
def test_decoder_matches_exhaustive_search(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 6)), int(rng.integers(1, 4))
    emit = rng.normal(size=(n, m))
    scale = rng.uniform(0.3, 1.0, size=n)
    want_seq, want_post = _brute(emit, -2.0, 1.3, scale)
    got = decode(emit, -2.0, 1.3, scale)
    assert got.best == want_seq
    assert np.allclose(got.posterior, want_post)
    # the best sequence alone (training tunes transitions with it): the same sequence, no posteriors
    fast = decode(emit, -2.0, 1.3, scale, posteriors=False)
    assert fast.best == want_seq and not fast.posterior.any()


@pytest.mark.parametrize("seed", range(6))
def test_same_speaker_across_narration_matches_exhaustive_search(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    n, m = int(rng.integers(2, 6)), int(rng.integers(2, 4))
    emit = rng.normal(size=(n, m))
    scale = np.where(rng.uniform(size=n) < 0.5, 0.5, 1.0)
    want_seq, want_post = _brute(emit, -1.0, 1.3, scale, same_gap=1.7)
    got = decode(emit, -1.0, 1.3, scale, same_gap=1.7)
    assert got.best == want_seq
    assert np.allclose(got.posterior, want_post)


def test_across_narration_the_last_speaker_may_go_on() -> None:
    # A tagged, B tagged, then narration and an untagged turn: alternation gives it to A; a same-speaker weight
    # across narration gives it to B, who spoke last; without the narration (scale 1) it stays with A
    emit = np.array([[6.0, 0.0], [0.0, 6.0], [0.0, 0.0]])
    gap = np.array([1.0, 1.0, 0.5])
    assert decode(emit, -0.5, 1.5, gap).best == [0, 1, 0]
    assert decode(emit, -0.5, 1.5, gap, same_gap=1.5).best == [0, 1, 1]
    assert decode(emit, -0.5, 1.5, np.ones(3), same_gap=1.5).best == [0, 1, 0]


def test_decoder_alternates_between_two_tagged_turns() -> None:
    # turn 0 and 2 tagged for A (index 0); turns 1 and 3 untagged: the exchange gives them to B
    emit = np.array([[6.0, 0.0], [0.0, 0.0], [6.0, 0.0], [0.0, 0.0]])
    got = decode(emit, same=-2.5, abab=1.5)
    assert got.best == [0, 1, 0, 1]
    assert got.posterior[1, 1] > 0.8


def test_later_evidence_flows_back_to_earlier_turns() -> None:
    # nothing on turn 0; turn 1 is strongly B: with alternation turn 0 is A
    emit = np.array([[0.0, 0.0], [0.0, 8.0]])
    got = decode(emit, same=-3.0, abab=1.0)
    assert got.best == [0, 1]
    assert got.posterior[0, 0] > 0.9


def test_posteriors_are_distributions_and_empty_input_is_empty() -> None:
    got = decode(np.zeros((3, 4)), same=-1.0, abab=1.0)
    assert np.allclose(got.posterior.sum(axis=1), 1.0)
    assert decode(np.zeros((0, 2)), -1.0, 1.0).best == []
    assert decode(np.zeros((2, 0)), -1.0, 1.0).best == []


def test_transition_tensor_marks_repeat_and_return() -> None:
    t = transition_tensor(3, same=-2.0, abab=1.5)
    assert t[0, 1, 1] == -2.0  # b again
    assert t[0, 1, 0] == 1.5  # a returns after b
    assert t[3, 1, 2] == 0.0  # a new speaker after the virtual start
    assert t[1, 1, 1] == -2.0  # the same twice: no return bonus


def test_transition_features_mark_the_same_speaker_across_narration() -> None:
    gap = TRANSITIONS.index("same_gap")
    # the turn before spoke candidate 1; across narration (scale 0.5) its repeat is marked, next door it is not
    across = transition_features([0, 1, None], 2, 3, 0.5)
    assert across[1, gap] == 1.0 and across[:, gap].sum() == 1.0
    assert across[1, TRANSITIONS.index("same")] == 0.5 and across[0, TRANSITIONS.index("abab")] == 0.5
    assert not transition_features([0, 1, None], 2, 3, 1.0)[:, gap].any()


def test_posteriors_alone_are_the_posteriors_of_the_full_decode() -> None:
    # a first pass whose posteriors feed a second skips its Viterbi path: the posteriors must not change
    rng = np.random.default_rng(7)
    for n, m in ((1, 3), (2, 2), (9, 4), (15, 6)):
        emit = rng.normal(size=(n, m))
        scale = np.where(rng.random(n) < 0.3, 0.5, 1.0)
        blocked = (rng.random((n, m)) < 0.2).astype(float)
        full = decode(emit, -1.0, 1.5, scale, blocked, 0.7, same_gap=0.8)
        alone = decode(emit, -1.0, 1.5, scale, blocked, 0.7, same_gap=0.8, best=False)
        assert np.allclose(full.posterior, alone.posterior)
        assert alone.best == [int(c) for c in np.argmax(full.posterior, axis=1)]
