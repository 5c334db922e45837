"""Conversations: runs of quote paragraphs (turns), ended by a scene break or long narration; and the other
party of a two-person exchange as the addressee where nothing else says so."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document, QuoteInfo
from ..model import Quote
from ..settings import settings
from .common import _spoken


@dataclass
class _Turn:
    para: int
    qids: list[int]
    speaker: str | None
    anchored: bool
    addressee: str | None
    # the turn's last paragraph (a quotation that runs on over paragraphs is one turn); the transitions still
    # measure the gap to the next turn from ``para``: from ``last`` measured no better (docs/speakers.md)
    last: int = -1

    def __post_init__(self) -> None:
        if self.last < 0:
            self.last = self.para


_WORD = re.compile(r"[^\W\d_]+")


def narration_between(doc: Document, quotes: list[Quote], prev: _Turn, t: _Turn) -> int:
    """The words of narration between two turns in adjacent paragraphs: after the last quotation of the one
    before, in its paragraph, and before the first quotation of this one, in its own. The more there is, the
    more often the same speaker goes on (in the PDNC training novels 3% of such pairs with nothing between, 14%
    with 7-10 words, 40% beyond 50), towards the 41% of a narration paragraph between them."""
    before = doc.paragraphs[prev.para]
    here = doc.paragraphs[t.para]
    last = max(quotes[qi].end for qi in prev.qids)
    first = min(quotes[qi].start for qi in t.qids)
    text = doc.text
    return len(_WORD.findall(text, last, before.end)) + len(_WORD.findall(text, here.start, first))


def _conversations(
    doc: Document, quotes: list[Quote], infos: list[QuoteInfo], narr_words: list[int]
) -> list[list[_Turn]]:
    """Turns (quote paragraphs) grouped into conversations, split at scene breaks and long narration."""
    convs: list[list[_Turn]] = []
    cur: list[_Turn] = []
    last_para = -10
    gap_words = 0
    by_para: dict[int, list[int]] = {}
    for qi, info in enumerate(infos):
        if _spoken(quotes[qi]):
            by_para.setdefault(info.para, []).append(qi)
    paras = doc.paragraphs
    cfg = settings()["quotes"]
    for pi in sorted(by_para):
        qids = by_para[pi]
        if cur:
            gap = pi - last_para - 1
            gap_words = sum(narr_words[last_para + 1 : pi]) if gap > 0 else 0
            long_gap = gap >= cfg["gap_paragraphs"] or gap_words > cfg["gap_words"]
            if paras[pi].scene != paras[last_para].scene or long_gap:
                convs.append(cur)
                cur = []
        if cur and infos[qids[0]].continues and last_para == pi - 1:
            cur[-1].qids.extend(qids)  # the same turn goes on
            cur[-1].last = pi
            last_para = pi
            continue
        sp = next((quotes[q].speaker for q in qids if quotes[q].speaker), None)
        anchored = any(quotes[q].speaker and quotes[q].method not in ("context",) for q in qids)
        ad = next((quotes[q].addressees[0] for q in qids if quotes[q].addressees), None)
        cur.append(_Turn(pi, qids, sp, anchored, ad))
        last_para = pi
    if cur:
        convs.append(cur)
    return convs



def _exchange_addressees(doc: Document, quotes: list[Quote], infos: list[QuoteInfo], narr_words: list[int]) -> None:
    for conv in _conversations(doc, quotes, infos, narr_words):
        for k, t in enumerate(conv):
            if t.speaker is None:
                continue
            other = None
            for j in (k - 1, k + 1):
                if 0 <= j < len(conv) and conv[j].speaker and conv[j].speaker != t.speaker:
                    other = conv[j].speaker
                    break
            if other is None:
                continue
            for qi in t.qids:
                if not quotes[qi].addressees and quotes[qi].speaker == t.speaker:
                    quotes[qi].addressees = [other]
