"""The character network: who talks to whom, who shares scenes and paragraphs, and what kind of bond it is.

- ``dialogue``: quotes a speaker addresses to the other (``q.addressees``; when the quote stage found none, a
  reply to the previous quote of the scene, from a different speaker a few paragraphs back, is addressed to
  that speaker);
- ``cooccurrence``: paragraphs in which both are mentioned (or speak) while both are present in the scene;
  ``scenes``: scenes both are present in;
- ``kind``: from the cue lexicon ``data/lexicons/interaction_cues.toml`` (kissing, "loves", "brother",
  fighting, insults...), counted only in sentences where both characters are involved (both mentioned, a
  first-person narrator's "I" standing for the scene's POV character, or one speaking the sentence to the
  other), negated cues ("didn't kiss") skipped; ``evidence`` are those sentences, most cues first.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from spacy.tokens import Span, Token

from .document import Document
from .lexicons import pronoun_class, table
from .model import Evidence, Interaction, Quote, evidence_from

_REPLY_WINDOW = 3  # paragraphs within which an unaddressed quote answers the previous speaker
_MAX_INVOLVED = 4  # a sentence involving more characters than this says little about any one pair
_EVIDENCE = 3
Pair = tuple[str, str]


@dataclass(frozen=True)
class _Cues:
    words: dict[str, tuple[tuple[str, float], ...]]  # word -> ((kind, weight), ...)
    phrases: tuple[tuple[tuple[str, ...], str, float], ...]  # (tokens, kind, weight)
    min_score: float
    priority: tuple[str, ...]
    negations: frozenset[str]


@lru_cache(maxsize=1)
def cues() -> _Cues:
    data = table("data/lexicons/interaction_cues.toml")
    settings = data.get("settings", {})
    words: dict[str, list[tuple[str, float]]] = defaultdict(list)
    phrases = []
    for kind, group in data.items():
        if kind == "settings":
            continue
        w = float(group.get("weight", 1.0))
        for word in group.get("words", []):
            toks = tuple(word.lower().split())
            if len(toks) == 1:
                words[toks[0]].append((kind, w))
            else:
                phrases.append((toks, kind, w))
        for ph in group.get("phrases", []):
            phrases.append((tuple(ph.lower().split()), kind, w))
    return _Cues(
        words={k: tuple(v) for k, v in words.items()},
        phrases=tuple(phrases),
        min_score=float(settings.get("min_score", 1.0)),
        priority=tuple(settings.get("priority", ["sexual", "family", "romantic", "hostile", "friendship"])),
        negations=frozenset(settings.get("negations", ["not", "n't", "never"])),
    )


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def effective_addressees(doc: Document) -> dict[str, list[str]]:
    """quote id -> the characters it is addressed to (the quote stage's, else the previous speaker)."""
    out: dict[str, list[str]] = {}
    last: dict[int, tuple[int, str]] = {}  # scene -> (paragraph, speaker) of the last attributed quote
    for q in doc.analysis.quotes:
        if not doc.paragraphs:
            break
        pi = doc.paragraph_at(q.start)
        scene = doc.paragraphs[pi].scene
        ads = [a for a in q.addressees if a != q.speaker]
        if not ads and q.speaker and scene in last:
            ppi, prev = last[scene]
            if prev != q.speaker and pi - ppi <= _REPLY_WINDOW:
                ads = [prev]
        out[q.id] = ads
        if q.speaker:
            last[scene] = (pi, q.speaker)
    return out


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children) or any(c.dep_ == "neg" for c in tok.head.children)


def run(doc: Document) -> None:
    """Set ``doc.analysis.interactions``."""
    a = doc.analysis
    c = cues()
    pclass = pronoun_class()
    addressed = effective_addressees(doc)
    dialogue: Counter[Pair] = Counter()
    for q in a.quotes:
        if q.speaker:
            for ad in addressed.get(q.id, []):
                dialogue[_pair(q.speaker, ad)] += 1
    scenes: Counter[Pair] = Counter()
    present: dict[int, set[str]] = {}
    narrator: dict[int, str] = {}
    for s in a.scenes:
        present[s.index] = set(s.characters)
        if s.person == "first" and s.pov:
            narrator[s.index] = s.pov
        for x, y in combinations(sorted(set(s.characters)), 2):
            scenes[(x, y)] += 1
    by_para: dict[int, list[tuple[int, str]]] = defaultdict(list)  # paragraph -> (token, character)
    owner_at: dict[tuple[int, int], str] = {}  # (paragraph, token) of a name or pronoun -> character
    described_at: dict[tuple[int, int], str] = {}  # (paragraph, head token) of a description -> character
    for m in doc.mentions:
        if m.character is not None:
            by_para[m.para].append((m.tok, m.character))
            if m.kind == "description":
                described_at[(m.para, m.tok_end - 1)] = m.character
            else:
                owner_at[(m.para, m.tok)] = m.character
    quote_at = {q.start: q for q in a.quotes}
    starts = [q.start for q in a.quotes]
    para_co: Counter[Pair] = Counter()
    scores: dict[Pair, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    hits: dict[Pair, dict[str, Counter[tuple[int, int]]]] = defaultdict(lambda: defaultdict(Counter))
    for pi, d in enumerate(doc.docs):
        para = doc.paragraphs[pi]
        here = present.get(para.scene, set())
        ments = sorted(by_para.get(pi, []))
        speakers = _quotes_in(a.quotes, starts, para.start, para.end)
        in_para = {cid for _, cid in ments} | {q.speaker for q in speakers if q.speaker}
        for x, y in combinations(sorted(in_para & here), 2):
            para_co[(x, y)] += 1
        me = narrator.get(para.scene)
        mi = 0
        for sent in d.sents:
            involved: set[str] = set()
            while mi < len(ments) and ments[mi][0] < sent.start:
                mi += 1
            j = mi
            while j < len(ments) and ments[j][0] < sent.end:
                involved.add(ments[j][1])
                j += 1
            s_start = para.start + sent.start_char
            covering = _quote_covering(doc, quote_at, s_start)
            if covering is not None and covering.speaker:
                involved.add(covering.speaker)
                involved.update(addressed.get(covering.id, []))
            if me is not None:
                for tok in sent:
                    if pclass.get(tok.lower_) == "first" and not doc.in_quote(para.start + tok.idx):
                        involved.add(me)
                        break
            if len(involved) < 2 or len(involved) > _MAX_INVOLVED:
                continue
            found = _sentence_cues(sent, c)
            if not found:
                continue
            span = (s_start, para.start + sent.end_char)
            # a cue in a sentence about three people says less about each pair than one about two
            share = 1.0 / (len(involved) - 1)
            for kind, w, cue_tok in found:
                kin = _kin_pair(pi, cue_tok, owner_at, described_at) if kind == "family" else None
                if kin is not None:
                    # "his brother": a family word with a possessor relates the possessor and the one it
                    # names, no one else in the sentence; unresolved, it relates no pair here
                    if kin[0] and kin[1] and kin[0] != kin[1]:
                        pair = _pair(kin[0], kin[1])
                        scores[pair][kind] += w
                        hits[pair][kind][span] += 1
                    continue
                for x, y in combinations(sorted(involved), 2):
                    scores[(x, y)][kind] += w * share
                    hits[(x, y)][kind][span] += 1
    out = []
    for pair in sorted(set(scenes) | set(dialogue) | set(para_co)):
        kind, ev = _kind(doc, scores.get(pair, {}), hits.get(pair, {}), c)
        x, y = pair
        out.append(
            Interaction(
                a=x,
                b=y,
                weight=round(dialogue[pair] + scenes[pair] + 0.5 * para_co[pair], 2),
                dialogue=dialogue[pair],
                cooccurrence=para_co[pair],
                kind=kind,
                evidence=ev,
                scenes=scenes[pair],
                kind_scores={k: round(v, 2) for k, v in scores.get(pair, {}).items()},
            )
        )
    out.sort(key=lambda i: (-i.weight, i.a, i.b))
    a.interactions = out


def _quotes_in(quotes: list[Quote], starts: list[int], start: int, end: int) -> list[Quote]:
    i = bisect.bisect_left(starts, start)
    out = []
    while i < len(quotes) and quotes[i].start < end:
        out.append(quotes[i])
        i += 1
    return out


def _quote_covering(doc: Document, quote_at: dict[int, Quote], offset: int) -> Quote | None:
    if not doc.in_quote(offset) and not doc.in_quote(offset + 1):
        return None
    i = bisect.bisect_right(doc._quote_starts, offset + 1) - 1
    if i < 0:
        return None
    return quote_at.get(doc.quote_spans[i][0])


def _kin_pair(
    pi: int, tok: Token | None, owner_at: dict[tuple[int, int], str], described_at: dict[tuple[int, int], str]
) -> tuple[str | None, str | None] | None:
    """For a family word with a possessor ("his brother", "Dean's sister"): (the possessor's character, the
    character the phrase names), either None when unresolved; None when the word has no possessor."""
    if tok is None:
        return None
    poss = next((ch for ch in tok.children if ch.dep_ == "poss"), None)
    if poss is None:
        return None
    return owner_at.get((pi, poss.i)), described_at.get((pi, tok.i))


def _about_a_thing(tok: Token) -> bool:
    """A cue verb whose objects are all common nouns is about a thing, not a person ("loves this town")."""
    if tok.pos_ != "VERB":
        return False
    objects = [ch for ch in tok.children if ch.dep_ in ("dobj", "obj")]
    return bool(objects) and all(o.pos_ == "NOUN" for o in objects)


def _sentence_cues(sent: Span, c: _Cues) -> list[tuple[str, float, Token | None]]:
    """(kind, weight, the cue word's token or None for a phrase) of every cue in the sentence."""
    found: list[tuple[str, float, Token | None]] = []
    lows = [t.lower_ for t in sent]
    for k, tok in enumerate(sent):
        entry = c.words.get(lows[k])
        if entry and not _negated(tok) and not any(w in c.negations for w in lows[max(0, k - 2) : k]):
            if _about_a_thing(tok):
                continue
            found.extend((kind, w, tok) for kind, w in entry)
    if c.phrases:
        joined = " " + " ".join(lows) + " "
        for toks, kind, w in c.phrases:
            if " " + " ".join(toks) + " " in joined:
                found.append((kind, w, None))
    return found


def _kind(
    doc: Document, score: dict[str, float], hits: dict[str, Counter[tuple[int, int]]], c: _Cues
) -> tuple[str, list[Evidence]]:
    if not score:
        return "unknown", []
    rank = {k: i for i, k in enumerate(c.priority)}
    kind = max(score, key=lambda k: (score[k], -rank.get(k, len(rank))))
    if score[kind] < c.min_score:
        return "unknown", []
    spans = [s for s, _ in hits[kind].most_common(_EVIDENCE)]
    return kind, [evidence_from(doc.text, s, e) for s, e in spans]
