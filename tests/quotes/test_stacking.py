"""The second pass: features from the first pass's posteriors (pure numpy), and the two-pass model's decoding
and file (no spaCy, no training)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ficlens.quotes.decoder import decode
from ficlens.quotes.features import (
    ADDRESSEE_FEATURES,
    SPEAKER_FEATURES,
)
from ficlens.quotes.model import SpeakerModel
from ficlens.quotes.stacking import STACK_FEATURES, stack_features

S = {n: i for i, n in enumerate(STACK_FEATURES)}


def test_stack_features_read_the_neighbouring_turns_posteriors() -> None:
    post = np.array([[1.0, 0.0], [0.5, 0.5], [0.2, 0.8], [0.9, 0.1]])
    emit = np.array([[2.0, 0.0], [0.0, 0.0], [0.0, 1.0], [3.0, 0.0]])
    x = stack_features(post, emit)
    assert x.shape == (4, 2, len(STACK_FEATURES))
    assert np.allclose(x[:, :, S["s_post"]], post)
    assert np.allclose(x[1:, :, S["s_prev"]], post[:-1]) and np.all(x[0, :, S["s_prev"]] == 0)
    assert np.allclose(x[2:, :, S["s_prev2"]], post[:-2]) and np.all(x[:2, :, S["s_prev2"]] == 0)
    assert np.allclose(x[:-1, :, S["s_next"]], post[1:]) and np.all(x[-1, :, S["s_next"]] == 0)
    assert np.allclose(x[:-2, :, S["s_next2"]], post[2:])
    # the local share is the softmax of the turn's own emissions; entropy is 0 when sure, 1 when even
    assert np.allclose(x[:, :, S["s_local"]].sum(axis=1), 1.0) and x[2, 1, S["s_local"]] > 0.7
    assert x[0, 0, S["s_entropy"]] == pytest.approx(0.0, abs=1e-6) and x[1, 0, S["s_entropy"]] == pytest.approx(1.0)
    assert x[2, 0, S["s_entropy_prev"]] == pytest.approx(1.0) and x[0, 1, S["s_entropy_next"]] == pytest.approx(1.0)
    # the share of the other turns leaves the turn itself out; the pick of this turn and next door
    assert x[0, 0, S["s_share"]] == pytest.approx((0.5 + 0.2 + 0.9) / 3)
    assert list(x[2, :, S["s_top"]]) == [0.0, 1.0] and list(x[3, :, S["s_top_prev"]]) == [0.0, 1.0]
    assert list(x[1, :, S["s_top_next"]]) == [0.0, 1.0]
    assert x[0, 0, S["s_participants"]] == pytest.approx(2 / 6)
    assert np.all(x[:, :, S["s_gap_prev"]] == 0)  # no scale given: no narration known between turns
    gaps = stack_features(post, emit, np.array([1.0, 0.5, 1.0, 0.5]))
    assert list(gaps[:, 0, S["s_gap_prev"]]) == [0.0, 1.0, 0.0, 1.0]
    assert list(gaps[:, 1, S["s_gap_next"]]) == [1.0, 0.0, 1.0, 0.0]


def test_stack_features_of_an_empty_conversation() -> None:
    assert stack_features(np.zeros((0, 3)), np.zeros((0, 3))).shape == (0, 3, len(STACK_FEATURES))


def _two_pass(prev_weight: float) -> SpeakerModel:
    """A first pass sure of turn 0 (candidate 0) and blind on turn 1, no transitions; a second pass that scores
    ``prev_weight`` times the candidate's posterior on the turn before."""
    nf, ns = len(SPEAKER_FEATURES), len(STACK_FEATURES)
    w = np.zeros(nf)
    w[SPEAKER_FEATURES.index("tag_explicit")] = 5.0
    w2 = np.zeros(nf + ns)
    w2[SPEAKER_FEATURES.index("tag_explicit")] = 5.0
    w2[nf + S["s_prev"]] = prev_weight
    second = SpeakerModel(speaker=w2, same=0.0, abab=0.0, addressee=np.zeros(0), stacked=True)
    return SpeakerModel(speaker=w, same=0.0, abab=0.0, addressee=np.zeros(len(ADDRESSEE_FEATURES)), second=second)


def _features() -> np.ndarray:  # type: ignore[type-arg]
    X = np.zeros((2, 2, len(SPEAKER_FEATURES)))
    X[0, 0, SPEAKER_FEATURES.index("tag_explicit")] = 1.0
    return X


def test_the_second_pass_decodes_again_over_its_own_scores(tmp_path: Path) -> None:
    X = _features()
    one = _two_pass(0.0)
    one.second = None
    assert one.decode(X).posterior[1] == pytest.approx([0.5, 0.5])
    # a second pass that learned "the one sure to have spoken just before speaks again" moves turn 1
    again = _two_pass(-4.0).decode(X)
    assert again.best == [0, 1] and again.posterior[1, 1] > 0.9
    again = _two_pass(4.0).decode(X)
    assert again.best == [0, 0] and again.posterior[1, 0] > 0.9
    # the same as scoring the stacked features by hand and decoding them
    m = _two_pass(4.0)
    assert m.second is not None
    emit = m.emissions(X)
    first = decode(emit, 0.0, 0.0)
    X2 = np.concatenate([X, stack_features(first.posterior, emit)], axis=-1)
    assert np.allclose(decode(m.second.emissions(X2), 0.0, 0.0).posterior, again.posterior)
    # both passes survive the model file
    path = tmp_path / "m.json"
    m.save(path)
    back = SpeakerModel.load(path)
    assert back.second is not None and back.second.stacked
    assert np.allclose(back.decode(X).posterior, again.posterior)
