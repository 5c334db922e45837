"""Pronoun and description resolution: salience, binding, dialogue turns, scene topics."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..document import Document, Mention
from ..fandoms.kb import KBCharacter, KnowledgeBase
from .grouping import (
    _CFG,
    _THIRD,
    _Cluster,
    _compatible,
    _main_subject,
)
from .lex import Lexicon, lexicon

_REFLEXIVE = {"himself", "herself", "themselves", "themself"}
_OBJECT_CASE = {"him", "her", "them", "himself", "herself", "themselves", "themself"}
_DECAY = _CFG["decay"]
_MIN_SALIENCE = _CFG["min_salience"]
_TOPIC_MIN = _CFG["topic_min"]
_TOPIC_SHARE = _CFG["topic_share"]
_W_NAME = _CFG["w_name"]
_W_SUBJ = _CFG["w_subj"]
_W_QUOTED = _CFG["w_quoted"]
_W_QUOTED_NARRATION = _CFG["w_quoted_narration"]
_W_PRONOUN = _CFG["w_pronoun"]
_UNKNOWN_GENDER = _CFG["unknown_gender"]
_PREV_SUBJ_BOOST = _CFG["prev_subj_boost"]
_NARRATION_MIN = _CFG["narration_min"]
_TAG_REACH = _CFG["tag_reach"]
_TAG_RECENCY = _CFG["tag_recency"]


@dataclass
class _Context:
    """Who the recent sentences were about: each sentence's main subject, and the last subjects."""

    main_subj: dict[int, int] = field(default_factory=dict)  # sentence -> cluster
    subjects: list[tuple[int, int]] = field(default_factory=list)  # (sentence, cluster), last few


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
            return None  # a second tag in one paragraph: salience keeps its speaker
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


def _narration(mentions: list[Mention]) -> str | None:
    counts: Counter[str] = Counter()
    for m in mentions:
        if m.kind == "pronoun" and not m.in_quote:
            counts[m.gender_hint or ""] += 1
    third = counts["male"] + counts["female"]
    if counts["first"] >= _NARRATION_MIN and counts["first"] >= 0.3 * third:
        return "first"
    if counts["second"] >= _NARRATION_MIN and counts["second"] >= 0.5 * third:
        return "second"
    return None


def _resolve(
    doc: Document,
    mentions: list[Mention],
    clusters: list[_Cluster],
    owner: dict[int, int],
    amb_of: dict[str, list[int]],
    narrator: int,
    kb: KnowledgeBase | None,
) -> None:
    lx = lexicon()
    sal = _Salience()  # who a pronoun inside a quotation may be: names in quotations count
    # who a pronoun in the narration may be: a name inside a quotation is mostly someone talked about or
    # talked to, not someone the narration's "he" and "she" are about ("“Have you seen Henry?” / “No,” he said")
    nsal = _Salience()
    resolved_tok: dict[tuple[int, int], int] = {}  # (para, token) of a resolved mention -> cluster
    learned: dict[str, int] = {}  # description key -> cluster, from appositions ("Castiel, the angel")
    relations: dict[tuple[int, str], int] = {}  # (cluster, kin noun) -> cluster ("his brother Sam")
    narration = clusters[narrator].narrator if narrator >= 0 else None
    person_class = {"first": "first", "second": "second"}.get(narration or "", "")
    kb_desc = kb.descriptions_index() if kb is not None else {}
    last_desc: tuple[Mention, int | None, str] | None = None  # a kin description waiting for its name
    ctx = _Context()
    dlg = _Dialogue(qparas={qi.para for qi in doc.quote_info if not qi.inline})
    topics = _scene_topics(doc, mentions, clusters, owner)
    # (paragraph, last token) of each clustered name: a subject pronoun is never a name its own verb takes as
    # object ("He tossed Steve a bottle": not Steve)
    named_at = {(m.para, m.tok_end - 1): owner[id(m)] for m in mentions if m.kind == "name" and id(m) in owner}
    for m in mentions:
        ci: int | None = None
        if m.kind == "name":
            ci = owner.get(id(m))
            if ci is None:
                hosts = amb_of.get(m.key)
                if hosts:
                    ci = max(hosts, key=lambda h: (sal.get(h, m.sent), len(clusters[h].mentions)))
                    clusters[ci].mentions.append(m)
                    clusters[ci].surfaces[m.text] += 1
            if ci is not None and last_desc is not None:
                dm, possessor, noun = last_desc
                if (
                    dm.para == m.para and 0 <= m.tok - dm.tok_end <= 1 and dm.character is None
                    and _fits(clusters[ci], noun, lx)
                ):
                    _set_desc(dm, ci, clusters)
                    if possessor is not None:
                        relations[(possessor, noun)] = ci
                    elif dm.key:
                        learned.setdefault(dm.key, ci)
            last_desc = None
            if ci is not None:
                w = _W_QUOTED if m.in_quote else _W_NAME + (_W_SUBJ if m.role == "subj" else 0.0)
                sal.add(ci, w, m.sent)
                nsal.add(ci, _W_QUOTED_NARRATION if m.in_quote else w, m.sent)
        elif m.kind == "pronoun":
            cls = m.gender_hint or ""
            if person_class and cls == person_class and not m.in_quote:
                ci = narrator
            elif cls in _THIRD or (cls == "plural" and m.text.lower() in ("they", "them", "their", "themself")):
                view = sal if m.in_quote else nsal
                ci = _pick(doc, m, cls, clusters, view, resolved_tok, ctx, dlg, _objects(doc, m, named_at))
                if ci is None and cls in _THIRD and not m.in_quote and m.role == "subj":
                    # no one of that gender in reach: the scene's own character of that gender (in third
                    # person limited, the focal character goes unnamed for paragraphs at a time)
                    scene = doc.paragraphs[m.para].scene
                    ci = topics.get((scene, cls))
                    if ci is None:
                        ci = dlg.participant(scene, cls, clusters)
            if ci is not None:
                clusters[ci].extra += 1
                if cls in _THIRD:
                    clusters[ci].pron_votes[cls] += 1
                if ci != narrator:
                    sal.add(ci, _W_QUOTED if m.in_quote else _W_PRONOUN, m.sent)
                    nsal.add(ci, _W_QUOTED_NARRATION if m.in_quote else _W_PRONOUN, m.sent)
        elif m.kind == "description":
            last_desc = None
            d = doc.docs[m.para]
            det = d[m.tok].lower_
            head = d[m.tok_end - 1].lower_
            possessor = resolved_tok.get((m.para, m.tok)) if det in ("his", "her", "their") else None
            ci = _desc_target(m, clusters, kb_desc, learned, relations, possessor, head, lx)
            if ci is not None and not _fits(clusters[ci], head, lx):
                ci = None  # "her sister" is no man, "the young man" no woman
            if ci is not None:
                _set_desc(m, ci, clusters)
                sal.add(ci, _W_PRONOUN, m.sent)
                nsal.add(ci, _W_PRONOUN, m.sent)
            else:
                # an apposition may follow: "his brother, Sam" / "the angel, Castiel"
                last_desc = (m, possessor if head in lx.kin else None, head)
                prev = _prev_name(doc, m, resolved_tok)
                if prev is not None and possessor is None and m.key and _fits(clusters[prev], head, lx):
                    learned.setdefault(m.key, prev)
                    _set_desc(m, prev, clusters)
            continue
        if ci is not None:
            m.character = str(ci)  # a placeholder index; ids are given once characters are ranked
            resolved_tok[(m.para, m.tok_end - 1)] = ci
            resolved_tok[(m.para, m.tok)] = ci
            if m.para in dlg.qparas and ci != narrator:
                _note_turn(doc, m, ci, dlg, lx)
            if m.role == "subj" and not m.in_quote and ci != narrator:
                ctx.subjects.append((m.sent, ci))
                if len(ctx.subjects) > 6:
                    del ctx.subjects[0]
                if m.sent not in ctx.main_subj and _main_subject(doc, m):
                    ctx.main_subj[m.sent] = ci


def _scene_topics(
    doc: Document, mentions: list[Mention], clusters: list[_Cluster], owner: dict[int, int]
) -> dict[tuple[int, str], int]:
    """(scene, gender) -> the character that is most of that gender's named subjects in the scene's narration,
    when one clearly is (at least _TOPIC_MIN such mentions and _TOPIC_SHARE of them)."""
    counts: dict[tuple[int, str], Counter[int]] = defaultdict(Counter)
    for m in mentions:
        if m.kind != "name" or m.in_quote or m.role != "subj":
            continue
        ci = owner.get(id(m))
        if ci is None:
            continue
        g = clusters[ci].gender
        if g in _THIRD and not clusters[ci].narrator:
            counts[(doc.paragraphs[m.para].scene, g)][ci] += 1
    out: dict[tuple[int, str], int] = {}
    for key, c in counts.items():
        ci, n = c.most_common(1)[0]
        if n >= _TOPIC_MIN and n >= _TOPIC_SHARE * sum(c.values()):
            out[key] = ci
    return out


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


def _fits(c: _Cluster, head: str, lx: Lexicon) -> bool:
    """Whether a description whose head noun is ``head`` may stand for the character of ``c``: a gendered noun
    ("sister", "the young man") never goes to a character of the other gender."""
    return _compatible(c.gender, lx.gendered_nouns.get(head, "unknown"))


def _set_desc(m: Mention, ci: int, clusters: list[_Cluster]) -> None:
    m.character = str(ci)
    clusters[ci].extra += 1
    clusters[ci].descriptions[m.text[:1].lower() + m.text[1:]] += 1


def _titles_of(c: _Cluster) -> set[str]:
    """The titles its names were written with ("parson" for "Parson Tringham")."""
    out = set()
    for s in c.surfaces:
        w = s.split()
        if len(w) > 1:
            out.add(w[0].lower().rstrip("."))
    return out


def _prev_name(doc: Document, m: Mention, resolved_tok: dict[tuple[int, int], int]) -> int | None:
    """The character named just before a description, separated by a comma ("Castiel, the angel")."""
    if m.tok < 2:
        return None
    d = doc.docs[m.para]
    if d[m.tok - 1].text != ",":
        return None
    return resolved_tok.get((m.para, m.tok - 2))


def _desc_target(
    m: Mention,
    clusters: list[_Cluster],
    kb_desc: dict[str, list[KBCharacter]],
    learned: dict[str, int],
    relations: dict[tuple[int, str], int],
    possessor: int | None,
    head: str,
    lx: Lexicon,
) -> int | None:
    if m.key in learned:
        return learned[m.key]
    if possessor is None and head in lx.title_nouns and m.key == "the " + head:
        # "the parson" is "Parson Tringham" when he is the one named character with that title
        hits = [ci for ci, c in enumerate(clusters) if c.mentions and head in _titles_of(c)]
        if len(hits) == 1:
            return hits[0]
    chars = kb_desc.get(m.key)
    if chars:
        hits = [ci for ci, c in enumerate(clusters) if c.mentions and any(k in c.kb for k in chars)]
        if len(hits) == 1:
            return hits[0]
    if possessor is not None and head in lx.kin:
        if (possessor, head) in relations:
            return relations[(possessor, head)]
        if head in ("brother", "sister"):
            sur = {k for k in clusters[possessor].keys if " " in k}
            surnames = {k.split()[-1] for k in sur} or clusters[possessor].surnames
            want = lx.gendered_nouns.get(head, "unknown")
            hits = [
                ci for ci, c in enumerate(clusters)
                if ci != possessor and c.mentions and surnames & c.surnames and _compatible(c.gender, want)
            ]
            if len(hits) == 1:
                return hits[0]
    return None


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
        elif not m.in_quote and _main_subject(doc, m):
            # a main-clause subject pronoun continues the previous sentence's subject of its gender
            # ("He knew Sam was inside. He wondered ...": the second "He" is not Sam)
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
