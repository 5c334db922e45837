"""The training data: each text's conversations as the run recorded them (``Collector``), with per turn which
candidates are the gold speaker and addressees (PDNC: a candidate sharing a name with the gold character's
aliases, or the narration's "I" for the first-person narrator)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .features import SPEAKER_FEATURES
from .learned import Collector, Record

if TYPE_CHECKING:
    from ..eval.pdnc_data import PdncNovel
    from ..pipeline import Analyzer


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

            sp.append(_label(novel, col, rec, g.speaker, narrator))
            if g.addressees:
                # the narrator is spoken to as often as it speaks: label it by the same rule as a speaker (matched
                # by name alone, it never was, and the addressee scorer learned that "I" is never addressed)
                hits = [_label(novel, col, rec, a, narrator) for a in g.addressees]
                ad.append([any(h[i] for h in hits) for i in range(len(rec.features.candidates))])
            else:
                ad.append(None)
        out.convs.append(Labelled(rec, sp, ad))
    return out


def _match(novel: PdncNovel, col: Collector, rec: Record, gname: str) -> list[bool]:
    names = novel.aliases.get(gname, set()) | {gname.lower()}
    return [bool(col.names.get(c, set()) & names) for c in rec.features.candidates]


def _label(novel: PdncNovel, col: Collector, rec: Record, gname: str, narrator: str | None) -> list[bool]:
    """Which candidates are the gold character ``gname``: those sharing a name with it, and when it is the
    first-person narrator, the candidate that is the narration's "I" (whatever our names for it)."""
    lab = _match(novel, col, rec, gname)
    if narrator is not None and gname == narrator:
        col_ix = SPEAKER_FEATURES.index("is_narrator")
        for i in range(len(rec.features.candidates)):
            if rec.features.speaker[0, i, col_ix] > 0:
                lab[i] = True
    return lab


def _span_quote(span: tuple[int, int]) -> Any:
    from ..eval.pdnc_data import PdncQuote

    return PdncQuote(spans=[span], speaker="", addressees=[], qtype="")


def gold_sequence(lab: Labelled) -> list[int | None]:
    return [next((i for i, v in enumerate(t) if v), None) if t is not None else None for t in lab.speaker]


def pdnc_data(corpus: list[PdncNovel], analyzer: Analyzer,
              progress: Callable[[str], None] | None = None) -> list[TextData]:
    out = []
    for novel in corpus:
        col = collect(analyzer, novel.text, novel.name)
        out.append(label_pdnc(novel, col))
        if progress is not None:
            progress(f"features: {novel.name} ({len(col.records)} conversations)")
    return out
