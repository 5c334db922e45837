"""Training the speaker and addressee scorers (needs the optional ``train`` extra: scikit-learn, LightGBM).

ficlens runs end to end on each training text with a ``Collector`` in place of the model; every conversation's
features are labelled from the gold annotation: a candidate is the speaker when its names share one with the
gold speaker's (PDNC aliases), or when it maps to the gold speaker entity (LitBank, by mentions); the
first-person narrator candidate is the speaker of the PDNC quotations tagged "I said". Speaker rows carry the
transition features filled from the gold sequence (the decoder fills them from its states at run time). A
logistic regression (L2, seeded, deterministic solver) gives the weights; an isotonic curve fitted on held-out
second-pass posteriors (``CALIBRATION_FOLDS``) calibrates confidence. The labels: ``labels.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ..errors import DataError, Errors
from .addressees import addressee_features
from .decoder import decode
from .features import (
    ADDRESSEE_FEATURES,
    SPEAKER_FEATURES,
    TRANSITIONS,
    FloatArray,
    transition_features,
)
from .labels import Labelled, TextData, gold_sequence, pdnc_data
from .learned import Record
from .model import SpeakerModel, Trees
from .stacking import stack_features

if TYPE_CHECKING:
    from ..eval.pdnc_data import PdncNovel
    from ..pipeline import Analyzer

SEED = 13
IntArray = npt.NDArray[np.int64]
_C = 1.0


def _sklearn() -> Any:
    try:
        from sklearn.isotonic import IsotonicRegression
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise DataError(Errors.E202.format(reason=exc)) from None
    return LogisticRegression, IsotonicRegression


# the linear score's share of the emission next to the trees': the trees alone rank PDNC turns a little better
# (0.709 against 0.707 and 0.692 linear alone, leave-one-out on three novels), but they flatten textbook
# evidence the linear score keeps (the one called by name answering)
LINEAR_SHARE = 0.3

# evidence that can only count for a candidate (+1) or against (-1), whatever else holds: the trees may not
# learn a reversal of it from a quirk of the training novels
MONOTONE = {
    "s_post": 1, "s_local": 1,
    "tag_explicit": 1, "tag_anaphoric": 1, "tag_descriptive": 1, "tag_continuation": 1, "pron_match": 1,
    "orphan": 1, "addressed_prev": 1, "called_next": 1, "sieve_beat": 1, "rules_pick": 1, "rules_conf": 1,
    "pron_only": 1, "pron_first_narrator": 1,
    "tag_other": -1, "pron_mismatch": -1, "vocative_self": -1, "mentioned_in_quote": -1,
    "explicit_vocative_conflict": -1, "pron_first_other": -1, "pron_third_narrator": -1,
}


def fit_trees(X: FloatArray, y: FloatArray, groups: IntArray, seed: int,
              names: list[str] | None = None) -> Trees | None:
    """Gradient-boosted trees over the emission features, trained under a softmax over each turn's candidates
    (``groups``: each turn's row count, in row order; ``boosting.fit_softmax_trees``)."""
    from .boosting import fit_softmax_trees

    return fit_softmax_trees(X, y, groups, seed, list(names or SPEAKER_FEATURES), MONOTONE)


def rows(data: list[TextData], speaker: bool = True,
         addressee: bool = True) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Speaker rows (features + transitions) and labels; addressee rows and labels (each when asked)."""
    xs: list[FloatArray] = []
    ys: list[FloatArray] = []
    axs: list[FloatArray] = []
    ays: list[FloatArray] = []
    nf = len(SPEAKER_FEATURES)
    for td in data:
        for lab in td.convs:
            f = lab.record.features
            m = len(f.candidates)
            if m == 0:
                continue
            seq = gold_sequence(lab)
            for k, t in enumerate(lab.speaker):
                if t is None or not any(t):
                    continue
                nf = f.speaker.shape[-1]
                if speaker:
                    tr = transition_features(seq, k, m, float(f.scale[k]), f.blocked)
                    xs.append(np.hstack([f.speaker[k], tr]))
                    ys.append(np.array(t, dtype=float))
                a = lab.addressee[k]
                if addressee and a is not None and any(a) and m > 1:
                    A = addressee_features(f.addressee, seq, k)
                    keep = [i for i in range(m) if i != seq[k]]
                    axs.append(A[keep])
                    ays.append(np.array([a[i] for i in keep], dtype=float))
    na = len(ADDRESSEE_FEATURES)
    return (
        np.vstack(xs) if xs else np.zeros((0, nf + len(TRANSITIONS))), np.concatenate(ys) if ys else np.zeros(0),
        np.vstack(axs) if axs else np.zeros((0, na)), np.concatenate(ays) if ays else np.zeros(0),
    )


def turn_sizes(data: list[TextData]) -> IntArray:
    """Each speaker row group's size (a labelled turn's candidates), in the order ``rows`` stacks them."""
    out = [len(lab.record.features.candidates) for td in data for lab in td.convs
           if lab.record.features.candidates for t in lab.speaker if t is not None and any(t)]
    return np.array(out, dtype=np.int64)


def _fit_lr(X: FloatArray, y: FloatArray, seed: int) -> tuple[FloatArray, float]:
    LogisticRegression, _ = _sklearn()
    if len(set(y.tolist())) < 2:
        return np.zeros(X.shape[1]), 0.0
    lr = LogisticRegression(C=_C, max_iter=5000, solver="lbfgs", random_state=seed)
    lr.fit(X, y)
    return np.asarray(lr.coef_[0], dtype=float), float(lr.intercept_[0])


# the linear score's objective: "binary" (a logistic regression one (turn, candidate) row at a time) or "softmax"
# (a conditional logit over each turn's candidates, as the trees). Cached features, leave one novel out: the
# conditional logit helped one pass (0.8213 -> 0.8231) but not the two (AHandfulOfDust, AnneOfGreenGables and
# HardTimes all lower, -0.1 to -0.8 points), so the shipped model keeps the regression
LINEAR_OBJECTIVE = "binary"


def _fit_clogit(X: FloatArray, y: FloatArray, groups: IntArray) -> FloatArray:
    """Weights of a conditional logit: a softmax over each turn's rows (``groups``: the row counts in order)
    against its labels (normalised per turn), L2-penalised as the regression (1 / ``_C``); no intercept (one
    would cancel within each turn)."""
    from scipy.optimize import minimize

    g = np.asarray(groups, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(g)[:-1]]).astype(np.intp)
    gid = np.repeat(np.arange(len(g)), g)
    truth = y / np.maximum(np.add.reduceat(y, starts)[gid], 1e-12)

    def loss(w: FloatArray) -> tuple[float, FloatArray]:
        s = X @ w
        s = s - np.maximum.reduceat(s, starts)[gid]
        e = np.exp(s)
        z = np.add.reduceat(e, starts)
        logp = s - np.log(z)[gid]
        grad = X.T @ (np.exp(logp) - truth) + w / _C
        return float(-(truth * logp).sum() + 0.5 * w @ w / _C), grad

    res = minimize(loss, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 5000})
    return np.asarray(res.x, dtype=float)


def fit(data: list[TextData], seed: int = SEED, meta: dict[str, Any] | None = None,
        trees: bool = True, stack: int | None = None) -> SpeakerModel:
    """The speaker model for ``data``: a logistic regression over the emission and transition features (its
    transition and return weights are kept), gradient-boosted trees over the emission features (``trees``; else
    the regression's weights score the candidates), the transitions tuned by decoding; with ``stack`` folds (the
    default ``STACK_FOLDS``; 0: one pass) a second pass over the first pass's posteriors; a calibration curve."""
    from threadpoolctl import threadpool_limits

    # one thread for BLAS and OpenMP throughout: the same sums in the same order, so the same model byte for byte
    # whatever the machine or its environment (OMP_NUM_THREADS) says
    with threadpool_limits(limits=1):
        return _fit(data, seed, meta, trees, STACK_FOLDS if stack is None else stack)


def _fit(data: list[TextData], seed: int, meta: dict[str, Any] | None, trees: bool, stack: int) -> SpeakerModel:
    model = _fit_pass(data, seed, trees)
    _, _, AX, ay = rows(data, speaker=False)
    model.addressee, model.addressee_bias = _fit_lr(AX, ay, seed)
    model.meta = dict(meta or {})
    last, last_data = model, data
    if stack > 1 and len(data) > 1:
        last_data = stacked_data(data, seed, trees, stack, model.transitions)
        model.second = last = _fit_pass(last_data, seed, trees, stacked=True)
        for _ in range(PASSES - 2):
            # each further pass reads the pass before's posteriors, cross-fitted the same way
            last_data = restacked_data(last_data, data, seed, trees, stack, last.transitions)
            last.second = _fit_pass(last_data, seed, trees, stacked=True)
            last = last.second
        # the confidence is calibrated on held-out second-pass posteriors: each group's from a second pass fitted
        # on the other groups (the second pass's posteriors on its own training turns are too sure)
        cx, cy = isotonic_curve(held_out_posteriors(last, last_data, seed, trees, max(stack, CALIBRATION_FOLDS)))
    else:
        cx, cy = calibration_curve(last, last_data)
    model.cal_x, model.cal_y = cx, cy
    return model


def _fit_pass(data: list[TextData], seed: int, trees: bool, stacked: bool = False,
              transitions: tuple[float, float, float, float] | None = None) -> SpeakerModel:
    """One pass's emission scorer (the regression, the trees) and its transitions tuned by decoding (or the
    ``transitions`` given: same, abab, abab_blocked, same_gap)."""
    X, y, _, _ = rows(data, addressee=False)
    if LINEAR_OBJECTIVE == "softmax" and len(set(y.tolist())) > 1:
        w = _fit_clogit(X, y, turn_sizes(data))
    else:
        w, _b = _fit_lr(X, y, seed)
    nf = X.shape[1] - len(TRANSITIONS)
    model = SpeakerModel(speaker=w[:nf], same=float(w[nf]), abab=float(w[nf + 1]),
                         addressee=np.zeros(len(ADDRESSEE_FEATURES)), abab_blocked=float(w[nf + 2]), stacked=stacked,
                         same_gap=float(w[nf + 3]))
    if trees:
        model.trees = fit_trees(X[:, :nf], y, turn_sizes(data), seed, list(model.names))
        model.linear_share = LINEAR_SHARE
    if transitions is not None:
        model.same, model.abab, model.abab_blocked, model.same_gap = transitions
    else:
        grid = (_STACKED_SAME_GRID, _STACKED_ABAB_GRID) if stacked else (_SAME_GRID, _ABAB_GRID)
        model.same, model.abab, model.abab_blocked, model.same_gap = tune_transitions(model, data, *grid)
    return model


# the passes of the model: the first over the features, each next one over them and the posteriors of the pass
# before (``stacking.STACK_FEATURES``). Three, each of two bagged ensembles (``boosting.BAGS``): as many trees
# as two passes of three, so attribution costs what it did. Fast loop (docs/speakers.md, twenty-seventh session):
# two passes 0.8481; three 0.8496 (three bags), 0.8491 (two), 0.8480 (one); four of two bags 0.8481
PASSES = 3
# the second pass is trained on first-pass posteriors each text gets from a first pass fitted without it
# (cross-fitting over this many groups of texts), so that it learns from inputs as good as those at run time
STACK_FOLDS = 3
# the confidence's calibration curve is fitted on second-pass posteriors held out over this many groups of texts:
# with three, each held-out second pass saw a third fewer texts than the model it calibrates and was less sure
# than it (leave one novel out, the band below 0.5 under-confident in seven runs of eight, once by 5.4 points:
# 2.2 with seven groups on that code, 4.3 either way on another; docs/speakers.md, twenty-third session)
CALIBRATION_FOLDS = 7


def stacked_data(data: list[TextData], seed: int, trees: bool, folds: int,
                 transitions: tuple[float, float, float, float] | None = None) -> list[TextData]:
    """``data`` with each conversation's features extended by ``stack_features`` of a first pass fitted on the
    other groups of texts (texts in name order, dealt into ``folds`` groups); ``transitions``: those of the first
    pass fitted on all texts (each group's first pass then skips tuning its own)."""
    return _cross_fitted(data, data, seed, trees, folds, transitions, stacked=False)


def restacked_data(stacked: list[TextData], base: list[TextData], seed: int, trees: bool, folds: int,
                   transitions: tuple[float, float, float, float]) -> list[TextData]:
    """The next pass's data: the features of ``base`` with ``stack_features`` of the posteriors of a stacked pass
    fitted on the other groups of ``stacked`` (``stacked[i]`` is ``base[i]`` with the pass before's stack
    features; grouped as in ``stacked_data``), with ``transitions``."""
    return _cross_fitted(stacked, base, seed, trees, folds, transitions, stacked=True)


def _cross_fitted(data: list[TextData], base: list[TextData], seed: int, trees: bool, folds: int,
                  transitions: tuple[float, float, float, float] | None, stacked: bool) -> list[TextData]:
    """``base`` with ``stack_features`` of the posteriors each text of ``data`` (``data[i]``: ``base[i]`` as the
    pass reads it) gets from a pass fitted on the other groups of texts."""
    k = min(folds, len(data))
    order = sorted(range(len(data)), key=lambda i: data[i].name)
    group = {i: j % k for j, i in enumerate(order)}
    out: list[TextData | None] = [None] * len(data)
    for g in range(k):
        prev = _fit_pass([td for i, td in enumerate(data) if group[i] != g], seed, trees, stacked=stacked,
                         transitions=transitions)
        for i, td in enumerate(data):
            if group[i] != g:
                continue
            new = TextData(td.name, corpus=td.corpus)
            for lab, blab in zip(td.convs, base[i].convs, strict=True):
                f, bf = lab.record.features, blab.record.features
                emit = prev.emissions(f.speaker)
                post = decode(emit, prev.same, prev.abab, f.scale, f.blocked, prev.abab_blocked,
                              same_gap=prev.same_gap).posterior
                X = np.concatenate([bf.speaker, stack_features(post, emit, f.scale)], axis=-1)
                new.convs.append(Labelled(Record(replace(bf, speaker=X), blab.record.spans), lab.speaker,
                                          lab.addressee))
            out[i] = new
    return [td for td in out if td is not None]


# the transition weights tried after the emission weights are fitted (see ``tune_transitions``)
_SAME_GRID = (-0.5, 0.0)
_ABAB_GRID = (1.0, 1.5, 2.0, 3.0)
# the second pass reads its neighbours' posteriors already: weaker transitions are tried
_STACKED_SAME_GRID = (-0.5, 0.0)
_STACKED_ABAB_GRID = (0.0, 0.5, 1.0)
# the same speaker again across narration, tried after the other transitions (the regression's weight first)
SAME_GAP_GRID = (0.0, 0.5, 1.0, 1.5)
# how many fewer training turns (a share of them) the weaker transitions may get right and still be chosen
TUNE_TOLERANCE = 0.001


def tune_transitions(model: SpeakerModel, data: list[TextData], same_grid: tuple[float, ...] = _SAME_GRID,
                     abab_grid: tuple[float, ...] = _ABAB_GRID) -> tuple[float, float, float, float]:
    """The transition weights (same, abab, abab_blocked, same_gap) under which the decoder gets most training
    turns right.

    The logistic regression reads each turn's transitions off the gold speakers, so it trusts them as if every
    turn before were right; decoded over a whole conversation they then overrule explicit tags (A B A B where
    the text says A A A). Choosing them by decoding the training conversations fixes that. When the last turn
    spoke to someone else, the one before last gets no return weight (the one spoken to answers): keeping the
    regression's weight for it let near ties go back to the one before last ("Nora, you must be cold." /
    "A little." went to the one who spoke two turns before). ``same_gap`` (the same speaker again across
    narration) is chosen after the others, from ``SAME_GAP_GRID`` (none: left at 0). Of the weights within
    ``TUNE_TOLERANCE`` of the most turns right, the weakest are kept (a near tie is no reason for a stronger
    transition)."""
    # a conversation of one turn or one candidate decodes the same under any transitions
    emitted = [(lab, model.emissions(lab.record.features.speaker)) for td in data for lab in td.convs
               if len(lab.record.features.candidates) > 1 and len(lab.speaker) > 1]
    if not emitted:
        return model.transitions

    def correct(same: float, abab: float, blocked: float, gap: float) -> int:
        ok = 0
        for lab, emit in emitted:
            f = lab.record.features
            dec = decode(emit, same, abab, f.scale, f.blocked, blocked, posteriors=False, same_gap=gap)
            ok += sum(int(t[dec.best[k]]) for k, t in enumerate(lab.speaker) if t is not None)
        return ok

    gap0 = model.same_gap if SAME_GAP_GRID else 0.0
    # the weakest transitions that decode within TUNE_TOLERANCE of the best: the choice among near ties was a
    # few training turns, so a retrain on the same features up to rounding (1e-14) moved it, and our passages
    # with it (docs/speakers.md)
    slack = TUNE_TOLERANCE * sum(t is not None for lab, _ in emitted for t in lab.speaker)
    pairs = [(model.same, model.abab)] + [(s, a) for s in same_grid for a in abab_grid]
    scored = [(correct(same, abab, -abab, gap0), same, abab) for same, abab in pairs]
    top = max(ok for ok, _, _ in scored)
    _, _, same, abab = min((abs(s) + abs(a), -ok, s, a) for ok, s, a in scored if ok >= top - slack)
    blocked = -abab
    gaps = [(correct(same, abab, blocked, g), g) for g in (gap0, *SAME_GAP_GRID)]
    top = max(ok for ok, _ in gaps)
    gap = min((abs(g), -ok, g) for ok, g in gaps if ok >= top - slack)[2]
    return same, abab, blocked, gap


def decoded_posteriors(model: SpeakerModel, data: list[TextData]) -> list[tuple[float, bool]]:
    """(posterior of the decoded speaker, whether it is the gold one) for every labelled turn."""
    out: list[tuple[float, bool]] = []
    for td in data:
        for lab in td.convs:
            f = lab.record.features
            if not f.candidates:
                continue
            dec = model.decode(f.speaker, f.scale, f.blocked)
            for k, t in enumerate(lab.speaker):
                if t is None:
                    continue
                c = dec.best[k]
                out.append((float(dec.posterior[k, c]), bool(t[c])))
    return out


def held_out_posteriors(second: SpeakerModel, data: list[TextData], seed: int, trees: bool,
                        folds: int) -> list[tuple[float, bool]]:
    """(posterior of the decoded speaker, whether it is the gold one) for every labelled turn of the stacked
    ``data``, each text decoded by a second pass fitted on the other groups of texts (grouped as in
    ``stacked_data``, with the transitions of ``second``)."""
    k = min(folds, len(data))
    order = sorted(range(len(data)), key=lambda i: data[i].name)
    group = {i: j % k for j, i in enumerate(order)}
    out: list[tuple[float, bool]] = []
    for g in range(k):
        rest = [td for i, td in enumerate(data) if group[i] != g]
        s = _fit_pass(rest, seed, trees, stacked=True, transitions=second.transitions)
        out += decoded_posteriors(s, [td for i, td in enumerate(data) if group[i] == g])
    return out


def calibration_curve(model: SpeakerModel, data: list[TextData]) -> tuple[FloatArray, FloatArray]:
    return isotonic_curve(decoded_posteriors(model, data))


LOW_SHARE = 0.02  # the share of the lowest posteriors whose calibration is pooled (``isotonic_curve``)


def isotonic_curve(pairs: list[tuple[float, bool]]) -> tuple[FloatArray, FloatArray]:
    """A monotone curve from posterior to accuracy (isotonic regression), at 21 quantiles of the posteriors and 21
    evenly spaced points."""
    _, IsotonicRegression = _sklearn()
    if len(pairs) < 10:
        return np.array([0.0, 1.0]), np.array([0.0, 1.0])
    p = np.array([a for a, _ in pairs])
    ok = np.array([float(b) for _, b in pairs])
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip", increasing=True)
    iso.fit(p, ok)
    # the curve's points: 21 quantiles of the posteriors and 21 evenly spaced between the lowest and the highest.
    # Quantiles alone left the lowest 5% of the posteriors (0.11 to 0.43) one straight line from the isotonic
    # value at the very lowest (0.0) up: turns picked at 0.2-0.3 got confidence 0.1-0.2 and were right 31-40%
    xs = np.unique(np.concatenate([np.quantile(p, np.linspace(0, 1, 21)), np.linspace(p.min(), p.max(), 21)]))
    ys = iso.predict(xs)
    # the lowest posteriors are few: isotonic blocks of a handful of wrong turns mapped posteriors up to 0.13 to 0,
    # and on a novel left out the band below 0.5 came out 5.3 points under its accuracy. Below the
    # ``LOW_SHARE`` quantile the curve is that share's own accuracy (still monotone: between the lowest block's
    # value and the value after the quantile)
    low = float(np.quantile(p, LOW_SHARE))
    below = p <= low
    if below.any():
        pooled = float(ok[below].mean())
        after = ys[xs > low]
        ys = np.where(xs <= low, min(pooled, float(after[0])) if after.size else pooled, ys)
    return np.concatenate([[0.0], xs, [1.0]]), np.concatenate([[ys[0]], ys, [ys[-1]]])


def leave_one_out_models(
    corpus: list[PdncNovel], analyzer: Analyzer, progress: Callable[[str], None] | None = None,
    seed: int = SEED,
) -> dict[str, SpeakerModel]:
    """For each novel, a model trained on the other novels only."""
    if len(corpus) < 2:
        raise DataError(Errors.E205.format(need=2, got=len(corpus)))
    data = pdnc_data(corpus, analyzer, progress)
    return {td.name: fit([o for o in data if o.name != td.name], seed) for td in data}


def train(pdnc: Path | None, litbank: Path | None, out: Path, cache_dir: Path | None = None, seed: int = SEED,
          progress: Callable[[str], None] | None = None) -> SpeakerModel:
    """Train on PDNC novels (and LitBank when given) and write the model file ``out``."""
    from ..eval.parse_cache import CachedAnalyzer
    from ..eval.pdnc import DEFAULT_CACHE
    from ..eval.pdnc_data import load_pdnc

    _sklearn()
    analyzer = CachedAnalyzer(cache_dir or DEFAULT_CACHE)
    data: list[TextData] = []
    sources = []
    if pdnc is not None:
        corpus = load_pdnc(Path(pdnc))
        data += pdnc_data(corpus, analyzer, progress)
        sources.append(f"PDNC ({len(corpus)} novels: {', '.join(n.name for n in corpus)})")
    if litbank is not None:
        from .train_litbank import litbank_data

        lb = litbank_data(Path(litbank), analyzer, progress)
        data += lb
        sources.append(f"LitBank quotations ({len(lb)} texts)")
    meta = {"data": sources, "seed": seed, "features": list(SPEAKER_FEATURES),
            "addressee_features": list(ADDRESSEE_FEATURES)}
    model = fit(data, seed, meta)
    model.save(out)
    return model
