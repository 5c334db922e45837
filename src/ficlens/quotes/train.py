"""Training the speaker and addressee scorers (needs the optional ``train`` extra: scikit-learn).

ficlens runs end to end on each training text with a ``Collector`` in place of the model; every conversation's
features are labelled from the gold annotation: a candidate is the speaker when its names share one with the
gold speaker's (PDNC aliases), or when it maps to the gold speaker entity (LitBank, by mentions); the
first-person narrator candidate is the speaker of the PDNC quotations tagged "I said". Speaker rows carry the
transition features filled from the gold sequence (the decoder fills them from its states at run time). A
logistic regression (L2, seeded, deterministic solver) gives the weights; an isotonic curve fitted on the
decoder's posteriors over the training conversations calibrates confidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import DataError, Errors
from .decoder import decode
from .features import (
    ADDRESSEE_FEATURES,
    SPEAKER_FEATURES,
    TRANSITIONS,
    FloatArray,
    addressee_features,
    transition_features,
)
from .learned import Collector, Record
from .model import SpeakerModel, Trees

if TYPE_CHECKING:
    from ..eval.pdnc_data import PdncNovel
    from ..pipeline import Analyzer

SEED = 13
_C = 1.0


@dataclass
class Labelled:
    """A conversation's features with, per turn, which candidates are the gold speaker and the addressees."""

    record: Record
    speaker: list[list[bool] | None]  # None: the turn has no gold quotation aligned
    addressee: list[list[bool] | None]


@dataclass
class TextData:
    name: str
    convs: list[Labelled] = field(default_factory=list)
    corpus: str = "pdnc"


def _sklearn() -> Any:
    try:
        from sklearn.isotonic import IsotonicRegression
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise DataError(Errors.E202.format(reason=exc)) from None
    return LogisticRegression, IsotonicRegression


# the emission trees: gradient boosting (scikit-learn's histogram trees), small enough to ship as JSON
# the linear score's share of the emission next to the trees': the trees alone rank PDNC turns a little better
# (0.709 against 0.707 and 0.692 linear alone, leave-one-out on three novels), but they flatten textbook
# evidence the linear score keeps (the one called by name answering)
LINEAR_SHARE = 0.3
TREES = {"max_iter": 100, "learning_rate": 0.1, "max_leaf_nodes": 15, "l2_regularization": 1.0}

# evidence that can only count for a candidate (+1) or against (-1), whatever else holds: the trees may not
# learn a reversal of it from a quirk of the training novels
MONOTONE = {
    "tag_explicit": 1, "tag_anaphoric": 1, "tag_descriptive": 1, "tag_continuation": 1, "pron_match": 1,
    "orphan": 1, "addressed_prev": 1, "called_next": 1, "sieve_beat": 1, "rules_pick": 1, "rules_conf": 1,
    "pron_only": 1, "pron_first_narrator": 1,
    "tag_other": -1, "pron_mismatch": -1, "vocative_self": -1, "mentioned_in_quote": -1,
    "explicit_vocative_conflict": -1, "pron_first_other": -1, "pron_third_narrator": -1,
}


def fit_trees(X: FloatArray, y: FloatArray, seed: int, names: list[str] | None = None) -> Trees | None:
    """Gradient-boosted trees over the emission features, exported to plain arrays (``Trees``)."""
    if len(set(y.tolist())) < 2:
        return None
    from sklearn.ensemble import HistGradientBoostingClassifier

    names = list(names or SPEAKER_FEATURES)
    cst = [MONOTONE.get(n, 0) for n in names]
    gb = HistGradientBoostingClassifier(**TREES, random_state=seed, early_stopping=False, monotonic_cst=cst)
    gb.fit(X, y)
    trees = []
    for (pred,) in gb._predictors:
        nodes = pred.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append({
            "feature": [0 if lf else int(f) for lf, f in zip(leaf, nodes["feature_idx"], strict=True)],
            "threshold": [0.0 if lf else float(t) for lf, t in zip(leaf, nodes["num_threshold"], strict=True)],
            "left": [-1 if lf else int(v) for lf, v in zip(leaf, nodes["left"], strict=True)],
            "right": [-1 if lf else int(v) for lf, v in zip(leaf, nodes["right"], strict=True)],
            "value": [float(v) if lf else 0.0 for lf, v in zip(leaf, nodes["value"], strict=True)],
        })
    base = float(np.ravel(gb._baseline_prediction)[0])
    return Trees.from_json({"features": names, "base": base, "trees": trees})


def collect(analyzer: Analyzer, text: str, name: str) -> Collector:
    col = Collector()
    keep = analyzer.speaker_model
    analyzer.speaker_model = col
    try:
        analyzer.analyze_text(text, source=name)
    finally:
        analyzer.speaker_model = keep
    return col


def label_pdnc(novel: PdncNovel, col: Collector) -> TextData:
    from ..eval.pdnc import align

    narrator = novel.narrator
    # the gold quotation of each turn: the one with a piece overlapping the turn's first quote most
    spans = [s for rec in col.records for turn in rec.spans for s in turn[:1]]
    gold = novel.quotes
    pieces = [(s, e) for g in gold for (s, e) in g.spans]
    owner = [j for j, g in enumerate(gold) for _ in g.spans]
    aligned = [None if a is None else owner[a] for a in align([_span_quote(s) for s in spans], pieces)]
    out = TextData(novel.name)
    k = 0
    for rec in col.records:
        sp: list[list[bool] | None] = []
        ad: list[list[bool] | None] = []
        for _turn in rec.spans:
            j = aligned[k]
            k += 1
            if j is None:
                sp.append(None)
                ad.append(None)
                continue
            g = gold[j]

            lab = _match(novel, col, rec, g.speaker)
            if narrator is not None and g.speaker == narrator:
                narr = [i for i, c in enumerate(rec.features.candidates)
                        if rec.features.speaker[0, i, SPEAKER_FEATURES.index("is_narrator")] > 0]
                for i in narr:
                    lab[i] = True
            sp.append(lab)
            if g.addressees:
                hits = [_match(novel, col, rec, a) for a in g.addressees]
                ad.append([any(h[i] for h in hits) for i in range(len(rec.features.candidates))])
            else:
                ad.append(None)
        out.convs.append(Labelled(rec, sp, ad))
    return out


def _match(novel: PdncNovel, col: Collector, rec: Record, gname: str) -> list[bool]:
    names = novel.aliases.get(gname, set()) | {gname.lower()}
    return [bool(col.names.get(c, set()) & names) for c in rec.features.candidates]


def _span_quote(span: tuple[int, int]) -> Any:
    from ..eval.pdnc_data import PdncQuote

    return PdncQuote(spans=[span], speaker="", addressees=[], qtype="")


def gold_sequence(lab: Labelled) -> list[int | None]:
    return [next((i for i, v in enumerate(t) if v), None) if t is not None else None for t in lab.speaker]


def rows(data: list[TextData]) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Speaker rows (features + transitions) and labels; addressee rows and labels."""
    xs: list[FloatArray] = []
    ys: list[FloatArray] = []
    axs: list[FloatArray] = []
    ays: list[FloatArray] = []
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
                tr = transition_features(seq, k, m, float(f.scale[k]), f.blocked)
                xs.append(np.hstack([f.speaker[k], tr]))
                ys.append(np.array(t, dtype=float))
                a = lab.addressee[k]
                if a is not None and any(a) and m > 1:
                    A = addressee_features(f.addressee, seq, k)
                    keep = [i for i in range(m) if i != seq[k]]
                    axs.append(A[keep])
                    ays.append(np.array([a[i] for i in keep], dtype=float))
    nf = len(SPEAKER_FEATURES) + len(TRANSITIONS)
    na = len(ADDRESSEE_FEATURES)
    return (
        np.vstack(xs) if xs else np.zeros((0, nf)), np.concatenate(ys) if ys else np.zeros(0),
        np.vstack(axs) if axs else np.zeros((0, na)), np.concatenate(ays) if ays else np.zeros(0),
    )


def _fit_lr(X: FloatArray, y: FloatArray, seed: int) -> tuple[FloatArray, float]:
    LogisticRegression, _ = _sklearn()
    if len(set(y.tolist())) < 2:
        return np.zeros(X.shape[1]), 0.0
    lr = LogisticRegression(C=_C, max_iter=5000, solver="lbfgs", random_state=seed)
    lr.fit(X, y)
    return np.asarray(lr.coef_[0], dtype=float), float(lr.intercept_[0])


def fit(data: list[TextData], seed: int = SEED, meta: dict[str, Any] | None = None,
        trees: bool = True) -> SpeakerModel:
    """The speaker model for ``data``: a logistic regression over the emission and transition features (its
    transition and return weights are kept), gradient-boosted trees over the emission features (``trees``; else
    the regression's weights score the candidates), the transitions tuned by decoding, a calibration curve."""
    X, y, AX, ay = rows(data)
    w, _b = _fit_lr(X, y, seed)
    aw, ab = _fit_lr(AX, ay, seed)
    nf = len(SPEAKER_FEATURES)
    model = SpeakerModel(speaker=w[:nf], same=float(w[nf]), abab=float(w[nf + 1]), addressee=aw, addressee_bias=ab,
                         meta=dict(meta or {}), abab_blocked=float(w[nf + 2]))
    if trees:
        model.trees = fit_trees(X[:, :nf], y, seed)
        model.linear_share = LINEAR_SHARE
    model.same, model.abab, model.abab_blocked = tune_transitions(model, data)
    cx, cy = calibration_curve(model, data)
    model.cal_x, model.cal_y = cx, cy
    return model


# the transition weights tried after the emission weights are fitted (see ``tune_transitions``)
_SAME_GRID = (-0.5, 0.0)
_ABAB_GRID = (1.0, 1.5, 2.0, 3.0)


def tune_transitions(model: SpeakerModel, data: list[TextData]) -> tuple[float, float, float]:
    """The transition weights (same, abab, abab_blocked) under which the decoder gets most training turns right.

    The logistic regression reads each turn's transitions off the gold speakers, so it trusts them as if every
    turn before were right; decoded over a whole conversation they then overrule explicit tags (A B A B where
    the text says A A A). Choosing them by decoding the training conversations fixes that. The return of the
    one before last when the last turn spoke to someone else keeps the regression's weight or is cancelled."""
    # a conversation of one turn or one candidate decodes the same under any transitions
    emitted = [(lab, model.emissions(lab.record.features.speaker)) for td in data for lab in td.convs
               if len(lab.record.features.candidates) > 1 and len(lab.speaker) > 1]
    if not emitted:
        return model.same, model.abab, model.abab_blocked
    best: tuple[int, float, float, float] | None = None
    # the regression's own weights first (kept unless a grid point decodes strictly better)
    pairs = [(model.same, model.abab)] + [(s, a) for s in _SAME_GRID for a in _ABAB_GRID]
    for same, abab in pairs:
        for blocked in (model.abab_blocked, -abab):
            ok = 0
            for lab, emit in emitted:
                f = lab.record.features
                dec = decode(emit, same, abab, f.scale, f.blocked, blocked)
                ok += sum(int(t[dec.best[k]]) for k, t in enumerate(lab.speaker) if t is not None)
            if best is None or ok > best[0]:
                best = (ok, same, abab, blocked)
    assert best is not None
    return best[1], best[2], best[3]


def decoded_posteriors(model: SpeakerModel, data: list[TextData]) -> list[tuple[float, bool]]:
    """(posterior of the decoded speaker, whether it is the gold one) for every labelled turn."""
    out: list[tuple[float, bool]] = []
    for td in data:
        for lab in td.convs:
            f = lab.record.features
            if not f.candidates:
                continue
            dec = decode(model.emissions(f.speaker), model.same, model.abab, f.scale, f.blocked, model.abab_blocked)
            for k, t in enumerate(lab.speaker):
                if t is None:
                    continue
                c = dec.best[k]
                out.append((float(dec.posterior[k, c]), bool(t[c])))
    return out


def calibration_curve(model: SpeakerModel, data: list[TextData]) -> tuple[FloatArray, FloatArray]:
    _, IsotonicRegression = _sklearn()
    pairs = decoded_posteriors(model, data)
    if len(pairs) < 10:
        return np.array([0.0, 1.0]), np.array([0.0, 1.0])
    p = np.array([a for a, _ in pairs])
    ok = np.array([float(b) for _, b in pairs])
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip", increasing=True)
    iso.fit(p, ok)
    xs = np.unique(np.quantile(p, np.linspace(0, 1, 21)))
    ys = iso.predict(xs)
    return np.concatenate([[0.0], xs, [1.0]]), np.concatenate([[ys[0]], ys, [ys[-1]]])


def pdnc_data(corpus: list[PdncNovel], analyzer: Analyzer,
              progress: Callable[[str], None] | None = None) -> list[TextData]:
    out = []
    for novel in corpus:
        col = collect(analyzer, novel.text, novel.name)
        out.append(label_pdnc(novel, col))
        if progress is not None:
            progress(f"features: {novel.name} ({len(col.records)} conversations)")
    return out


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
