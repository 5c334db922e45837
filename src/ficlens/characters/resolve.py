"""Pronoun and description resolution: one pass over the mentions in text order (salience, binding, dialogue
turns, scene topics); the pronoun choice is in ``pronouns``, the conversation in ``dialogue``, descriptions in
``descriptions``."""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict

from ..document import Document, Mention
from ..fandoms.kb import KnowledgeBase
from .descriptions import _apposed, _desc_target, _fits, _kin_in_exchange, _prev_name, _set_desc
from .dialogue import _Dialogue, _note_turn
from .gender import main_subject
from .grouping import (
    _CFG,
    _THIRD,
    _Cluster,
)
from .lex import lexicon
from .pronouns import _Context, _objects, _pick, _Salience

_TOPIC_MIN = _CFG["topic_min"]
_TOPIC_SHARE = _CFG["topic_share"]
_W_NAME = _CFG["w_name"]
_W_SUBJ = _CFG["w_subj"]
_W_QUOTED = _CFG["w_quoted"]
_W_QUOTED_NARRATION = _CFG["w_quoted_narration"]
_W_PRONOUN = _CFG["w_pronoun"]
_NARRATION_MIN = _CFG["narration_min"]
_AMBIGUOUS_WINDOW = _CFG["ambiguous_window"]
_AMBIGUOUS_SCALE = _CFG["ambiguous_scale"]
_EXCHANGE_REACH = _CFG["exchange_reach"]
_HABIT_MIN_NAMES = _CFG["habit_min_names"]
_MIN_REACH = 0.5  # salience below which a character drops out of the ranking (pronouns._Salience.ranked)


def _first_name_of(key: str, hosts: list[int], clusters: list[_Cluster]) -> bool:
    """Whether a name is the first name of two or more of the full names it may stand for ("John" of "John
    Beaver" and "John Andrew"), rather than a surname a family shares ("Bennet", "Poirot"): a surname's bearer
    is mostly called by it alone, so its own other names say little about where it is meant."""
    return sum(1 for h in hosts if len(clusters[h].words) > 1 and clusters[h].words[0] == key) >= 2


def _ambiguous_host(
    hosts: list[int], sent: int, sal: _Salience, named_sents: dict[int, list[int]], clusters: list[_Cluster],
    first_name: bool = True, habit: dict[int, float] | None = None,
) -> int:
    """The character a name two of them share stands for ("John" beside "John Beaver" and "John Andrew"): the
    one in reach (salience), else, for a shared first name, the one the story names by its own names nearest,
    before or after, each of those mentions weighing less by ``ambiguous_scale`` sentences of distance (the
    boy's chapters call him "John Andrew" now and then, his namesake's call him "Beaver"), else the one named
    most often overall. In the narration (``habit``: each one's share of its narration names that hold its first
    name) a bare first name is seldom the one the narration calls by the surname alone: the boy "John Andrew" is
    "John" in his chapters, his namesake is "Beaver" there and "John" only to those who call him so."""
    def key(h: int) -> tuple[float, float, int]:
        v = sal.get(h, sent)
        if not first_name:
            return (v, 0.0, len(clusters[h].mentions))
        own = named_sents.get(h, [])
        lo = bisect.bisect_left(own, sent - _AMBIGUOUS_WINDOW)
        hi = bisect.bisect_right(own, sent + _AMBIGUOUS_WINDOW)
        near = sum(math.exp(-abs(s - sent) / _AMBIGUOUS_SCALE) for s in own[lo:hi])
        if habit is not None:
            # the habit weighs the names nearby and, with none nearby, decides alone
            near = habit.get(h, 0.5) * (near + 1.0)
        return (v if v >= _MIN_REACH else 0.0, near, len(clusters[h].mentions))

    return max(hosts, key=key)


def _first_name_habit(mentions: list[Mention], owner: dict[int, int], clusters: list[_Cluster]) -> dict[int, float]:
    """Per character of a full name, the share of its name mentions in the narration that hold its first name
    ("John Beaver", not "Beaver" nor "Mr Beaver"), smoothed: how the narration names it, read off the names that
    are its alone (a one-word name, or fewer than ``_HABIT_MIN_NAMES`` of them, has none: even)."""
    first: Counter[int] = Counter()
    total: Counter[int] = Counter()
    firsts: dict[int, str | None] = {}  # each character's first name (None: a one-word name), read once
    for m in mentions:
        if m.kind != "name" or m.in_quote or id(m) not in owner:
            continue
        ci = owner[id(m)]
        if ci not in firsts:
            words = clusters[ci].words
            firsts[ci] = words[0] if len(words) > 1 else None
        if firsts[ci] is None:
            continue
        total[ci] += 1
        if firsts[ci] in m.text.lower().split():
            first[ci] += 1
    return {ci: (first[ci] + 1) / (n + 2) for ci, n in total.items() if n >= _HABIT_MIN_NAMES}


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
    named_sents: dict[int, list[int]] = defaultdict(list)  # cluster -> sentences of its own name mentions, in order
    for m in mentions:
        if m.kind == "name" and id(m) in owner:
            named_sents[owner[id(m)]].append(m.sent)
    habit = _first_name_habit(mentions, owner, clusters) if amb_of else {}  # read only for a shared name
    for m in mentions:
        ci: int | None = None
        if m.kind == "name":
            ci = owner.get(id(m))
            if ci is None:
                hosts = amb_of.get(m.key)
                if hosts:
                    first = _first_name_of(m.key, hosts, clusters)
                    ci = _ambiguous_host(
                        hosts, m.sent, sal, named_sents, clusters, first, None if m.in_quote else habit
                    )
                    clusters[ci].mentions.append(m)
                    clusters[ci].surfaces[m.text] += 1
            if ci is not None and last_desc is not None:
                dm, possessor, noun = last_desc
                if (
                    dm.para == m.para and _apposed(doc.docs[m.para], dm.tok_end, m.tok) and dm.character is None
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
            if ci is None and det in ("his", "her", "their") and not m.in_quote and m.para in dlg.qparas:
                # "“Lizzy,” cried her mother": the relative of the one called by name, or of the exchange's people
                ci = _kin_in_exchange(
                    det, head, possessor, m.para, clusters, dlg.last, dlg.addressed.get(m.para, []), lx,
                    _EXCHANGE_REACH,
                )
                if ci is not None and not _fits(clusters[ci], head, lx):
                    ci = None
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
                if m.sent not in ctx.main_subj and main_subject(doc, m):
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
