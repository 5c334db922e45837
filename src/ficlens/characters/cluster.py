"""Cluster name mentions into characters, infer gender, resolve pronouns and descriptions.

Names: mentions with the same key form a group; a first name or surname folds into the one full name that
contains it ("Dean" -> "Dean Winchester"), a titled surname into the full name of the matching gender
("Mr. Bennet" stays apart from "Mrs. Bennet"); a word shared by several full names ("Winchester" for Dean and
Sam) is resolved mention by mention to the most salient of them. Nicknames fold into the character they
shorten: regular diminutives ("Sammy" -> Sam), the diminutives list, a unique prefix ("Cas" -> Castiel), or
the knowledge base naming the same character — never two names seen side by side in one sentence.

Pronouns: a salience model in one pass over the mentions in text order. Each mention adds weight to its
character (more as a subject, less inside quotations) and the weights halve with every sentence; a
third-person pronoun goes to the most salient character of compatible gender, except the subject of its own
verb for a non-reflexive object ("Dean hit him"). Gender comes first from unambiguous pronouns (a pronoun with
one candidate character in reach), then the knowledge base, the title, and the first-name list as fallbacks.
First-person pronouns in first-person narration (and "you" in second-person narration) go to the narrator.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from operator import itemgetter

from ..document import Document, Mention
from ..fandoms.kb import KBCharacter, KnowledgeBase
from ..model import Character
from ..settings import settings
from .lex import Lexicon, lexicon
from .mentions import MentionIndex
from .names import is_diminutive

_THIRD = {"male", "female"}
_REFLEXIVE = {"himself", "herself", "themselves", "themself"}
_OBJECT_CASE = {"him", "her", "them", "himself", "herself", "themselves", "themself"}
# weights and thresholds: data/settings.toml [characters] (documented there)
_CFG = settings()["characters"]
_DECAY = _CFG["decay"]
_MIN_SALIENCE = _CFG["min_salience"]
_TOPIC_MIN = _CFG["topic_min"]
_TOPIC_SHARE = _CFG["topic_share"]
_W_NAME = _CFG["w_name"]
_W_SUBJ = _CFG["w_subj"]
_W_QUOTED = _CFG["w_quoted"]
_W_PRONOUN = _CFG["w_pronoun"]
_UNKNOWN_GENDER = _CFG["unknown_gender"]
_PREV_SUBJ_BOOST = _CFG["prev_subj_boost"]
_LOOSE_VOTE = _CFG["loose_vote"]
_NARRATION_MIN = _CFG["narration_min"]
# descriptions relative to another character ("his brother") are mentions but not aliases
_RELATIVE = {"his", "her", "their", "my", "your", "our", "its"}


class _Tally(dict[str, float]):
    """A Counter of float weights (``Counter[str]`` is typed int-valued): a missing key counts 0 and is not
    stored, as in a Counter."""

    def __missing__(self, key: str) -> float:
        return 0


def _most_common(votes: Mapping[str, float]) -> tuple[str, float]:
    """The heaviest item, as ``Counter.most_common(1)[0]``."""
    return heapq.nlargest(1, votes.items(), key=itemgetter(1))[0]


@dataclass(eq=False)
class _Cluster:
    keys: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # name mentions
    surfaces: Counter[str] = field(default_factory=Counter)
    descriptions: Counter[str] = field(default_factory=Counter)
    title_votes: Counter[str] = field(default_factory=Counter)
    pron_votes: Counter[str] = field(default_factory=Counter)
    kb: list[KBCharacter] = field(default_factory=list)
    gender: str = "unknown"
    extra: int = 0  # resolved pronoun and description mentions
    merged_into: _Cluster | None = None
    narrator: str | None = None  # "first" / "second" for the narrator cluster
    married: bool = False  # a single name under a married woman's title ("Mrs. Bennet")

    def root(self) -> _Cluster:
        c = self
        while c.merged_into is not None:
            c = c.merged_into
        return c

    def absorb(self, other: _Cluster) -> None:
        self.keys.extend(other.keys)
        self.mentions.extend(other.mentions)
        self.surfaces.update(other.surfaces)
        self.title_votes.update(other.title_votes)
        for k in other.kb:
            if k not in self.kb:
                self.kb.append(k)
        other.merged_into = self

    @property
    def words(self) -> list[str]:
        return max(self.keys, key=lambda k: (len(k.split()), k)).split() if self.keys else []

    @property
    def first(self) -> str:
        w = self.words
        return w[0] if w else ""

    @property
    def surnames(self) -> set[str]:
        """Last words of its full names, seen or in its knowledge-base candidates."""
        out = {k.split()[-1] for k in self.keys if " " in k}
        out.update(k.name.split()[-1].lower() for k in self.kb if " " in k.name)
        return out


def _prior_gender(c: _Cluster, lx: Lexicon) -> str:
    if c.title_votes:
        g, n = c.title_votes.most_common(1)[0]
        if n * 2 > sum(c.title_votes.values()):
            return g
    for k in c.keys:
        name_g = lx.name_gender.get(k.split()[0])
        if name_g in ("male", "female"):
            return name_g
    return "unknown"


def _compatible(a: str, b: str) -> bool:
    return a == "unknown" or b == "unknown" or a == b


def fandom_support(clusters: list[_Cluster]) -> Counter[str]:
    """Fandom -> how many clusters have a knowledge-base candidate in it."""
    support: Counter[str] = Counter()
    for c in clusters:
        support.update({k.fandom for k in c.kb})
    return support


def _group_names(
    names: list[Mention], kb: KnowledgeBase | None, lx: Lexicon
) -> tuple[list[_Cluster], dict[str, list[_Cluster]]]:
    """Clusters of name mentions, and ambiguous group key -> the clusters it may belong to."""
    groups: dict[str, _Cluster] = {}
    for m in names:
        single_titled = " " not in m.key and m.gender_hint in _THIRD
        gk = f"{m.key}|{m.gender_hint}" if single_titled else m.key
        c = groups.get(gk)
        if c is None:
            c = groups[gk] = _Cluster(keys=[m.key])
            if kb is not None:
                # a titled name the knowledge base knows as such ("Mrs Weasley" is Molly) before the bare name
                titled_kb = kb.characters_by_surface(m.text) if single_titled or m.gender_hint is None else []
                c.kb = titled_kb or kb.characters_by_surface(m.key)
        c.mentions.append(m)
        c.surfaces[m.text] += 1
        if single_titled and m.text.split()[0].lower().strip(".") in lx.married_titles:
            c.married = True
        if m.gender_hint in _THIRD:
            c.title_votes[m.gender_hint] += 1
    # 1. shorter full names into the one longer full name with the same first and last word
    multi = sorted((k for k in groups if " " in k), key=lambda k: -len(k.split()))
    for k in multi:
        w = k.split()
        longer = [h for h in multi if h != k and len(h.split()) > len(w) and h.split()[0] == w[0]
                  and h.split()[-1] == w[-1] and groups[h].merged_into is None]
        if len(longer) == 1:
            groups[longer[0]].absorb(groups[k])
    full = [groups[k] for k in multi if groups[k].merged_into is None]
    ambiguous: dict[str, list[_Cluster]] = {}

    def hosts_of(word: str, gender: str | None, extra: list[_Cluster]) -> list[_Cluster]:
        out = []
        for h in full + extra:
            h = h.root()
            if h in out:
                continue
            hw = h.words
            if word not in (hw[0], hw[-1]) and word not in [k for k in h.keys if " " not in k]:
                continue
            if gender and not _compatible(gender, _prior_gender(h, lx)):
                continue
            out.append(h)
        return out

    # 2. titled single names ("Mr. Bennet") into a full name of compatible gender
    titled = [gk for gk in groups if "|" in gk]
    for gk in titled:
        word, g = gk.split("|")
        if groups[gk].married:
            continue  # "Mrs. Bennet" is the mother, not "Elizabeth Bennet"
        # a first name of unknown gender is no evidence: "Mr Verloc" stays apart from "Winnie Verloc"
        hosts = [h for h in hosts_of(word, g, []) if _prior_gender(h, lx) == g or h.words[0] == word]
        if len(hosts) == 1:
            hosts[0].absorb(groups[gk])
    # 3. untitled single names into the one full or titled name containing them
    for gk in [k for k in groups if " " not in k and "|" not in k]:
        extra = [groups[t] for t in titled if t.split("|")[0] == gk]
        hosts = hosts_of(gk, None, extra)
        if len(hosts) == 1:
            hosts[0].absorb(groups[gk])
        elif len(hosts) > 1:
            ambiguous[gk] = hosts
    live = [c for gk, c in groups.items() if c.merged_into is None and gk not in ambiguous]
    # 4. nicknames into the character they shorten
    support = fandom_support(live)
    sents_of: dict[int, set[int]] = {id(c): {m.sent for m in c.mentions if not m.in_quote} for c in live}
    singles = [c for c in live if len(c.keys) == 1 and " " not in c.keys[0]]
    singles.sort(key=lambda c: len(c.mentions))  # the rarer name folds into the more frequent one
    for x in singles:
        if x.merged_into is not None or len(x.keys) > 1:
            continue
        xk = x.keys[0]
        xg = _prior_gender(x, lx)
        x_kb = {(k.fandom, k.tag) for k in x.kb}
        scored: list[tuple[int, _Cluster]] = []
        for y in live:
            y = y.root()
            if y is x or any(y is t for _, t in scored) or xk in y.keys:
                continue
            if not _compatible(xg, _prior_gender(y, lx)) or sents_of[id(x)] & sents_of.get(id(y), set()):
                continue
            if is_diminutive(xk, y.first, lx):
                scored.append((1000, y))
                continue
            shared = x_kb & {(k.fandom, k.tag) for k in y.kb}
            if shared:  # both names may be one knowledge-base character of a fandom other names support
                scored.append((max(support[f] for f, _ in shared) - 2, y))
        scored.sort(key=lambda t: -t[0])
        if scored and scored[0][0] >= 1 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            target = scored[0][1]
            target.absorb(x)
            sents_of[id(target)] = sents_of.get(id(target), set()) | sents_of[id(x)]
    clusters = [c for c in live if c.merged_into is None]
    ambiguous = {k: list(dict.fromkeys(h.root() for h in hs)) for k, hs in ambiguous.items()}
    return clusters, ambiguous


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
        (and who is neither that turn's speaker nor addressed by name in ``p``) answers."""
        def fits(ci: int) -> bool:
            return clusters[ci].gender == cls
        if p in self.tagged:
            return None  # a second tag in one paragraph: salience keeps its speaker
        turns = self.turns_before(p)
        if not turns:
            return None
        here = set(self.addressed.get(p, []))  # named as addressee in this paragraph: not the speaker
        prev = turns[0]
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


def _main_subject(doc: Document, m: Mention) -> bool:
    """Whether a mention is the subject of its sentence's main verb."""
    if m.role != "subj":
        return False
    tok = doc.docs[m.para][m.tok_end - 1]
    return tok.head.dep_ == "ROOT" or tok.head.i == tok.head.sent.root.i


def _gender_votes(doc: Document, mentions: list[Mention], owner: dict[int, int], n: int) -> list[_Tally]:
    """Votes from pronouns linked to a name without doubt: the name is the main subject of the sentence and
    the pronoun follows it there ("Mara lifted her bag"), or the name is the main subject of the previous
    sentence and the pronoun the main subject of this one ("Mara climbed the stairs. She knocked."); in both
    cases no other named character in those sentences."""
    votes: list[_Tally] = [_Tally() for _ in range(n)]
    named: dict[int, set[int]] = {}  # sentence -> named clusters outside quotes
    subj_of: dict[int, int] = {}  # sentence -> cluster of the name that is its main subject
    for m in mentions:
        if m.in_quote:
            continue
        if m.kind == "name":
            ci = owner.get(id(m))
            if ci is not None:
                named.setdefault(m.sent, set()).add(ci)
                if m.sent not in subj_of and _main_subject(doc, m):
                    subj_of[m.sent] = ci
            continue
        if m.kind != "pronoun" or m.gender_hint not in _THIRD:
            continue
        ci = subj_of.get(m.sent)
        if ci is not None and named.get(m.sent) == {ci}:
            votes[ci][m.gender_hint] += 1
            continue
        ci = subj_of.get(m.sent - 1)
        if (
            ci is not None and _main_subject(doc, m) and named.get(m.sent - 1) == {ci}
            and named.get(m.sent, {ci}) == {ci}
        ):
            votes[ci][m.gender_hint] += 1
            continue
        # a weaker vote: one named character in this or the previous sentence, grammar aside
        near = named.get(m.sent, set()) | named.get(m.sent - 1, set())
        if len(near) == 1:
            votes[next(iter(near))][m.gender_hint] += _LOOSE_VOTE
    return votes


def _decide_gender(c: _Cluster, votes: Mapping[str, float], lx: Lexicon) -> str:
    """Pronoun votes decide when clear; the knowledge base and the name prior weigh in as 1.5 votes each and
    decide alone when the pronouns say nothing clear."""
    kb_genders = {k.gender for k in c.kb if k.gender != "unknown"}
    kb_gender = kb_genders.pop() if len(kb_genders) == 1 else "unknown"
    prior = _prior_gender(c, lx)
    weighed = _Tally(votes)
    for g in (kb_gender, prior):
        if g in _THIRD:
            weighed[g] += 1.5
    total = sum(weighed.values())
    if sum(votes.values()) >= 2:
        g, n = _most_common(weighed)
        if n >= 2 * (total - n):
            return g
    if kb_gender != "unknown":
        return kb_gender
    if prior != "unknown":
        return prior
    if total:
        g, n = _most_common(votes)
        if n * 2 > total:
            return g
    return "unknown"


def build_characters(
    doc: Document, mentions: list[Mention], index: MentionIndex, kb: KnowledgeBase | None
) -> list[Character]:
    lx = lexicon()
    names = [m for m in mentions if m.kind == "name"]
    clusters, ambiguous = _group_names(names, kb, lx)
    owner: dict[int, int] = {}
    for ci, c in enumerate(clusters):
        for m in c.mentions:
            owner[id(m)] = ci
    amb_of = {k: [clusters.index(h) for h in hs if h in clusters] for k, hs in ambiguous.items()}
    votes = _gender_votes(doc, mentions, owner, len(clusters))
    for ci, c in enumerate(clusters):
        c.gender = _decide_gender(c, votes[ci], lx)
    narration = _narration(mentions)
    narrator = -1
    if narration is not None:
        narrator = len(clusters)
        clusters.append(_Cluster(narrator=narration))
    _resolve(doc, mentions, clusters, owner, amb_of, narrator, kb)
    return _characters(doc, clusters)


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
    sal = _Salience()
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
                if dm.para == m.para and 0 <= m.tok - dm.tok_end <= 1 and dm.character is None:
                    _set_desc(dm, ci, clusters)
                    if possessor is not None:
                        relations[(possessor, noun)] = ci
                    elif dm.key:
                        learned.setdefault(dm.key, ci)
            last_desc = None
            if ci is not None:
                w = _W_QUOTED if m.in_quote else _W_NAME + (_W_SUBJ if m.role == "subj" else 0.0)
                sal.add(ci, w, m.sent)
        elif m.kind == "pronoun":
            cls = m.gender_hint or ""
            if person_class and cls == person_class and not m.in_quote:
                ci = narrator
            elif cls in _THIRD or (cls == "plural" and m.text.lower() in ("they", "them", "their", "themself")):
                ci = _pick(doc, m, cls, clusters, sal, resolved_tok, ctx, dlg)
                if ci is None and cls in _THIRD and not m.in_quote and m.role == "subj":
                    # no one of that gender in reach: the scene's own character of that gender (in third
                    # person limited, the focal character goes unnamed for paragraphs at a time)
                    ci = topics.get((doc.paragraphs[m.para].scene, cls))
            if ci is not None:
                clusters[ci].extra += 1
                if cls in _THIRD:
                    clusters[ci].pron_votes[cls] += 1
                if ci != narrator:
                    sal.add(ci, _W_QUOTED if m.in_quote else _W_PRONOUN, m.sent)
        elif m.kind == "description":
            last_desc = None
            d = doc.docs[m.para]
            det = d[m.tok].lower_
            head = d[m.tok_end - 1].lower_
            possessor = resolved_tok.get((m.para, m.tok)) if det in ("his", "her", "their") else None
            ci = _desc_target(m, clusters, kb_desc, learned, relations, possessor, head, lx)
            if ci is not None:
                _set_desc(m, ci, clusters)
                sal.add(ci, _W_PRONOUN, m.sent)
            else:
                # an apposition may follow: "his brother, Sam" / "the angel, Castiel"
                last_desc = (m, possessor if head in lx.kin else None, head)
                prev = _prev_name(doc, m, resolved_tok)
                if prev is not None and possessor is None and m.key:
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
        return
    if m.role != "subj":
        return
    tok = doc.docs[m.para][m.tok_end - 1]
    if tok.head.lower_ in lx.speech_verbs and m.para not in dlg.tagged:
        dlg.tagged[m.para] = ci
        if m.kind == "name":
            dlg.named.add(m.para)
        dlg.note(m.para)
    elif m.para not in dlg.beat:
        dlg.beat[m.para] = ci
        dlg.note(m.para)


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
    if (
        dlg is not None and cls in _THIRD and not m.in_quote and m.para in dlg.qparas
        and tok.dep_ == "nsubj" and tok.head.lower_ in lx.speech_verbs
    ):
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
        if factor == 0.0 or ci == subj or clusters[ci].narrator or ci in addressed:
            continue
        score = v * factor
        if ci == prev_subj and factor == 1.0:
            score *= _PREV_SUBJ_BOOST
        if best is None or score > best[0]:
            best = (score, ci)
    if best is None or best[0] < _MIN_SALIENCE:
        return None
    return best[1]


def _characters(doc: Document, clusters: list[_Cluster]) -> list[Character]:
    lx = lexicon()
    keep = [ci for ci, c in enumerate(clusters) if c.mentions or (c.narrator and c.extra)]
    total = {ci: len(clusters[ci].mentions) + clusters[ci].extra for ci in keep}
    first = {
        ci: min((m.start for m in clusters[ci].mentions), default=0) for ci in keep
    }
    ranked = sorted(keep, key=lambda ci: (-total[ci], first[ci]))
    cid_of: dict[int, str] = {}
    for ci in ranked:
        c = clusters[ci]
        gender = c.gender
        if c.narrator:
            name = "the narrator" if c.narrator == "first" else "you (the reader)"
            aliases = ["I"] if c.narrator == "first" else ["you"]
            gender = "unknown"
        else:
            name = _display_name(c)
            aliases = [s for s, _ in sorted(c.surfaces.items(), key=lambda kv: (-kv[1], kv[0]))]
            aliases = list(dict.fromkeys(aliases))
            aliases += [
                d for d, _ in c.descriptions.most_common()
                if d not in aliases and d.split()[0].lower() not in _RELATIVE
            ]
            votes = c.pron_votes
            if gender == "unknown" and sum(votes.values()) >= 2:
                gender = _decide_gender(c, votes, lx)
        cid_of[ci] = doc.registry.add(
            name, aliases=aliases, gender=gender, mentions=total[ci], first_start=first[ci], kb=list(c.kb)
        )
    for m in mentions_of(doc):
        if m.character is not None:
            m.character = cid_of.get(int(m.character))
    return doc.analysis.characters


def mentions_of(doc: Document) -> list[Mention]:
    return doc.mentions


def _display_name(c: _Cluster) -> str:
    """The fullest name seen: most words (titles aside), then titled ("Mrs. Pontellier" over "Pontellier"),
    then most frequent."""
    def score(s: str) -> tuple[int, int, int]:
        words = s.split()
        titled = 1 if words and words[0].lower() in lexicon().titles else 0
        return (len(words) - titled, titled, c.surfaces[s])

    return max(c.surfaces, key=score) if c.surfaces else ""


