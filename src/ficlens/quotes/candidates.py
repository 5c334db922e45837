"""The candidate speakers of a conversation: the characters in reach, best supported first.

Those its tags, action beats, orphan tag paragraphs, vocatives and addressees name, those named in its narration
or just before it, those salient in the scene, and the narrator when the narration (of the whole work or of the
conversation's scene) is in the first person, or the work in the second (one candidate among others); for a
story told over paragraphs that opens a chapter, the speakers of the exchange the heading cut off. A
conversation with no candidate stays unattributed.
"""

from __future__ import annotations

from collections import defaultdict

from ..model import Quote
from ..settings import settings
from .common import Attribution
from .context import Context
from .conversation import _Turn

MAX_CANDIDATES = 8
_TAG_FEATURE = {"explicit": 0, "anaphoric": 1, "descriptive": 2, "continuation": 3}


def _turn_tags(quotes: list[Quote], t: _Turn) -> dict[str, str]:
    """Character -> the strongest sieve tag method for it in this turn (before the decoder)."""
    order = ("continuation", "explicit", "descriptive", "anaphoric")
    out: dict[str, str] = {}
    for qi in t.qids:
        q = quotes[qi]
        if q.speaker and q.method in _TAG_FEATURE:
            prev = out.get(q.speaker)
            if prev is None or order.index(q.method) < order.index(prev):
                out[q.speaker] = q.method
    return out


def _carried(
    ctx: Context, quotes: list[Quote], conv: list[_Turn], rules: list[Attribution], out: list[str]
) -> list[str]:
    """The speakers (by the hand-weighted decoder) of the exchange a chapter break cut off, when this conversation
    opens the new scene with a quotation that runs on over paragraphs: a story told across chapters goes on after
    the heading ("“You fired the house!” exclaimed Kemp. / CHAPTER XXI / “In going downstairs the first time
    ..."), and its teller is one of them. Otherwise none: a scene that opens on lines of a paragraph each, or on
    narration, is its own (quotes/candidates.py, the scene before's names stay out)."""
    cfg = settings()["quotes"]
    paras = ctx.doc.paragraphs
    first = conv[0]
    if first.last == first.para:
        return []  # not a story told over paragraphs
    start = first.para
    while start > 0 and paras[start - 1].scene == paras[first.para].scene:
        start -= 1
    if start == 0:
        return []  # no scene before
    if any(len(ctx.doc.text[paras[p].start : paras[p].end].split()) > cfg["carried_heading_words"]
           for p in range(start, first.para)):
        return []  # narration (more than a heading) opens the scene
    q0 = first.qids[0]
    before = list(range(max(0, q0 - cfg["carried_quotes"]), q0))
    if not before or start - ctx.doc.paragraph_at(quotes[before[-1]].start) > cfg["carried_gap"]:
        return []  # the scene before did not end in an exchange
    spoke = dict.fromkeys(r.speaker for r in (rules[qi] for qi in before) if r.speaker)
    return [c for c in spoke if c not in out]


def candidates(ctx: Context, quotes: list[Quote], conv: list[_Turn], narrator: str | None,
               rules: list[Attribution] | None = None) -> list[str]:
    """The characters in reach of a conversation, best supported first (at most ``MAX_CANDIDATES``)."""
    ev = ctx.ev
    score: dict[str, float] = defaultdict(float)
    for t in conv:
        for cid, method in _turn_tags(quotes, t).items():
            score[cid] += 3.0 if method in ("explicit", "continuation") else 2.0
        for qi in t.qids:
            q = quotes[qi]
            if q.speaker and q.method in ("paragraph", "action-beat"):
                score[q.speaker] += 1.0
            for a in q.addressees:
                score[a] += 1.0
            v = ev.vocative.get(qi)
            if v:
                score[v] += 1.0
        for cid, w in ev.beats.get(t.para, []):
            score[cid] += min(1.0, w)
        o = ev.orphan.get(t.para)
        if o:
            score[o] += 1.0
    first_para = conv[0].para
    scene = ctx.doc.paragraphs[first_para].scene
    for para in range(max(0, first_para - 3), conv[-1].para + 1):
        if para < first_para and ctx.doc.paragraphs[para].scene != scene:
            continue  # the paragraphs before a scene break are another scene's
        for cid in ev.named.get(para, []):
            score[cid] += 0.5 if para >= first_para else 0.3
    sc = ctx.scene_counts.get(scene)
    if sc:
        tot = sum(sc.values())
        for cid, n in sc.most_common(4):
            score[cid] += 0.2 * n / tot
    score.pop("", None)
    ranked = sorted(score, key=lambda c: (-score[c], -(ctx.last_named(c, conv[-1].para) or -1), c))
    out = ranked[:MAX_CANDIDATES]
    # the narrator of a first- or second-person story (or scene) is always a candidate; in a third-person one only
    # when the conversation's own evidence names it
    if narrator is not None and narrator not in out and ctx.narrator_present(scene):
        out = out[: MAX_CANDIDATES - 1] + [narrator]
    if rules is not None and len(out) < MAX_CANDIDATES:
        out += _carried(ctx, quotes, conv, rules, out)[: MAX_CANDIDATES - len(out)]
    if len(out) == 1 and len(conv) > 1:
        # an exchange needs two people: the one its evidence does not name is most often the story's principal
        # character, once the story has named them ("“I was thinking about the pony, sir.” / “Oh yes, Ben?”" in a
        # scene that never names Tony); a lone quotation with no one in reach stays unattributed
        principal = max((c for c in ctx.mentions if c != out[0] and c != narrator),
                        key=lambda c: (ctx.mentions[c], c), default=None)
        if principal is not None and ctx.last_named(principal, first_para) is None:
            principal = None  # not in the story yet (a prologue's strangers are not the heroine met later)
        if principal is not None:
            out.append(principal)
    return out
