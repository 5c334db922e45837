"""The text view every tag detector reads: the story's sentences, once, with their cue groups and sentiment.

A *cue group* (``tags/data/cues.toml``) is a named list of words and phrases ("kiss", "in love", "stopped
breathing"); the names of characters are never cues ("Grace", "Molly"), except for swearing. Each sentence records
how many cues of each group it holds, matched as lowercased word sequences (one lookup per position and length);
a cue preceded (within three words) by a negation ("not", "never", "didn't") does not count unless its group sets
``negatable = false`` (for cues that carry their own negation). Sentiment is VADER's compound score
(vaderSentiment, MIT licence) of each sentence.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span

from ..document import Document
from ..lexicons import table, wordlist


@dataclass
class Sentence:
    """One sentence of story text: ``text[start:end]`` in paragraph ``para`` and scene ``scene``, tokens
    ``tok_start:tok_end`` of that paragraph's parse (``span``, looked up when read: a sentence does not keep its
    paragraph's Doc alive, see parses.py)."""

    index: int
    start: int
    end: int
    para: int
    scene: int
    tok_start: int
    tok_end: int
    text: str
    quoted: bool  # mostly inside a quotation (dialogue)
    cues: Counter[str] = field(default_factory=Counter)  # only groups found (counts > 0): with_cue tests keys
    sentiment: float = 0.0
    docs: Sequence[Doc] = field(default_factory=list, repr=False, compare=False)

    @property
    def span(self) -> Span:
        return self.docs[self.para][self.tok_start : self.tok_end]


@dataclass(frozen=True)
class CueSet:
    cues: dict[tuple[str, ...], tuple[str, ...]]  # a cue as lowercased words -> its groups
    longest: int  # words in the longest cue
    negatable: frozenset[str]
    firsts: frozenset[str]  # the first words of all cues (most words open none)


_WORD = re.compile(r"[\w'&-]+")


def words(text: str) -> list[str]:
    """Lowercased words of ``text`` (apostrophes, hyphens and ampersands kept inside words)."""
    return _WORD.findall(text.lower().replace("\u2019", "'"))


@cache
def cue_set() -> CueSet:
    """Every cue group of ``tags/data/cues.toml``, indexed by its words, once per process."""
    data: dict[str, Any] = table("tags/data/cues.toml")
    cues: dict[tuple[str, ...], set[str]] = {}
    negatable = set()
    for name, g in data.items():
        if g.get("negatable", True):
            negatable.add(name)
        for c in [*g.get("words", []), *g.get("phrases", [])]:
            key = tuple(words(c))
            if key:
                cues.setdefault(key, set()).add(name)
    longest = max((len(k) for k in cues), default=1)
    firsts = frozenset(k[0] for k in cues)
    return CueSet({k: tuple(sorted(v)) for k, v in cues.items()}, longest, frozenset(negatable), firsts)


def match_cues(text: str, cs: CueSet | None = None) -> Counter[str]:
    """Cue-group counts of one piece of text: every cue (word sequence) found, per group; a cue of a negatable
    group with a negation among the three words before it is left out. A group counts a position once (its
    longest cue there)."""
    cs = cs or cue_set()
    out: Counter[str] = Counter()
    ws = words(text)
    n = len(ws)
    negators = wordlist("tags/data/negations.txt")
    for i in range(n):
        if ws[i] not in cs.firsts:
            continue
        done: set[str] = set()
        for length in range(min(cs.longest, n - i), 0, -1):
            groups = cs.cues.get(tuple(ws[i : i + length]))
            if not groups:
                continue
            negated = any(w in negators or w.endswith("n't") for w in ws[max(0, i - 3) : i])
            for g in groups:
                if g in done or (negated and g in cs.negatable):
                    continue
                done.add(g)
                out[g] += 1
    return out


_NAME_CUES_KEPT = ("profanity_strong", "profanity_mild")


@cache
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@cache
def _emoji_chars() -> frozenset[str]:
    return frozenset(k for k in _vader().emojis if len(k) == 1)


def sentiment(text: str) -> float:
    """VADER's compound score of ``text``. A text without an emoji and without a word of VADER's lexicon (as VADER
    splits and strips its words) scores 0.0 without running VADER: only lexicon words carry a valence, and
    boosters, negations, "but" and punctuation only scale one (about half of a story's sentences)."""
    vader = _vader()
    if _emoji_chars().isdisjoint(text):
        lexicon = vader.lexicon
        for w in text.split():
            stripped = w.strip(string.punctuation)
            if (stripped if len(stripped) > 2 else w).lower() in lexicon:
                break
        else:
            return 0.0
    return float(vader.polarity_scores(text)["compound"])


def sentences(doc: Document) -> list[Sentence]:
    """Every sentence of the story, with cue counts and sentiment (computed once per document)."""
    cached: list[Sentence] | None = getattr(doc, "_tag_sentences", None)
    if cached is not None:
        return cached
    cs = cue_set()
    out: list[Sentence] = []
    names: dict[int, list[tuple[int, int]]] = {}  # paragraph -> character-name spans (offsets in the work)
    for m in doc.mentions:
        if m.kind == "name" and m.character is not None:
            names.setdefault(m.para, []).append((m.start, m.end))
    for pi, d in enumerate(doc.docs):
        para = doc.paragraphs[pi]
        for sent in d.sents:
            start, end = para.start + sent.start_char, para.start + sent.end_char
            text = doc.text[start:end]
            if not text.strip():
                continue
            mid = (start + end) // 2
            quoted = doc.in_quote(start + 1) and doc.in_quote(mid)
            s = Sentence(len(out), start, end, pi, para.scene, sent.start, sent.end, text, quoted, docs=doc.docs)
            # a character's name is not a cue ("Grace", "Hope", "Molly", "Rose")
            cue_text = text
            for ns, ne in names.get(pi, []):
                if start <= ns and ne <= end:
                    cue_text = cue_text[: ns - start] + " " * (ne - ns) + cue_text[ne - start :]
            s.cues = match_cues(cue_text, cs)
            if cue_text != text:  # a nickname can still swear ("Shitty Hair")
                raw = match_cues(text, cs)
                for g in _NAME_CUES_KEPT:
                    if raw[g]:
                        s.cues[g] = raw[g]
            s.sentiment = sentiment(text)
            out.append(s)
    object.__setattr__(doc, "_tag_sentences", out)
    return out


def with_cue(sents: list[Sentence], *groups: str, narration_only: bool = False) -> list[Sentence]:
    """The sentences holding a cue of any of ``groups``."""
    return [s for s in sents if not s.cues.keys().isdisjoint(groups) and not (narration_only and s.quoted)]


def count(sents: list[Sentence], *groups: str) -> int:
    return sum(s.cues[g] for s in sents for g in groups)
