"""Picking the character a third-person pronoun refers to: salience, binding, the previous subject, the
conversation."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Document, Mention
from .dialogue import _Dialogue
from .gender import main_subject
from .grouping import (
    _CFG,
    _THIRD,
    _Cluster,
)
from .lex import Lexicon, lexicon

_REFLEXIVE = {"himself", "herself", "themselves", "themself"}
_OBJECT_CASE = {"him", "her", "them", "himself", "herself", "themselves", "themself"}
_DECAY = _CFG["decay"]
_MIN_SALIENCE = _CFG["min_salience"]
_UNKNOWN_GENDER = _CFG["unknown_gender"]
_PREV_SUBJ_BOOST = _CFG["prev_subj_boost"]


@dataclass
class _Context:
    """Who the recent sentences were about: each sentence's main subject, and the last subjects."""

    main_subj: dict[int, int] = field(default_factory=dict)  # sentence -> cluster
    subjects: list[tuple[int, int]] = field(default_factory=list)  # (sentence, cluster), last few


class _Salience:
    """Per-character salience that halves with every sentence."""

    def __init__(self) -> None:
        self.active: dict[int, tuple[float, int]] = {}

    def add(self, ci: int, weight: float, sent: int) -> None:
        v = self.get(ci, sent)
        self.active[ci] = (v + weight, sent)

    def get(self, ci: int, sent: int) -> float:
        item = self.active.get(ci)
        if item is None:
            return 0.0
        v, s = item
        return v * (_DECAY ** max(0, sent - s))

    def ranked(self, sent: int) -> list[tuple[float, int]]:
        out = []
        for ci in list(self.active):
            v = self.get(ci, sent)
            if v < 0.5:
                del self.active[ci]
            else:
                out.append((v, ci))
        out.sort(reverse=True)
        return out


def _binder(doc: Document, m: Mention, resolved_tok: dict[tuple[int, int], int], lx: Lexicon) -> int | None:
    """The character a plain pronoun cannot be: the subject of its own clause when it is an object ("Dean
    hit him", "she looked at her"), or the subject of the perception or causative verb whose complement clause
    it is the accusative subject of ("Mary heard her say", "he watched him go")."""
    d = doc.docs[m.para]
    tok = d[m.tok]
    verb = tok.head
    if tok.dep_ in ("dobj", "iobj", "dative", "pobj"):
        if tok.dep_ == "pobj":
            verb = verb.head
    elif (
        tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ in _OBJECT_CASE and verb.dep_ in ("ccomp", "xcomp")
        and verb.tag_ in ("VB", "VBG", "VBN") and verb.head.lower_ in lx.complement_verbs
    ):
        verb = verb.head  # an accusative subject of a bare complement: "heard her say", not "felt she was"
    else:
        return None
    for ch in verb.children:
        if ch.dep_ in ("nsubj", "nsubjpass") and ch.i != tok.i:
            return resolved_tok.get((m.para, ch.i))
    return None


def _fronted_subject(doc: Document, m: Mention, resolved_tok: dict[tuple[int, int], int], lx: Lexicon) -> int | None:
    """The character named as the subject of an adverbial clause that ends right before a subject pronoun (a
    comma between) and is opened by a marker of the same subject's doing ("As Nell buttoned up her coat, she
    said": Nell; not "Before Ruth could answer, she said"), when that name is resolved. Read off the clause's
    extent, not where the parser hangs it ("..., and as Nell buttoned up her coat, she said" may be a conjunct
    of an earlier clause)."""
    tok = doc.docs[m.para][m.tok]
    if tok.dep_ != "nsubj":
        return None
    for t in tok.sent:
        if t.i >= tok.i:
            break
        if t.dep_ != "mark" or t.lower_ not in lx.same_subject_markers:
            continue
        clause = t.head
        end = clause.right_edge.i + 1
        while end < tok.i and tok.doc[end].is_punct:
            end += 1
        if clause.i > tok.i or end != tok.i:
            continue
        for g in clause.children:
            if g.dep_ == "nsubj" and t.i < g.i < tok.i:
                return resolved_tok.get((m.para, g.i))
    return None


def _objects(doc: Document, m: Mention, named_at: dict[tuple[int, int], int]) -> set[int]:
    """The named characters a subject pronoun's own verb takes as objects ("He tossed Steve a bottle", "she
    smiled at Anne"): the pronoun is none of them."""
    tok = doc.docs[m.para][m.tok]
    if tok.dep_ != "nsubj":
        return set()
    out: set[int] = set()
    for ch in tok.head.children:
        if ch.dep_ in ("dobj", "iobj", "dative"):
            heads = [ch]
        elif ch.dep_ == "prep":
            heads = [g for g in ch.children if g.dep_ == "pobj"]
        else:
            continue
        for h in heads:
            ci = named_at.get((m.para, h.i))
            if ci is not None:
                out.add(ci)
    return out


def _pick(
    doc: Document,
    m: Mention,
    cls: str,
    clusters: list[_Cluster],
    sal: _Salience,
    resolved_tok: dict[tuple[int, int], int],
    ctx: _Context | None = None,
    dlg: _Dialogue | None = None,
    barred: set[int] | None = None,
) -> int | None:
    lx = lexicon()
    d = doc.docs[m.para]
    tok = d[m.tok]
    low = tok.lower_
    # the subject of the pronoun's own verb: a reflexive is it, a plain object is not
    subj = _binder(doc, m, resolved_tok, lx)
    if low in _REFLEXIVE and subj is not None:
        return subj
    addressed: set[int] = set()
    tag = (
        dlg is not None and cls in _THIRD and not m.in_quote and m.para in dlg.qparas
        and tok.dep_ == "nsubj" and tok.head.lower_ in lx.speech_verbs
    )
    if dlg is not None and tag:
        # a speech tag's pronoun ("“…,” he said") is a participant of the conversation, never the one its
        # paragraph's quotation addresses by name ("“Ralph,” he said")
        picked = dlg.choose(m.para, cls, clusters)
        if picked is not None and picked != subj and not clusters[picked].narrator:
            return picked
        addressed = set(dlg.addressed.get(m.para, []))
    prev_subj: int | None = None
    if ctx is not None:
        if cls == "plural":
            # "they" after two or more characters were the subjects is the group: left unresolved
            recent = {ci for s, ci in ctx.subjects if m.sent - s <= 1}
            if len(recent) >= 2:
                return None
        elif not m.in_quote and main_subject(doc, m):
            # a main-clause subject pronoun continues the previous sentence's subject of its gender
            # ("He knew Sam was inside. He wondered ...": the second "He" is not Sam), or before it the subject
            # of a clause fronted in its own sentence ("As Nell buttoned up her coat, she said")
            prev_subj = _fronted_subject(doc, m, resolved_tok, lx)
            if prev_subj is None or clusters[prev_subj].gender != cls:
                prev_subj = ctx.main_subj.get(m.sent - 1)
    best: tuple[float, int] | None = None
    for v, ci in sal.ranked(m.sent):
        g = clusters[ci].gender
        if cls == "plural":
            factor = 1.0 if g == "nonbinary" else 0.0
        elif g == cls:
            factor = 1.0
        elif g == "unknown":
            factor = _UNKNOWN_GENDER
        else:
            factor = 0.0
        if factor == 0.0 or ci == subj or clusters[ci].narrator or ci in addressed or (barred and ci in barred):
            continue
        score = v * factor
        if ci == prev_subj and factor == 1.0:
            score *= _PREV_SUBJ_BOOST
        if best is None or score > best[0]:
            best = (score, ci)
    if best is None or best[0] < _MIN_SALIENCE:
        # a speech tag's or an action beat's subject pronoun in a quote paragraph ("“Still?” He shrugged."):
        # the conversation's latest participant of that gender
        if dlg is not None and cls in _THIRD and not m.in_quote and m.para in dlg.qparas and tok.dep_ == "nsubj":
            skip = addressed | (barred or set()) | ({subj} if subj is not None else set())
            return dlg.recent(m.para, cls, clusters, skip)
        return None
    return best[1]
