"""Who talks how: the forms of address and the names each character uses inside quotations, and the words of
their lines, learned within the work, and whose habit an untagged line follows.

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

And the words of the lines (``style``): a character who says "reckon" and "ain't" and one who says "simply" and
"dreadful" are told apart by an untagged line's words. Every quotation the hand-weighted decoder gives a speaker
(its run before the learned scorer's, so untagged lines count too: about four in five are right) adds its words
to that speaker's record, each weighted by the decoder's confidence in it (a guess counts less than a tag); a
turn scores each candidate by how much likelier its words are under the candidate's record than under all the
work's quotations (a log ratio over the square root of the turn's length; a short
record is smoothed towards the whole, so it says little). Alone the words pick the gold speaker over the pick of
a wrong turn only 57 times in 100, so they are one column among many, with their margin over the turn's best
other candidate (``rel_style``).

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
from .common import Attribution, _spoken

FloatArray = npt.NDArray[np.float64]

IDIOLECT_FEATURES = ("form_share", "form_known", "style")
# the words of a quotation as the style record counts them: words, and the marks that carry a manner of speaking
_WORD = re.compile(r"[a-z']+|[!?;\u2014-]")
# how many of the work's words a character's record is smoothed with: a record of a few lines stays near the
# whole and says little (200 against 50: fast loop 0.8325 against 0.8319, docs/speakers.md)
STYLE_PRIOR = 200.0
# the sieve's methods whose speaker a quotation's habits are credited to: its own tag naming, describing or
# continuing a speaker (pronoun tags and turn-taking are guesses that would teach one speaker the other's habits)
TAGGED = ("explicit", "descriptive", "continuation")


class Idiolect:
    """Every character's tagged forms of address and names in one work, and the columns they give a turn."""

    def __init__(self, doc: Document, quotes: list[Quote], rules: list[Attribution] | None = None) -> None:
        """``rules``: the hand-weighted decoder's attribution of every quotation, whose speakers the style
        records are counted from (without it, only the quotations the sieve's own tags attribute)."""
        self.forms: dict[int, frozenset[str]] = {}  # quote -> its forms of address and names
        self.owner: dict[int, str] = {}  # quote -> the speaker its own tag names
        self.uses: dict[str, Counter[str]] = defaultdict(Counter)  # form -> character -> tagged quotes using it
        self.words: dict[int, list[int]] = {}  # quote -> its words (ids)
        self.by: dict[int, str] = {}  # quote -> whose style record it adds to
        self.weight: dict[int, float] = {}  # quote -> how much its words count (the decoder's confidence)
        vocab: dict[str, int] = {}
        names = sorted((m.start, m.text.lower()) for m in doc.mentions if m.in_quote and m.kind == "name")
        starts = [s for s, _ in names]
        for qi, q in enumerate(quotes):
            if not _spoken(q):
                continue
            self.words[qi] = [vocab.setdefault(w, len(vocab))
                              for w in _WORD.findall(q.text.lower().replace("\u2019", "'"))]
            who = rules[qi].speaker if rules is not None else (q.speaker if q.method in TAGGED else None)
            if who:
                self.by[qi] = who
                self.weight[qi] = rules[qi].confidence if rules is not None else 1.0
            lo, hi = bisect.bisect_left(starts, q.start), bisect.bisect_left(starts, q.end)
            forms = frozenset(address_forms(q.text)) | {names[i][1] for i in range(lo, hi)}
            if not forms:
                continue
            self.forms[qi] = forms
            if q.speaker and q.method in TAGGED:
                self.owner[qi] = q.speaker
                for f in forms:
                    self.uses[f][q.speaker] += 1

        self._records(len(vocab))

    def _records(self, size: int) -> None:
        """The style records: each character's word counts (a row of ``counts`` each), the log probability of
        each word in all the work's quotations (add-one), and each record's log ratio against it (``ratio``)."""
        people = sorted(set(self.by.values()))
        self.row = {c: i for i, c in enumerate(people)}
        owned = [(self.row[who], self.weight[qi], ids) for qi, who in self.by.items() for ids in (self.words[qi],)]
        who = np.array([r for r, _, ids in owned for _ in ids], dtype=np.intp)
        what = np.array([i for _, _, ids in owned for i in ids], dtype=np.intp)
        wts = np.array([w for _, w, ids in owned for _ in ids])
        self.counts = np.zeros((len(people), size))
        np.add.at(self.counts, (who, what), wts)
        everything = 1.0 + np.bincount(np.array([i for ids in self.words.values() for i in ids], dtype=np.intp),
                                       minlength=size)
        self.totals = self.counts.sum(axis=1)
        self.log_bg = np.log(everything / everything.sum())
        self.prior = STYLE_PRIOR * np.exp(self.log_bg)  # the background's share of each smoothed record
        self.ratio = self._log_ratio(self.counts, self.totals[:, None])

    def _log_ratio(self, counts: FloatArray, totals: FloatArray, words: npt.NDArray[np.intp] | None = None
                   ) -> FloatArray:
        """log p(word | a record smoothed towards the whole work) - log p(word | the whole work), for ``counts``
        over all words (or over ``words``)."""
        prior = self.prior if words is None else self.prior[words]
        bg = self.log_bg if words is None else self.log_bg[words]
        out: FloatArray = np.log((counts + prior) / (np.maximum(totals, 0.0) + STYLE_PRIOR)) - bg
        return out

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
        out[:, :, 2] = self._style(turns, cands)
        return out

    def _style(self, turns: list[list[int]], cands: list[str]) -> FloatArray:
        """(turns, candidates): each candidate's log ratio of the turn's words under its style record against
        the whole work, over the square root of the turn's length; 0 for a candidate with no record. The turn's
        own quotations are left out of the records: the words of a turn whose lines were given to a candidate
        are scored for it against its record less those lines."""
        score = np.zeros((len(turns), len(cands)))
        col = {self.row[c]: j for j, c in enumerate(cands) if c in self.row}
        turn_of = [k for k, qids in enumerate(turns) for qi in qids for _ in self.words.get(qi, ())]
        if not col or not turn_of:
            return score
        words = np.array([i for qids in turns for qi in qids for i in self.words.get(qi, ())], dtype=np.intp)
        at = np.array(turn_of, dtype=np.intp)
        rows = np.array(list(col), dtype=np.intp)
        pos = {r: x for x, r in enumerate(col)}  # record row -> column of ``full``
        full = np.zeros((len(turns), len(rows)))
        np.add.at(full, at, self.ratio[np.ix_(rows, words)].T)
        # leave one out: per (turn, its lines' speaker among the candidates), that speaker's record less the lines
        fix_turn: list[int] = []
        fix_col: list[int] = []
        fix_word: list[int] = []
        fix_own: list[float] = []
        fix_left: list[float] = []
        for k, qids in enumerate(turns):
            for r in {self.row[self.by[qi]] for qi in qids if qi in self.by} & col.keys():
                own: dict[int, float] = defaultdict(float)
                for qi in qids:
                    if self.by.get(qi) == cands[col[r]]:
                        for i in self.words[qi]:
                            own[i] += self.weight[qi]
                left = self.totals[r] - sum(own.values())
                for qi in qids:
                    for i in self.words.get(qi, ()):
                        fix_turn.append(k)
                        fix_col.append(pos[r])
                        fix_word.append(i)
                        fix_own.append(own[i])
                        fix_left.append(left)
        if fix_turn:
            r_of = rows[fix_col]
            w = np.array(fix_word, dtype=np.intp)
            better = self._log_ratio(self.counts[r_of, w] - np.array(fix_own), np.array(fix_left), w)
            np.add.at(full, (np.array(fix_turn), np.array(fix_col)), better - self.ratio[r_of, w])
        length = np.bincount(at, minlength=len(turns)).astype(float)
        score[:, list(col.values())] = full / np.sqrt(np.maximum(length, 1.0))[:, None]
        return score

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
