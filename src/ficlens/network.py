"""The character network: who shares scenes and dialogue with whom."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from .document import Document
from .model import Interaction


def run(doc: Document) -> None:
    """Set ``doc.analysis.interactions`` from scene co-presence and addressed dialogue."""
    co: Counter[tuple[str, str]] = Counter()
    for scene in doc.analysis.scenes:
        for a, b in combinations(sorted(set(scene.characters)), 2):
            co[(a, b)] += 1
    dialogue: Counter[tuple[str, str]] = Counter()
    for q in doc.analysis.quotes:
        if not q.speaker:
            continue
        for ad in q.addressees:
            if ad != q.speaker:
                dialogue[tuple(sorted((q.speaker, ad)))] += 1  # type: ignore[index]
    pairs = set(co) | set(dialogue)
    out = []
    for a, b in sorted(pairs):
        out.append(
            Interaction(
                a=a, b=b, dialogue=dialogue[(a, b)], cooccurrence=co[(a, b)],
                weight=float(dialogue[(a, b)] + co[(a, b)]),
            )
        )
    out.sort(key=lambda i: -i.weight)
    doc.analysis.interactions = out
