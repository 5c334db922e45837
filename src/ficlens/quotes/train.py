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
from .model import SpeakerModel

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


def _sklearn() -> Any:
    try:
        from sklearn.isotonic import IsotonicRegression
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise DataError(Errors.E202.format(reason=exc)) from None
    return LogisticRegression, IsotonicRegression


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


def fit(data: list[TextData], seed: int = SEED, meta: dict[str, Any] | None = None) -> SpeakerModel:
    X, y, AX, ay = rows(data)
    w, _b = _fit_lr(X, y, seed)
    aw, ab = _fit_lr(AX, ay, seed)
    nf = len(SPEAKER_FEATURES)
    model = SpeakerModel(speaker=w[:nf], same=float(w[nf]), abab=float(w[nf + 1]), addressee=aw, addressee_bias=ab,
                         meta=dict(meta or {}), abab_blocked=float(w[nf + 2]))
    cx, cy = calibration_curve(model, data)
    model.cal_x, model.cal_y = cx, cy
    return model


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
