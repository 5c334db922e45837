"""The hand-weighted conversation decoder (scores add up like log-odds), used when no speaker model is loaded."""

from __future__ import annotations

import math

import numpy as np

from ..document import Document, QuoteInfo
from ..model import Quote
from ..settings import settings
from .common import CONF, _Evidence, _set
from .conversation import _conversations, _Turn
from .speakers import _Speakers

# --------------------------------------------------------------------------------------------------------------
# the conversation decoder: scores add up like log-odds

# its weights are data (settings.toml [speaker_rules]); the tag methods that carry a weight of their own:
_TAGGED = ("explicit", "continuation", "descriptive", "anaphoric")
_STRANGER = ""  # the state of a turn spoken by someone the text does not name ("a voice said")


def _decode(
    doc: Document, quotes: list[Quote], infos: list[QuoteInfo], narr_words: list[int], speakers: _Speakers,
    narrated: set[str], ev: _Evidence,
) -> None:
    """Each conversation's speaker sequence, by second-order Viterbi over its turns (states: its participants)."""
    for conv in _conversations(doc, quotes, infos, narr_words):
        _decode_conversation(quotes, conv, speakers, narrated, ev)


def _decode_conversation(
    quotes: list[Quote], conv: list[_Turn], speakers: _Speakers, narrated: set[str], ev: _Evidence
) -> None:
    rw = settings()["speaker_rules"]
    qs = settings()["quotes"]
    n = len(conv)
    emit: list[dict[str, float]] = []
    strong: list[dict[str, tuple[float, str]]] = []  # turn -> character -> (weight, method) of its best evidence
    addr: list[str | None] = []
    pron: list[str | None] = []
    total: dict[str, float] = {}
    evidence = False
    prev_para = conv[0].para - 4
    anaph_at: list[tuple[int, str]] = []  # (turn, character) of pronoun tags
    stranger: list[bool] = []  # turns tagged as spoken by nobody we know
    for t in conv:
        e: dict[str, float] = {}
        best: dict[str, tuple[float, str]] = {}

        def add(cid: str, w: float, method: str, e: dict[str, float] = e,
                best: dict[str, tuple[float, str]] = best) -> None:
            e[cid] = e.get(cid, 0.0) + w
            if w > 0 and (cid not in best or w > best[cid][0]):
                best[cid] = (w, method)

        tags: dict[str, tuple[float, str]] = {}
        tpron: str | None = None
        voc: set[str] = set()
        owner: set[str] = set()
        ad: str | None = None
        for qi in t.qids:
            q = quotes[qi]
            if q.speaker and q.method in _TAGGED:
                w = rw[f"tag_{q.method}"]
                if q.speaker not in tags or w > tags[q.speaker][0]:
                    tags[q.speaker] = (w, q.method)
                if q.method == "anaphoric":
                    tpron = ev.tag_pron.get(qi) or tpron
            if q.speaker is None and qi in ev.tag_pron:
                tpron = tpron or ev.tag_pron[qi]  # "said his wife": a woman, whoever she is
            if qi in ev.not_speaker:
                owner.add(ev.not_speaker[qi])
            called = ev.vocative.get(qi)
            if called is not None:
                voc.add(called)
            voc.update(a for a in q.addressees if a != q.speaker)
            if ad is None and q.addressees and q.addressees[0] in narrated:
                ad = q.addressees[0]
        for cid, (w, method) in tags.items():
            add(cid, w, method)
            if method == "anaphoric":
                anaph_at.append((len(emit), cid))
        is_stranger = not tags and any(qi in ev.stranger for qi in t.qids)
        stranger.append(is_stranger)
        orphan = None if is_stranger else ev.orphan.get(t.para)
        if not is_stranger:
            for cid, w in ev.beats.get(t.para, []):
                add(cid, w, "action-beat")
            for cid, w in ev.between.get(t.para, []):
                # a beat between two quotes leads the second one: it counts as a beat before a quote
                add(cid, w * (qs["beat_before"] - qs["beat_after"]), "action-beat")
        if orphan is not None:
            add(orphan, rw["orphan"], "action-beat")
        for cid in voc:
            if cid in narrated:
                add(cid, rw["vocative_self"], "vocative")
        for cid in owner:
            add(cid, rw["not_speaker"], "context")  # "said his wife": not him
        seen: set[str] = set()
        for para in range(max(prev_para + 1, t.para - 3), t.para + 1):
            for cid in ev.named.get(para, []):
                if cid not in seen and cid != speakers.narrator:
                    seen.add(cid)
                    add(cid, rw["named"], "context")
        prev_para = t.para
        evidence = evidence or bool(tags) or bool(ev.beats.get(t.para)) or ad is not None or orphan is not None
        for cid, w in e.items():
            if w > 0:
                total[cid] = total.get(cid, 0.0) + w
        if ad is not None:
            total[ad] = total.get(ad, 0.0) + rw["addressee"]
        emit.append(e)
        strong.append(best)
        addr.append(ad)
        pron.append(tpron)
    if not evidence:
        return  # nothing to go on: the context step may still guess
    # a pronoun the character stage resolved to someone nothing else puts in this conversation is weak evidence
    support = dict(total)
    for _k, cid in anaph_at:
        support[cid] = support.get(cid, 0.0) - rw["tag_anaphoric"]
    weak: set[tuple[int, str]] = set()
    for k, cid in anaph_at:
        if support[cid] < rw["support"]:
            weak.add((k, cid))
            emit[k][cid] += rw["anaphoric_weak"] - rw["tag_anaphoric"]
            if cid in total:
                total[cid] += rw["anaphoric_weak"] - rw["tag_anaphoric"]
    parts = sorted(total, key=lambda c: -total[c])[:rw["max_participants"]]
    if not parts:
        return
    if any(stranger):
        # "a voice said": a state of its own, so that the turns around it still alternate
        parts.append(_STRANGER)
        for k in range(n):
            emit[k][_STRANGER] = rw["stranger"] if stranger[k] else -rw["stranger"]
    # a pronoun tag rules out characters of the other gender
    for k in range(n):
        if pron[k] in ("male", "female"):
            for cid in parts:
                g = speakers.gender.get(cid, "unknown")
                if g in ("male", "female") and g != pron[k]:
                    emit[k][cid] = emit[k].get(cid, 0.0) + rw["wrong_gender"]
    m = len(parts)
    em = [[emit[k].get(c, 0.0) for c in parts] for k in range(n)]
    ad_ix = [parts.index(a) if a in parts else -1 for a in addr]
    scale = [1.0] + [1.0 if conv[k].para - conv[k - 1].para == 1 else rw["gap_scale"] for k in range(1, n)]

    # per turn k > 0 and speaker c: the score of c taking turn k after another speaker (alternation, and the
    # one spoken to answering) and after themselves; the one before last speaking again adds ``abab``
    alt = [[0.0] * m] + [
        [em[k][c] + rw["alternate"] * scale[k] + (rw["answer"] if ad_ix[k - 1] == c else 0.0) for c in range(m)]
        for k in range(1, n)
    ]
    same = [[0.0] * m] + [[em[k][c] + rw["same"] * scale[k] for c in range(m)] for k in range(1, n)]
    abab = [0.0] + [rw["abab"] * scale[k] for k in range(1, n)]
    neg = float("-inf")
    # the transition-and-emission score of each turn k > 0, T[k][a, b, c]: speaker c after b after a (a = m: no
    # turn before b), that is same[k][c] when c is b, else alt[k][c] plus abab[k] when c is a
    w = m + 1
    alt_a, same_a, abab_a = np.array(alt), np.array(same), np.array(abab)
    trans = np.broadcast_to(alt_a[:, None, None, :], (n, w, m, m)).copy()
    for a in range(m):
        trans[:, a, :, a] = (alt_a[:, a] + abab_a)[:, None]
    for b in range(m):
        trans[:, :, b, b] = same_a[:, b][:, None]
    # forward: alpha[k][a, b] = best score of turns 0..k with turn k-1 by a and turn k by b (a = m: no turn); each
    # sweep writes into one array, and the max-marginals of all turns are read at once (max and + are exact: the
    # same numbers as turn by turn)
    alpha = np.full((n, w, m), neg)
    alpha[0, m, :] = em[0]
    top = np.maximum.reduce  # ``.max()`` without its Python wrapper (once per turn)
    for k in range(1, n):
        alpha[k, :m, :] = top(alpha[k - 1][:, :, None] + trans[k], axis=0)
    # backward: beta[k][a, b] = best score of turns k+1.. given turns k-1, k by a, b
    beta = np.zeros((n, w, m))
    for k in range(n - 1, 0, -1):
        beta[k - 1] = top(trans[k] + beta[k, :m, :][None, :, :], axis=2)
    margs: list[list[float]] = (alpha + beta).max(axis=1).tolist()
    for k, t in enumerate(conv):
        marg = margs[k]
        order = sorted(range(m), key=lambda i: -marg[i])
        c = order[0]
        margin = marg[c] - marg[order[1]] if m > 1 else 4.0
        conf = round(min(0.97, 0.3 + 0.65 * (1.0 - math.exp(-margin / 4.0))), 3)
        cid = parts[c]
        if cid == _STRANGER:
            continue  # left without a speaker (and kept from the context step)
        w_, method = strong[k].get(cid, (0.0, "turn-taking"))
        if method == "context":
            method = "turn-taking"
        if method == "turn-taking" and k > 0 and addr[k - 1] == cid:
            method = "vocative"
        _assign_turn(quotes, t, cid, method, conf, ev, speakers, {c for kk, c in weak if kk == k})
        t.speaker = cid


def _assign_turn(
    quotes: list[Quote], t: _Turn, cid: str, method: str, conf: float, ev: _Evidence, speakers: _Speakers,
    weak: set[str],
) -> None:
    for qi in t.qids:
        q = quotes[qi]
        if q.speaker is not None and q.method in ("explicit", "descriptive", "continuation"):
            if q.speaker == cid:
                q.confidence = max(q.confidence, conf)
            continue
        if q.speaker is not None and q.method == "anaphoric":
            if q.speaker == cid:
                q.confidence = max(q.confidence, conf)
                continue
            p = ev.tag_pron.get(qi)
            g = speakers.gender.get(cid, "unknown")
            override = settings()["speaker_rules"]["anaphoric_override"]
            allowed = override == 2 or (override == 1 and q.speaker in weak)
            if not allowed or (p in ("male", "female") and g in ("male", "female") and g != p):
                continue
            _set(q, cid, "anaphoric", conf)  # the pronoun, read as the other participant
            continue
        if q.speaker == cid and q.method in ("paragraph", "action-beat"):
            q.confidence = max(q.confidence, conf)
            continue
        _set(q, cid, method if method in CONF else "turn-taking", conf)


