"""The conversation as the pronoun resolution sees it: quote paragraphs, who their speech tags and action
beats named, whom their quotations address by name, and who answers whom."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Document, Mention
from .grouping import (
    _CFG,
    _Cluster,
)
from .lex import Lexicon

_UNKNOWN_GENDER = _CFG["unknown_gender"]
_TAG_REACH = _CFG["tag_reach"]
_TAG_RECENCY = _CFG["tag_recency"]


@dataclass
class _Dialogue:
    """The conversation seen so far: which paragraphs hold quotations, who each quote paragraph's speech tag
    (or, failing one, its first narrated subject) named, and whom its quotations address by name."""

    qparas: set[int] = field(default_factory=set)
    tagged: dict[int, int] = field(default_factory=dict)  # quote paragraph -> speech-tag subject
    beat: dict[int, int] = field(default_factory=dict)  # quote paragraph -> first subject outside quotes
    addressed: dict[int, list[int]] = field(default_factory=dict)  # quote paragraph -> vocative names
    order: list[int] = field(default_factory=list)  # quote paragraphs with a speaker or vocative, in order
    named: set[int] = field(default_factory=set)  # quote paragraphs whose speech tag is a name
    # scene -> characters its dialogue has addressed by name or its tags and beats have made speakers, in order
    present: dict[int, list[int]] = field(default_factory=dict)
    last: dict[int, int] = field(default_factory=dict)  # character -> last quote paragraph it spoke or was addressed

    def seen(self, scene: int, ci: int) -> None:
        people = self.present.setdefault(scene, [])
        if ci not in people:
            people.append(ci)

    def took_part(self, p: int, ci: int) -> None:
        self.last[ci] = max(p, self.last.get(ci, -1))

    def recent(self, p: int, cls: str, clusters: list[_Cluster], skip: set[int]) -> int | None:
        """The participant a subject pronoun of gender ``cls`` outside the quotations of quote paragraph ``p``
        (a speech tag, "he said", or an action beat, "He shrugged.") refers to when no one of that gender is in
        reach by salience: the one who spoke (by a tag or a beat) or was addressed by name
        most recently in the last ``tag_reach`` paragraphs, a character of unknown gender counting
        ``unknown_gender`` as much. In a long exchange the speakers go unnamed for pages ("“Still?” / “Yes,”
        he said"), so their salience fades while they are still talking."""
        best: tuple[float, int] | None = None
        for ci, q in self.last.items():
            c = clusters[ci]
            if q >= p or p - q > _TAG_REACH or ci in skip or c.narrator:
                continue
            factor = 1.0 if c.gender == cls else (_UNKNOWN_GENDER if c.gender == "unknown" else 0.0)
            score = factor * _TAG_RECENCY ** (p - q)
            if score > 0 and (best is None or score > best[0]):
                best = (score, ci)
        return best[1] if best else None

    def participant(self, scene: int, cls: str, clusters: list[_Cluster]) -> int | None:
        """The one character of gender ``cls`` (not the narrator) who has taken part in the scene's dialogue so
        far, when only one has: a first-person narrator's "He dropped the books" in a two-person exchange."""
        found = [ci for ci in self.present.get(scene, ()) if clusters[ci].gender == cls and not clusters[ci].narrator]
        return found[0] if len(found) == 1 else None

    def speaker(self, p: int) -> int | None:
        return self.tagged.get(p, self.beat.get(p))

    def note(self, p: int) -> None:
        if not self.order or self.order[-1] != p:
            self.order.append(p)

    def turns_before(self, p: int) -> list[int]:
        """Quote paragraphs of the running conversation before ``p``, latest first (a gap of more than
        two paragraphs ends a conversation)."""
        out: list[int] = []
        last = p
        for q in reversed(self.order):
            if q >= p:
                continue
            if last - q > 2 or len(out) >= 6:
                break
            out.append(q)
            last = q
        return out

    def choose(self, p: int, cls: str, clusters: list[_Cluster]) -> int | None:
        """The speaker a speech-tag pronoun of gender ``cls`` in a new quote paragraph ``p`` refers to, when
        the conversation decides it: the one participant of that gender the previous turn addressed by name
        (and who is neither that turn's speaker nor addressed by name in ``p``) answers, unless a quotation
        with no speaker or vocative seen came between (the answer may have been there)."""
        def fits(ci: int) -> bool:
            return clusters[ci].gender == cls
        if p in self.tagged:
            # a second tag in one paragraph ("“…,” said Anne. “…,” she added"): the paragraph's first speech-tag
            # subject goes on speaking when it is of this gender (PDNC: 87% of the quotations after another in
            # their paragraph have its speaker; salience alone gave the narration's latest woman)
            first = self.tagged[p]
            return first if fits(first) else None
        turns = self.turns_before(p)
        if not turns:
            return None
        here = set(self.addressed.get(p, []))  # named as addressee in this paragraph: not the speaker
        prev = turns[0]
        if any(q in self.qparas for q in range(prev + 1, p)):
            return None  # a quotation nobody was seen in came between: the addressee may have answered there
        x = self.speaker(prev)
        cands: list[int] = []
        for ci in self.addressed.get(prev, []):
            if ci != x and ci not in here and fits(ci) and ci not in cands:
                cands.append(ci)
        # Alternation with earlier turns' speakers (A-B-A) was measured on LitBank and lost accuracy: the
        # speakers this stage can see are too often wrong or unnamed. Only the addressee by name answers.
        return cands[0] if len(cands) == 1 else None


def _vocative(doc: Document, m: Mention) -> bool:
    """A name inside a quotation set off as an address: "Dean, look", "Thanks, Sam.", "Sam!"."""
    if not m.in_quote:
        return False
    d = doc.docs[m.para]
    prev = d[m.tok - 1] if m.tok > 0 else None
    nxt = d[m.tok_end] if m.tok_end < len(d) else None
    opened = prev is None or prev.is_quote or prev.text in (",", ".", "!", "?", ";", "—", "--")
    closed = nxt is None or nxt.is_quote or nxt.text in (",", ".", "!", "?")
    return opened and closed


def _note_turn(doc: Document, m: Mention, ci: int, dlg: _Dialogue, lx: Lexicon) -> None:
    """Record what a resolved mention in a quote paragraph says about the conversation."""
    if m.in_quote:
        if m.kind == "name" and _vocative(doc, m):
            names = dlg.addressed.setdefault(m.para, [])
            if ci not in names:
                names.append(ci)
            dlg.note(m.para)
            dlg.seen(doc.paragraphs[m.para].scene, ci)
            dlg.took_part(m.para, ci)
        return
    if m.role != "subj":
        return
    tok = doc.docs[m.para][m.tok_end - 1]
    if tok.head.lower_ in lx.speech_verbs and m.para not in dlg.tagged:
        dlg.tagged[m.para] = ci
        if m.kind == "name":
            dlg.named.add(m.para)
        dlg.note(m.para)
        dlg.seen(doc.paragraphs[m.para].scene, ci)
        dlg.took_part(m.para, ci)
    elif m.para not in dlg.beat:
        dlg.beat[m.para] = ci
        dlg.note(m.para)
        dlg.took_part(m.para, ci)
