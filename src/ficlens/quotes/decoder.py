"""The conversation decoder: a pure function over score matrices (no spaCy, no model file).

A conversation of ``n`` turns has ``m`` candidate speakers. ``emit[k, c]`` is the learned score (log-odds) of
candidate ``c`` speaking turn ``k`` from that turn's evidence; the transition scores ``same`` (the speaker of the
turn before speaks again) and ``abab`` (the one before last speaks again, not the one before) are learned too,
and ``scale[k]`` (0..1) weakens them across narration. The score of a speaker sequence is the sum of its
emissions and transitions, a second-order chain. ``decode`` returns the best sequence (Viterbi) and each turn's
posterior distribution over the candidates (sum-product over the same chain), from which confidence is read.

States are pairs (speaker of turn k-1, speaker of turn k); the first turn has a virtual predecessor ``m``.
Cost: O(n * m^3) for m <= 8 candidates, a few microseconds per turn in numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


@dataclass
class Decoded:
    best: list[int]  # the best speaker (candidate index) per turn
    posterior: Array  # (n, m): probability of each candidate speaking each turn


@lru_cache(maxsize=32)
def _unit_tensors(m: int) -> tuple[Array, Array]:
    """Where ``same`` and where ``abab`` apply in ``transition_tensor`` (0/1; built once per size: every
    conversation of a story is decoded with the same few sizes)."""
    same = np.zeros((m + 1, m, m))
    idx = np.arange(m)
    same[:, idx, idx] = 1.0
    abab = np.zeros((m + 1, m, m))
    for a in range(m):
        for b in range(m):
            if a != b:
                abab[a, b, a] = 1.0
    same.flags.writeable = False
    abab.flags.writeable = False
    return same, abab


def transition_tensor(m: int, same: float, abab: float) -> Array:
    """``T[a, b, c]``: the transition score of speaker ``c`` after ``b`` after ``a`` (``a == m``: no turn)."""
    unit_same, unit_abab = _unit_tensors(m)
    out: Array = unit_same * same + unit_abab * abab
    return out


def decode(
    emit: Array, same: float, abab: float, scale: Array | None = None, blocked: Array | None = None,
    abab_blocked: float = 0.0, posteriors: bool = True, same_gap: float = 0.0, best: bool = True,
) -> Decoded:
    """Best speaker sequence and per-turn posteriors for emission scores ``emit`` (n turns x m candidates);
    ``posteriors=False``: the best sequence only (the posteriors left at 0, about three times faster);
    ``best=False``: the posteriors only (the sequence read off them turn by turn; a first pass whose posteriors
    feed a second needs no Viterbi path).

    ``blocked[k, c]`` (0/1): the turn before ``k`` spoke to someone other than ``c``; the one before last
    returning then scores ``abab + abab_blocked`` instead of ``abab`` (the one spoken to answers instead).
    ``same_gap``: added to ``same`` (unscaled) where narration separates the turn from the one before
    (``scale[k] < 1``): across narration the one who spoke last goes on more often than between adjacent
    paragraphs, where the other party answers.
    """
    emit = np.asarray(emit, dtype=np.float64)
    n, m = emit.shape
    if n == 0 or m == 0:
        return Decoded([], np.zeros((n, m)))
    steps = _steps(emit, same, abab, scale, blocked, abab_blocked, same_gap)
    neg = -np.inf
    # first turn: predecessor is the virtual state m
    init = np.full((m + 1, m), neg)
    init[m, :] = emit[0]
    if not best and posteriors:
        post = _posteriors(emit, steps, n, m)
        return Decoded([int(c) for c in np.argmax(post, axis=1)], post)
    back = np.zeros((max(n - 1, 0), m, m), dtype=np.int64)
    prev = init  # Viterbi scores of (turn k-1, turn k) pairs
    for k in range(1, n):
        # after the first step the virtual predecessor is out of reach (its row would be all -inf and never the
        # best): the pairs are (m, m), the steps' rows for it left out
        cand = prev[:, :, None] + (steps[k - 1] if k == 1 else steps[k - 1, :m])  # (a, b, c)
        back[k - 1] = cand.argmax(axis=0)  # (b, c)
        prev = np.maximum.reduce(cand, axis=0)  # ``cand.max(axis=0)`` without its Python wrapper (per turn)
    # Viterbi backtrack
    a, b = np.unravel_index(int(np.argmax(prev)), prev.shape)
    seq = [int(b)]
    if n > 1:
        seq.insert(0, int(a))
        for k in range(n - 1, 1, -1):
            seq.insert(0, int(back[k - 1][seq[0], seq[1]]))
    if not posteriors:
        return Decoded(seq, np.zeros((n, m)))
    return Decoded(seq, _posteriors(emit, steps, n, m))


def _steps(
    emit: Array, same: float, abab: float, scale: Array | None, blocked: Array | None, abab_blocked: float,
    same_gap: float,
) -> Array:
    """Every step's scores at once, (n - 1, m + 1, m, m): the transitions weighted by the turn's scale, its
    emissions, and the answer-instead-of-return adjustment where the turn before spoke to someone else."""
    n, m = emit.shape
    if scale is None:
        scale = np.ones(n)
    base = transition_tensor(m, same, abab)
    steps: Array = base[None] * scale[1:, None, None, None] + emit[1:, None, None, :]
    if blocked is not None and abab_blocked:
        ret = transition_tensor(m, 0.0, 1.0)
        steps = steps + ret[None] * (abab_blocked * scale[1:])[:, None, None, None] * blocked[1:, None, None, :]
    if same_gap:
        gap = (scale[1:] < 1.0).astype(np.float64) * same_gap
        steps = steps + transition_tensor(m, 1.0, 0.0)[None] * gap[:, None, None, None]
    return steps


def _posteriors(emit: Array, steps: Array, n: int, m: int) -> Array:
    """Each turn's posterior over the candidates (sum-product over the chain of ``decode``)."""
    # forward and backward passes (sum-product) in probability space, each turn's messages scaled to sum to 1 (the
    # scales cancel out of the posteriors): fwd[k][a, b] ~ the turns up to k with turns k-1, k = a, b; bwd[k][a, b]
    # ~ the turns after k given them. Each step's scores are exponentiated once, shifted by their maximum.
    if n == 1:
        p0 = np.exp(emit[0] - emit[0].max())
        one: Array = p0[None, :] / p0.sum()
        return one
    ex = np.exp(steps - steps.max(axis=(1, 2, 3), keepdims=True))  # (n - 1, a, b, c)
    ex_b = ex.transpose(0, 2, 1, 3)  # (n - 1, b, a, c)
    fwd = np.zeros((n, m + 1, m))
    p0 = np.exp(emit[0] - emit[0].max())
    fwd[0, m] = p0 / p0.sum()
    # (``np.add.reduce`` is ``.sum()`` without its Python wrapper: these loops run once per turn)
    total = np.add.reduce
    for k in range(1, n):
        g = np.matmul(fwd[k - 1].T[:, None, :], ex_b[k - 1])[:, 0, :]  # (b, c): the sum over a
        fwd[k, :m] = g / total(g, axis=None)
    bwd = np.ones((n, m + 1, m))
    for k in range(n - 1, 0, -1):
        h = total(ex[k - 1] * bwd[k, :m][None, :, :], axis=2)  # (a, b): the sum over c
        bwd[k - 1] = h / total(h, axis=None)
    marg = (fwd * bwd).sum(axis=1)  # over a -> (n, m)
    post: Array = marg / marg.sum(axis=1, keepdims=True)
    return post
