"""Who a speech verb's clause is about when the parse does not say it plainly: a relative clause's or a cleft's
antecedent ("It was Dora who spoke"), and the subject the parser hung elsewhere: the name (or subject pronoun)
that opens the verb's clause and is set off from it by a parenthetical or adverbs.

"…; but when the first pause came, Edmund, looking around, said, “…”" is often parsed with "Edmund" as an
adverb or apposition and "said" as a conjunct of the clause before, so the subject read off the parse is that
clause's ("the brother"). A tag whose verb has no subject of its own looks left first for the clause's opening
person: a name or "he"/"she" right after a clause boundary (the sentence's start, a comma, semicolon, colon or
dash, a conjunction, a subordinator such as "when" or "till", or the "it was" of a cleft), followed either by
adverbs and the verb ("Edmund almost immediately took the opportunity of saying") or by a comma that opens a
parenthetical closed by a comma before the verb ("Edmund, who was holding open the door, said"). A person that
is a word of the parenthetical ("Tom, seeing that Ann was tired, said") is passed over; one after a preposition
or a verb ("She turned to Tom, and, smiling, said") is an object, never the opener.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..document import Mention
from ..lexicons import wordlist

# how far left of the verb the opener may stand (a long parenthetical: "Julia, who, hot and out of breath, and
# with a look of disappointment, cried out")
_REACH = 40
_BOUNDARY_PUNCT = {",", ";", ":", "—", "–", "--", "-", "("}
_SUBJECT_PRONOUNS = {"he", "she", "they", "we", "i"}


def missed_subject(
    verb: Token, flags: list[bool] | None, mention_at: dict[tuple[int, int], Mention], para: int
) -> Token | None:
    """The person opening ``verb``'s clause when the parse gave the verb no subject: the head token of a name
    mention (or a subject pronoun) as described in the module docstring, else None."""
    d = verb.doc
    start = verb.sent.start
    lo = max(start, verb.i - _REACH)
    # "Mr. Gradgrind lifted up his head, and said": the subject of the clause the verb is a conjunct of stands
    # between the two, so the parse's reading holds and the opener is that subject's
    head = verb
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.i > lo for c in head.children):
            lo = max(lo, max(c.i for c in head.children if c.dep_ in ("nsubj", "nsubjpass")) + 1)
    k = verb.i - 1
    while k >= lo:
        tok = d[k]
        if flags and flags[tok.i] or tok.text in (";", ":"):
            return None  # the quotation or another clause of the sentence: the opener is not further left
        m = mention_at.get((para, k))
        if m is not None and m.kind == "name" and not m.in_quote:
            first, last = m.tok, m.tok_end - 1
        elif tok.lower_ in _SUBJECT_PRONOUNS:
            first = last = k
        else:
            k -= 1
            continue
        if _sets_off(d, last, verb) and _after_boundary(d, first, start) and not _subject_between(d[last], verb):
            return d[last]
        k = first - 1
    return None


def _sets_off(d: Doc, last: int, verb: Token) -> bool:
    """Whether what stands between a person ending at ``last`` and the verb leaves the person its subject:
    adverbs only, or a comma after the person and a comma (then adverbs or a conjunction) before the verb."""
    between = [t for t in d[last + 1 : verb.i] if not t.is_space]
    if all(t.pos_ == "ADV" or t.dep_ == "advmod" for t in between):
        return True
    if not between or between[0].text != ",":
        return False
    k = len(between) - 1
    while k > 0 and (between[k].pos_ in ("ADV", "CCONJ") or between[k].dep_ == "advmod"):
        k -= 1  # "Miss Avery, calm, but murmuring tenderly"
    return k > 0 and between[k].text == ","


def _subject_between(person: Token, verb: Token) -> bool:
    """Whether the parse makes ``person`` the subject of a finite verb between it and ``verb`` ("When Rachael was
    gone, Mr. Gradgrind ... said"); a participle of the parenthetical ("Edmund, looking around,") is no clause of
    its own."""
    head = person.head
    if person.dep_ not in ("nsubj", "nsubjpass") or head.i == verb.i or not person.i < head.i < verb.i:
        return False
    return head.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(c.dep_ in ("aux", "auxpass") for c in head.children)


def _after_boundary(d: Doc, first: int, start: int) -> bool:
    """Whether a person starting at ``first`` opens a clause: at the sentence's start, or after punctuation, a
    conjunction, a subordinator or a cleft's "it was"."""
    k = first - 1
    while k >= start and d[k].is_space:
        k -= 1
    if k < start:
        return True
    prev = d[k]
    if prev.text in _BOUNDARY_PUNCT or prev.pos_ == "CCONJ":
        return True
    if prev.pos_ == "SCONJ" and prev.lower_ in wordlist("data/lexicons/subordinators.txt"):
        return True  # "till Mary, who ..., called"; not the preposition of "came in after Tom, and said"
    return prev.lower_ in ("was", "is") and k - 1 >= start and d[k - 1].lower_ == "it"


_RELATIVE_PRONOUNS = {"who", "whom", "whose", "which", "that"}


def _relative(verb: Token) -> bool:
    """A verb of a relative clause describes someone, it tags no quote: "“I guess so,” said Matthew, who hadn't
    spoken since his return", "said Diana, whose eyes had played such havoc"."""
    if verb.dep_ == "relcl":
        return True
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _RELATIVE_PRONOUNS for c in verb.children)


def _cleft(verb: Token) -> bool:
    """ "It was Marilla who spoke": the relative clause of a cleft sentence is what the sentence says."""
    return _cleft_antecedent(verb) is not None


def _cleft_antecedent(verb: Token) -> Token | None:
    """Who a cleft sentence's relative clause is about: "It was Dora who spoke", with "spoke" hung on "Dora"
    (a relative clause) or on "was" (a clause of its own, "Dora" the copula's attribute)."""
    head = verb.head
    if verb.dep_ == "relcl" and head.dep_ == "attr" and head.head.lower_ in ("was", "is"):
        return head
    if verb.dep_ == "ccomp" and head.lower_ in ("was", "is"):
        attrs = (c for c in head.children if c.dep_ == "attr" and c.i < verb.i and c.pos_ in ("PROPN", "NOUN"))
        return next(attrs, None)
    return None
