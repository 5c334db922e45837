"""Gender from pronoun votes: which pronouns near a name may vote for its gender, and how those votes, the
titles, the knowledge base and the first-name list decide it."""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from operator import itemgetter

from ..document import Document, Mention
from .grouping import _CFG, _THIRD, _Cluster, _compatible, _name_gender, _prior_gender, _Tally
from .lex import Lexicon

# a pronoun near one named character, grammar aside: data/settings.toml [characters] (documented there)
_LOOSE_VOTE = _CFG["loose_vote"]
_DIRECT_OBJECTS = {"dobj", "dative", "iobj", "obj"}


def _most_common(votes: Mapping[str, float]) -> tuple[str, float]:
    """The heaviest item, as ``Counter.most_common(1)[0]``."""
    return heapq.nlargest(1, votes.items(), key=itemgetter(1))[0]


def gender_votes(doc: Document, mentions: list[Mention], owner: dict[int, int], n: int) -> list[_Tally]:
    """Votes from pronouns linked to a name without doubt: the name is the main subject of the sentence and
    the pronoun follows it there ("Mara lifted her bag"), or the name is the main subject of the previous
    sentence and the pronoun the main subject of this one ("Mara climbed the stairs. She knocked."); in both
    cases no other named character in those sentences. An object pronoun of the name's own verb ("Luc sat down
    beside her and offered her half of his croissant") is someone else: it votes nothing, and neither do the
    pronouns of its gender after it in the sentence or opening the next one ("She took it.")."""
    votes: list[_Tally] = [_Tally() for _ in range(n)]
    named: dict[int, set[int]] = {}  # sentence -> named clusters outside quotes
    subj_of: dict[int, int] = {}  # sentence -> cluster of the name that is its main subject
    subj_tok: dict[int, tuple[int, int]] = {}  # sentence -> (paragraph, token) of that subject name's head
    # sentence -> genders of pronouns that cannot be its subject (the objects of the subject's own verb): a later
    # pronoun of such a gender in that sentence, or opening the next one, may be that other person
    other: dict[int, set[str]] = {}
    for m in mentions:
        if m.in_quote:
            continue
        if m.kind == "name":
            ci = owner.get(id(m))
            if ci is not None:
                named.setdefault(m.sent, set()).add(ci)
                if m.sent not in subj_of and main_subject(doc, m):
                    subj_of[m.sent] = ci
                    subj_tok[m.sent] = (m.para, m.tok_end - 1)
            continue
        if m.kind != "pronoun" or m.gender_hint not in _THIRD:
            continue
        ci = subj_of.get(m.sent)
        if ci is not None and named.get(m.sent) == {ci}:
            if object_of_subject(doc, m, subj_tok[m.sent]):
                # "Luc offered her half of his croissant": "her" is someone else, whatever its gender
                other.setdefault(m.sent, set()).add(m.gender_hint)
            elif m.gender_hint not in other.get(m.sent, ()):
                votes[ci][m.gender_hint] += 1
            continue
        ci = subj_of.get(m.sent - 1)
        if (
            ci is not None and main_subject(doc, m) and named.get(m.sent - 1) == {ci}
            and named.get(m.sent, {ci}) == {ci} and m.gender_hint not in other.get(m.sent - 1, ())
        ):
            votes[ci][m.gender_hint] += 1
            continue
        # a weaker vote: one named character in this or the previous sentence, grammar aside
        near = named.get(m.sent, set()) | named.get(m.sent - 1, set())
        if len(near) == 1 and m.gender_hint not in other.get(m.sent, set()) | other.get(m.sent - 1, set()):
            votes[next(iter(near))][m.gender_hint] += _LOOSE_VOTE
    return votes


def object_of_subject(doc: Document, m: Mention, subj: tuple[int, int]) -> bool:
    """Whether a pronoun is the object of the verb whose subject is the name at ``subj`` (paragraph, token), or
    of a verb joined to it ("sat down and offered her"): a plain object pronoun is never its own verb's subject
    (a reflexive would be), so it names someone else. So does the object of a preposition on that verb ("sat
    down beside her", "looked at him"), unless the verb has a direct object the phrase may place ("shut the door
    behind him" is himself)."""
    if m.para != subj[0] or m.role != "obj":
        return False
    d = doc.docs[m.para]
    tok = d[m.tok]
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        verb = tok.head.head
        if verb.pos_ not in ("VERB", "AUX") or any(c.dep_ in _DIRECT_OBJECTS for c in verb.children):
            return False
    elif tok.dep_ in _DIRECT_OBJECTS:
        verb = tok.head
    else:
        return False
    name = d[subj[1]]
    while True:
        if name.head.i == verb.i:
            return True
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return False
        verb = verb.head


def decide_gender(c: _Cluster, votes: Mapping[str, float], lx: Lexicon) -> str:
    """Pronoun votes decide when clear; the knowledge base and the name prior weigh in as 1.5 votes each and
    decide alone when the pronouns say nothing clear."""
    kb_genders = {k.gender for k in c.kb if k.gender != "unknown"}
    kb_gender = kb_genders.pop() if len(kb_genders) == 1 else "unknown"
    prior = _prior_gender(c, lx)
    weighed = _Tally(votes)
    # every mention under a gendered title ("Mr. Darcy") is a vote as sure as a pronoun's
    for tg, tn in c.title_votes.items():
        weighed[tg] += tn
    for g in (kb_gender, _name_gender(c, lx) if not c.title_votes else "unknown"):
        if g in _THIRD:
            weighed[g] += 1.5
    total = sum(weighed.values())
    if sum(votes.values()) + sum(c.title_votes.values()) >= 2:
        g, n = _most_common(weighed)
        if n >= 2 * (total - n):
            return g
    # the knowledge base is a guess from a name alone, perhaps from a fandom the story is not in: it yields
    # to the title or first name ("Edmund" is no woman because some fandom has a woman of that name)
    if kb_gender != "unknown" and _compatible(prior, kb_gender):
        return kb_gender
    if prior != "unknown":
        return prior
    if total and votes:  # the title votes alone may be split ("Mr." and "Mrs." over one full name)
        g, n = _most_common(votes)
        if n * 2 > total:
            return g
    return "unknown"


def main_subject(doc: Document, m: Mention) -> bool:
    """Whether a mention is the subject of its sentence's main verb."""
    if m.role != "subj":
        return False
    tok = doc.docs[m.para][m.tok_end - 1]
    return tok.head.dep_ == "ROOT" or tok.head.i == tok.head.sent.root.i

