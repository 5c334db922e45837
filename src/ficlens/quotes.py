"""Quotations: find them (detection) and say who speaks them (attribution)."""

from __future__ import annotations

import re

from .document import Document, Mention
from .lexicons import wordlist
from .model import Quote

# An opening double quote and the quote that closes it; an unclosed quote ends at its paragraph's end.
_QUOTE_RE = re.compile(r"[\"“”]")


def _paragraph_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    para = text[start:end]
    open_at: int | None = None
    for m in _QUOTE_RE.finditer(para):
        ch = m.group()
        if open_at is None:
            if ch == "”" and out:  # a stray closing mark
                continue
            open_at = m.start()
        else:
            if ch == "“":  # a new opening mark before a close: the previous quote was left open
                out.append((start + open_at, start + m.start()))
                open_at = m.start()
                continue
            out.append((start + open_at, start + m.end()))
            open_at = None
    if open_at is not None:
        out.append((start + open_at, end))
    return out


def detect(doc: Document) -> None:
    """Set ``doc.quote_spans`` and ``doc.analysis.quotes`` (unattributed)."""
    text = doc.text
    spans: list[tuple[int, int]] = []
    for p in doc.paragraphs:
        spans.extend(_paragraph_quotes(text, p.start, p.end))
    doc.set_quote_spans(spans)
    quotes = []
    for i, (s, e) in enumerate(doc.quote_spans):
        inner = text[s + 1 : e - 1] if text[e - 1] in "\"”" else text[s + 1 : e]
        quotes.append(Quote(id=f"q{i + 1}", start=s, end=e, text=inner.strip()))
    doc.analysis.quotes = quotes


def attribute(doc: Document) -> None:
    """Speakers from a name or resolved pronoun that is the subject of a speech verb in the quote's paragraph."""
    verbs = wordlist("data/lexicons/speech_verbs.txt")
    by_tok: dict[tuple[int, int], Mention] = {}
    for m in doc.mentions:
        for t in range(m.tok, m.tok_end):
            by_tok[(m.para, t)] = m
    counts: dict[str, int] = {}
    for q in doc.analysis.quotes:
        pi = doc.paragraph_at(q.start)
        d = doc.docs[pi]
        base = doc.paragraphs[pi].start
        best: tuple[int, Mention] | None = None
        for tok in d:
            off = base + tok.idx
            if tok.lower_ not in verbs or doc.in_quote(off) or tok.pos_ not in ("VERB", "AUX"):
                continue
            for child in tok.children:
                if child.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                m = by_tok.get((pi, child.i))
                if m is None or m.character is None:
                    continue
                dist = min(abs(off - q.start), abs(off - q.end))
                if best is None or dist < best[0]:
                    best = (dist, m)
        if best is not None:
            m = best[1]
            q.speaker = m.character
            q.method = "explicit" if m.kind == "name" else "anaphoric"
            q.confidence = 0.9 if m.kind == "name" else 0.7
            counts[m.character] = counts.get(m.character, 0) + 1  # type: ignore[index]
    for c in doc.analysis.characters:
        c.quotes = counts.get(c.id, 0)
