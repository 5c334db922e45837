"""Who a tag's "he" or "she" may stand for, as features of each candidate of the pronoun's gender (pure Python).

The sieve resolves a tag pronoun to one character; when it is wrong, the learned scorer saw the other readings
only through that answer. These columns give it the pieces to weigh instead: the candidate is the subject of the
narration sentence just before the quote, or of the paragraph's narration before it; its rank among the
candidates of the pronoun's gender by their latest mention in narration, and by their latest mention or turn
(the rules' speakers of the turns before); it spoke the turn before or the one before that, or was spoken to in
the turn before; and, for any tag, it is the possessor in "said his wife", who is then not the speaker.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

ANTECEDENT_FEATURES = (
    "pron_prev_sent_subj", "pron_subj_para", "pron_rank_narr", "pron_rank_all", "pron_prev", "pron_prev2",
    "pron_addressed_prev", "possessor",
)
# the subject of the sentence before the quote counts when it is at most this many paragraphs back
_SENT_REACH = 1


@dataclass
class Narration:
    """The narration mentions of characters in text order: offsets, characters, paragraphs, subject or not."""

    starts: list[int]
    chars: list[str]
    paras: list[int]
    subj: list[bool]
    by_char: dict[str, list[int]]  # character -> offsets of its narration mentions, in order

    @classmethod
    def of(cls, rows: list[tuple[int, str, int, bool]]) -> Narration:
        rows = sorted(rows)
        by_char: dict[str, list[int]] = {}
        for start, cid, _para, _subj in rows:
            by_char.setdefault(cid, []).append(start)
        return cls([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows], by_char)

    def last_mention(self, cid: str, before: int) -> int:
        """The offset of the character's latest narration mention before ``before`` (-1 for none)."""
        starts = self.by_char.get(cid)
        if not starts:
            return -1
        i = bisect.bisect_left(starts, before) - 1
        return starts[i] if i >= 0 else -1

    def last_subject(self, before: int, min_para: int) -> str | None:
        """The character of the latest narration subject before offset ``before``, in paragraph ``min_para`` or
        later (None when there is none)."""
        i = bisect.bisect_left(self.starts, before) - 1
        while i >= 0 and self.paras[i] >= min_para:
            if self.subj[i]:
                return self.chars[i]
            i -= 1
        return None


def _rank(same: list[str], last: dict[str, int]) -> dict[str, float]:
    """1 / (1 + rank) by ``last`` (later first) among ``same``; those never seen share the last rank."""
    order = sorted(same, key=lambda c: -last[c])
    out = {}
    for r, c in enumerate(order):
        out[c] = 1.0 / (1 + (r if last[c] >= 0 else len(same)))
    return out


def antecedent_features(
    narr: Narration, same_gender: list[str], before: int, para: int, turn_starts: dict[str, int],
    prev: str | None, prev2: str | None, addressed_prev: set[str], possessors: set[str],
) -> dict[str, dict[str, float]]:
    """Candidate -> {feature: value} for one turn (only the non-zero values).

    same_gender: the candidates of the tag pronoun's gender (empty without a he/she tag); before: the offset of
    the turn's first quote; para: its paragraph; turn_starts: candidate -> the offset of the latest turn before
    this one the rules gave it; prev, prev2: the rules' speakers of the two turns before; addressed_prev: those
    called or spoken to in the turn before; possessors: the possessors of this turn's "said his wife" tags."""
    out: dict[str, dict[str, float]] = {c: {"possessor": 1.0} for c in possessors}
    if not same_gender:
        return out
    sent_subj = narr.last_subject(before, para - _SENT_REACH)
    para_subj = narr.last_subject(before, para)
    last_narr = {c: narr.last_mention(c, before) for c in same_gender}
    last_any = {c: max(last_narr[c], turn_starts.get(c, -1)) for c in same_gender}
    rank_narr = _rank(same_gender, last_narr)
    rank_all = _rank(same_gender, last_any)
    for c in same_gender:
        f = out.setdefault(c, {})
        f["pron_rank_narr"] = rank_narr[c]
        f["pron_rank_all"] = rank_all[c]
        if c == sent_subj:
            f["pron_prev_sent_subj"] = 1.0
        if c == para_subj:
            f["pron_subj_para"] = 1.0
        if c == prev:
            f["pron_prev"] = 1.0
        if c == prev2:
            f["pron_prev2"] = 1.0
        if c in addressed_prev:
            f["pron_addressed_prev"] = 1.0
    return out
