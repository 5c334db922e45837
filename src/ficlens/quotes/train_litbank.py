"""LitBank quotations as speaker-model training data, and LitBank k-fold cross-validation.

Labels: a candidate is the speaker when it maps to the gold speaker entity by its mentions (the mapping of
``eval.litbank_quotes``, recorded when the quote stage runs). Cross-validation: the texts are split into folds
in a fixed order; each fold is scored with a model trained on PDNC (when given) and the other folds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..eval import EvalResult
from .labels import Labelled, TextData, collect
from .train import SEED, fit

if TYPE_CHECKING:
    from ..eval.litbank_data import LitBankDoc
    from ..pipeline import Analyzer


def _docs(root: Path) -> list[LitBankDoc]:
    from ..eval import litbank_root
    from ..eval.litbank_data import load_litbank

    return [d for d in load_litbank(litbank_root(root)) if d.quotes]


def label_litbank(ld: LitBankDoc, analyzer: Analyzer) -> TextData:
    from ..eval.litbank_quotes import map_characters, match_quotes

    col = collect(analyzer, ld.text, ld.name)
    mentions = [(s, e, cid, kind) for cid, ms in col.mentions.items() for (s, e, kind) in ms]
    cmap = map_characters(mentions, ld.mentions)
    firsts = [turn[0] for rec in col.records for turn in rec.spans]
    matched = match_quotes([(q.start, q.end) for q in ld.quotes], firsts)
    turn_gold = {p: g for g, p in matched.items()}
    out = TextData(ld.name, corpus="litbank")
    k = 0
    for rec in col.records:
        sp: list[list[bool] | None] = []
        for _turn in rec.spans:
            g = turn_gold.get(k)
            k += 1
            if g is None or ld.quotes[g].speaker is None:
                sp.append(None)
                continue
            gold = ld.quotes[g].speaker
            sp.append([cmap.get(c) == gold for c in rec.features.candidates])
        out.convs.append(Labelled(rec, sp, [None] * len(sp)))
    return out


def litbank_data(root: Path, analyzer: Analyzer, progress: Callable[[str], None] | None = None) -> list[TextData]:
    out = []
    for ld in _docs(root):
        out.append(label_litbank(ld, analyzer))
    if progress is not None:
        progress(f"features: LitBank ({len(out)} texts)")
    return out


def litbank_cv(
    root: Path, analyzer: Analyzer, extra: list[TextData] | None = None, folds: int = 5, seed: int = SEED,
    progress: Callable[[str], None] | None = None, data: list[TextData] | None = None,
) -> EvalResult:
    """k-fold cross-validated LitBank quotation figures (``eval litbank-quotes`` metrics)."""
    from ..eval.litbank_quotes import _DocScore, _ratio, score_doc

    docs = _docs(root)
    by_name = {td.name: td for td in (data or litbank_data(root, analyzer, progress))}
    total = _DocScore()
    for f in range(folds):
        test = [d for i, d in enumerate(docs) if i % folds == f]
        train = [by_name[d.name] for i, d in enumerate(docs) if i % folds != f]
        analyzer.speaker_model = fit([*(extra or []), *train], seed)
        for ld in test:
            analysis = analyzer.analyze_text(ld.text, source=ld.name)
            document = analyzer.last_document
            mentions = [(m.start, m.end, m.character, m.kind) for m in document.mentions if m.character is not None]
            sc = score_doc(ld, analysis.quotes, mentions)
            for name in total.__dataclass_fields__:
                setattr(total, name, getattr(total, name) + getattr(sc, name))
        if progress is not None:
            progress(f"LitBank fold {f + 1}/{folds}: {_ratio(total.correct, total.with_speaker):.3f} so far")
    metrics = {
        "speaker_accuracy": _ratio(total.correct, total.with_speaker),
        "speaker_accuracy_explicit": _ratio(total.explicit_correct, total.explicit),
        "speaker_accuracy_implicit": _ratio(total.implicit_correct, total.implicit),
        "detection_recall": _ratio(total.matched, total.gold),
        "documents": len(docs),
    }
    return EvalResult(name=f"litbank-quotes-cv{folds}", metrics=metrics,
                      notes=[f"{folds}-fold cross-validation: each text scored by a model that never saw it."])
