"""Quotation detection and speaker attribution scored against LitBank's gold quotations.

For every LitBank text with gold quotations the whole pipeline runs on the detokenised text. Predicted
quotations (all kinds but ``other``: scare quotes and titles are not dialogue) are matched one-to-one to gold
ones by character overlap (intersection over union >= 0.5, best pairs first). Predicted characters are mapped to
gold entities by their mentions: every predicted mention that coincides with a gold PER mention (same span, or
the shortest gold mention that contains it) votes for that mention's entity, and a character maps to the entity
with most votes of its names and descriptions (its pronoun votes break a tie, or decide when no name or
description lines up): what a character is called says who it is, while a wrongly resolved pronoun would move it
to another entity. ``speaker_accuracy_all_votes`` is the figure with every mention voting alike. A matched
quote's speaker is right when its character maps to the gold speaker.

LitBank does not chain an appositive to its host: in "my good friend, Master John Rolfe" the name is a singleton
entity of its own while the description carries the chain the quotations point at. Before mapping, a singleton
person mention set off by a comma right after a mention of another person, one a name and the other a
description ("her uncle, Joe", "Mr. Bond, the farrier"), is read as its host's entity (``appositive_hosts``);
without this a character introduced once by such a name maps to a chain that says nothing. Lists ("Tom, Dick")
pair two names or two descriptions and are left alone.

Speaker accuracy is over every gold quotation that has a speaker (an unmatched or unattributed one counts as
wrong), and split by whether the quote's paragraph has a speech verb (from the packaged lexicon) in its narration:
"explicit" quotes, where a tag can be read off the text, and the rest, which need context.
"""

from __future__ import annotations

import bisect
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from ..lexicons import wordlist
from . import EvalResult, litbank_root
from .litbank_data import GoldMention, GoldQuote, LitBankDoc, load_litbank

_WORD = re.compile(r"[A-Za-z]+")
_MATCH_IOU = 0.5


@dataclass
class _DocScore:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    with_speaker: int = 0
    correct: int = 0
    explicit: int = 0
    explicit_correct: int = 0
    implicit: int = 0
    implicit_correct: int = 0
    attributed: int = 0  # matched quotes that got a predicted speaker
    correct_all_votes: int = 0  # right under the mapping where pronouns vote like names


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def match_quotes(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> dict[int, int]:
    """One-to-one matching gold index -> predicted index by overlap (linear sweep over sorted spans)."""
    pairs: list[tuple[float, int, int]] = []
    order = sorted(range(len(pred)), key=lambda j: pred[j][0])
    j0 = 0
    for g in sorted(range(len(gold)), key=lambda i: gold[i][0]):
        span = gold[g]
        while j0 < len(order) and pred[order[j0]][1] <= span[0]:
            j0 += 1
        j = j0
        while j < len(order) and pred[order[j]][0] < span[1]:
            v = _iou(span, pred[order[j]])
            if v >= _MATCH_IOU:
                pairs.append((v, g, order[j]))
            j += 1
    pairs.sort(key=lambda p: -p[0])
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: dict[int, int] = {}
    for _v, g, p in pairs:
        if g in used_g or p in used_p:
            continue
        used_g.add(g)
        used_p.add(p)
        out[g] = p
    return out


def map_characters(
    pred_mentions: list[tuple[int, int, str]] | list[tuple[int, int, str, str]], gold: list[GoldMention],
    all_votes: bool = False,
) -> dict[str, str]:
    """Predicted character id -> gold entity, by votes of its mentions that line up with gold PER mentions.

    A mention is ``(start, end, character)`` or ``(start, end, character, kind)`` with kind "name",
    "description" or "pronoun". A character's identity is what its names and descriptions say: their votes
    decide, and pronoun votes only break a tie or stand in when no name or description lines up (a wrongly
    resolved pronoun must not move a character to another entity). ``all_votes``: every mention votes alike
    (the older, stricter-on-coref mapping).
    """
    per = [m for m in gold if m.category == "PER"]
    exact: dict[tuple[int, int], str] = {(m.start, m.end): m.entity for m in per}
    by_start: dict[int, list[GoldMention]] = defaultdict(list)
    for m in per:
        by_start[m.start].append(m)
    starts = sorted(by_start)
    named: dict[str, Counter[str]] = defaultdict(Counter)
    pronoun: dict[str, Counter[str]] = defaultdict(Counter)
    for item in pred_mentions:
        s, e, cid = item[0], item[1], item[2]
        kind = item[3] if len(item) > 3 else "name"
        ent = exact.get((s, e))
        if ent is None:
            # the shortest gold mention containing this one (look back a little: mentions are short)
            best: GoldMention | None = None
            i = bisect.bisect_right(starts, s) - 1
            while i >= 0 and s - starts[i] <= 80:
                for m in by_start[starts[i]]:
                    if m.end >= e and (best is None or m.end - m.start < best.end - best.start):
                        best = m
                i -= 1
            if best is not None and best.end - best.start <= 3 * (e - s) + 10:
                ent = best.entity
        if ent is not None:
            (pronoun if kind == "pronoun" and not all_votes else named)[cid][ent] += 1
    out: dict[str, str] = {}
    for cid in set(named) | set(pronoun):
        votes = named.get(cid) or pronoun[cid]
        top = max(votes.values())
        tied = [ent for ent, v in votes.items() if v == top]
        tie = pronoun.get(cid, Counter()) if cid in named else Counter()
        out[cid] = max(tied, key=lambda ent: tie.get(ent, 0))  # max keeps the first of equals
    return out


_APPOSITIVE_KINDS = {frozenset({"PROP", "NOM"})}


def appositive_hosts(text: str, gold: list[GoldMention]) -> list[GoldMention]:
    """The gold mentions with each appositive singleton person mention given its host's entity.

    A PER mention is an appositive of the PER mention of another entity that ends just before it with only a
    comma between, when its entity has no other mention, one of the two is a name (PROP) and the other a
    description (NOM), and it is not the opening word of a longer mention ("the Armstrongs' butler").
    """
    per = [m for m in gold if m.category == "PER"]
    count = Counter(m.entity for m in per)
    ends: dict[int, list[GoldMention]] = defaultdict(list)
    longest_from: dict[int, int] = {}
    for m in per:
        ends[m.end].append(m)
        longest_from[m.start] = max(longest_from.get(m.start, 0), m.end)
    host: dict[int, str] = {}
    for i, m in enumerate(gold):
        if m.category != "PER" or count[m.entity] != 1 or longest_from[m.start] > m.end:
            continue
        for gap in (1, 2):
            for o in ends.get(m.start - gap, []):
                if (o.entity != m.entity and text[o.end:m.start].strip() == ","
                        and frozenset({o.kind, m.kind}) in _APPOSITIVE_KINDS):
                    host[i] = o.entity
    if not host:
        return gold
    return [replace(m, entity=host[i]) if i in host else m for i, m in enumerate(gold)]


def _has_speech_verb(ld: LitBankDoc, q: GoldQuote, quote_spans: list[tuple[int, int]], verbs: frozenset[str]) -> bool:
    """Whether the narration of the quote's paragraph (outside every gold quote) holds a speech verb."""
    text = ld.text
    ps = text.rfind("\n\n", 0, q.start)
    ps = 0 if ps < 0 else ps + 2
    pe = text.find("\n\n", q.end)
    pe = len(text) if pe < 0 else pe
    pos = ps
    pieces = []
    for s, e in quote_spans:
        if e <= ps or s >= pe:
            continue
        if s > pos:
            pieces.append(text[pos:s])
        pos = max(pos, e)
    if pos < pe:
        pieces.append(text[pos:pe])
    return any(w.lower() in verbs for piece in pieces for w in _WORD.findall(piece))


def score_doc(
    ld: LitBankDoc, analysis_quotes: list, mentions: list[tuple[int, int, str]] | list[tuple[int, int, str, str]]
) -> _DocScore:
    verbs = wordlist("data/lexicons/speech_verbs.txt")
    pred = [q for q in analysis_quotes if getattr(q, "kind", "speech") != "other"]
    gold_spans = [(q.start, q.end) for q in ld.quotes]
    matched = match_quotes(gold_spans, [(q.start, q.end) for q in pred])
    gold_mentions = appositive_hosts(ld.text, ld.mentions)
    cmap = map_characters(mentions, gold_mentions)
    cmap_all = map_characters(mentions, gold_mentions, all_votes=True)
    sc = _DocScore(gold=len(ld.quotes), predicted=len(pred), matched=len(matched))
    for gi, gq in enumerate(ld.quotes):
        if gq.speaker is None:
            continue
        sc.with_speaker += 1
        explicit = _has_speech_verb(ld, gq, gold_spans, verbs)
        ok = False
        if gi in matched:
            pq = pred[matched[gi]]
            if pq.speaker is not None:
                sc.attributed += 1
                ok = cmap.get(pq.speaker) == gq.speaker
                sc.correct_all_votes += cmap_all.get(pq.speaker) == gq.speaker
        sc.correct += ok
        if explicit:
            sc.explicit += 1
            sc.explicit_correct += ok
        else:
            sc.implicit += 1
            sc.implicit_correct += ok
    return sc


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def evaluate(
    data: Path | None = None, limit: int | None = None, speaker_model: str | None = None, layout: str = "real"
) -> EvalResult:
    """Run the pipeline on LitBank's texts with gold quotations (the first ``limit`` of them) and score it
    (``speaker_model``: "rules", "learned" or a model file instead of the default; ``layout``: the texts'
    real paragraphs or the heuristic's, see ``litbank_data``)."""
    from ..config import Options
    from ..pipeline import Analyzer

    root = litbank_root(data)
    docs = [d for d in load_litbank(root, layout=layout) if d.quotes]
    if limit is not None:
        docs = docs[:limit]
    analyzer = Analyzer() if speaker_model is None else Analyzer(Options(speaker_model=speaker_model))
    total = _DocScore()
    per_doc: list[tuple[str, str]] = []
    t0 = time.perf_counter()
    for ld in docs:
        analysis = analyzer.analyze_text(ld.text, source=ld.name)
        document = getattr(analyzer, "last_document", None)
        mentions: list[tuple[int, int, str, str]] = []
        if document is not None:
            mentions = [
                (m.start, m.end, m.character, m.kind) for m in document.mentions if m.character is not None
            ]
        sc = score_doc(ld, analysis.quotes, mentions)
        for f in total.__dataclass_fields__:
            setattr(total, f, getattr(total, f) + getattr(sc, f))
        per_doc.append((ld.name, f"{_ratio(sc.correct, sc.with_speaker):.3f} of {sc.with_speaker}"))
    seconds = time.perf_counter() - t0
    metrics = {
        "detection_precision": _ratio(total.matched, total.predicted),
        "detection_recall": _ratio(total.matched, total.gold),
        "speaker_accuracy": _ratio(total.correct, total.with_speaker),
        "speaker_accuracy_explicit": _ratio(total.explicit_correct, total.explicit),
        "speaker_accuracy_implicit": _ratio(total.implicit_correct, total.implicit),
        "speaker_accuracy_matched": _ratio(total.correct, min(total.matched, total.with_speaker)),
        "speaker_accuracy_all_votes": _ratio(total.correct_all_votes, total.with_speaker),
        "attributed": _ratio(total.attributed, total.with_speaker),
        "documents": len(docs),
        "gold_quotes": total.gold,
    }
    m = metrics
    dp, dr = m["detection_precision"], m["detection_recall"]
    f1 = 2 * dp * dr / ((dp + dr) or 1)
    table = [
        ("documents", str(len(docs))),
        ("gold quotations", str(total.gold)),
        ("predicted quotations", str(total.predicted)),
        ("detection precision", f"{m['detection_precision']:.3f}"),
        ("detection recall", f"{m['detection_recall']:.3f}"),
        ("detection F1", f"{f1:.3f}"),
        ("speaker accuracy", f"{m['speaker_accuracy']:.3f}"),
        (f"  with a speech verb ({total.explicit})", f"{m['speaker_accuracy_explicit']:.3f}"),
        (f"  without ({total.implicit})", f"{m['speaker_accuracy_implicit']:.3f}"),
        ("  characters mapped by all mentions", f"{m['speaker_accuracy_all_votes']:.3f}"),
        ("quotes given a speaker", f"{m['attributed']:.3f}"),
        ("seconds", f"{seconds:.1f}"),
    ]
    notes = [
        "Matching: intersection over union >= 0.5; characters map to gold entities by the votes of their names and"
        " descriptions (pronouns break ties or stand in).",
        "Speaker accuracy counts a missed or unattributed gold quote as wrong.",
    ]
    if not mentions and docs:
        notes.append("The pipeline did not keep its Document: speakers could not be mapped to gold entities.")
    result = EvalResult(name="litbank-quotes", metrics=metrics, table=table, notes=notes)
    result.per_doc = per_doc  # type: ignore[attr-defined]
    return result
