"""Speaker attribution scored end to end against PDNC (the Project Dialogism Novel Corpus: Vishnubhotla,
Hammond and Hirst, LREC 2022).

ficlens runs on each novel as on any story: it finds its own characters (no gold list) and quotations. A gold
quotation (its pieces: a tag may split it) is aligned to the predicted quotation that overlaps its pieces most;
its speaker is right when the predicted speaker's names and aliases share one with the gold speaker's (from
``character_info.csv``; PDNC's narrator alias ``_narr`` matches our first-person narrator, the character "I").
Accuracy counts a missed or unattributed gold quotation as wrong, over all quotations and
by PDNC's quote type (Explicit: a tag names the speaker; Anaphoric: a pronoun or description does; Implicit: no
tag). Addressee accuracy is over gold quotations with addressees: right when a predicted addressee matches one.
The calibration table bins the confidence of attributed quotations and gives each band's accuracy.

``cv=True``: leave-one-novel-out. For each novel a speaker model is trained on the other novels' features and
used for it alone (the model for a novel never saw it).

Parses are cached per novel under ``cache_dir`` (a spaCy DocBin), so that later runs skip the parse.
"""

from __future__ import annotations

import bisect
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Analysis
from . import EvalResult
from .pdnc_data import PdncNovel, PdncQuote, load_pdnc

TYPES = ("Explicit", "Anaphoric", "Implicit")
BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
DEFAULT_CACHE = Path(os.environ.get("FICLENS_CACHE", Path.home() / ".cache" / "ficlens")) / "parses"


@dataclass
class NovelScore:
    gold: int = 0
    found: int = 0
    attributed: int = 0
    correct: int = 0
    by_type: dict[str, list[int]] = field(default_factory=lambda: {t: [0, 0] for t in TYPES})  # [n, correct]
    addressee: list[int] = field(default_factory=lambda: [0, 0])
    # (confidence, right) of every attributed aligned quotation
    calibration: list[tuple[float, bool]] = field(default_factory=list)

    def add(self, other: NovelScore) -> None:
        self.gold += other.gold
        self.found += other.found
        self.attributed += other.attributed
        self.correct += other.correct
        for t in TYPES:
            self.by_type[t][0] += other.by_type[t][0]
            self.by_type[t][1] += other.by_type[t][1]
        self.addressee[0] += other.addressee[0]
        self.addressee[1] += other.addressee[1]
        self.calibration.extend(other.calibration)


def _names(c: Any) -> set[str]:
    return {n.strip().lower() for n in [c.name, *c.aliases] if n and n.strip()}


def align(gold: list[PdncQuote], pred: list[tuple[int, int]]) -> list[int | None]:
    """For each gold quotation, the predicted span (index) overlapping its pieces most, or None."""
    order = sorted(range(len(pred)), key=lambda j: pred[j][0])
    starts = [pred[j][0] for j in order]
    out: list[int | None] = []
    for g in gold:
        overlap: Counter[int] = Counter()
        for s, e in g.spans:
            k = max(0, bisect.bisect_right(starts, s) - 1)
            while k < len(order) and pred[order[k]][0] < e:
                j = order[k]
                inter = min(e, pred[j][1]) - max(s, pred[j][0])
                if inter > 0:
                    overlap[j] += inter
                k += 1
        out.append(max(overlap, key=lambda j: (overlap[j], -j)) if overlap else None)
    return out


def score_novel(novel: PdncNovel, analysis: Analysis) -> NovelScore:
    chars = {c.id: _names(c) for c in analysis.characters}
    pred = [q for q in analysis.quotes if q.kind != "other"]
    aligned = align(novel.quotes, [(q.start, q.end) for q in pred])
    sc = NovelScore(gold=len(novel.quotes))

    def same(cid: str | None, gold_name: str) -> bool:
        if cid is None:
            return False
        gold_names = novel.aliases.get(gold_name, set()) | {gold_name.lower()}
        ours = chars.get(cid, set())
        # PDNC marks the first-person narrator with the alias "_narr"; ours is the character called "I"
        return bool(ours & gold_names) or ("_narr" in gold_names and "i" in ours)

    for g, j in zip(novel.quotes, aligned, strict=False):
        ok = False
        t = g.qtype if g.qtype in TYPES else "Implicit"
        if j is not None:
            sc.found += 1
            q = pred[j]
            if q.speaker is not None:
                sc.attributed += 1
                ok = same(q.speaker, g.speaker)
                sc.calibration.append((q.confidence, ok))
            if g.addressees:
                sc.addressee[0] += 1
                sc.addressee[1] += any(same(a, ga) for a in q.addressees for ga in g.addressees)
        elif g.addressees:
            sc.addressee[0] += 1
        sc.correct += ok
        sc.by_type[t][0] += 1
        sc.by_type[t][1] += ok
    return sc


def calibration_table(pairs: list[tuple[float, bool]]) -> list[tuple[str, int, float, float]]:
    """(band, count, mean confidence, accuracy) per confidence band."""
    rows = []
    for lo, hi in zip(BANDS, BANDS[1:], strict=False):
        sel = [(c, ok) for c, ok in pairs if lo <= c < hi]
        if not sel:
            continue
        rows.append((f"{lo:.1f}-{min(hi, 1.0):.1f}", len(sel), sum(c for c, _ in sel) / len(sel),
                     sum(ok for _, ok in sel) / len(sel)))
    return rows


def _r(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def result(scores: dict[str, NovelScore], seconds: float, name: str = "pdnc") -> EvalResult:
    total = NovelScore()
    for s in scores.values():
        total.add(s)
    metrics: dict[str, float] = {
        "quote_recall": _r(total.found, total.gold),
        "speaker_accuracy": _r(total.correct, total.gold),
        **{f"speaker_accuracy_{t.lower()}": _r(total.by_type[t][1], total.by_type[t][0]) for t in TYPES},
        "addressee_accuracy": _r(total.addressee[1], total.addressee[0]),
        "attributed": _r(total.attributed, total.gold),
        "novels": len(scores),
        "gold_quotes": total.gold,
    }
    table = [(f"{t} ({total.by_type[t][0]})", f"{metrics[f'speaker_accuracy_{t.lower()}']:.3f}") for t in TYPES]
    table += [(n, f"{_r(s.correct, s.gold):.3f} of {s.gold}") for n, s in scores.items()]
    cal = calibration_table(total.calibration)
    table += [(f"confidence {b} ({n})", f"conf {c:.3f} acc {a:.3f}") for b, n, c, a in cal]
    table.append(("seconds", f"{seconds:.1f}"))
    notes = [
        "PDNC: Vishnubhotla, Hammond and Hirst, LREC 2022. End to end: ficlens finds its own characters; a"
        " predicted speaker is right when its names and aliases share one with the gold speaker's.",
        "Accuracy counts a missed or unattributed gold quotation as wrong.",
    ]
    res = EvalResult(name=name, metrics=metrics, table=table, notes=notes)
    res.calibration = cal  # type: ignore[attr-defined]
    return res


def evaluate(
    data: Path | None, limit: int | None = None, novels: list[str] | None = None, cv: bool = False,
    cache_dir: Path | None = None, progress: Callable[[str], None] | None = None, litbank: Path | None = None,
    speaker_model: str | None = None,
) -> EvalResult:
    """Run ficlens on PDNC novels under ``data`` and score its speakers (``cv``: leave-one-novel-out models;
    ``speaker_model``: "rules", "learned" or a model file instead of the default)."""
    from .parse_cache import CachedAnalyzer

    if data is None:
        from ..errors import DataError, Errors

        raise DataError(Errors.E200.format(path="(no --data given)"))
    corpus = load_pdnc(Path(data), novels)
    if limit is not None:
        corpus = corpus[:limit]
    cache = Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE
    t0 = time.perf_counter()
    scores: dict[str, NovelScore] = {}
    analyzer = CachedAnalyzer(cache)
    if speaker_model is not None:
        from ..quotes.model import load_model

        analyzer.speaker_model = load_model(speaker_model)
    if cv:
        from ..quotes.labels import TextData, pdnc_data
        from ..quotes.train import fit

        if len(corpus) < 2:
            from ..errors import DataError, Errors

            raise DataError(Errors.E205.format(need=2, got=len(corpus)))
        train_data = pdnc_data(corpus, analyzer, progress)
        lb_data: list[TextData] = []
        if litbank is not None:
            # the shipped model learns from LitBank too: so does each leave-one-novel-out model
            from ..quotes.train_litbank import litbank_data

            lb_data = litbank_data(Path(litbank), analyzer, progress)
        models = {td.name: fit([o for o in train_data if o.name != td.name] + lb_data) for td in train_data}
    for novel in corpus:
        if cv:
            analyzer.speaker_model = models[novel.name]
        analysis = analyzer.analyze_text(novel.text, source=novel.name)
        scores[novel.name] = score_novel(novel, analysis)
        if progress is not None:
            s = scores[novel.name]
            progress(f"{novel.name}: {_r(s.correct, s.gold):.3f} of {s.gold}")
    res = result(scores, time.perf_counter() - t0, "pdnc-cv" if cv else "pdnc")
    if cv and litbank is not None:
        from ..quotes.train_litbank import litbank_cv

        lb = litbank_cv(Path(litbank), analyzer, extra=train_data, progress=progress, data=lb_data)
        for k, v in lb.metrics.items():
            res.metrics[f"litbank_cv_{k}"] = v
        res.notes += lb.notes
    return res
