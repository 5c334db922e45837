"""Who talks how: the forms of address and the names each character uses inside quotations, learned within the
work from the lines its speech tags attribute, and whose habit an untagged line follows.

Two people taking turns are told apart by how each speaks to the other: one says "ma'am" and "Lizzy", the other
"my dear" and "Miss Bennet". For every character, the quotations the sieve's own tags give them (a named,
described or continued tag: not the decoder's guesses) tally the forms of address they use ("sir", "my dear girl":
``address_terms.address_forms``) and the names they say (the character stage's name mentions inside the quote,
as written, lower-cased: "lizzy" and "elizabeth" are two habits). A turn using some of them is scored against
each candidate:

- ``form_share``: of the tagged uses of the turn's forms and names, the highest share that are the candidate's
  (someone who never says "ma'am" in the work's tagged lines gets 0, the one who always does 1);
- ``form_known``: how many tagged uses there are (log), the same for every candidate of the turn (0: no habit
  known, the share says nothing).

A turn's own quotations are left out of the tallies (leave one out), so a tagged turn scores as an untagged one
would and the scorer learns what the columns are worth where it needs them. Nothing is fitted to a corpus:
everything is counted in the work at run time.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict

import numpy as np
import numpy.typing as npt

from ..document import Document
from ..model import Quote
from .address_terms import address_forms
from .common import _spoken

FloatArray = npt.NDArray[np.float64]

IDIOLECT_FEATURES = ("form_share", "form_known", "style", "style_known")
# the words of a quotation, as the style model counts them: words, and the marks that carry a manner of speaking
_WORD = re.compile(r"[a-z']+|[!?;\u2014-]")
# how many background words a character's own counts are smoothed with (a character with few tagged words
# scores near the background, so a short record says little)
STYLE_PRIOR = 50.0
# the sieve's methods whose speaker a quotation's habits are credited to: its own tag naming, describing or
# continuing a speaker (pronoun tags and turn-taking are guesses that would teach one speaker the other's habits)
TAGGED = ("explicit", "descriptive", "continuation")


class Idiolect:
    """Every character's tagged forms of address and names in one work, and the columns they give a turn."""

    def __init__(self, doc: Document, quotes: list[Quote]) -> None:
        self.forms: dict[int, frozenset[str]] = {}  # quote -> its forms of address and names
        self.owner: dict[int, str] = {}  # quote -> the speaker its own tag names (quotes with forms)
        self.owner_all: dict[int, str] = {}  # the same for every spoken quote
        self.uses: dict[str, Counter[str]] = defaultdict(Counter)  # form -> character -> tagged quotes using it
        self.words: dict[int, list[int]] = {}  # quote -> its words' ids
        self.vocab: dict[str, int] = {}
        self.wcount: dict[str, Counter[int]] = defaultdict(Counter)  # character -> tagged words
        background: Counter[int] = Counter()
        names = sorted((m.start, m.text.lower()) for m in doc.mentions if m.in_quote and m.kind == "name")
        starts = [s for s, _ in names]
        for qi, q in enumerate(quotes):
            if not _spoken(q):
                continue
            ids = [self.vocab.setdefault(w, len(self.vocab)) for w in _WORD.findall(q.text.lower().replace("\u2019", "'"))]
            self.words[qi] = ids
            background.update(ids)
            if q.speaker and q.method in TAGGED:
                self.wcount[q.speaker].update(ids)
                self.owner_all[qi] = q.speaker
            lo, hi = bisect.bisect_left(starts, q.start), bisect.bisect_left(starts, q.end)
            forms = frozenset(address_forms(q.text)) | {names[i][1] for i in range(lo, hi)}
            if not forms:
                continue
            self.forms[qi] = forms
            if q.speaker and q.method in TAGGED:
                self.owner[qi] = q.speaker
                for f in forms:
                    self.uses[f][q.speaker] += 1

        total = sum(background.values()) + len(self.vocab) + 1
        self.log_bg = np.log(np.array([background[i] + 1 for i in range(len(self.vocab))], dtype=float) / total)
        self.wtotal = {c: sum(n.values()) for c, n in self.wcount.items()}

    def columns(self, turns: list[list[int]], cands: list[str]) -> FloatArray:
        """(turns, candidates, len(IDIOLECT_FEATURES)) for a conversation whose turns hold quotations ``turns``
        (indexes into the work's quotes) and whose candidates are ``cands``."""
        out = np.zeros((len(turns), len(cands), len(IDIOLECT_FEATURES)))
        if not cands:
            return out
        for k, qids in enumerate(turns):
            forms = [self.forms[qi] for qi in qids if qi in self.forms]
            if forms:
                out[k, :, 0], out[k, :, 1] = self._shares(frozenset().union(*forms), qids, cands)
            out[k, :, 2], out[k, :, 3] = self._style(qids, cands)
        return out

    def _style(self, qids: list[int], cands: list[str]) -> tuple[FloatArray, FloatArray]:
        """How much likelier the turn's words are in each candidate's tagged lines than in the work's quotations
        at large (log ratio over the square root of the turn's length), and how many tagged words the candidate
        has (log); the turn's own quotations left out."""
        ids = [i for qi in qids for i in self.words.get(qi, ())]
        score, known = np.zeros(len(cands)), np.zeros(len(cands))
        if not ids:
            return score, known
        words = Counter(ids)
        keys = np.fromiter(words, dtype=int, count=len(words))
        freq = np.array([words[i] for i in keys], dtype=float)
        bg = np.exp(self.log_bg[keys])
        for j, c in enumerate(cands):
            counts = self.wcount.get(c)
            if not counts:
                continue
            own = Counter(i for qi in qids if self.owner_all.get(qi) == c for i in self.words.get(qi, ()))
            n = self.wtotal[c] - sum(own.values())
            if n <= 0:
                continue
            mine = np.array([counts.get(i, 0) - own.get(i, 0) for i in keys], dtype=float)
            logp = np.log((mine + STYLE_PRIOR * bg) / (n + STYLE_PRIOR))
            score[j] = float(freq @ (logp - self.log_bg[keys])) / math.sqrt(len(ids))
            known[j] = math.log1p(n) / 8.0
        return score, known

    def _shares(self, forms: frozenset[str], qids: list[int], cands: list[str]) -> tuple[FloatArray, float]:
        """Each candidate's highest share of the tagged uses of the turn's forms, and how many uses there are
        (log), the turn's own quotations left out."""
        own: Counter[tuple[str, str]] = Counter()  # (form, speaker) -> the turn's own tagged uses
        own_total: Counter[str] = Counter()
        for qi in qids:
            who = self.owner.get(qi)
            if who is not None:
                for f in self.forms[qi]:
                    own[f, who] += 1
                    own_total[f] += 1
        share = np.zeros(len(cands))
        uses = 0
        for f in forms:
            tally = self.uses.get(f)
            if not tally:
                continue
            total = sum(tally.values()) - own_total[f]
            if total <= 0:
                continue
            uses = max(uses, total)
            for i, c in enumerate(cands):
                share[i] = max(share[i], (tally.get(c, 0) - own[f, c]) / total)
        return share, math.log1p(uses) / 4.0
