"""Narration person and tense, the point-of-view character of each scene, and who is present in it.

One pass over the tokens of each scene (no re-parsing) gathers, outside quotations only:

- person: first-person ("I", "my"), second-person ("you") and third-person pronouns of the narration;
- tense: the finite verb of each main clause (its auxiliary when it has one), past or present;
- focal evidence per character: subject of a verb of perception, thought or feeling ("she knew"), possessor
  of an inner-body noun ("his heart pounded"), subject of a question in the narration (free indirect
  discourse: "What was he supposed to do?"), possessor of a kinship noun ("his brother": said from his side),
  and, weakly, being the subject of the narration at all;
- presence: characters who act (subjects and objects of narration verbs, not under "remembered", "missed",
  nor in the past perfect of a past-tense scene) or who speak or are spoken to.

Then, per scene: a POV header before the scene ("Dean's POV", "~Castiel~") names the POV character; in first
person the narrator is named by a header, by self-naming ("my name is X"), or by the names other characters
call the narrator in dialogue; in second person there is no POV character (a reader-insert); in third person
the character with the most focal evidence is the POV, and a scene whose first and second parts clearly belong
to two different characters records the second in ``pov_shifts``. See docs/pov.md.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .document import Document, Mention
from .lexicons import pronoun_class, table, wordlist
from .model import Character, Quote, Scene
from .segment import break_rules, header_lines
from .settings import settings

_PAST_TAGS = frozenset({"VBD"})
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})
_PRESENT_MODALS = frozenset({"will", "can", "shall", "may", "must", "wo", "ca", "'ll", "’ll"})
_SUBJ = frozenset({"nsubj", "nsubjpass"})
_ACT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "conj", "appos", "attr", "agent"})

# focal evidence weights
W_PERCEPTION = 1.0
W_FEELING = 0.7
W_QUESTION = 0.5
W_KIN = 0.5
W_SUBJECT = 0.15
W_OPENING = 1.0  # the first character named as a subject in the narration of a third-person scene
W_HEADER = 10.0

# thresholds (data/settings.toml [pov]): person_share/person_min: a first/second-person count at least this
# share of the third-person count makes the scene first/second; tense_share: the share of main clauses one tense
# needs; shift_*: a POV shift inside a scene needs this much strong evidence on each side, this dominance over
# the other, and each side this share of the scene's paragraphs (a few early paragraphs that describe another
# character are not a change of point of view in a long scene)
_CFG = settings()["pov"]
_PERSON_SHARE = _CFG["person_share"]
_PERSON_MIN = _CFG["person_min"]
_TENSE_SHARE = _CFG["tense_share"]
_SHIFT_MIN = _CFG["shift_min"]
_SHIFT_DOMINANCE = _CFG["shift_dominance"]
_SHIFT_MIN_PARAS = _CFG["shift_min_paras"]
_SHIFT_MIN_SHARE = _CFG["shift_min_share"]


# a text-message or chat line, "Sam: where are you": dialogue written without quotation marks
_CHAT_LINE = re.compile(r"^[ \t]*[A-Z][\w'’.-]{0,20}(?: [A-Z][\w'’.-]{0,20})?:[ \t]+\S.*$", re.MULTILINE)
# a letter's salutation and signature lines
_SALUTATION = re.compile(
    r"^(?:(?:my )?(?:dear|dearest)|to|hello|hi|hey)\s+(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)\s*[,:!.]?$",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(r"^[-–—~\s]*(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’.-]+){0,2})\.?$")


class Scores(defaultdict[str, float]):
    """Evidence weights by character id: a Counter with float values (``add`` sums, ``minus`` keeps positives)."""

    def __init__(self) -> None:
        super().__init__(float)

    def add(self, other: dict[str, float]) -> None:
        for k, v in other.items():
            self[k] += v

    def minus(self, other: dict[str, float]) -> Scores:
        out = Scores()
        for k, v in self.items():
            d = v - other.get(k, 0.0)
            if d > 1e-9:
                out[k] = d
        return out

    def most_common(self, n: int | None = None) -> list[tuple[str, float]]:
        ranked = sorted(self.items(), key=lambda kv: -kv[1])
        return ranked if n is None else ranked[:n]


@dataclass(frozen=True)
class _Lex:
    perception: frozenset[str]
    feeling: frozenset[str]
    memory: frozenset[str]
    cognition: frozenset[str]
    kin: frozenset[str]
    speech: frozenset[str]
    reader: frozenset[str]
    not_names: frozenset[str]
    self_naming: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    name = r"(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"
    cues = table("data/lexicons/interaction_cues.toml")
    return _Lex(
        perception=wordlist("data/lexicons/perception_verbs.txt"),
        feeling=wordlist("data/lexicons/feeling_nouns.txt"),
        memory=wordlist("data/lexicons/memory_verbs.txt"),
        cognition=wordlist("data/lexicons/cognition_verbs.txt"),
        kin=frozenset(w for w in cues["family"]["words"] if " " not in w),
        speech=wordlist("data/lexicons/speech_verbs.txt"),
        reader=wordlist("data/lexicons/reader_insert.txt"),
        not_names=wordlist("data/lexicons/not_names.txt")
        | wordlist("data/lexicons/pov_not_names.txt")
        | wordlist("data/lexicons/number_words.txt")
        | wordlist("data/lexicons/letter_words.txt"),
        self_naming=tuple(re.compile(p.replace("NAME", name)) for p in _raw_lines("data/lexicons/self_naming.txt")),
    )


def _raw_lines(name: str) -> list[str]:
    from importlib import resources

    raw = resources.files("ficlens").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@dataclass
class _ParaStats:
    """What one paragraph contributes to its scene."""

    first: float = 0.0
    second: float = 0.0
    third: float = 0.0
    past: int = 0
    present: int = 0
    focal: Scores = field(default_factory=lambda: Scores())  # all evidence
    strong: Scores = field(default_factory=lambda: Scores())  # evidence without plain subjects
    acts: Counter[str] = field(default_factory=Counter)
    acts_perfect: Counter[str] = field(default_factory=Counter)  # acts in the present perfect ("has sent")
    narration_names: Counter[str] = field(default_factory=Counter)
    narrator_speaks: bool = False  # "I said" in the narration
    opener: str | None = None  # the first character named (name or description) as a subject in the narration
    chat: bool = False  # chat lines ("Sam: where are you") are dialogue
    self_named: list[str] = field(default_factory=list)


def _head_mentions(doc: Document) -> dict[tuple[int, int], Mention]:
    """(paragraph, token index of the mention's syntactic head) -> resolved mention."""
    out: dict[tuple[int, int], Mention] = {}
    for m in doc.mentions:
        if m.character is None:
            continue
        d = doc.docs[m.para]
        root = m.tok
        for t in range(m.tok, min(m.tok_end, len(d))):
            h = d[t].head.i
            if h < m.tok or h >= m.tok_end or h == t:
                root = t
                break
        out[(m.para, root)] = m
    return out


def _clause_verb(tok: Token) -> Token:
    """The verb governing a mention token (through prepositions, possessives and conjunctions)."""
    h = tok.head
    steps = 0
    while h.pos_ not in ("VERB", "AUX") and h.head.i != h.i and steps < 4:
        h = h.head
        steps += 1
    return h


def _shared_subject_verbs(verb: Token) -> list[Token]:
    """``verb`` and the verbs coordinated with it that have no subject of their own ("She kneels and feels
    the panic": both are hers)."""
    out = [verb]
    for v in out:
        if len(out) > 6:
            break
        for c in v.children:
            if any(g.dep_ in _SUBJ for g in c.children):
                continue
            # "and feels ...", and a participle's own conjuncts ("kneels, swearing ..., and feels the panic")
            if (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")) or (c.dep_ == "advcl" and c.tag_ == "VBG"):
                out.append(c)
    return out


def _finite_tense(verb: Token) -> str | None:
    """"past"/"present" of a main-clause verb from its own tag or its auxiliaries, else None."""
    for t in (*[c for c in verb.children if c.dep_ in ("aux", "auxpass")], verb):
        if t.tag_ in _PAST_TAGS:
            return "past"
        if t.tag_ in _PRESENT_TAGS:
            return "present"
        if t.tag_ == "MD":
            return "present" if t.lower_ in _PRESENT_MODALS else None
    return None


def _under_memory(verb: Token, memory: frozenset[str]) -> bool:
    v = verb
    for _ in range(3):
        if v.lower_ in memory:
            return True
        if v.dep_ in ("ccomp", "xcomp", "advcl", "relcl", "conj") and v.head.i != v.i:
            v = v.head
        else:
            return False
    return False


def _embedded_under(verb: Token, words: frozenset[str]) -> bool:
    """Whether ``verb``'s clause is the complement of one of ``words`` ("wonders whether Iris is angry")."""
    v = verb
    for step in range(3):
        if v.dep_ not in (("ccomp", "xcomp") if step == 0 else ("ccomp", "xcomp", "conj")) or v.head.i == v.i:
            return False
        v = v.head
        if v.lower_ in words:
            return True
    return False


def _is_main(verb: Token) -> bool:
    return verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")


def _binds_other(verb: Token, g: str, pclass: dict[str, str]) -> bool:
    """Whether the clause of ``verb`` has a non-reflexive "him"/"her" object of gender ``g``: its subject is not
    the one that pronoun stands for ("Pascal calls something to her": her is someone else)."""
    for v in _shared_subject_verbs(verb):
        for t in v.subtree:
            if (
                t.dep_ in ("dobj", "pobj", "dative")
                and t.lower_ in ("him", "her")
                and pclass.get(t.lower_) == g
                and _clause_verb(t).i == v.i
            ):
                return True
    return False


def _present_perfect(verb: Token) -> bool:
    return verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lower_ in ("has", "have", "'s", "’s", "'ve", "’ve") for c in verb.children
    )


def _past_perfect(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("had", "'d", "’d") for c in verb.children) and verb.tag_ == "VBN"


def _scan_paragraph(
    doc: Document,
    pi: int,
    d: Doc,
    heads: dict[tuple[int, int], Mention],
    lex: _Lex,
    pclass: dict[str, str],
    chain: dict[str, str] | None = None,
    gender: dict[str, str] | None = None,
) -> _ParaStats:
    """What paragraph ``pi`` says about person, tense, focal evidence and presence.

    ``chain`` (gender -> character, carried over the paragraphs of a scene) is the subject chain of the
    narration: the last character named as the subject of a main clause, per gender. A "he"/"she" subject or
    possessor in the narration gives its focal evidence to the chain's character of that gender, the way a
    third-person limited narration keeps its focal character as the topic, whatever the nearest name is.
    """
    st = _ParaStats()
    base = doc.paragraphs[pi].start
    text = doc.text
    ptext = text[base : doc.paragraphs[pi].end]
    chat_lines = [(mm.start(), mm.end()) for mm in _CHAT_LINE.finditer(ptext)]
    if len(chat_lines) < 2:
        chat_lines = []
    st.chat = bool(chat_lines)
    chat_i = 0
    chain = {} if chain is None else chain
    gender = gender or {}
    for sent in d.sents:
        question = False
        last = sent[-1]
        while last.i > sent.start and (last.is_space or last.text in ("\"", "”", "’", "'")):
            last = d[last.i - 1]
        if last.text in ("?",) and not doc.in_quote(base + last.idx):
            question = True
        for tok in sent:
            if doc.in_quote(base + tok.idx):
                continue
            while chat_i < len(chat_lines) and chat_lines[chat_i][1] <= tok.idx:
                chat_i += 1
            if chat_i < len(chat_lines) and chat_lines[chat_i][0] <= tok.idx:
                continue
            low = tok.lower_
            cls = pclass.get(low)
            if cls == "first":
                st.first += 1
            elif cls == "first_plural":
                st.first += 0.5
            elif cls == "second":
                st.second += 1
            elif cls in ("male", "female"):
                st.third += 1
            elif cls == "plural":
                st.third += 0.5
            main_clause = tok.dep_ == "ROOT" or (tok.dep_ == "conj" and tok.head.dep_ == "ROOT")
            if main_clause and tok.pos_ in ("VERB", "AUX"):
                tense = _finite_tense(tok)
                if tense == "past":
                    st.past += 1
                elif tense == "present":
                    st.present += 1
            if cls == "first" and tok.dep_ in _SUBJ and tok.head.lower_ in lex.speech:
                st.narrator_speaks = True
            m = heads.get((pi, tok.i))
            dep = tok.dep_
            if dep == "compound" and tok.head.dep_ == "ROOT" and tok.head.lower_ in lex.perception:
                dep = "nsubj"  # "Harper thought, ..." parsed as a noun compound
            # the focal character a he/she subject or possessor stands for: the subject chain's, else the
            # character stage's resolution
            focal_cid = None
            if cls in ("male", "female") and (dep in _SUBJ or dep == "poss"):
                focal_cid = chain.get(cls) or (m.character if m is not None else None)
            if m is None or m.character is None:
                if focal_cid is None:
                    continue
                cid = focal_cid
                kind = "pronoun"
            else:
                cid = m.character
                kind = m.kind
                if focal_cid is None:
                    focal_cid = cid
            if kind == "name":
                st.narration_names[cid] += 1
            if dep in _SUBJ:
                st.focal[focal_cid] += W_SUBJECT
                if kind in ("name", "description"):
                    if st.opener is None:
                        st.opener = cid
                    g = gender.get(cid)
                    if g in ("male", "female") and _is_main(tok.head) and not _binds_other(tok.head, g, pclass):
                        chain[g] = cid
                n_perc = sum(v.lower_ in lex.perception for v in _shared_subject_verbs(tok.head))
                if n_perc:
                    st.focal[focal_cid] += W_PERCEPTION * n_perc
                    st.strong[focal_cid] += W_PERCEPTION * n_perc
                if question:
                    st.focal[focal_cid] += W_QUESTION
                    st.strong[focal_cid] += W_QUESTION
            elif dep == "poss":
                noun = tok.head.lower_
                if noun in lex.feeling:
                    st.focal[focal_cid] += W_FEELING
                    st.strong[focal_cid] += W_FEELING
                elif noun in lex.kin and kind == "pronoun":
                    st.focal[focal_cid] += W_KIN
                    st.strong[focal_cid] += W_KIN
            if dep in _SUBJ and kind == "pronoun" and focal_cid is not None:
                cid = focal_cid  # a he/she subject acts as the subject chain's character
            if dep in _ACT_DEPS and (m is not None and m.character is not None or kind == "pronoun"):
                verb = _clause_verb(tok)
                if dep in _SUBJ:
                    thought_of = _embedded_under(verb, lex.cognition | lex.memory)
                else:
                    thought_of = _under_memory(verb, lex.memory)
                if thought_of or _past_perfect(verb):
                    continue
                if _present_perfect(verb):
                    st.acts_perfect[cid] += 1
                else:
                    st.acts[cid] += 1
    # Self-naming of a first-person narrator, in the narration or the narrator's own dialogue.
    for pat in lex.self_naming:
        for mm in pat.finditer(ptext):
            inside = doc.in_quote(base + mm.start())
            if not inside or st.narrator_speaks:
                st.self_named.append(mm.group("name"))
    return st


def _quote_span(doc: Document, q: Quote) -> tuple[int, Span | None]:
    """(paragraph index, the quotation's tokens in its paragraph's Doc, or None when they do not align)."""
    pi = doc.paragraph_at(q.start)
    base = doc.paragraphs[pi].start
    return pi, doc.docs[pi].char_span(q.start - base, q.end - base, alignment_mode="expand")


def _vocatives(doc: Document, quotes: list[Quote], heads: dict[tuple[int, int], Mention]) -> Counter[str]:
    """Characters named as vocatives ("Sam, open up", "Go to sleep, Amara.") in ``quotes``."""
    out: Counter[str] = Counter()
    for q in quotes:
        pi, span = _quote_span(doc, q)
        if span is None:
            continue
        d = span.doc
        for tok in span:
            m = heads.get((pi, tok.i))
            if m is None or m.character is None or m.kind != "name":
                continue
            first_tok = d[m.tok]
            last_tok = d[min(m.tok_end, len(d)) - 1]
            before = d[first_tok.i - 1].text if first_tok.i > span.start else "\""
            after = d[last_tok.i + 1].text if last_tok.i + 1 < span.end else "\""
            opens = before in ("\"", "“", ",", "!", "?", ".") and after in (",", ".", "!", "?", "\"", "”")
            closes = before == "," and after in (".", "!", "?", "\"", "”", ",")
            if (opens or closes) and tok.dep_ not in _SUBJ:
                out[m.character] += 1
    return out


def _resolve_name(doc: Document, name: str) -> str:
    """The id of the character named ``name``, adding the character when the character stage did not find it."""
    c = doc.registry.find(name, most_prominent=True)
    if c is not None:
        return c.id
    return doc.registry.add(name, role="main")


def _label_person(first: float, second: float, third: float) -> str:
    top = max(first, second)
    if top >= _PERSON_MIN and top >= _PERSON_SHARE * third:
        if min(first, second) >= 0.5 * top:
            return "mixed"
        return "first" if first >= second else "second"
    return "third"


def _label_tense(past: int, present: int) -> str:
    total = past + present
    if total == 0 or past >= _TENSE_SHARE * total:
        return "past"
    if present >= _TENSE_SHARE * total:
        return "present"
    return "mixed"


def _best(c: Scores | Counter[str]) -> tuple[str | None, float, float]:
    """(top id, its score, the runner-up's score)."""
    top = c.most_common(2)
    if not top:
        return None, 0.0, 0.0
    return top[0][0], top[0][1], top[1][1] if len(top) > 1 else 0.0


def _find_shift(stats: list[_ParaStats]) -> tuple[int, str, str, float] | None:
    """(paragraph offset k, pov before, pov from k on, confidence) of a clear change of focal character."""
    n = len(stats)
    min_paras = max(_SHIFT_MIN_PARAS, math.ceil(_SHIFT_MIN_SHARE * n))
    if n < 2 * min_paras:
        return None
    total = Scores()
    for s in stats:
        total.add(s.strong)
    prefix = Scores()
    best = None
    for k in range(1, n):
        prefix.add(stats[k - 1].strong)
        if k < min_paras or n - k < min_paras:
            continue
        suffix = total.minus(prefix)
        a, sa, _ = _best(prefix)
        b, sb, _ = _best(suffix)
        if a is None or b is None or a == b or sa < _SHIFT_MIN or sb < _SHIFT_MIN:
            continue
        if sa < _SHIFT_DOMINANCE * prefix[b] or sb < _SHIFT_DOMINANCE * suffix[a]:
            continue
        score = sa + sb - prefix[b] - suffix[a]
        if best is None or score > best[0]:
            best = (score, k, a, b, min(sa, sb))
    if best is None:
        return None
    _, k, a, b, strength = best
    # each part's character needs evidence in two of its paragraphs, not one burst of thoughts
    if sum(1 for s in stats[:k] if s.strong[a] > 0) < 2 or sum(1 for s in stats[k:] if s.strong[b] > 0) < 2:
        return None
    return k, a, b, round(min(0.9, 0.4 + strength / 10), 2)


def _header_name(doc: Document, scene: Scene, prev_end: int) -> tuple[bool, str | None]:
    """(whether a POV header precedes the scene, the name it gives) from the lines between scenes."""
    rules = break_rules()
    found, name = False, None
    for line in header_lines(doc.text, prev_end, scene.start):
        if rules.is_pov_line(line):
            found = True
            name = rules.pov_name(line) or name
    return found, name


def run(doc: Document) -> None:
    """Set ``person``, ``tense``, ``pov``, ``pov_confidence``, ``pov_shifts``, ``pov_note`` and ``characters``
    of every scene."""
    lex = _lex()
    pclass = pronoun_class()
    heads = _head_mentions(doc)
    analysis = doc.analysis
    scene_paras: dict[int, list[int]] = defaultdict(list)
    for p in doc.paragraphs:
        scene_paras[p.scene].append(p.index)
    scene_quotes: dict[int, list[Quote]] = defaultdict(list)
    for q in analysis.quotes:
        if doc.paragraphs:
            scene_quotes[doc.paragraphs[doc.paragraph_at(q.start)].scene].append(q)
    chapter_start = {c.index: c.start for c in analysis.chapters}
    gender = {c.id: c.gender for c in analysis.characters}
    work_vocatives: dict[str, Counter[str]] = {}
    narrators: list[tuple[Scene, str | None, bool]] = []  # first-person scenes: (scene, narrator, by header)
    prev_end = 0
    for scene in analysis.scenes:
        paras = scene_paras.get(scene.index, [])
        chain: dict[str, str] = {}
        stats = [_scan_paragraph(doc, pi, doc.docs[pi], heads, lex, pclass, chain, gender) for pi in paras]
        gap_start = max(prev_end, chapter_start.get(scene.chapter, 0))
        has_header, header = _header_name(doc, scene, gap_start)
        prev_end = scene.end
        first = sum(s.first for s in stats)
        second = sum(s.second for s in stats)
        third = sum(s.third for s in stats)
        letter = _letter(doc, paras, lex)
        if letter[0] is not None or letter[1] is not None:
            second = 0.0  # a letter's "you" is its addressee
        scene.person = _label_person(first, second, third)
        scene.tense = _label_tense(sum(s.past for s in stats), sum(s.present for s in stats))
        focal = Scores()
        for s in stats:
            focal.add(s.focal)
        quotes = scene_quotes.get(scene.index, [])
        reader_header = header is not None and header.lower() in lex.reader
        if reader_header:
            scene.person = "second" if scene.person != "first" else scene.person
        scene.pov, scene.pov_confidence, scene.pov_shifts, scene.pov_note = None, 0.0, [], None
        if scene.person == "second" or reader_header:
            scene.pov_note = "reader-insert"
        elif scene.person == "first":
            _first_person(doc, scene, paras, stats, quotes, heads, header, lex, letter[1], work_vocatives)
            narrators.append((scene, scene.pov, header is not None))
        elif header is not None:
            scene.pov = _resolve_name(doc, header)
            scene.pov_confidence = 0.95
            scene.pov_note = "header"
        else:
            opener = next((s.opener for s in stats if s.opener is not None), None)
            if opener is not None:
                focal[opener] += W_OPENING
            cid, top, runner = _best(focal)
            if cid is not None and top >= 0.5:
                scene.pov = cid
                scene.pov_confidence = round(min(0.9, (top - runner) / top * 0.6 + min(top, 10) / 25), 2)
                shift = _find_shift(stats)
                if shift is not None:
                    k, a, b, conf = shift
                    scene.pov = a
                    scene.pov_shifts = [{"start": doc.paragraphs[paras[k]].start, "pov": b, "confidence": conf}]
            elif has_header:
                scene.pov_note = "header without a name"
        _presence(scene, stats, quotes, analysis.characters)
    _carry_narrator(narrators)


def _first_person(
    doc: Document,
    scene: Scene,
    paras: list[int],
    stats: list[_ParaStats],
    quotes: list[Quote],
    heads: dict[tuple[int, int], Mention],
    header: str | None,
    lex: _Lex,
    signature: str | None = None,
    work_vocatives: dict[str, Counter[str]] | None = None,
) -> None:
    """Name the narrator of a first-person scene: header, a letter's signature, self-naming, then vocatives
    addressed to them (names the character stage found, else capitalised words used as vocatives twice)."""
    if header is not None:
        scene.pov = _resolve_name(doc, header)
        scene.pov_confidence = 0.95
        scene.pov_note = "header"
        return
    if signature is not None:
        scene.pov = _resolve_name(doc, signature)
        scene.pov_confidence = 0.9
        scene.pov_note = "signature"
        return
    named = [n for s in stats for n in s.self_named if n.lower() not in lex.reader]
    if named:
        scene.pov = _resolve_name(doc, Counter(named).most_common(1)[0][0])
        scene.pov_confidence = 0.9
        scene.pov_note = "self-named"
        return
    # Vocatives in dialogue the narrator does not speak are addressed to the narrator (or a third party);
    # a name the narration itself uses is not the narrator's, who is "I" there.
    narrator_paras = {pi for pi, s in zip(paras, stats, strict=True) if s.narrator_speaks}
    others = [q for q in quotes if doc.paragraph_at(q.start) not in narrator_paras]
    voc = _vocatives(doc, others, heads)
    in_narration: Counter[str] = Counter()
    for s in stats:
        in_narration.update(s.narration_names)
    chars = {c.id: c for c in doc.analysis.characters}
    for cid in list(voc):
        c = chars.get(cid)
        if in_narration[cid] > 0 or (c is not None and c.name.lower() in lex.not_names):
            del voc[cid]
    best_id, top, runner = _best(voc)
    if best_id is not None and top > runner:
        scene.pov = best_id
        scene.pov_confidence = round(min(0.8, 0.45 + 0.1 * (top - runner)), 2)
        scene.pov_note = "vocative"
        return
    # Names the character stage did not find: a vocative of this scene used at least twice in the work's
    # dialogue and never in this scene's narration.
    here = _raw_vocatives(doc, others, lex, doc.analysis.characters)
    work_vocatives = {} if work_vocatives is None else work_vocatives
    if "all" not in work_vocatives:  # once per work
        work_vocatives["all"] = _raw_vocatives(doc, doc.analysis.quotes, lex, doc.analysis.characters)
    narration = _narration_text(doc, paras)
    raw = [
        n for n, _ in here.most_common()
        if work_vocatives["all"][n] >= 2 and not re.search(r"\b" + re.escape(n) + r"\b", narration)
    ]
    if raw:
        scene.pov = _resolve_name(doc, raw[0])
        scene.pov_confidence = 0.45
        scene.pov_note = "vocative"
        return
    scene.pov_note = "unnamed narrator"


def _raw_vocatives(doc: Document, quotes: list[Quote], lex: _Lex, chars: list[Character]) -> Counter[str]:
    """Capitalised words (proper nouns, no known character's) used as vocatives ("Wren! You'll drown",
    "Wren, love, ...") in ``quotes``."""
    known = {w.lower() for c in chars for a in [c.name, *c.aliases] for w in a.split()}
    found: Counter[str] = Counter()
    for q in quotes:
        pi, span = _quote_span(doc, q)
        if span is None:
            continue
        d = span.doc
        for tok in span:
            if tok.pos_ != "PROPN" or not tok.is_title or tok.lower_ in lex.not_names or tok.lower_ in known:
                continue
            before = d[tok.i - 1].text if tok.i > span.start else "\""
            after = d[tok.i + 1].text if tok.i + 1 < span.end else "\""
            if before in ("\"", "“", ",") and after in (",", "!", "?", ".", "\"", "”") and not (
                before == "," and after == ","
            ):
                found[tok.text] += 1
    return found


def _narration_text(doc: Document, paras: list[int]) -> str:
    """The text of paragraphs ``paras`` with the quotations blanked out."""
    out = []
    for pi in paras:
        p = doc.paragraphs[pi]
        text = doc.text[p.start : p.end]
        out.append("".join(" " if doc.in_quote(p.start + i) else ch for i, ch in enumerate(text)))
    return "\n".join(out)


def _letter(doc: Document, paras: list[int], lex: _Lex) -> tuple[str | None, str | None]:
    """(addressee, signer) of a scene written as a letter: "Dear Tomas," first, a name alone on the last line
    (after a valediction line ending in a comma, or in a letter with a salutation)."""
    if not paras:
        return None, None
    first = doc.text[doc.paragraphs[paras[0]].start : doc.paragraphs[paras[0]].end].split("\n", 1)[0].strip()
    sal = _SALUTATION.match(first)
    addressee = sal.group("name") if sal else None
    last_para = doc.text[doc.paragraphs[paras[-1]].start : doc.paragraphs[paras[-1]].end].strip()
    lines = [ln.strip() for ln in last_para.split("\n") if ln.strip()]
    if len(paras) >= 2 and len(lines) == 1:
        prev = doc.text[doc.paragraphs[paras[-2]].start : doc.paragraphs[paras[-2]].end].strip().split("\n")
        lines = [prev[-1].strip(), *lines]
    signer = None
    sig = _SIGNATURE.match(lines[-1]) if lines else None
    if sig is not None and len(paras) >= 2:
        name = sig.group("name")
        valediction = len(lines) >= 2 and lines[-2].endswith(",") and len(lines[-2].split()) <= 4
        if (valediction or addressee is not None) and not all(w.lower() in lex.not_names for w in name.split()):
            signer = name
    return addressee, signer


def _carry_narrator(narrators: list[tuple[Scene, str | None, bool]]) -> None:
    """One narrator named in every first-person scene that is named, and no headers: the unnamed scenes
    have the same narrator (with a lower confidence)."""
    named = {cid for _, cid, _ in narrators if cid is not None}
    if len(named) != 1 or any(h for _, _, h in narrators):
        return
    cid = next(iter(named))
    for scene, pov, _ in narrators:
        if pov is None:
            scene.pov = cid
            scene.pov_confidence = 0.5
            scene.pov_note = "same narrator as the work's other first-person scenes"
            if cid not in scene.characters:
                scene.characters.append(cid)


def _presence(scene: Scene, stats: list[_ParaStats], quotes: list[Quote], chars: list[Character]) -> None:
    present: set[str] = set()
    for s in stats:
        present.update(c for c, n in s.acts.items() if n > 0)
        if scene.tense != "present":  # in a present-tense scene, "has sent" is what happened before it
            present.update(c for c, n in s.acts_perfect.items() if n > 0)
    for q in quotes:
        if q.speaker:
            present.add(q.speaker)
        present.update(q.addressees)
    if scene.pov:
        present.add(scene.pov)
    present.update(sh["pov"] for sh in scene.pov_shifts)
    order = {c.id: i for i, c in enumerate(chars)}
    scene.characters = sorted(present, key=lambda c: order.get(c, 1 << 30))

