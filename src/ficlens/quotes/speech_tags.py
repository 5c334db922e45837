"""Speech tags: the verb of a tag, its subject (name, pronoun or description) and addressee, read off the parse;
reported speech and speech heard through someone are not tags; vocatives inside a quote."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from ..document import Document, Mention
from ..lexicons import wordlist
from ..settings import settings
from .clause_subject import _cleft, _cleft_antecedent, _relative, missed_subject
from .common import (
    _NOMINATIVE,
    _OBJECT_PRONOUNS,
    CONF,
    _Lex,
    _State,
    _Tag,
    _token_at,
    misread_subject,
    particle_verbs,
)
from .speakers import _Speakers
from .tag_subjects import _SOMEONE_NEW, _possessed_relative, _resolve, answers_itself, by_last_word, the_one, the_other

_Missed = Callable[[Token], Token | None]
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


def _adjacent_subject(verb: Token, mention_at: dict[tuple[int, int], Mention], para: int) -> Token | None:
    """A name or subject pronoun right before the verb ("Sam snaps", which the tagger may read as a noun
    compound), or a name right after it ("said Sam")."""
    d = verb.doc
    before, after = _neighbour(verb, -1), _neighbour(verb, 1)
    if before is not None:
        prev = before
        m = mention_at.get((para, prev.i))
        if m is not None and (m.kind == "name" or prev.lower_ in _NOMINATIVE):
            return d[m.tok_end - 1] if m.kind == "name" else prev
        if prev.lower_ in _NOMINATIVE:
            return prev
    if after is not None:
        nxt = after
        m = mention_at.get((para, nxt.i))
        if m is not None and m.kind == "name":
            return d[m.tok_end - 1]
    return None


def _neighbour(tok: Token, step: int) -> Token | None:
    """The next (step 1) or previous (step -1) token that is not whitespace: a hard-wrapped text breaks lines
    inside a tag ("sighed\nMarilla")."""
    d = tok.doc
    i = tok.i + step
    while 0 <= i < len(d) and d[i].is_space:
        i += step
    return d[i] if 0 <= i < len(d) else None


def _subject(verb: Token, flags: list[bool] | None = None, missed: _Missed | None = None) -> Token | None:
    """The verb's subject: its own, an agent, one after it ("said Dean"), the person the parse hung elsewhere
    (``missed``, clause_subject.py), else the subject of the clause it is a conjunct or complement of."""
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not (flags and flags[c.i])]
    # a passive tag without a subject speaks through its agent ("“Come here,” loudly whispered by Aunt Jo"); not
    # "they were interrupted by Tom", where the subject is who was spoken to
    agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if agent is not None and not subs and not (flags and flags[agent.i]):
        return agent
    if subs:
        return min(subs, key=lambda c: abs(c.i - verb.i))
    # "said Dean" parsed with Dean as an object or modifier; a tag's subject right after the verb (a name or a
    # subject pronoun: "said he", never the object of "held it out")
    nxt = _neighbour(verb, 1)
    if nxt is not None and nxt.head == verb and (nxt.pos_ == "PROPN" or nxt.lower_ in _INVERTED_PRONOUNS):
        return nxt
    inverted = _inverted_object(verb, flags)
    if inverted is not None:
        return inverted
    after_particle = _after_particle(verb, nxt, flags)
    if after_particle is not None:
        return after_particle
    opener = missed(verb) if missed is not None else None
    if opener is not None:
        return opener
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return _subject(verb.head, flags, missed) if verb.head.i < verb.i else None
    # "a voice called.": the tag misparsed as a clause modifying its subject (not "a man called John")
    head = verb.head
    if (
        verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") and 0 < verb.i - head.i <= 2
        and all(c.dep_ in ("punct", "advmod", "prep") for c in verb.children)
    ):
        return head
    return None


def _after_particle(verb: Token, part: Token | None, flags: list[bool] | None) -> Token | None:
    """"“Not always,” put in Dora", "broke in old Frank": the subject of a verb right after the quote comes after
    its particle, parsed as the particle's object (or as the next word)."""
    prev = _neighbour(verb, -1)
    if not flags or part is None or prev is None or not flags[prev.i]:
        return None
    if part.lower_ not in particle_verbs().get(verb.lower_, ()):
        return None  # "“I have it,” looking in the drawer": no verb that speaks with its particle
    if part.head.i != verb.i or part.dep_ not in ("prt", "prep", "advmod"):
        return None
    subj = next((c for c in part.children if c.dep_ == "pobj"), None) or _neighbour(part, 1)
    if subj is None or flags[subj.i]:
        return None
    return subj if subj.pos_ in ("PROPN", "NOUN") or subj.lower_ in _INVERTED_PRONOUNS else None


_REFLEXIVES = {"himself", "herself", "myself", "themselves", "ourselves", "yourself", "yourselves"}
# subject pronouns that follow their verb in a tag ("said he"); "it" and "you" after a verb are its object
_INVERTED_PRONOUNS = {"he", "she", "i", "they", "we"}
_NP_INNER = ("det", "amod", "compound", "poss", "case", "advmod", "nummod", "punct")


def _inverted_object(verb: Token, flags: list[bool] | None) -> Token | None:
    """"“Hush!” exclaimed the old woman" (or "added little Amy") with the description or the name parsed as the
    verb's object: a noun phrase right after a verb that follows the quote's closing mark, nothing else between
    them."""
    if not flags:
        return None
    prev = _neighbour(verb, -1)
    if prev is None or not flags[prev.i]:
        return None
    for c in verb.children:
        if c.i > verb.i and c.dep_ in ("dobj", "attr", "oprd", "npadvmod") and (
            c.pos_ in ("NOUN", "PROPN") or c.lower_ in _SOMEONE_NEW
        ):
            between = verb.doc[verb.i + 1 : c.i]
            if all(t.head.i == c.i or t.head.head.i == c.i for t in between if not t.is_space) and all(
                t.dep_ in _NP_INNER or t.is_space for t in between
            ):
                return c
            return None
    return None


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
        stranger=cid is None and subj.lower_ in lex.nonperson and not other, not_speaker=owner,
    )


def _said_of_a_thing(subj: Token | None, mention: Mention | None, lex: _Lex) -> bool:
    """A passive speech verb whose subject is a thing, what was said ("the suggestion had been uttered", "when the
    plan was explained"): no name, and a noun that is no listed person."""
    if subj is None or subj.dep_ != "nsubjpass" or subj.pos_ != "NOUN":
        return False
    return (mention is None or mention.kind == "description") and subj.lower_ not in lex.persons


def _within_tag(verb: Token, flags: list[bool], lex: _Lex) -> bool:
    """A speech verb with a pronoun subject inside a clause of an earlier speech verb, no quotation between
    them, says when or how that tag's speech went and tags nothing of its own: "“Oh, Tom,” exclaimed Nell, as he
    finished, “…”", "said Pip, so out of breath that he could barely talk, “…”"; never a clause joined by
    "and" ("she replied, and he added")."""
    own = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not flags[c.i]]
    if not own or own[0].lower_ not in _NOMINATIVE:
        return False  # "Fanny, who had heard it all, said", "calling out": the clause's verb is the tag itself
    v = verb
    for _ in range(5):
        if v.dep_ in ("conj", "ROOT") or v.head.i == v.i or flags[v.head.i]:
            return False
        v = v.head
        if v.i < verb.i and lex.tag_kind(v.lower_) == "speech":
            return not any(flags[v.i : verb.i])
    return False


def _nonfinite(verb: Token) -> bool:
    """A gerund after a preposition ("by saying", "of exclaiming") or an infinitive hung from a noun or clause
    ("the opportunity to say"): a verb form that never has a subject of its own."""
    if verb.tag_ == "VBG":
        # "of exclaiming" is also parsed as the preposition's object
        return verb.dep_ == "pcomp" or verb.dep_ == "pobj" and verb.head.pos_ == "ADP"
    return verb.tag_ == "VB" and verb.dep_ in ("acl", "advcl") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )


def _governing_subject(verb: Token, flags: list[bool] | None = None, missed: _Missed | None = None) -> Token | None:
    """The subject of the nearest clause above a verb that has none of its own ("… of saying"), never a word
    of a quotation."""
    v = verb
    for _ in range(4):
        subj = _subject(v, flags, missed)
        if subj is not None:
            return None if flags and flags[subj.i] else subj
        if v.head.i == v.i or (flags and flags[v.head.i]):
            return None
        v = v.head
    return None


def _opens_quote(verb: Token, flags: list[bool]) -> bool:
    """Whether nothing but punctuation and the verb's adverbs or particles ("spoke up stoutly") stands between
    the verb and a quotation (or, in a paragraph without quotes, the paragraph's end)."""
    d = verb.doc
    for t in d[verb.i + 1 :]:
        if flags[t.i]:
            return True
        if t.is_space or t.is_punct or (t.head.i == verb.i and t.dep_ in ("advmod", "prt")):
            continue
        return False
    return not any(flags)


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


def _reported(verb: Token, flags: list[bool], persons: frozenset[str] = frozenset()) -> bool:
    """A speech verb that carries its own content in narration, not a tag for a quotation: "Mr. Bennet replied
    that he had not", "he said nothing", "she asked him to stay". A person noun (``persons``) as the object is
    who is spoken to, not what is said: "“Which one?” Kate asked her father" is a tag."""
    if _inverted_tag(verb, flags):
        return False
    # "said Anne gaily stooping over the chair": a participle after an inverted subject tells how it was said,
    # not what ("he continued reading" is no tag)
    for c in verb.children:
        if flags[c.i]:
            continue
        if (
            c.dep_ in ("ccomp", "xcomp") and not (c.tag_ in ("VBG", "VBN") and _subject_between(verb, c))
            and not any(flags[t.i] for t in c.subtree) and not _manner_participle(verb, c)
            and not _adverbial_clause(verb, c) and not _narration_before(verb, c, flags)
        ):
            return True
        if (
            c.dep_ == "dobj" and c.i > verb.i and c.pos_ in ("PRON", "NOUN") and c.lower_ not in _OBJECT_PRONOUNS
            and c.lower_ not in _REFLEXIVES  # "“I mean,” she corrected herself": who spoke, not what was said
            and c.lower_ not in persons
            and any(s.dep_ == "nsubj" and s.i < verb.i and not flags[s.i] for s in verb.children)
        ):
            return True
    return False


def _narration_before(verb: Token, clause: Token, flags: list[bool]) -> bool:
    """"They left, and as Ann buttoned her coat, she said: “…”": a clause before the verb's own subject that the
    parser hangs on the verb is narration, not what was said, when a quotation follows the verb."""
    return clause.i < verb.i and _opens_quote(verb, flags) and any(
        s.dep_ == "nsubj" and clause.i < s.i < verb.i and not flags[s.i] for s in verb.children
    )


def _manner_participle(verb: Token, clause: Token) -> bool:
    """"“Then we go,” Frank said, pausing.", "Peter answered, delighted, …": a participle after the verb and a
    comma (whatever the tagger made of it) tells how it was said, not what; reported speech runs on without the
    comma ("he suggested going") or has a subject or "that" of its own ("he said, however, that he would")."""
    participle = clause.lower_.endswith("ing") or clause.tag_ in ("VBG", "VBN", "VBD")
    if clause.i < verb.i or not participle or clause.left_edge.i < 1:
        return False
    comma = clause.doc[clause.left_edge.i - 1]
    return comma.text == "," and comma.i > verb.i and not any(
        c.dep_ in ("mark", "nsubj", "nsubjpass", "expl") for c in clause.children
    )


def _adverbial_clause(verb: Token, clause: Token) -> bool:
    """A clause after the verb and a comma that opens with "when", "as", "while", ... (parsed as the verb's
    complement): when or why it was said, not what."""
    first = clause.left_edge
    if clause.i < verb.i or first.i < 1 or first.lower_ not in wordlist("data/lexicons/subordinators.txt"):
        return False
    comma = clause.doc[first.i - 1]
    return comma.text == "," and comma.i > verb.i


def _inverted_tag(verb: Token, flags: list[bool]) -> bool:
    """A verb right after a quotation with its subject after it ("“Yes,” said Anne, yielding…", "“No,” asked
    Louisa, her composure not in the least affected"): a tag, whatever clause the parser hangs on it; reported
    speech puts its subject first ("Tom replied that he had not")."""
    prev = _neighbour(verb, -1)
    nxt = _neighbour(verb, 1)
    return (
        prev is not None and nxt is not None and flags[prev.i] and not flags[nxt.i]
        and (nxt.pos_ in ("PROPN", "DET") or nxt.lower_ in _INVERTED_PRONOUNS or nxt.lower_ in _SOMEONE_NEW)
    )


def _subject_between(verb: Token, clause: Token) -> bool:
    """A subject right after the verb and before its clause ("said Anne gaily stooping"), whichever of the two
    the parser hung it on."""
    return any(
        s.dep_ in ("nsubj", "nsubjpass") and verb.i < s.i < clause.i
        for s in [*verb.children, *clause.children]
    )


def _beat_subject(
    doc: Document, pi: int, subj: Token, mention_at: dict[tuple[int, int], Mention], pclass: dict[str, str],
    speakers: _Speakers, state: _State, lex: _Lex,
) -> tuple[str | None, float]:
    if subj.lower_ in lex.beat_skip:
        return None, 0.0
    cid, method = _resolve(doc, pi, subj, mention_at, pclass, speakers, state, lex, allow_description=False)
    if cid is None and subj.pos_ == "PROPN" and mention_at.get((pi, subj.i)) is None and _used_as_name(doc, pi, subj):
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


def _used_as_name(doc: Document, pi: int, subj: Token) -> bool:
    """Whether a beat's proper noun reads as a name: outside italics (a thought or a text message, "*Tea would
    help.*") and capitalised somewhere in the text after a lower-case word or a comma, not only where every word
    is ("Tamsin threw up her hands." and "Take Tamsin.")."""
    at = doc.paragraphs[pi].start + subj.idx
    if any(a <= at < b for a, b in doc.work.italics):
        return False
    return re.search(rf"[a-z,] {re.escape(subj.text)}\b", doc.text) is not None

