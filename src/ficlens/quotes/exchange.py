"""The exchange a turn belongs to: which two people the tagged turns around it show talking (pure numpy).

A conversation of several people moves from one pair to another: Tom and Fanny, then Fanny and Edmund. The
turn-taking window (``window.py``) reads the nearest tagged speaker on either side and each candidate's own
tagged turns by parity; neither says whether someone tagged a while back has since been left out of the talk.
Measured on the PDNC training novels (cross-validated over four groups of novels), most wrong untagged turns in a
stretch where two people talk went to a third person whose own tags lay further back at the parity strict
alternation would give: the pair had changed since. Here each candidate's rank among the distinct tagged
speakers walking back from the turn (1: the latest, 1/2: the one before, 1/3: the third) and walking forward,
and how long the latest pair before the turn has been talking (turns since a third person's tagged turn).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

# the speaker feature columns ``exchange_features`` fills, in this order
EXCHANGE_FEATURES = ("xch_prev", "xch_next", "xch_run")
_RANKS = 3  # distinct tagged speakers read on each side of a turn
_RUN = 20  # turns at which the pair's run counts as long (the column is capped at 1)


def _ranks(who: list[int], order: list[int]) -> list[int]:
    """The first ``_RANKS`` distinct speakers of the tagged turns ``order`` (turn indexes, nearest first)."""
    out: list[int] = []
    for j in order:
        c = who[j]
        if c not in out:
            out.append(c)
            if len(out) == _RANKS:
                break
    return out


def exchange_features(tag: FloatArray) -> FloatArray:
    """(turns, candidates, len(EXCHANGE_FEATURES)) from ``tag`` (turns, candidates): > 0 where a turn's own tag
    names the candidate; a turn is tagged when its tags name exactly one candidate (as in ``window.py``).

    ``xch_prev``: 1 / the candidate's rank among the distinct speakers of the tagged turns before the turn, the
    latest first (0 past the third or never tagged before); ``xch_next`` the same after the turn; ``xch_run``
    (every candidate of the turn alike): the turns since the latest tagged turn of someone outside the latest
    two tagged speakers before the turn (the start of the conversation when none), over ``_RUN``, at most 1;
    0 when fewer than two people are tagged before the turn."""
    n, m = tag.shape
    out = np.zeros((n, m, len(EXCHANGE_FEATURES)))
    if n == 0 or m == 0:
        return out
    who_arr = np.where((tag > 0).sum(axis=1) == 1, np.argmax(tag, axis=1), -1)
    tagged = [int(j) for j in np.flatnonzero(who_arr >= 0)]
    if not tagged:
        return out
    who = [int(c) for c in who_arr]
    pos = np.searchsorted(np.array(tagged), np.arange(n), side="left")  # tagged[:pos[k]] lie before turn k
    for k in range(n):
        p = int(pos[k])
        before = tagged[:p][::-1]
        after = tagged[p + 1 if p < len(tagged) and tagged[p] == k else p:]
        back = _ranks(who, before)
        for r, c in enumerate(back):
            out[k, c, 0] = 1.0 / (r + 1)
        for r, c in enumerate(_ranks(who, after)):
            out[k, c, 1] = 1.0 / (r + 1)
        if len(back) >= 2:
            pair = back[:2]
            start = next((j for j in before if who[j] not in pair), -1)
            out[k, :, 2] = min(1.0, (k - start - 1) / _RUN)
    return out
