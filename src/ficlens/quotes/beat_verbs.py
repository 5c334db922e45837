"""Whose the narration beside a turn is, by the verb of its subject (``data/lexicons/beat_verbs.toml``).

"Mary put down her cup." right before a line is most often Mary's own beat; "Tom listened." or "Mary was
silent." there is as often the one spoken to; and the narration paragraph right after a line ("Tom stared at
her.") is mostly the listener's reaction. For every turn, the character the narration makes a subject just
before its first quotation (in its own paragraph, else in a narration paragraph right before it: the last
sentence there with a character as a subject, even when a later sentence's subject is no character, "I moved
up. The delivery man glanced at me.") and just after it (the first such sentence of a narration paragraph right
after it), four columns:

- ``nb_before_own``: the candidate is that subject before the turn, with a gesture, movement or handling verb;
- ``nb_before_listener``: the same, with a verb of state, thought, reported speech, listening or reaction;
- ``nb_after_subj``: the candidate is the subject of the narration paragraph right after the turn;
- ``nb_after_listener``: the same, with a listener's verb.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

import numpy as np
import numpy.typing as npt

from ..document import Document, Mention
from ..lexicons import table

FloatArray = npt.NDArray[np.float64]

BEAT_VERB_FEATURES = ("nb_before_own", "nb_before_listener", "nb_after_subj", "nb_after_listener")
_SUBJECT = ("nsubj", "nsubjpass")


@cache
def _kinds() -> dict[str, str]:
    """Word form -> "own" (a gesture, movement or handling) or "listener" (a state, thought, reported speech,
    listening or reaction)."""
    lex = table("data/lexicons/beat_verbs.toml")
    return {w: "own" for w in lex["own"]} | {w: "listener" for w in lex["listener"]}


class BeatVerbs:
    """The narration subjects of one work by paragraph, and the class of their verbs, read once per work."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.quote_paras = {qi.para for qi in doc.quote_info}
        self.subjects: dict[int, list[Mention]] = defaultdict(list)
        for m in sorted(doc.mentions, key=lambda m: m.start):
            if not m.in_quote and m.character is not None and m.role == "subj":
                self.subjects[m.para].append(m)
        self.kind = _kinds()

    def _clause(self, ms: list[Mention]) -> tuple[str, str] | None:
        """(character, verb class: "own", "listener" or "") of the first of ``ms`` that is its verb's subject."""
        for m in ms:
            d = self.doc.docs[m.para]
            head = d[m.tok_end - 1]
            if head.dep_ in _SUBJECT and m.character is not None:
                return m.character, self.kind.get(head.head.lower_, "")
        return None

    def before(self, para: int, first_start: int) -> tuple[str, str] | None:
        """The subject right before a turn whose first quotation starts at ``first_start`` in ``para``."""
        own = [m for m in self.subjects.get(para, []) if m.start < first_start]
        if own:
            last = max(m.sent for m in own)
            return self._clause([m for m in own if m.sent == last])
        paras = self.doc.paragraphs
        if para < 1 or para - 1 in self.quote_paras or paras[para - 1].scene != paras[para].scene:
            return None  # a quotation paragraph, or another scene's narration
        ms = self.subjects.get(para - 1, [])
        if not ms:
            return None
        return self._clause([m for m in ms if m.sent == ms[-1].sent])

    def after(self, para: int) -> tuple[str, str] | None:
        """The subject of the first sentence of a narration paragraph right after ``para``."""
        paras = self.doc.paragraphs
        if para + 1 in self.quote_paras or para + 1 >= len(paras) or paras[para + 1].scene != paras[para].scene:
            return None
        ms = self.subjects.get(para + 1, [])
        if not ms:
            return None
        return self._clause([m for m in ms if m.sent == ms[0].sent])

    def columns(self, turns: list[tuple[int, int]], cands: list[str]) -> FloatArray:
        """(turns, candidates, len(BEAT_VERB_FEATURES)) for turns given as (paragraph, first quotation's
        start)."""
        out = np.zeros((len(turns), len(cands), len(BEAT_VERB_FEATURES)))
        ix = {c: i for i, c in enumerate(cands)}
        for k, (para, start) in enumerate(turns):
            b = self.before(para, start)
            if b is not None and b[0] in ix and b[1]:
                out[k, ix[b[0]], 0 if b[1] == "own" else 1] = 1.0
            a = self.after(para)
            if a is not None and a[0] in ix:
                out[k, ix[a[0]], 2] = 1.0
                if a[1] == "listener":
                    out[k, ix[a[0]], 3] = 1.0
        return out
