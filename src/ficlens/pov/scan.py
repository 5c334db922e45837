"""One pass over a paragraph's tokens: narration person and tense, focal evidence and presence per character."""


from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..characters.italics import ItalicSpans
from ..document import Document, Mention
from .lex import (
    _ACT_DEPS,
    _CHAT_LINE,
    _PAST_TAGS,
    _PRESENT_MODALS,
    _PRESENT_TAGS,
    _SUBJ,
    W_FEELING,
    W_KIN,
    W_PERCEPTION,
    W_QUESTION,
    W_SUBJECT,
    Scores,
    _Lex,
)


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


def _shared_subject_verbs(verb: Token, speech: frozenset[str] = frozenset()) -> list[Token]:
    """``verb`` and the verbs coordinated with it that have no subject of their own ("She kneels and feels
    the panic": both are hers). A speech verb's own participles are the gestures of a dialogue tag ("Ron said,
    staring at the cauldron"), seen from outside: with ``speech`` given, a speech verb stands alone."""
    out = [verb]
    if verb.lower_ in speech:
        return out
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


def _governor(verb: Token, words: frozenset[str]) -> Token | None:
    """The verb of ``words`` whose complement ``verb``'s clause is ("wonders whether Iris is angry" -> wonders),
    climbing at most three clauses (a complement, then complements or conjuncts); None when there is none."""
    v = verb
    for step in range(3):
        if v.dep_ not in (("ccomp", "xcomp") if step == 0 else ("ccomp", "xcomp", "conj")) or v.head.i == v.i:
            return None
        v = v.head
        if v.lower_ in words:
            return v
    return None


def _embedded_under(verb: Token, words: frozenset[str]) -> bool:
    """Whether ``verb``'s clause is the complement of one of ``words`` ("wonders whether Iris is angry")."""
    return _governor(verb, words) is not None


def _hypothetical(verb: Token, marks: frozenset[str]) -> bool:
    """Whether ``verb``'s clause imagines rather than tells: opened by "if", "unless", "whether" or "as
    though"/"as if" ("if Arthur had seen the flame jump": Arthur's seeing is someone else's fear)."""
    v = verb
    for _ in range(3):
        for c in v.children:
            as_though = c.lower_ != "though" or (c.i > 0 and c.nbor(-1).lower_ == "as")
            if c.dep_ == "mark" and c.lower_ in marks and as_though:
                return True
        if v.dep_ == "conj" and v.head.i != v.i:
            v = v.head
        else:
            return False
    return False


def _thought_by_other(verb: Token, subj: Token, words: frozenset[str]) -> bool:
    """Whether ``verb``'s clause is what someone else thinks or sees: the complement of a verb of ``words``
    whose subject is not ``subj`` ("He wonders how long she has been watching him": her watching is his
    thought)."""
    v = _governor(verb, words)
    if v is None:
        return False
    other = next((c for c in v.children if c.dep_ in _SUBJ), None)
    return other is not None and other.lower_ != subj.lower_


def _mental_state(verb: Token, lex: _Lex) -> bool:
    """Whether ``verb`` is "be"/"feel" with a mental-state adjective: "she was almost certain", "he felt sick"."""
    if verb.lower_ not in lex.state_verbs:
        return False
    return any(c.dep_ in ("acomp", "attr") and c.lower_ in lex.mental_state for c in verb.children)


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
    italics: ItalicSpans | None = None,
    topics: dict[str, Counter[str]] | None = None,
) -> _ParaStats:
    """What paragraph ``pi`` says about person, tense, focal evidence and presence.

    ``chain`` (gender -> character, carried over the paragraphs of a scene) is the subject chain of the
    narration: the last character named as the subject of a main clause, per gender. A "he"/"she" subject or
    possessor in the narration gives its focal evidence to the chain's character of that gender, the way a
    third-person limited narration keeps its focal character as the topic, whatever the nearest name is.
    ``italics``: the work's italic spans; a name there is not the narration naming someone. ``topics`` (gender
    -> named main-clause subjects so far in the scene, carried like ``chain``): each paragraph opens with the
    chain on the scene's topic of each gender, the one named most as a subject ("Leon went back to his screen."
    then a paragraph "He had said it before" after a text exchange is still the focal character's).
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
    topics = {} if topics is None else topics
    for gk, named in topics.items():
        # a paragraph opens on the scene's topic of each gender: the character named most often as the subject
        # of a main clause so far (the last one named on a tie), not merely the last one named
        if named:
            top = max(named.values())
            if named.get(chain.get(gk, ""), 0) < top:
                chain[gk] = next(c for c, n in named.items() if n == top)
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
            if kind == "name" and (italics is None or base + tok.idx not in italics):
                st.narration_names[cid] += 1  # a name in italics is a thought, a text, remembered speech
            if dep in _SUBJ:
                st.focal[focal_cid] += W_SUBJECT
                if kind in ("name", "description"):
                    if st.opener is None and tok.head.lower_ not in lex.speech:
                        st.opener = cid  # the narration's first subject, not a dialogue tag's ("said Ron")
                    g = gender.get(cid)
                    if g in ("male", "female") and _is_main(tok.head) and not _binds_other(tok.head, g, pclass):
                        chain[g] = cid
                        topics.setdefault(g, Counter())[cid] += 1
                shared = [
                    v for v in _shared_subject_verbs(tok.head, lex.speech)
                    if not _hypothetical(v, lex.hypothetical) and not _thought_by_other(v, tok, lex.thought_of)
                ]
                n_perc = sum(v.lower_ in lex.perception for v in shared)
                if n_perc:
                    st.focal[focal_cid] += W_PERCEPTION * n_perc
                    st.strong[focal_cid] += W_PERCEPTION * n_perc
                n_state = sum(_mental_state(v, lex) for v in shared)
                if n_state:
                    st.focal[focal_cid] += W_FEELING * n_state
                    st.strong[focal_cid] += W_FEELING * n_state
                if question:
                    st.focal[focal_cid] += W_QUESTION
                    st.strong[focal_cid] += W_QUESTION
            elif dep == "poss":
                if kind == "name":
                    # "Ochako's phone buzzed under her pillow": the possessor of a main clause's subject opens
                    # the subject chain when no character of that gender holds it yet
                    g = gender.get(cid)
                    owned = tok.head
                    if (
                        g in ("male", "female") and g not in chain and owned.dep_ in _SUBJ and _is_main(owned.head)
                    ):
                        chain[g] = cid
                noun = tok.head.lower_
                felt = tok.head.dep_ in _SUBJ and tok.head.head.lower_ in lex.sensation  # "his shoulder ached"
                if noun in lex.feeling or felt:
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
