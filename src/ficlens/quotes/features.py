"""Features for the learned speaker and addressee scorers: one row per (turn, candidate) of a conversation.

Candidates of a conversation are the characters in reach (``candidates.py``). A conversation with no candidate
stays unattributed.

Speaker features (names in ``SPEAKER_FEATURES``) are the sieve's signals (which tag names the candidate and how,
action beats before or after the quote, an orphan tag paragraph), the speech-tag pronoun's gender against the
candidate's, vocatives (called in this turn, the turn before or the turn after), where and how recently the
candidate is named in narration, salience (in the work and in the scene), support from other turns, the
narrator, the forms of address inside the turn's quotes and its neighbours' ("sir", "my dear girl":
``address_terms.py``) against the candidate's gender, the candidate's share of the tagged uses of the turn's
forms of address and names (``idiolect.py``), its rank among the tagged speakers before and after the turn
(``exchange.py``), the verb class of the narration subject beside the turn (``beat_verbs.py``); ten of them
again relative to the turn's best other candidate
(``rel_*``). Two transition features (the same speaker again; the one before last again) are filled
from the gold speakers in training and by the decoder's states at run time.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import numpy.typing as npt

from ..model import Quote
from ..settings import settings
from .address_terms import ADDRESS_FEATURES, address_columns, turn_address_gender
from .antecedents import ANTECEDENT_FEATURES, antecedent_features
from .beat_verbs import BEAT_VERB_FEATURES, BeatVerbs
from .candidates import _turn_tags, candidates
from .common import Attribution
from .context import Context
from .conversation import _Turn, narration_between
from .exchange import EXCHANGE_FEATURES, exchange_features
from .idiolect import IDIOLECT_FEATURES, Idiolect
from .window import PARITY_FEATURES, WINDOW_FEATURES, WINDOW_TAGS, parity_features, window_features

# features also given relative to the best other candidate of the same turn (``fill_relative``): the trees score
# one candidate at a time and cannot otherwise see that someone else is named more recently or more salient
RELATIVE = ("recency", "salience", "scene_share", "support", "named_recent", "rules_share", "rules_recent",
            "no_evidence_recency", "rules_gap", "form_share", "style")
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
    "pron_last_subj", "pron_last_mention", "pron_same_gender", "pron_other_prev",
    "two_party", "rules_gap", "rules_share", "pron_third_narrator",
    "after_narration", "first_turn", "rules_participants", "rules_spoke_before", "rules_recent",
    "win_prev_even", "win_prev_odd", "win_next_even", "win_next_odd", "win_third",
    *ANTECEDENT_FEATURES,
    *(f"rel_{f}" for f in RELATIVE),
    *PARITY_FEATURES,
    *ADDRESS_FEATURES,
    *IDIOLECT_FEATURES,
    *EXCHANGE_FEATURES,
    *BEAT_VERB_FEATURES,
)
TRANSITIONS = ("same", "abab", "abab_blocked", "same_gap")
ADDRESSEE_FEATURES = (
    "prev_speaker", "next_speaker", "vocative", "tag_addressee", "named_para", "recency", "scene_share",
    "two_party", "other_party", "is_narrator", "rank", "rules",
)
N_STATIC_ADDRESSEE = 8  # the static addressee columns of ``ConversationFeatures.addressee``

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
    cands = candidates(ctx, quotes, conv, narrator, rules)
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
    gap_words = settings()["quotes"]["narration_gap_words"]
    called: list[set[str]] = []
    addressed: list[set[str]] = []
    for t in conv:
        v = {ev.vocative[qi] for qi in t.qids if qi in ev.vocative}
        called.append(v)
        addressed.append(v | {a for qi in t.qids for a in quotes[qi].addressees})
    # the gender each turn's forms of address ("sir", "my dear girl") speak to
    addr_gender = [turn_address_gender([quotes[qi].text for qi in t.qids]) for t in conv]
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
    # the features are built column by column, not row by row (a test of every feature for every candidate, and
    # whole rows of Python floats copied into numpy, cost most of the attribution's time): the values every
    # candidate of a turn shares, one per turn; each candidate's dense values, one list per column; the sparse
    # ones by walking the few characters each signal names, as (flat index, value) pairs; all written into ``X``
    # once at the end
    salience = [math.log1p(ctx.mentions.get(c, 0)) / 5.0 for c in cands]
    share = [sc[c] / sc_total for c in cands]
    rank = [1.0 / (1 + i) for i in range(m)]
    denom = max(1, n - 1)
    after_narration: list[float] = []
    participants: list[float] = []
    no_evidence: list[bool] = []
    recency: list[float] = []  # (turn, candidate) in order, as are the two below
    support_col: list[float] = []
    rules_share: list[float] = []
    sparse_at: list[int] = []  # the sparse values: flat indices into ``X`` and their values
    sparse_values: list[float] = []
    addressee_rows: list[list[list[float]]] = []
    for k, t in enumerate(conv):
        # a narration paragraph between two turns, or enough narration around two adjacent lines: the same
        # speaker may go on (the transitions fade, ``same_gap`` applies)
        if k > 0 and (
            t.para - conv[k - 1].para > 1 or narration_between(ctx.doc, quotes, conv[k - 1], t) >= gap_words
        ):
            scale[k] = 0.5
        meth: dict[str, str] = {}
        tk = tags[k]
        rk = rt[k]
        # each candidate's latest paragraph named, up to this turn's (several features read it)
        last_at_para = [ctx.last_named(c, t.para) for c in cands]
        tpron = next((ev.tag_pron[qi] for qi in t.qids if qi in ev.tag_pron), None)
        # the tag pronoun's nearest antecedent among the candidates: the latest named (or tagged) of its gender
        pron_nearest: str | None = None
        same_gender = [c for c in cands if gender.get(c, "unknown") == tpron] if tpron in ("male", "female") else []
        if same_gender:
            prev_tagged = tags[k - 1] if k > 0 else {}
            prev_para = conv[k - 1].para if k > 0 else -1
            last_at = {}
            for c in same_gender:
                last = last_at_para[ix[c]]
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
        told = {a for qi in t.qids for a in quotes[qi].addressees}  # those the turn's quotes are spoken to
        has_evidence = bool(tk) or bool(beats) or orphan is not None
        # the context step: the last character named in narration before the turn who is not spoken to
        ctx_best: str | None = None
        best_last = -1
        for i, c in enumerate(cands):
            last = last_at_para[i]
            if last is not None and t.para - last <= 4 and c not in addressed[k] and last > best_last:
                best_last, ctx_best = last, c

        # the values all candidates of the turn share: where the turn stands in the conversation (after
        # narration; who has spoken so far), whether it has evidence of its own
        after_narration.append(1.0 if k > 0 and scale[k] < 1 else 0.0)
        participants.append(min(len(seen), 4) / 4.0)
        no_evidence.append(not has_evidence)

        # the dense values, candidate by candidate, and the static addressee columns
        arows: list[list[float]] = []
        own_support = per_turn_support[k]
        for i, c in enumerate(cands):
            last = last_at_para[i]
            rec = 0.0 if last is None else math.exp(-(t.para - last) / 3.0)  # ``Context.recency``
            recency.append(rec)
            support_col.append(math.log1p(support[c] - (1 if c in own_support else 0)))
            rules_share.append((rules_turns[c] - (1 if rk[0] == c else 0)) / denom)
            arows.append([
                1.0 if c in called[k] else 0.0,
                1.0 if c in told else 0.0,
                1.0 if c in named_here else 0.0,
                rec,
                share[i],
                1.0 if c == narrator else 0.0,
                rank[i],
                1.0 if rk[3] == c else 0.0,
            ])

        addressee_rows.append(arows)
        put = partial(_put, sparse_at, sparse_values, ix, fx, k * m * width, width)
        # the turn's own tags; another's tag; a pronoun tag's gender against the candidate's
        for c, mth in tk.items():
            put(c, "tag_" + mth)
            if c in ix:
                meth[c] = mth
            if mth == "anaphoric" and support[c] == 0:
                put(c, "anaphoric_weak")
        if tk:
            n_ana = sum(1 for v in tk.values() if v == "anaphoric")
            for c in cands:
                own = tk.get(c)
                n_others = len(tk) - (own is not None)
                if n_others:
                    put(c, "tag_other")
                    if n_ana - (own == "anaphoric") == n_others:
                        put(c, "tag_other_anaphoric")
        if tpron in ("male", "female"):
            for c in cands:
                g = gender.get(c, "unknown")
                if g in ("male", "female"):
                    put(c, "pron_match" if g == tpron else "pron_mismatch")
            put(narrator, "pron_third_narrator")  # "he said" is not the first-person narrator's tag
        elif tpron == "first":
            for c in cands:
                put(c, "pron_first_narrator" if c == narrator else "pron_first_other")
        put(named_first, "named_first")
        if same_gender:
            share_same = min(len(same_gender), 3) / 3.0
            for c in same_gender:
                put(c, "pron_same_gender", share_same)
                if prev_rules is not None and prev_rules != c and prev_rules in same_gender:
                    put(c, "pron_other_prev")
        put(last_subj, "pron_last_subj")
        put(last_mention, "pron_last_mention")
        for c, values in ante.items():
            for name, value in values.items():
                put(c, name, value)
        for c, j in last_spoke.items():
            put(c, "rules_gap", 1.0 / (k - j))
        for c in seen:
            put(c, "rules_spoke_before")
        for who, count in Counter(rt[j][0] for j in range(max(0, k - 4), k)).items():
            put(who, "rules_recent", count / 4.0)
        if pron_nearest is not None:
            put(pron_nearest, "pron_nearest")
            if len(same_gender) == 1:
                put(pron_nearest, "pron_only")
        if k > 0 and tags[k - 1] and not tk:
            for c in cands:
                if c not in tags[k - 1]:
                    put(c, "prev_tagged_other")
        for c in called[k]:
            if tk.get(c) in ("explicit", "descriptive"):
                put(c, "explicit_vocative_conflict")
        # action beats, an orphan tag paragraph, vocatives (the method's precedence: tag, beat, orphan, vocative)
        for c, w in beats.items():
            if w:
                put(c, "beat", min(w, 3.0))
                if c in ix:
                    meth.setdefault(c, "action-beat")
        if beats:
            for c in cands:
                if len(beats) - (c in beats) > 0:
                    put(c, "beat_other")
        if orphan is not None and orphan in ix:
            put(orphan, "orphan")
            meth.setdefault(orphan, "action-beat")
        for c in called[k]:
            put(c, "vocative_self")
        for c in addressed[k]:
            put(c, "addressed_self")
        if k > 0:
            for c in addressed[k - 1]:
                put(c, "addressed_prev")
                if c in ix:
                    meth.setdefault(c, "vocative")
        if k + 1 < n:
            for c in called[k + 1]:
                put(c, "called_next")
            for c in addressed[k + 1]:
                put(c, "addressed_next")
        for c in named_here:
            put(c, "named_para")
        for c, count in recent_named.items():
            put(c, "named_recent", min(count, 3) / 3.0)
        if narrator is not None and narrator in ix:
            put(narrator, "is_narrator")
            put(narrator, "narrator_scene", ctx.scene_first.get(scene, 0.0))
            put(narrator, "narrator_tagged_elsewhere",
                1.0 if narrator_tag_turns - (1 if narrator in tk else 0) else 0.0)
        for c in in_quote:
            put(c, "mentioned_in_quote")
        for who in sieve_par:
            put(who, "sieve_paragraph")
        for who in sieve_beat:
            put(who, "sieve_beat")
        put(ctx_best, "context")
        # the hand-weighted decoder's answers for this turn and its neighbours
        if rk[0] is not None and rk[0] in ix:
            put(rk[0], "rules_pick")
            put(rk[0], "rules_conf", rk[1])
            put(rk[0], "rules_pick_tag", 1.0 if rk[2] else 0.0)
        if k > 0:
            put(rt[k - 1][0], "rules_prev")
        if k > 1:
            put(rt[k - 2][0], "rules_prev2")
        if k + 1 < n:
            put(rt[k + 1][0], "rules_next")
        methods.append(meth)
        spoke = rk[0]
        if spoke is not None:
            last_spoke[spoke] = k
            turn_starts[spoke] = before
            seen.add(spoke)
    if n and m:
        rec_tm = np.array(recency).reshape(n, m)
        no_ev = np.array(no_evidence)
        X[:, :, fx["two_party"]] = two_party
        X[:, :, fx["after_narration"]] = np.array(after_narration)[:, None]
        X[0, :, fx["first_turn"]] = 1.0
        X[:, :, fx["rules_participants"]] = np.array(participants)[:, None]
        X[no_ev, :, fx["no_evidence_turn"]] = 1.0
        X[:, :, fx["recency"]] = rec_tm
        X[:, :, fx["salience"]] = salience
        X[:, :, fx["scene_share"]] = share
        X[:, :, fx["support"]] = np.array(support_col).reshape(n, m)
        X[:, :, fx["rules_share"]] = np.array(rules_share).reshape(n, m)
        X[:, :, fx["rank"]] = rank
        if n == 1:
            X[:, :, fx["lone"]] = 1.0
            X[:, :, fx["lone_recency"]] = rec_tm
        X[no_ev, :, fx["no_evidence_recency"]] = rec_tm[no_ev]
        np.put(X, sparse_at, sparse_values)
        if any(addr_gender):
            X[:, :, [fx[name] for name in ADDRESS_FEATURES]] = address_columns(
                addr_gender, [gender.get(c, "unknown") for c in cands])
        A[:] = addressee_rows
        if ctx.idiolect is None:  # who talks how, counted once per work
            ctx.idiolect = Idiolect(ctx.doc, quotes, rules)
        X[:, :, [fx[name] for name in IDIOLECT_FEATURES]] = ctx.idiolect.columns([t.qids for t in conv], cands)
        if ctx.beat_verbs is None:  # whose the narration beside a turn is, read once per work
            ctx.beat_verbs = BeatVerbs(ctx.doc)
        X[:, :, [fx[name] for name in BEAT_VERB_FEATURES]] = ctx.beat_verbs.columns(
            [(t.para, quotes[t.qids[0]].start) for t in conv], cands)
    blocked = np.zeros((n, m))
    for k in range(1, n):
        spoken_to = [ix[c] for c in addressed[k - 1] if c in ix]
        if spoken_to:
            blocked[k, :] = 1.0
            blocked[k, spoken_to] = 0.0
    fill_window(X)
    fill_relative(X)
    return ConversationFeatures(conv, cands, X, scale, A, methods, blocked)


def _put(
    at: list[int], values: list[float], ix: dict[str, int], fx: dict[str, int], base: int, width: int,
    cid: str | None, name: str, value: float = 1.0,
) -> None:
    """Record feature ``name`` of candidate ``cid`` in a turn whose rows start at flat index ``base`` of the
    conversation's features (nothing for someone not a candidate)."""
    i = ix.get(cid) if cid is not None else None
    if i is not None:
        at.append(base + i * width + fx[name])
        values.append(value)


def fill_window(X: FloatArray) -> None:
    """Fill the turn-taking window columns of ``X`` (turns, candidates, SPEAKER_FEATURES) in place from the
    tags each turn's own quotes carry (``window.window_features``, ``window.parity_features``,
    ``exchange.exchange_features``)."""
    tag = X[:, :, [SPEAKER_FEATURES.index(f) for f in WINDOW_TAGS]].sum(axis=2)
    X[:, :, [SPEAKER_FEATURES.index(f) for f in WINDOW_FEATURES]] = window_features(tag)
    X[:, :, [SPEAKER_FEATURES.index(f) for f in PARITY_FEATURES]] = parity_features(tag)
    X[:, :, [SPEAKER_FEATURES.index(f) for f in EXCHANGE_FEATURES]] = exchange_features(tag)


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
