"""Features for the learned speaker and addressee scorers: one row per (turn, candidate) of a conversation.

Candidates of a conversation are the characters in reach: those its tags, action beats, orphan tag paragraphs,
vocatives and addressees name, those named in its narration or just before it, those salient in the scene, and
the first-person narrator when the narration is in the first person (one candidate among others). A
conversation with no candidate stays unattributed.

Speaker features (names in ``SPEAKER_FEATURES``) are the sieve's signals (which tag names the candidate and how,
action beats before or after the quote, an orphan tag paragraph), the speech-tag pronoun's gender against the
candidate's, vocatives (called in this turn, the turn before or the turn after), where and how recently the
candidate is named in narration, salience (in the work and in the scene), support from other turns, the
narrator; nine of them again relative to the turn's best other candidate (``rel_*``). Two transition features
(the same speaker again; the one before last again) are filled from the gold speakers in training and by the
decoder's states at run time.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ..document import Document
from ..model import Quote
from .antecedents import ANTECEDENT_FEATURES, Narration, antecedent_features
from .common import Attribution, _Evidence
from .conversation import _Turn
from .speakers import _Speakers
from .window import PARITY_FEATURES, WINDOW_FEATURES, WINDOW_TAGS, parity_features, window_features

# features also given relative to the best other candidate of the same turn (``fill_relative``): the trees score
# one candidate at a time and cannot otherwise see that someone else is named more recently or more salient
RELATIVE = ("recency", "salience", "scene_share", "support", "named_recent", "rules_share", "rules_recent",
            "no_evidence_recency", "rules_gap")
SPEAKER_FEATURES = (
    "tag_explicit", "tag_anaphoric", "tag_descriptive", "tag_continuation", "tag_other", "tag_other_anaphoric",
    "anaphoric_weak", "pron_match", "pron_mismatch", "beat", "beat_other", "orphan", "vocative_self",
    "addressed_prev", "called_next", "addressed_next", "named_para", "named_recent", "recency", "salience",
    "scene_share", "support", "is_narrator", "narrator_scene", "narrator_tagged_elsewhere", "lone",
    "lone_recency", "mentioned_in_quote", "sieve_paragraph", "sieve_beat", "context", "rank",
    "no_evidence_turn", "no_evidence_recency", "pron_nearest", "pron_only", "prev_tagged_other",
    "explicit_vocative_conflict", "addressed_self",
    "rules_pick", "rules_conf", "rules_pick_tag", "rules_prev", "rules_next", "rules_prev2",
    "pron_first_narrator", "pron_first_other", "named_first",
    "pron_last_subj", "pron_last_mention", "pron_same_gender", "pron_other_prev", "rules_addressed_prev",
    "two_party", "rules_gap", "rules_share", "pron_third_narrator",
    "after_narration", "first_turn", "rules_participants", "rules_spoke_before", "rules_recent",
    "win_prev_even", "win_prev_odd", "win_next_even", "win_next_odd", "win_third",
    *ANTECEDENT_FEATURES,
    *(f"rel_{f}" for f in RELATIVE),
    *PARITY_FEATURES,
)
TRANSITIONS = ("same", "abab", "abab_blocked", "same_gap")
ADDRESSEE_FEATURES = (
    "prev_speaker", "next_speaker", "vocative", "tag_addressee", "named_para", "recency", "scene_share",
    "two_party", "other_party", "is_narrator", "rank", "rules",
)
MAX_CANDIDATES = 8
N_STATIC_ADDRESSEE = 8  # the static addressee columns of ``ConversationFeatures.addressee``
_TAG_FEATURE = {"explicit": 0, "anaphoric": 1, "descriptive": 2, "continuation": 3}

FloatArray = npt.NDArray[np.float64]


@dataclass
class ConversationFeatures:
    """The feature arrays of one conversation.

    candidates: character ids; speaker: (turns, candidates, len(SPEAKER_FEATURES)); scale: (turns,) transition
    weight (1 for adjacent paragraphs, 0.5 across narration); addressee: (turns, candidates, static addressee
    features: vocative, tag_addressee, named_para, recency, scene_share, is_narrator, rank, rules).
    """

    turns: list[_Turn]
    candidates: list[str]
    speaker: FloatArray
    scale: FloatArray
    addressee: FloatArray
    methods: list[dict[str, str]] = field(default_factory=list)  # turn -> candidate -> strongest evidence
    # (turns, candidates): 1 when the turn before spoke to someone (in reach) other than this candidate
    blocked: FloatArray | None = None


class Context:
    """Per-work lookups the features read: where each character is named, salience, scene shares, narration
    person by scene."""

    def __init__(self, doc: Document, ev: _Evidence, speakers: _Speakers) -> None:
        self.doc = doc
        self.ev = ev
        self.speakers = speakers
        self.named_at: dict[str, list[int]] = defaultdict(list)
        for para in sorted(ev.named):
            for cid in ev.named[para]:
                self.named_at[cid].append(para)
        self.mentions = {c.id: c.mentions for c in doc.analysis.characters}
        self.quoted_names: dict[int, set[str]] = defaultdict(set)
        for m in doc.mentions:
            if m.in_quote and m.kind == "name" and m.character is not None:
                self.quoted_names[m.para].add(m.character)
        scene_counts: dict[int, Counter[str]] = defaultdict(Counter)
        first: Counter[int] = Counter()
        pron: Counter[int] = Counter()
        paras = doc.paragraphs
        for m in doc.mentions:
            if m.in_quote:
                continue
            sc = paras[m.para].scene if m.para < len(paras) else 0
            if m.character is not None:
                scene_counts[sc][m.character] += 1
            if m.kind == "pronoun":
                pron[sc] += 1
                if m.gender_hint == "first":
                    first[sc] += 1
        self.scene_counts = scene_counts
        # narration mentions of characters in text order: (start, character, is the subject)
        narr = sorted((m.start, m.character, m.role == "subj") for m in doc.mentions
                      if not m.in_quote and m.character is not None)
        self.narr_starts = [x[0] for x in narr]
        self.narr = narr
        self.narration = Narration.of([(m.start, m.character, m.para, m.role == "subj") for m in doc.mentions
                                       if not m.in_quote and m.character is not None])
        self.scene_first = {sc: first[sc] / pron[sc] for sc in pron if pron[sc]}
        total_first = sum(first.values())
        total_pron = sum(pron.values())
        self.first_person = total_pron > 0 and total_first / total_pron >= 0.15 and total_first >= 5

    def last_named(self, cid: str, para: int) -> int | None:
        ps = self.named_at.get(cid)
        if not ps:
            return None
        i = bisect.bisect_right(ps, para) - 1
        return ps[i] if i >= 0 else None

    def last_of(self, cids: set[str], before: int, subject: bool, reach: int = 40) -> str | None:
        """The character (of ``cids``) of the latest narration mention before offset ``before`` (a subject only,
        when ``subject``), looking back at most ``reach`` mentions."""
        i = bisect.bisect_left(self.narr_starts, before) - 1
        stop = max(-1, i - reach)
        while i > stop:
            _start, cid, subj = self.narr[i]
            if cid in cids and (subj or not subject):
                return cid
            i -= 1
        return None

    def recency(self, cid: str, para: int) -> float:
        last = self.last_named(cid, para)
        return 0.0 if last is None else math.exp(-(para - last) / 3.0)


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


def candidates(ctx: Context, quotes: list[Quote], conv: list[_Turn], narrator: str | None) -> list[str]:
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
    for para in range(max(0, first_para - 3), conv[-1].para + 1):
        for cid in ev.named.get(para, []):
            score[cid] += 0.5 if para >= first_para else 0.3
    scene = ctx.doc.paragraphs[first_para].scene
    sc = ctx.scene_counts.get(scene)
    if sc:
        tot = sum(sc.values())
        for cid, n in sc.most_common(4):
            score[cid] += 0.2 * n / tot
    score.pop("", None)
    ranked = sorted(score, key=lambda c: (-score[c], -(ctx.last_named(c, conv[-1].para) or -1), c))
    out = ranked[:MAX_CANDIDATES]
    if narrator is not None and narrator not in out:
        out = out[: MAX_CANDIDATES - 1] + [narrator]
    return out


_RULES_TAGS = ("explicit", "descriptive", "continuation", "anaphoric", "paragraph", "action-beat")


_RulesTurn = tuple[str | None, float, bool, str | None]


def _rules_turns(conv: list[_Turn], rules: list[Attribution] | None) -> list[_RulesTurn]:
    """Per turn, the hand-weighted decoder's answer: (speaker, confidence, from a tag or beat, addressee)."""
    out: list[_RulesTurn] = []
    for t in conv:
        a = None if rules is None else next((rules[qi] for qi in t.qids if rules[qi].speaker), None)
        if a is None:
            out.append((None, 0.0, False, None))
            continue
        ad = next((x for qi in t.qids if rules is not None for x in rules[qi].addressees), None)
        out.append((a.speaker, a.confidence, a.method in _RULES_TAGS, ad))
    return out


def conversation_features(
    ctx: Context, quotes: list[Quote], conv: list[_Turn], narrator: str | None,
    rules: list[Attribution] | None = None,
) -> ConversationFeatures:
    cands = candidates(ctx, quotes, conv, narrator)
    rt = _rules_turns(conv, rules)
    n, m = len(conv), len(cands)
    ix = {c: i for i, c in enumerate(cands)}
    fx = {name: i for i, name in enumerate(SPEAKER_FEATURES)}
    X = np.zeros((n, m, len(SPEAKER_FEATURES)))
    A = np.zeros((n, m, N_STATIC_ADDRESSEE))
    ev = ctx.ev
    gender = ctx.speakers.gender
    scene = ctx.doc.paragraphs[conv[0].para].scene
    sc = ctx.scene_counts.get(scene, Counter())
    sc_total = sum(sc.values()) or 1
    tags = [_turn_tags(quotes, t) for t in conv]
    called: list[set[str]] = []
    addressed: list[set[str]] = []
    for t in conv:
        v = {ev.vocative[qi] for qi in t.qids if qi in ev.vocative}
        called.append(v)
        addressed.append(v | {a for qi in t.qids for a in quotes[qi].addressees})
    support: Counter[str] = Counter()
    per_turn_support: list[set[str]] = []
    for k, t in enumerate(conv):
        s = {c for c, mth in tags[k].items() if mth != "anaphoric"}
        s |= {cid for cid, _w in ev.beats.get(t.para, [])}
        if ev.orphan.get(t.para):
            s.add(ev.orphan[t.para])
        per_turn_support.append(s)
        support.update(s)
    narrator_tag_turns = sum(1 for k in range(n) if narrator is not None and narrator in tags[k])
    two_party = 1.0 if len({r[0] for r in rt if r[0] is not None}) == 2 else 0.0
    rules_turns = Counter(r[0] for r in rt if r[0] is not None)
    last_spoke: dict[str, int] = {}  # the rules' latest turn of each candidate before the current one
    seen: set[str] = set()  # the rules' speakers of the turns before the current one
    turn_starts: dict[str, int] = {}  # the offset of the rules' latest turn of each candidate before this one
    methods: list[dict[str, str]] = []
    scale = np.ones(n)
    width = X.shape[2]
    for k, t in enumerate(conv):
        if k > 0 and t.para - conv[k - 1].para > 1:
            scale[k] = 0.5
        row = X[k]
        meth: dict[str, str] = {}
        tpron = next((ev.tag_pron[qi] for qi in t.qids if qi in ev.tag_pron), None)
        # the tag pronoun's nearest antecedent among the candidates: the latest named (or tagged) of its gender
        pron_nearest: str | None = None
        same_gender = [c for c in cands if gender.get(c, "unknown") == tpron] if tpron in ("male", "female") else []
        if same_gender:
            prev_tagged = tags[k - 1] if k > 0 else {}
            prev_para = conv[k - 1].para if k > 0 else -1
            last_at = {}
            for c in same_gender:
                last = ctx.last_named(c, t.para)
                last_at[c] = max(-1 if last is None else last, prev_para if c in prev_tagged else -1)
            pron_nearest = max(same_gender, key=lambda c: last_at[c])
        # the latest narration mention (and subject) of a candidate of the pronoun's gender before the turn's
        # first quote: "Bucky caught up with him. 'Slow,' he said." -> Bucky is the last subject, Steve the last
        before = min(quotes[qi].start for qi in t.qids)
        last_subj = ctx.last_of(set(same_gender), before, True) if same_gender else None
        last_mention = ctx.last_of(set(same_gender), before, False) if same_gender else None
        prev_rules = rt[k - 1][0] if k > 0 else None
        ante = antecedent_features(
            ctx.narration, same_gender, before, t.para, turn_starts, prev_rules, rt[k - 2][0] if k > 1 else None,
            addressed[k - 1] | {a for a in (rt[k - 1][3],) if a is not None} if k > 0 else set(),
            {ev.not_speaker[qi] for qi in t.qids if qi in ev.not_speaker},
        )
        named_list = ev.named.get(t.para, [])
        named_here = set(named_list)
        named_first = named_list[0] if named_list else None
        recent_named: Counter[str] = Counter()
        for para in range(max(0, t.para - 3), t.para):
            recent_named.update(ev.named.get(para, []))
        beats: dict[str, float] = defaultdict(float)
        for cid, w in ev.beats.get(t.para, []):
            beats[cid] += w
        orphan = ev.orphan.get(t.para)
        in_quote = ctx.quoted_names.get(t.para, set()) - called[k]
        sieve_par = {quotes[qi].speaker for qi in t.qids if quotes[qi].method == "paragraph"}
        sieve_beat = {quotes[qi].speaker for qi in t.qids if quotes[qi].method == "action-beat"}
        has_evidence = bool(tags[k]) or bool(beats) or orphan is not None
        # the context step: the last character named in narration before the turn who is not spoken to
        ctx_best: str | None = None
        best_last = -1
        for c in cands:
            last = ctx.last_named(c, t.para)
            if last is not None and t.para - last <= 4 and c not in addressed[k] and last > best_last:
                best_last, ctx_best = last, c
        for c, i in ix.items():
            # the row is filled as a list and written once: item by item into numpy costs several times more
            f = [0.0] * width
            mth = tags[k].get(c)
            if mth is not None:
                f[fx["tag_" + mth]] = 1.0
                meth[c] = mth
            others = [x for x, mm in tags[k].items() if x != c]
            if others:
                f[fx["tag_other"]] = 1.0
                if all(tags[k][x] == "anaphoric" for x in others):
                    f[fx["tag_other_anaphoric"]] = 1.0
            if mth == "anaphoric" and support[c] == 0:
                f[fx["anaphoric_weak"]] = 1.0
            g = gender.get(c, "unknown")
            if tpron in ("male", "female") and g in ("male", "female"):
                f[fx["pron_match" if g == tpron else "pron_mismatch"]] = 1.0
            if tpron == "first":
                f[fx["pron_first_narrator" if c == narrator else "pron_first_other"]] = 1.0
            elif tpron in ("male", "female") and c == narrator:
                f[fx["pron_third_narrator"]] = 1.0  # "he said" is not the first-person narrator's tag
            if named_first == c:
                f[fx["named_first"]] = 1.0
            if same_gender and c in same_gender:
                f[fx["pron_same_gender"]] = min(len(same_gender), 3) / 3.0
                if prev_rules is not None and prev_rules != c and prev_rules in same_gender:
                    f[fx["pron_other_prev"]] = 1.0
            if c == last_subj:
                f[fx["pron_last_subj"]] = 1.0
            if c == last_mention:
                f[fx["pron_last_mention"]] = 1.0
            for name, value in ante.get(c, {}).items():
                f[fx[name]] = value
            if k > 0 and rt[k - 1][3] == c:
                f[fx["rules_addressed_prev"]] = 1.0
            f[fx["two_party"]] = two_party
            if c in last_spoke:
                f[fx["rules_gap"]] = 1.0 / (k - last_spoke[c])
            f[fx["rules_share"]] = (rules_turns[c] - (1 if rt[k][0] == c else 0)) / max(1, n - 1)
            # where the turn stands in the conversation: after narration, first; who has spoken so far
            f[fx["after_narration"]] = 1.0 if k > 0 and scale[k] < 1 else 0.0
            f[fx["first_turn"]] = 1.0 if k == 0 else 0.0
            f[fx["rules_participants"]] = min(len(seen), 4) / 4.0
            f[fx["rules_spoke_before"]] = 1.0 if c in seen else 0.0
            f[fx["rules_recent"]] = sum(1 for j in range(max(0, k - 4), k) if rt[j][0] == c) / 4.0
            if c == pron_nearest:
                f[fx["pron_nearest"]] = 1.0
                if len(same_gender) == 1:
                    f[fx["pron_only"]] = 1.0
            if k > 0 and tags[k - 1] and c not in tags[k - 1] and not tags[k]:
                f[fx["prev_tagged_other"]] = 1.0
            if mth in ("explicit", "descriptive") and c in called[k]:
                f[fx["explicit_vocative_conflict"]] = 1.0
            if beats.get(c):
                f[fx["beat"]] = min(beats[c], 3.0)
                meth.setdefault(c, "action-beat")
            if any(x != c for x in beats):
                f[fx["beat_other"]] = 1.0
            if orphan == c:
                f[fx["orphan"]] = 1.0
                meth.setdefault(c, "action-beat")
            if c in called[k]:
                f[fx["vocative_self"]] = 1.0
            if c in addressed[k]:
                f[fx["addressed_self"]] = 1.0
            if k > 0 and c in addressed[k - 1]:
                f[fx["addressed_prev"]] = 1.0
                meth.setdefault(c, "vocative")
            if k + 1 < n and c in called[k + 1]:
                f[fx["called_next"]] = 1.0
            if k + 1 < n and c in addressed[k + 1]:
                f[fx["addressed_next"]] = 1.0
            if c in named_here:
                f[fx["named_para"]] = 1.0
            f[fx["named_recent"]] = min(recent_named[c], 3) / 3.0
            rec = ctx.recency(c, t.para)
            f[fx["recency"]] = rec
            f[fx["salience"]] = math.log1p(ctx.mentions.get(c, 0)) / 5.0
            f[fx["scene_share"]] = sc[c] / sc_total
            f[fx["support"]] = math.log1p(support[c] - (1 if c in per_turn_support[k] else 0))
            if c == narrator:
                f[fx["is_narrator"]] = 1.0
                f[fx["narrator_scene"]] = ctx.scene_first.get(scene, 0.0)
                f[fx["narrator_tagged_elsewhere"]] = 1.0 if narrator_tag_turns - (1 if c in tags[k] else 0) else 0.0
            if n == 1:
                f[fx["lone"]] = 1.0
                f[fx["lone_recency"]] = rec
            if c in in_quote:
                f[fx["mentioned_in_quote"]] = 1.0
            if c in sieve_par:
                f[fx["sieve_paragraph"]] = 1.0
            if c in sieve_beat:
                f[fx["sieve_beat"]] = 1.0
            if c == ctx_best:
                f[fx["context"]] = 1.0
            f[fx["rank"]] = 1.0 / (1 + i)
            if not has_evidence:
                f[fx["no_evidence_turn"]] = 1.0
                f[fx["no_evidence_recency"]] = rec
            A[k, i] = (
                1.0 if c in called[k] else 0.0,
                1.0 if any(c in quotes[qi].addressees for qi in t.qids) else 0.0,
                1.0 if c in named_here else 0.0,
                rec,
                sc[c] / sc_total,
                1.0 if c == narrator else 0.0,
                1.0 / (1 + i),
                1.0 if rt[k][3] == c else 0.0,
            )
            if rt[k][0] == c:
                f[fx["rules_pick"]] = 1.0
                f[fx["rules_conf"]] = rt[k][1]
                f[fx["rules_pick_tag"]] = 1.0 if rt[k][2] else 0.0
            if k > 0 and rt[k - 1][0] == c:
                f[fx["rules_prev"]] = 1.0
            if k > 1 and rt[k - 2][0] == c:
                f[fx["rules_prev2"]] = 1.0
            if k + 1 < n and rt[k + 1][0] == c:
                f[fx["rules_next"]] = 1.0
            row[i] = f
        methods.append(meth)
        spoke = rt[k][0]
        if spoke is not None:
            last_spoke[spoke] = k
            turn_starts[spoke] = before
            seen.add(spoke)
    blocked = np.zeros((n, m))
    for k in range(1, n):
        spoken_to = [ix[c] for c in addressed[k - 1] if c in ix]
        if spoken_to:
            blocked[k, :] = 1.0
            blocked[k, spoken_to] = 0.0
    fill_window(X)
    fill_relative(X)
    return ConversationFeatures(conv, cands, X, scale, A, methods, blocked)


def fill_window(X: FloatArray) -> None:
    """Fill the turn-taking window columns of ``X`` (turns, candidates, SPEAKER_FEATURES) in place from the
    tags each turn's own quotes carry (``window.window_features``)."""
    tag = X[:, :, [SPEAKER_FEATURES.index(f) for f in WINDOW_TAGS]].sum(axis=2)
    X[:, :, [SPEAKER_FEATURES.index(f) for f in WINDOW_FEATURES]] = window_features(tag)
    X[:, :, [SPEAKER_FEATURES.index(f) for f in PARITY_FEATURES]] = parity_features(tag)


def fill_relative(X: FloatArray) -> None:
    """Fill the ``rel_*`` columns of ``X`` (turns, candidates, SPEAKER_FEATURES) in place: each ``RELATIVE``
    feature minus its highest value among the turn's other candidates (0 with one candidate)."""
    n, m, _ = X.shape
    if n == 0 or m < 2:
        return
    src = X[:, :, [SPEAKER_FEATURES.index(f) for f in RELATIVE]]  # (n, m, r)
    order = np.sort(src, axis=1)
    top, second = order[:, -1:, :], order[:, -2:-1, :]
    best_other = np.where(src >= top, second, top)
    X[:, :, [SPEAKER_FEATURES.index(f"rel_{f}") for f in RELATIVE]] = src - best_other


def transition_features(
    seq: list[int | None], k: int, m: int, scale: float, blocked: FloatArray | None = None
) -> FloatArray:
    """(m, len(TRANSITIONS)): the transition features of each candidate at turn ``k`` given the speakers before
    (training)."""
    out = np.zeros((m, len(TRANSITIONS)))
    b = seq[k - 1] if k >= 1 else None
    a = seq[k - 2] if k >= 2 else None
    if b is not None:
        out[b, 0] = scale
        if scale < 1.0:
            out[b, 3] = 1.0
    if a is not None and a != b:
        out[a, 1] = scale
        if blocked is not None:
            out[a, 2] = scale * blocked[k, a]
    return out
