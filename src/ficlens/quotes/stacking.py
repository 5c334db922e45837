"""The second pass's features (``stack_features``): what the first pass's sum-product posteriors over one
conversation say about each candidate at each turn. The second scorer reads them next to ``SPEAKER_FEATURES``."""

from __future__ import annotations

import math

import numpy as np

from .features import FloatArray

# the second pass reads the first pass's sum-product posteriors: of the candidate at this turn and two turns either
# side, the first pass's local (emission-only) share, how sure the turn and its neighbours are (entropy), the
# candidate's expected share of the other turns, whether it is the first pass's pick here and next door, and the
# expected number of participants; and whether narration separates the turn from the one before (after)
STACK_FEATURES = (
    "s_post", "s_local", "s_prev", "s_prev2", "s_next", "s_next2", "s_entropy", "s_entropy_prev",
    "s_entropy_next", "s_share", "s_top", "s_top_prev", "s_top_next", "s_participants", "s_gap_prev", "s_gap_next",
)


def _entropy(p: FloatArray) -> FloatArray:
    """Each row's entropy over the candidates, 0 (sure) .. 1 (uniform)."""
    m = p.shape[-1]
    if m < 2:
        return np.zeros(p.shape[:-1])
    out: FloatArray = -(p * np.log(np.clip(p, 1e-12, 1.0))).sum(-1) / math.log(m)
    return out


def stack_features(post: FloatArray, emit: FloatArray, scale: FloatArray | None = None) -> FloatArray:
    """(turns, candidates, len(STACK_FEATURES)): the second pass's features from the first pass's posteriors
    ``post`` and emission scores ``emit`` (both turns x candidates) of one conversation; ``scale`` (turns,): the
    decoder's transition weight, below 1 where narration separates a turn from the one before."""
    n, m = post.shape
    out = np.zeros((n, m, len(STACK_FEATURES)))
    if n == 0 or m == 0:
        return out
    loc = np.exp(emit - emit.max(axis=1, keepdims=True))
    loc /= loc.sum(axis=1, keepdims=True)
    pad = np.zeros((2, m))
    P = np.vstack([pad, post, pad])  # P[k + 2] is turn k
    top = (post >= post.max(axis=1, keepdims=True)).astype(float)
    Tp = np.vstack([pad, top, pad])
    ent = _entropy(post)
    ent_prev = np.concatenate([[0.0], ent[:-1]])
    ent_next = np.concatenate([ent[1:], [0.0]])
    share = (post.sum(axis=0, keepdims=True) - post) / max(1, n - 1)
    participants = min(int((post.sum(axis=0) > 0.5).sum()), 6) / 6.0
    gap = np.zeros(n) if scale is None else (np.asarray(scale) < 1.0).astype(float)
    gap[0] = 0.0
    gap_next = np.concatenate([gap[1:], [0.0]])
    cols = [post, loc, P[1 : n + 1], P[0:n], P[3 : n + 3], P[4 : n + 4],
            np.repeat(ent[:, None], m, 1), np.repeat(ent_prev[:, None], m, 1), np.repeat(ent_next[:, None], m, 1),
            share, top, Tp[1 : n + 1], Tp[3 : n + 3], np.full((n, m), participants),
            np.repeat(gap[:, None], m, 1), np.repeat(gap_next[:, None], m, 1)]
    for j, c in enumerate(cols):
        out[:, :, j] = c
    return out
