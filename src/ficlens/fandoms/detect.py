"""Which fandoms a work belongs to: votes from knowledge-base characters and distinctive terms."""

from __future__ import annotations

from collections import defaultdict

from ..document import Document
from ..model import Evidence, FandomGuess, evidence_from
from .kb import KnowledgeBase, normalize_surface

# A fandom is reported when its score reaches this share of the best score; crossover needs two such.
_REPORT_SHARE = 0.25
_CROSSOVER_SHARE = 0.3
_MAX_NGRAM = 4


def _term_hits(doc: Document, kb: KnowledgeBase) -> dict[str, list[tuple[int, int, bool]]]:
    """Fandom name -> (start, end, strong) of every distinctive term found in the text."""
    index = kb.terms_index()
    hits: dict[str, list[tuple[int, int, bool]]] = defaultdict(list)
    for pi, d in enumerate(doc.docs):
        base = doc.paragraphs[pi].start
        words = [t for t in d if not t.is_space]
        for i in range(len(words)):
            for n in range(_MAX_NGRAM, 0, -1):
                if i + n > len(words):
                    continue
                span_start = words[i].idx
                span_end = words[i + n - 1].idx + len(words[i + n - 1].text)
                key = normalize_surface(d.text[span_start:span_end])
                found = index.get(key)
                if found:
                    for fandom, strong in found:
                        hits[fandom.name].append((base + span_start, base + span_end, strong))
                    break
    return hits


def run(doc: Document, kb: KnowledgeBase) -> None:
    """Set ``doc.analysis.fandoms`` and ``crossover``; link unlinked characters to supported fandoms."""
    analysis = doc.analysis
    text = doc.text
    scores: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    total_mentions = sum(c.mentions for c in analysis.characters) or 1
    for c in analysis.characters:
        if c.fandom:
            scores[c.fandom] += 1.0 + 4.0 * c.mentions / total_mentions
            if len(evidence[c.fandom]) < 3:
                evidence[c.fandom].append(evidence_from(text, c.first_start, c.first_start + len(c.aliases[0])))
    for name, spots in _term_hits(doc, kb).items():
        strong = sum(1 for s in spots if s[2])
        weak = len(spots) - strong
        scores[name] += 0.5 * min(strong, 6) + 0.1 * min(weak, 5)
        for s, e, st in spots:
            if st and len(evidence[name]) < 5:
                evidence[name].append(evidence_from(text, s, e))
    # Unlinked characters whose name is a character of a supported fandom are linked to it.
    if scores:
        best = max(scores.values())
        supported = {f for f, s in scores.items() if s >= max(1.0, best * _REPORT_SHARE)}
        for c in analysis.characters:
            if c.fandom:
                continue
            for alias in c.aliases:
                cands = [k for k in kb.characters_by_surface(alias) if k.fandom in supported]
                if len({k.tag for k in cands}) == 1:
                    k = cands[0]
                    c.fandom, c.ao3_tag, c.name = k.fandom, k.tag, k.name
                    if c.gender == "unknown":
                        c.gender = k.gender
                    scores[k.fandom] += 0.5
                    break
    if not scores:
        analysis.fandoms = []
        analysis.crossover = False
        return
    best = max(scores.values())
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    guesses = []
    for name, score in ranked:
        if score < best * _REPORT_SHARE or score < 1.0:
            continue
        conf = round(min(0.99, score / (score + 2.0)), 2)
        guesses.append(FandomGuess(name=name, confidence=conf, evidence=evidence[name][:5]))
    analysis.fandoms = guesses
    strong = [g.name for g in guesses if scores[g.name] >= best * _CROSSOVER_SHARE and scores[g.name] >= 2.0]
    universes = {kb.universe_of(n) for n in strong}
    analysis.crossover = len(universes) >= 2
