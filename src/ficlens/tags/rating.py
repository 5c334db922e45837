"""The rating from graded evidence: the highest level any signal of ``tags/data/rating.toml`` sets.

Signals: sex described on the page vs. referenced, graphic violence vs. violence mentioned, profanity (mild,
strong, dense), drugs, drunkenness, self-harm, suicide, torture, a death on the page, rape or non-consent.
General Audiences when nothing pushes the rating up. The evidence is the sentences of the signals that set the
level, most telling first.
"""

from __future__ import annotations

from typing import Any

from ..document import Document
from ..lexicons import table
from ..model import TagValue, evidence_from
from .text import Sentence
from .warnings import WarningFindings

GENERAL = "General Audiences"


def _signal_sentences(sig: dict[str, Any], sents: list[Sentence], found: WarningFindings) -> list[Sentence]:
    source = sig.get("source")
    if source == "noncon":
        return list(found.noncon)
    if source == "graphic":
        return list(found.graphic)
    if source == "deaths":
        return [d.sentence for d in found.deaths]
    groups = sig.get("groups", [])
    return [s for s in sents if not s.cues.keys().isdisjoint(groups)]


def rate(doc: Document, sents: list[Sentence], found: WarningFindings) -> TagValue:
    data = table("tags/data/rating.toml")
    levels: list[str] = data["levels"]
    calibration = table("tags/data/calibration.toml").get("rating", {})
    words = max(1, doc.analysis.work.words)
    best = 0
    setting: list[tuple[str, list[Sentence]]] = []
    for sig in data["signal"]:
        hits = _signal_sentences(sig, sents, found)
        need = int(sig.get("min_sentences", 1))
        per10k = len(hits) * 10000 / words
        if len(hits) < need or per10k < float(sig.get("min_per_10k", 0.0)):
            continue
        level = levels.index(sig["level"])
        if level > best:
            best, setting = level, [(sig["name"], hits)]
        elif level == best:
            setting.append((sig["name"], hits))
    value = levels[best]
    if best == 0:
        return TagValue(GENERAL, float(calibration.get(GENERAL, 0.7)), [])
    seen: set[int] = set()
    evidence = []
    for _, hits in setting:
        for s in hits[:2]:
            if s.index not in seen:
                seen.add(s.index)
                evidence.append(evidence_from(doc.text, s.start, s.end))
    strength = sum(len(h) for _, h in setting)
    conf = min(0.95, float(calibration.get(value, 0.6)) + 0.02 * max(0, strength - 2))
    return TagValue(value, round(conf, 2), evidence[:4])


def signals(doc: Document, sents: list[Sentence], found: WarningFindings) -> list[tuple[str, str, int]]:
    """(signal name, level, sentences) of every signal that fired, for reports and tests."""
    data = table("tags/data/rating.toml")
    out = []
    for sig in data["signal"]:
        hits = _signal_sentences(sig, sents, found)
        if len(hits) >= int(sig.get("min_sentences", 1)):
            out.append((sig["name"], sig["level"], len(hits)))
    return out
