"""``decoder.decode`` for many conversations at once: the same numbers, fewer Python steps.

The decoder's forward, backward and Viterbi sweeps are sequential over a conversation's turns, and each step is
a handful of numpy calls on arrays of a few dozen numbers: on a novel most of the decoder's time is the calls'
overhead, one step per turn. Here the conversations with the same number of candidates go through the sweeps
together, one step per turn of the longest of them: a story's 2,000 turns take a few hundred steps.

Every number is computed as ``decode`` computes it, with the same operations on the same per-conversation
layouts (the matrix products' operands keep their strides, every sum runs over the same contiguous axis), so the
posteriors and the best sequences are the same to the last bit (tests/quotes/test_decoder_batch.py). A
conversation shorter than its group's longest is padded with steps whose scores are 0: they come after its last
turn, the forward and Viterbi sweeps read its values at that turn, and its backward sweep restarts there.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from .decoder import Array, Decoded, _steps, decode


def decode_many(
    emits: list[Array], same: float, abab: float, scales: list[Array], blocked: list[Array | None],
    abab_blocked: float = 0.0, same_gap: float = 0.0, best: bool = True,
) -> list[Decoded]:
    """``decode(emits[i], same, abab, scales[i], blocked[i], abab_blocked, same_gap=same_gap, best=best)`` for
    every ``i`` (with posteriors)."""
    out: list[Decoded | None] = [None] * len(emits)
    groups: dict[int, list[int]] = defaultdict(list)
    for i, emit in enumerate(emits):
        n, m = emit.shape
        if n < 2 or m == 0:
            # one turn (or nothing): no step to share
            out[i] = decode(emit, same, abab, scales[i], blocked[i], abab_blocked, same_gap=same_gap, best=best)
        else:
            groups[m].append(i)
    for m, members in groups.items():
        steps = [_steps(np.asarray(emits[i], dtype=np.float64), same, abab, scales[i], blocked[i], abab_blocked,
                        same_gap) for i in members]
        for i, dec in zip(members, _decode_group([emits[i] for i in members], steps, m, best), strict=True):
            out[i] = dec
    done = [d for d in out if d is not None]
    if len(done) != len(out):  # every conversation is decoded above, alone or in its group
        raise AssertionError("decode_many left a conversation undecoded")
    return done


def _decode_group(emits: list[Array], steps: list[Array], m: int, best: bool) -> list[Decoded]:
    """The conversations of one candidate count ``m`` (at least two turns each), decoded together."""
    lengths = [e.shape[0] for e in emits]
    b, longest = len(emits), max(lengths)
    padded = np.zeros((b, longest - 1, m + 1, m, m))
    for j, s in enumerate(steps):
        padded[j, : s.shape[0]] = s
    # each conversation's members that end at each turn (their last turn's index)
    ending: dict[int, list[int]] = defaultdict(list)
    for j, n in enumerate(lengths):
        ending[n - 1].append(j)
    post = _posteriors(emits, padded, lengths, ending, m)
    if not best:
        return [Decoded([int(c) for c in np.argmax(p, axis=1)], p) for p in post]
    seqs = _viterbi(emits, padded, lengths, ending, m)
    return [Decoded(seq, p) for seq, p in zip(seqs, post, strict=True)]


def _posteriors(
    emits: list[Array], steps: Array, lengths: list[int], ending: dict[int, list[int]], m: int
) -> list[Array]:
    """``decoder._posteriors`` of each conversation: the same forward and backward sweeps with a leading
    conversation axis (see there for what the messages are)."""
    b, longest = len(emits), max(lengths)
    ex = np.exp(steps - steps.max(axis=(2, 3, 4), keepdims=True))  # (conv, step, a, b, c)
    ex_b = ex.transpose(0, 1, 3, 2, 4)  # (conv, step, b, a, c)
    fwd = np.zeros((b, longest, m + 1, m))
    for j, emit in enumerate(emits):
        p0 = np.exp(emit[0] - emit[0].max())
        fwd[j, 0, m] = p0 / p0.sum()
    total = np.add.reduce
    for k in range(1, longest):
        g = np.matmul(fwd[:, k - 1].transpose(0, 2, 1)[:, :, None, :], ex_b[:, k - 1])[:, :, 0, :]
        fwd[:, k, :m] = g / total(g, axis=(1, 2), keepdims=True)
    bwd = np.ones((b, longest, m + 1, m))
    for k in range(longest - 1, 0, -1):
        h = total(ex[:, k - 1] * bwd[:, k, :m][:, None, :, :], axis=3)
        bwd[:, k - 1] = h / total(h, axis=(1, 2), keepdims=True)
        # a conversation whose last turn is k - 1 starts its backward sweep there (padding steps come after it)
        for j in ending.get(k - 1, ()):
            bwd[j, k - 1] = 1.0
    marg = (fwd * bwd).sum(axis=2)  # over a -> (conv, turn, m)
    return [(marg[j, :n] / marg[j, :n].sum(axis=1, keepdims=True)) for j, n in enumerate(lengths)]


def _viterbi(
    emits: list[Array], steps: Array, lengths: list[int], ending: dict[int, list[int]], m: int
) -> list[list[int]]:
    """``decode``'s best sequence of each conversation: the Viterbi sweep with a leading conversation axis,
    each conversation's scores read at its last turn, then its backtrack."""
    b, longest = len(emits), max(lengths)
    prev = np.full((b, m + 1, m), -np.inf)
    for j, emit in enumerate(emits):
        prev[j, m, :] = emit[0]
    back = np.zeros((b, longest - 1, m, m), dtype=np.int64)
    final: list[Array] = [prev[0]] * b
    for k in range(1, longest):
        cand = prev[:, :, :, None] + (steps[:, k - 1] if k == 1 else steps[:, k - 1, :m])  # (conv, a, b, c)
        back[:, k - 1] = cand.argmax(axis=1)
        prev = np.maximum.reduce(cand, axis=1)
        for j in ending.get(k, ()):
            final[j] = prev[j]
    seqs: list[list[int]] = []
    for j, n in enumerate(lengths):
        a, c = np.unravel_index(int(np.argmax(final[j])), final[j].shape)
        seq = [int(a), int(c)]
        for k in range(n - 1, 1, -1):
            seq.insert(0, int(back[j, k - 1][seq[0], seq[1]]))
        seqs.append(seq)
    return seqs
