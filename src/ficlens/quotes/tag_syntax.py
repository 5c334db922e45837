"""A speech tag's syntax, read off the parse and the quotation flags alone (no document model, no speakers): the
tag verb's subject (its own, an agent, one right after it, one after its particle, a noun phrase parsed as its
object, a name beside it, the subject of the clause it hangs from), and whether the verb tags a quotation at all
or carries reported speech of its own ("replied that he had not") or says how an earlier tag's speech went."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from ..document import Mention
from ..lexicons import wordlist
from .common import _NOMINATIVE, _OBJECT_PRONOUNS, _Lex, particle_verbs
from .tag_subjects import _SOMEONE_NEW

# finds the subject the parse hung elsewhere: clause_subject.missed_subject bound to a paragraph's mentions
_Missed = Callable[[Token], Token | None]


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
