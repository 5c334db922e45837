"""Speech tags: what a quote's tag verb says about who speaks, read off the parse: its subject (name, pronoun or
description) resolved to a character, and whom it speaks to ("said to Tom"); speech heard through someone ("Mary
heard her say") is the one heard, never the hearer, and a thing said ("the plan was explained") is no tag; the
subject of an action beat beside a quote. Where a subject stands in the parse, and whether a verb is a tag at all
or reported speech: tag_syntax.py."""

from __future__ import annotations

import re

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from ..document import Document, Mention
from ..lexicons import wordlist
from ..settings import settings
from .clause_subject import _cleft, _cleft_antecedent, _relative, missed_subject
from .common import (
    _NOMINATIVE,
    CONF,
    _Lex,
    _State,
    _Tag,
    _token_at,
    misread_subject,
)
from .speakers import _Speakers
from .tag_subjects import (
    _possessed_relative,
    _resolve,
    answers_itself,
    by_last_word,
    the_one,
    the_other,
)
from .tag_syntax import (
    _adjacent_subject,
    _governing_subject,
    _neighbour,
    _nonfinite,
    _opens_quote,
    _reported,
    _subject,
    _within_tag,
)

_GO = {"go", "goes", "went"}


def _mention_index(doc: Document) -> dict[tuple[int, int], Mention]:
    out: dict[tuple[int, int], Mention] = {}
    for m in doc.mentions:
        for t in range(m.tok, m.tok_end):
            out[(m.para, t)] = m
    return out


def _in_quote_flags(d: Doc, base: int, spans: list[tuple[int, int]]) -> list[bool]:
    """For each token of the paragraph, whether it lies in one of ``spans`` (absolute offsets, sorted)."""
    flags: list[bool] = []
    k = 0
    n = len(spans)
    for idx in d.to_array(IDX).tolist() if len(d) else ():  # offsets read as one array: no Token objects made
        off = base + idx
        while k < n and spans[k][1] <= off:
            k += 1
        flags.append(k < n and spans[k][0] <= off)
    return flags


def _addressee(
    verb: Token, mention_at: dict[tuple[int, int], Mention], para: int, subject: Token | None = None
) -> str | None:
    """Who a tag's verb speaks to ("said to Tom", "told Tom"), never its own subject read as the object
    ("“…” cried his wife", parsed with "his wife" as the object of "cried")."""
    for c in verb.children:
        if subject is not None and c.i == subject.i:
            continue
        if c.dep_ == "dative" or (c.dep_ == "prep" and c.lower_ == "to"):
            targets = [c] if c.dep_ == "dative" else [g for g in c.children if g.dep_ == "pobj"]
        elif c.dep_ == "dobj":
            targets = [c]
        else:
            continue
        for t in targets:
            m = mention_at.get((para, t.i))
            if m is not None and m.character is not None:
                return m.character
    return None


def _loose_tag(
    doc: Document, pi: int, d: Doc, off: int, si: int, base: int, flags: list[bool], lex: _Lex,
    speakers: _Speakers, mention_at: dict[tuple[int, int], Mention], pclass: dict[str, str], state: _State,
    inverted: bool = False,
) -> _Tag | None:
    """The tag right after a quote ending in a comma when its verb is not in the lexicon: the first verb of
    the narration that follows, within a few words and the same sentence. ``inverted``: only a verb right after
    the quote with its subject after it ("“That's the reason!” pouted Louisa")."""
    k = _token_at(d, off)
    while k < len(d) and flags[k]:
        k += 1
    for tok in d[k : k + (1 if inverted else 5)]:
        if flags[tok.i] or tok.is_punct:
            break
        if tok.pos_ == "VERB":
            if inverted:
                after = _neighbour(tok, 1)
                m = mention_at.get((pi, after.i)) if after is not None else None
                if m is None or m.kind != "name" or m.in_quote:
                    return None
            tag = _tag_of(doc, pi, tok, "speech", si, base, flags, lex, speakers, mention_at, pclass, state)
            if tag is not None and tag.character is not None:
                return tag
            return None
    return None


def _tag_of(
    doc: Document, pi: int, verb: Token, kind: str, si: int, base: int, flags: list[bool], lex: _Lex,
    speakers: _Speakers, mention_at: dict[tuple[int, int], Mention], pclass: dict[str, str], state: _State,
) -> _Tag | None:
    if _reported(verb, flags, lex.persons) or _within_tag(verb, flags, lex):
        return None
    relative_subject = None
    if _relative(verb):
        # "looked at Ben, who said, “…”": a relative clause that opens the quotation speaks for its antecedent
        who = any(c.dep_ == "nsubj" and c.lower_ in ("who", "that") for c in verb.children)
        antecedent = _cleft_antecedent(verb) if who else None
        if antecedent is not None and not flags[antecedent.i]:
            relative_subject = antecedent  # "“…” It was Dora who spoke."
        elif verb.dep_ != "relcl" or not who or flags[verb.head.i] or not (_opens_quote(verb, flags) or _cleft(verb)):
            return None  # "a pause in which Brenda said": the clause has a subject of its own
        else:
            relative_subject = verb.head
    def missed(v: Token) -> Token | None:
        return missed_subject(v, flags, mention_at, pi)

    own = verb.pos_ in ("VERB", "AUX") and relative_subject is None
    subj = _subject(verb, flags, missed) if own else relative_subject
    verb_is_noun = False
    if verb.pos_ == "NOUN" and verb.lower_ in lex.speech_nouns or verb.tag_ == "VBG" and subj is None:
        # "“Yes, sir,” was Fanny's humble answer": a speech noun tags the quote through its possessor, and so
        # does a gerund ("stopped by Sir Thomas's saying, “…”")
        poss = next((c for c in verb.children if c.dep_ == "poss" and not flags[c.i]), None)
        if poss is not None:
            subj, verb_is_noun = poss, True
    if subj is not None and flags[subj.i]:
        subj = None  # a word of the quotation itself, misparsed as the tag's subject
    if subj is not None and subj.lower_ in wordlist("data/lexicons/voice_nouns.txt"):
        # "cried Kemp's voice", "said the muffled voice of Kemp", "his voice answered": the voice's owner speaks
        holder = next((c for c in subj.children if c.dep_ == "poss"), None) or next(
            (g for c in subj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"),
            None,
        )
        if holder is not None and not flags[holder.i]:
            subj = holder
    if _said_of_a_thing(subj, mention_at.get((pi, subj.i)) if subj is not None else None, lex):
        return None  # "But the suggestion had been uttered", "when the plan was explained": what was said
    if verb.lower_ in _GO and not any(c.dep_ == "prt" and c.lower_ == "on" for c in verb.children) \
            and not (subj is not None and subj.i > verb.i):
        return None  # "“Moo,” went the cow", "he went on": not "a little spasm went through him"
    if subj is not None and subj.pos_ in ("NOUN", "ADJ") and subj.i > verb.i and subj.lower_ not in lex.persons:
        # "returned the obstinate Bounderby" with "obstinate" parsed as the subject: the name right after it
        nxt = mention_at.get((pi, subj.i + 1))
        if nxt is not None and nxt.kind == "name" and not flags[subj.i + 1]:
            subj = subj.doc[nxt.tok_end - 1]
    if not verb_is_noun and (
        subj is None or subj.lower_ not in _NOMINATIVE and subj.pos_ not in ("PROPN", "NOUN")
        or misread_subject(subj, (pi, subj.i) in mention_at, lex)
    ):
        adj = _adjacent_subject(verb, mention_at, pi)
        subj = adj if adj is not None and not flags[adj.i] else subj
    if subj is not None and subj.pos_ == "ADJ" and subj.lower_ not in lex.persons and (pi, subj.i) not in mention_at \
            and by_last_word(subj, speakers) is None:
        return None  # "said Owl, after grave thought": an adjective read as the subject of a noun read as a verb
    if subj is None and kind == "speech" and _nonfinite(verb):
        # "Julia did her the justice of exclaiming, “…”", "took the opportunity to say:": the speaker is the
        # subject of the clause the gerund or infinitive hangs from
        subj = _governing_subject(verb, flags, missed)
    if subj is None:
        return None
    if subj.lower_ in lex.written_nouns or (subj.pos_ == "NOUN" and subj.lower_ in lex.written_nouns):
        return _Tag(base + verb.idx, si, None, "explicit", "written")
    cid, method = _resolve(doc, pi, subj, mention_at, pclass, speakers, state, lex, allow_description=True)
    hearer = _hearer(doc, pi, verb, flags, mention_at, pclass, speakers, state, lex)
    if hearer is not None and cid == hearer:
        # "Mary heard her say": the speaker is who is heard, never the hearer
        cid = _recent_other(subj, pclass, speakers, state, pi, hearer)
    if cid is not None and answers_itself(verb, cid, pi, state):
        cid = _recent_other(subj, pclass, speakers, state, pi, cid) or cid  # "he replied": not who spoke before
    remembered = kind == "speech" and any(c.lower_ == "had" and c.dep_ == "aux" for c in verb.children)
    pron, owner = pclass.get(subj.lower_), None
    if cid is None:
        pron, owner = _possessed_relative(pi, subj, mention_at, pclass, lex) or (pron, None)
    if cid is None and pron is None:
        pron = speakers.left_open.get((pi, subj.i))  # "returned the girl": a woman, whoever she is
    other = cid is None and the_other(subj)
    if other:
        # "Catherine spoke the pleasure she felt. / “…,” rejoined the other": not Catherine, but the one who spoke
        # last before her
        owner = the_one(doc, pi, subj, mention_at, state)
        cid = _latest_speaker_but(owner, speakers, state, pi) if owner is not None else None
        method = "anaphoric" if cid is not None else method
    return _Tag(
        base + verb.idx, si, cid, method, kind,
        addressee=_addressee(verb, mention_at, pi, subj), remembered=remembered, pron=pron,
        stranger=cid is None and subj.lower_ in lex.nonperson and not other, not_speaker=owner, hearer=hearer,
    )


def _said_of_a_thing(subj: Token | None, mention: Mention | None, lex: _Lex) -> bool:
    """A passive speech verb whose subject is a thing, what was said ("the suggestion had been uttered", "when the
    plan was explained"): no name, and a noun that is no listed person."""
    if subj is None or subj.dep_ != "nsubjpass" or subj.pos_ != "NOUN":
        return False
    return (mention is None or mention.kind == "description") and subj.lower_ not in lex.persons


def _hearer(
    doc: Document, pi: int, verb: Token, flags: list[bool], mention_at: dict[tuple[int, int], Mention],
    pclass: dict[str, str], speakers: _Speakers, state: _State, lex: _Lex,
) -> str | None:
    """The character who hears the speech when the tag is reported through hearing ("Mary heard her say")."""
    head = verb.head
    if verb.dep_ not in ("ccomp", "xcomp", "dobj") or head.i == verb.i or head.lower_ not in lex.hearing:
        return None
    subj = _subject(head, flags)
    if subj is None:
        return None
    cid, _m = _resolve(doc, pi, subj, mention_at, pclass, speakers, state, lex, allow_description=False)
    return cid


def _latest_speaker_but(one: str, speakers: _Speakers, state: _State, pi: int) -> str | None:
    """The latest speaker of the recent turns (within the look-back) who is neither ``one`` nor the narrator."""
    for para, cid in reversed(state.recent[-20:]):
        if pi - para > settings()["quotes"]["lookback"]:
            break
        if cid != one and cid != speakers.narrator:
            return cid
    return None


def _recent_other(
    subj: Token, pclass: dict[str, str], speakers: _Speakers, state: _State, pi: int, other: str
) -> str | None:
    """The latest character of the subject pronoun's gender in the recent narration who is not ``other``."""
    cls = pclass.get(subj.lower_)
    if cls not in ("male", "female"):
        return None
    for para, cid in reversed(state.recent[-20:]):
        if pi - para > settings()["quotes"]["lookback"]:
            break
        if cid != other and cid != speakers.narrator and speakers.gender.get(cid, "unknown") == cls:
            return cid
    return None


def _beat_subject(
    doc: Document, pi: int, subj: Token, mention_at: dict[tuple[int, int], Mention], pclass: dict[str, str],
    speakers: _Speakers, state: _State, lex: _Lex,
) -> tuple[str | None, float]:
    if subj.lower_ in lex.beat_skip:
        return None, 0.0
    cid, method = _resolve(doc, pi, subj, mention_at, pclass, speakers, state, lex, allow_description=False)
    if (cid is None and subj.pos_ == "PROPN" and mention_at.get((pi, subj.i)) is None
            and _used_as_name(doc, pi, subj, state)):
        # "Tamsin threw up her hands.": a name the character stage did not list, doing something beside a line,
        # is someone of that name, as it is as a tag's subject ("said MJ", quotes/speakers.py)
        cid = speakers.named(pi, subj)
        if cid is not None:
            return cid, CONF["action-beat"] - 0.05
    if cid is None:
        # "Dean's voice was rough": the possessor of the subject
        for c in subj.children:
            if c.dep_ == "poss":
                cid, method = _resolve(doc, pi, c, mention_at, pclass, speakers, state, lex, allow_description=False)
                if cid is not None:
                    return cid, CONF["action-beat"] - 0.1
        return None, 0.0
    return cid, CONF["action-beat"] if method == "explicit" else CONF["action-beat"] - 0.05


def _used_as_name(doc: Document, pi: int, subj: Token, state: _State | None = None) -> bool:
    """Whether a beat's proper noun reads as a name: outside italics (a thought or a text message, "*Tea would
    help.*") and capitalised somewhere in the text after a lower-case word or a comma, not only where every word
    is ("Tamsin threw up her hands." and "Take Tamsin.")."""
    at = doc.paragraphs[pi].start + subj.idx
    if any(a <= at < b for a, b in doc.work.italics):
        return False
    # a search of the whole text, so once per word and work (``state`` keeps the answers)
    known = state.used_as_name if state is not None else {}
    if subj.text not in known:
        known[subj.text] = re.search(rf"[a-z,] {re.escape(subj.text)}\b", doc.text) is not None
    return known[subj.text]
