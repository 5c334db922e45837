"""Addressee features: for each turn of a decoded conversation, one row per candidate (``ADDRESSEE_FEATURES``),
from the speaker sequence (who spoke just before and after, the other one of a two-person exchange) and the
static columns ``conversation_features`` computed (vocatives, "said to X", names in the quote)."""

from __future__ import annotations

import numpy as np

from .features import ADDRESSEE_FEATURES, FloatArray


def addressee_features(static: FloatArray, seq: list[int | None], k: int) -> FloatArray:
    """(m, len(ADDRESSEE_FEATURES)): addressee features of turn ``k`` given the speaker sequence ``seq``."""
    m = static.shape[1]
    out = np.zeros((m, len(ADDRESSEE_FEATURES)))
    sp = seq[k]
    prev = seq[k - 1] if k >= 1 else None
    nxt = seq[k + 1] if k + 1 < len(seq) else None
    distinct = {s for s in seq if s is not None}
    for i in range(m):
        out[i, 0] = 1.0 if prev == i and i != sp else 0.0
        out[i, 1] = 1.0 if nxt == i and i != sp else 0.0
        out[i, 2:7] = static[k, i, 0:5]
        out[i, 7] = 1.0 if len(distinct) == 2 and i in distinct and i != sp else 0.0
        out[i, 8] = 1.0 if i != sp and (prev == i or nxt == i) and (prev in (None, i)) and (nxt in (None, i)) else 0.0
        out[i, 9] = static[k, i, 5]
        out[i, 10] = static[k, i, 6]
        out[i, 11] = static[k, i, 7]
    return out


def addressee_matrix(static: FloatArray, seq: list[int | None]) -> FloatArray:
    """(turns, m, len(ADDRESSEE_FEATURES)): ``addressee_features`` of every turn at once."""
    n, m = static.shape[0], static.shape[1]
    out = np.zeros((n, m, len(ADDRESSEE_FEATURES)))
    if n == 0 or m == 0:
        return out
    sp = np.array([-1 if s is None else s for s in seq], dtype=np.int64)
    prev = np.concatenate([[-1], sp[:-1]])
    nxt = np.concatenate([sp[1:], [-1]])
    i = np.arange(m)[None, :]
    not_sp = i != sp[:, None]
    is_prev = i == prev[:, None]
    is_next = i == nxt[:, None]
    distinct = {int(s) for s in sp if s >= 0}
    in_distinct = np.isin(np.arange(m), list(distinct))[None, :]
    out[:, :, 0] = is_prev & not_sp
    out[:, :, 1] = is_next & not_sp
    out[:, :, 2:7] = static[:, :, 0:5]
    out[:, :, 7] = (len(distinct) == 2) & in_distinct & not_sp
    prev_ok = (prev[:, None] == -1) | is_prev
    next_ok = (nxt[:, None] == -1) | is_next
    out[:, :, 8] = not_sp & (is_prev | is_next) & prev_ok & next_ok
    out[:, :, 9] = static[:, :, 5]
    out[:, :, 10] = static[:, :, 6]
    out[:, :, 11] = static[:, :, 7]
    return out
