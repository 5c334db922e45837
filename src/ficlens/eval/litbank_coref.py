"""Character clustering scored against LitBank's coreference annotation (PER entities).

Gold mentions: LitBank PER mentions of kind PROP (names) or PRON (pronouns). Predicted mentions: the
character stage's name and pronoun mentions that it resolved to a character. A predicted mention is aligned
with the gold mention of the same kind it overlaps most (names: the spans overlap; pronouns: same start).

Figures (mention-level B-cubed, Cai & Strube's variant for predicted mentions):
- recall: mean over gold mentions of |gold cluster ∩ predicted cluster| / |gold cluster|; a gold mention with
  no aligned prediction counts only itself;
- precision: mean over predicted mentions of |predicted cluster ∩ gold cluster| / |predicted cluster|; a
  prediction aligned with no gold PER mention has a gold cluster of itself alone;
- clusters are computed within one document, over names and pronouns together, then also reported for names
  alone and pronouns alone (the per-mention scores split by kind);
- recall of characters with 5 or more gold name+pronoun mentions (at least one a name): a character is found
  when some predicted character's name mentions align mostly with it.
"""

from __future__ import annotations

import bisect
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import EvalResult, litbank_root

_KINDS = {"PROP": "name", "PRON": "pronoun"}
_MIN_MENTIONS = 5


@dataclass(frozen=True)
class Span:
    """A mention for scoring: offsets, kind ("name" | "pronoun") and cluster label."""

    start: int
    end: int
    kind: str
    cluster: str


@dataclass
class Scores:
    """Sums of per-mention B3 scores and counts, by kind, plus character recall counts."""

    p_sum: defaultdict[str, float]  # float sums: ``Counter[str]`` is typed int-valued
    p_n: Counter[str]
    r_sum: defaultdict[str, float]
    r_n: Counter[str]
    chars_found: int = 0
    chars_total: int = 0

    @classmethod
    def empty(cls) -> Scores:
        return cls(defaultdict(float), Counter(), defaultdict(float), Counter())

    def add(self, other: Scores) -> None:
        for mine, theirs in ((self.p_sum, other.p_sum), (self.r_sum, other.r_sum)):
            for k, v in theirs.items():
                mine[k] += v
        for mine_n, theirs_n in ((self.p_n, other.p_n), (self.r_n, other.r_n)):
            mine_n.update(theirs_n)
        self.chars_found += other.chars_found
        self.chars_total += other.chars_total

    def prf(self, kind: str) -> tuple[float, float, float]:
        p = self.p_sum[kind] / self.p_n[kind] if self.p_n[kind] else 0.0
        r = self.r_sum[kind] / self.r_n[kind] if self.r_n[kind] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def align(gold: list[Span], pred: list[Span]) -> dict[int, int]:
    """pred index -> gold index: each prediction to the same-kind gold mention it overlaps most (one-to-one)."""
    starts = [g.start for g in gold]
    pairs: list[tuple[int, int, int]] = []  # (-overlap, pred, gold)
    for pi, p in enumerate(pred):
        i = bisect.bisect_left(starts, p.start - 200)
        while i < len(gold) and gold[i].start < p.end:
            g = gold[i]
            ov = min(g.end, p.end) - max(g.start, p.start)
            if ov > 0 and g.kind == p.kind:
                pairs.append((-ov, pi, i))
            i += 1
    pairs.sort()
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, pi, gi in pairs:
        if pi in out or gi in used:
            continue
        out[pi] = gi
        used.add(gi)
    return out


def score_document(gold: list[Span], pred: list[Span]) -> Scores:
    """B3 sums for one document and its character recall (see the module text)."""
    gold = sorted(gold, key=lambda s: (s.start, s.end))
    sc = Scores.empty()
    links = align(gold, pred)
    gold_of_pred = links
    pred_of_gold = {gi: pi for pi, gi in links.items()}
    gold_members: dict[str, set[int]] = defaultdict(set)
    for gi, g in enumerate(gold):
        gold_members[g.cluster].add(gi)
    pred_members: dict[str, set[int]] = defaultdict(set)
    for pi, p in enumerate(pred):
        pred_members[p.cluster].add(pi)
    # recall over gold mentions
    for gi, g in enumerate(gold):
        gset = gold_members[g.cluster]
        pred_match = pred_of_gold.get(gi)
        inter = 1
        if pred_match is not None:
            inter = sum(1 for q in pred_members[pred[pred_match].cluster] if gold_of_pred.get(q) in gset)
        for k in (g.kind, "all"):
            sc.r_sum[k] += inter / len(gset)
            sc.r_n[k] += 1
    # precision over predicted mentions
    for pi, p in enumerate(pred):
        pset = pred_members[p.cluster]
        gold_match = gold_of_pred.get(pi)
        if gold_match is None:
            inter = 1
        else:
            gset = gold_members[gold[gold_match].cluster]
            inter = sum(1 for q in pset if gold_of_pred.get(q) in gset)
        for k in (p.kind, "all"):
            sc.p_sum[k] += inter / len(pset)
            sc.p_n[k] += 1
    # characters with >= 5 mentions, one of them a name
    size = Counter(g.cluster for g in gold)
    named = {g.cluster for g in gold if g.kind == "name"}
    wanted = {c for c, n in size.items() if n >= _MIN_MENTIONS and c in named}
    found: set[str] = set()
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for pi, gi in gold_of_pred.items():
        if pred[pi].kind == "name":
            votes[pred[pi].cluster][gold[gi].cluster] += 1
    for counter in votes.values():
        top, n = counter.most_common(1)[0]
        if n * 2 > sum(counter.values()):
            found.add(top)
    sc.chars_total = len(wanted)
    sc.chars_found = len(wanted & found)
    return sc


def evaluate(data: Path | None = None, limit: int | None = None, layout: str = "real") -> EvalResult:
    """Run the pipeline on LitBank documents and score its character clusters (see the module text); ``layout``:
    the texts' real paragraphs or the heuristic's (``litbank_data``)."""
    from ..config import Options
    from ..pipeline import Analyzer
    from .litbank_data import load_litbank

    root = litbank_root(data)
    docs = [d for d in load_litbank(root, limit, layout) if d.mentions]
    analyzer = Analyzer(Options(user_kb=False))
    total = Scores.empty()
    t0 = time.perf_counter()
    for ld in docs:
        analyzer.analyze_text(ld.text)
        document = analyzer.last_document
        gold = [
            Span(m.start, m.end, _KINDS[m.kind], m.entity)
            for m in ld.mentions
            if m.category == "PER" and m.kind in _KINDS
        ]
        pred = [
            Span(m.start, m.end, m.kind, m.character)
            for m in document.mentions
            if m.character is not None and m.kind in ("name", "pronoun")
        ]
        total.add(score_document(gold, pred))
    seconds = time.perf_counter() - t0
    metrics: dict[str, float] = {}
    table: list[tuple[str, str]] = []
    for kind, label in (("all", "names+pronouns"), ("name", "names"), ("pronoun", "pronouns")):
        p, r, f = total.prf(kind)
        metrics[f"b3_{kind}_p"] = round(p, 4)
        metrics[f"b3_{kind}_r"] = round(r, 4)
        metrics[f"b3_{kind}_f1"] = round(f, 4)
        table.append((f"B3 {label} P/R/F1", f"{p:.3f} / {r:.3f} / {f:.3f}"))
    rec = total.chars_found / total.chars_total if total.chars_total else 0.0
    metrics["char5_recall"] = round(rec, 4)
    metrics["documents"] = len(docs)
    found = f"{rec:.3f} ({total.chars_found}/{total.chars_total})"
    table.append((f"recall of characters with >= {_MIN_MENTIONS} mentions", found))
    table.append(("gold mentions (names/pronouns)", f"{total.r_n['name']} / {total.r_n['pronoun']}"))
    table.append(("predicted mentions (names/pronouns)", f"{total.p_n['name']} / {total.p_n['pronoun']}"))
    table.append(("documents / seconds", f"{len(docs)} / {seconds:.1f}"))
    return EvalResult(name="litbank", metrics=metrics, table=table)
