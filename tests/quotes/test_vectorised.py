"""The vectorised attribution code pinned to straightforward reference computations: the decoder against an
exhaustive search (with the blocked return and narration gaps), the turn-taking window against a turn-by-turn
reading, and the column-built conversation features against what each (turn, candidate) row must hold."""

from __future__ import annotations

import bisect
import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ficlens.quotes.decoder import decode
from ficlens.quotes.features import N_STATIC_ADDRESSEE, SPEAKER_FEATURES
from ficlens.quotes.window import WINDOW_FEATURES, window_features


def _path_score(emit: np.ndarray, seq: list[int], same: float, abab: float, scale: np.ndarray,
                blocked: np.ndarray, abab_blocked: float, same_gap: float) -> float:
    """The score of one speaker sequence, transition by transition (the chain ``decode`` maximises)."""
    s = sum(float(emit[k, seq[k]]) for k in range(len(seq)))
    for k in range(1, len(seq)):
        if seq[k] == seq[k - 1]:
            s += same * scale[k] + (same_gap if scale[k] < 1 else 0.0)
        elif k >= 2 and seq[k] == seq[k - 2]:
            s += (abab + abab_blocked * blocked[k, seq[k]]) * scale[k]
    return s


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 5).flatmap(lambda n: st.integers(1, 4).flatmap(lambda m: st.tuples(
        arrays(np.float64, (n, m), elements=st.floats(-4, 4, width=32)),
        arrays(np.float64, (n,), elements=st.sampled_from([0.5, 1.0])),
        arrays(np.float64, (n, m), elements=st.sampled_from([0.0, 1.0])),
    ))),
    st.floats(-2, 2), st.floats(-2, 2), st.floats(-2, 2), st.floats(-2, 2),
)
def test_decoder_finds_the_best_path_and_exact_posteriors(
    case: tuple[np.ndarray, np.ndarray, np.ndarray], same: float, abab: float, abab_blocked: float, same_gap: float,
) -> None:
    emit, scale, blocked = case
    n, m = emit.shape
    scores = {seq: _path_score(emit, list(seq), same, abab, scale, blocked, abab_blocked, same_gap)
              for seq in itertools.product(range(m), repeat=n)}
    top = max(scores.values())
    got = decode(emit, same, abab, scale, blocked, abab_blocked, same_gap=same_gap)
    # ties may be broken either way: the path found scores the best
    assert _path_score(emit, got.best, same, abab, scale, blocked, abab_blocked, same_gap) == pytest.approx(top)
    post = np.zeros((n, m))
    for seq, s in scores.items():
        for k in range(n):
            post[k, seq[k]] += math.exp(s - top)
    assert np.allclose(got.posterior, post / post.sum(axis=1, keepdims=True))
    alone = decode(emit, same, abab, scale, blocked, abab_blocked, same_gap=same_gap, best=False)
    assert np.array_equal(alone.posterior, got.posterior)


def _window_reference(tag: np.ndarray) -> np.ndarray:
    """``window_features`` turn by turn: each turn's tagged speaker read on its own."""
    n, m = tag.shape
    out = np.zeros((n, m, len(WINDOW_FEATURES)))
    who = [int(np.argmax(tag[k])) if (tag[k] > 0).sum() == 1 else -1 for k in range(n)]
    tagged = [k for k in range(n) if who[k] >= 0]
    for k in range(n):
        i = bisect.bisect_left(tagged, k)
        b = tagged[i - 1] if i > 0 else None
        j = bisect.bisect_right(tagged, k)
        a = tagged[j] if j < len(tagged) else None
        if b is not None:
            out[k, who[b], 0 if (k - b) % 2 == 0 else 1] = math.exp(-(k - b - 1) / 4.0)
        if a is not None:
            out[k, who[a], 2 if (a - k) % 2 == 0 else 3] = math.exp(-(a - k - 1) / 4.0)
        if who[k] < 0 and b is not None and a is not None:
            out[k, :, 4] = 1.0
            out[k, [who[b], who[a]], 4] = 0.0
    return out


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 9).flatmap(lambda n: st.integers(1, 5).flatmap(
    lambda m: arrays(np.float64, (n, m), elements=st.sampled_from([0.0, 0.0, 0.0, 1.0, 2.0])))))
def test_window_features_equal_a_turn_by_turn_reading(tag: np.ndarray) -> None:
    assert np.array_equal(window_features(tag), _window_reference(tag))


@pytest.mark.integration
def test_column_built_features_hold_per_turn_and_candidate(analyzer):  # type: ignore[no-untyped-def]
    """Each column lands on its own (turn, candidate): per-candidate values alike in every turn, per-turn ones
    alike for every candidate, relations between columns as a row-by-row reading gives them."""
    from ficlens.quotes.labels import collect

    text = (
        "Ilse and Corvin crossed the yard. Pell was mending a net by the well.\n\n"
        '"The tide is early," Ilse said.\n\n'
        '"Then we leave now, Pell," said Corvin.\n\n'
        "Pell put the net down and stood.\n\n"
        '"Not without the lamps."\n\n'
        '"I have them," she said.\n\n'
        "Corvin laughed. Ilse only shook her head.\n\n"
        '"Well then."\n\n'
        '"Is it far?"\n\n'
        '"Far enough."\n'
    )
    col = collect(analyzer, text, "yard")
    (rec,) = col.records
    f = rec.features
    X, A = f.speaker, f.addressee
    n, m = X.shape[:2]
    assert n >= 4 and m >= 3 and A.shape == (n, m, N_STATIC_ADDRESSEE)

    def c(name: str) -> np.ndarray:
        return X[:, :, SPEAKER_FEATURES.index(name)]

    rank = 1.0 / (1 + np.arange(m))
    assert np.array_equal(c("rank"), np.tile(rank, (n, 1))) and np.array_equal(A[:, :, 6], c("rank"))
    for name in ("salience", "scene_share"):
        assert np.array_equal(c(name), np.tile(c(name)[0], (n, 1)))
    assert len(set(c("salience")[0])) > 1  # per candidate, not per turn
    for name in ("two_party", "after_narration", "first_turn", "rules_participants", "no_evidence_turn"):
        assert np.array_equal(c(name), np.tile(c(name)[:, :1], (1, m)))
    assert list(c("first_turn")[:, 0]) == [1.0] + [0.0] * (n - 1)
    assert c("after_narration")[:, 0].tolist() == [1.0 if k and f.scale[k] < 1 else 0.0 for k in range(n)]
    assert c("after_narration").any()
    assert not c("lone").any() and not c("lone_recency").any()
    assert np.array_equal(A[:, :, 3], c("recency")) and np.array_equal(A[:, :, 4], c("scene_share"))
    no_ev = c("no_evidence_turn")[:, 0] > 0
    assert no_ev.any() and (~no_ev).any()
    assert np.array_equal(c("no_evidence_recency"), np.where(no_ev[:, None], c("recency"), 0.0))
    # another candidate's tag or beat in the turn, read row by row from the tag and beat columns
    own_tag = sum(c(f"tag_{k}") for k in ("explicit", "anaphoric", "descriptive", "continuation")) > 0
    beat = c("beat") > 0
    for k in range(n):
        for i in range(m):
            others = [j for j in range(m) if j != i]
            assert c("tag_other")[k, i] == float(own_tag[k, others].any())
            assert c("beat_other")[k, i] == float(beat[k, others].any())


@pytest.mark.integration
def test_long_narration_between_adjacent_turns_weighs_as_a_narration_paragraph(analyzer):  # type: ignore[no-untyped-def]
    # after a long action the speaker may go on: the transition is weakened as across a paragraph of narration;
    # a short beat leaves the turns alternating at full weight
    from ficlens.quotes.labels import collect

    text = (
        "Tony and Jenny sat in the library after dinner.\n\n"
        '"I don\'t want to play any more. I\'m worried," Tony said.\n\n'
        '"I know you\'re worried."\n\n'
        '"I\'m sorry, it isn\'t any good." He walked about the room, first to the window and then to the door, '
        "and stood looking at the dark lawn for a long time without a word.\n\n"
        '"We can ring up the hall porter at my club."\n\n'
        'Jenny nodded. "Snap."\n\n'
        '"I\'ll buy it."\n'
    )
    (rec,) = collect(analyzer, text, "library").records
    assert len(rec.features.scale) == 6
    assert rec.features.scale.tolist() == [1.0, 1.0, 1.0, 0.5, 1.0, 1.0]
