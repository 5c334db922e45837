"""Whether a distinct name is a character, decided once per name over the whole story from its votes.

PERSON labels, titles, being the subject of a speech verb or of any verb, possessives, the first-name list and
the fandom knowledge base vote for a person; GPE/LOC/FAC labels, "in X"/"to X" and "the X" vote for a place or
a thing. A word seen only at sentence starts needs evidence beyond its grammar ("Guilt gnawed at him" is no
character); a word written as a common noun in half its uses or more (plural, or under "a"/"these"/"several"/
"the ADJ") is a kind of people, not a character ("These Basques", "a chilly Londoner", "the impoverished
Lasts"). The word shapes the votes need (which words the text writes in lowercase) come from one pass."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.attrs import IS_LOWER, IS_PUNCT, IS_TITLE, LOWER, ORTH, SENT_START
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Token

from ..document import Document
from ..fandoms.kb import KnowledgeBase
from ..settings import settings
from .lex import Lexicon

_CFG = settings()["characters"]
_NAME_PLACE_LABEL = 0.3  # weight of a place label on a known first name
_GROUP_REACH = 4  # words before a name where its own determiner may stand ("all the impoverished Lasts")
# a key made only of initials or roman numerals ("I.", "W.", "XIV") is a heading or an abbreviation
_INITIALS = re.compile(r"^(?:[a-z]\.?|[ivxlc]+\.?)$")
_ROMAN = re.compile(r"^(?:i\.|[ivxlc]{2,}\.)$")  # "I. Down", "XIV. The Magnet": a chapter heading


@dataclass
class _Votes:
    person: float = 0.0
    place: float = 0.0
    strong: int = 0  # person evidence other than grammar: PERSON label, title, speech verb
    non_initial: int = 0
    after_article: int = 0
    titled: int = 0
    total: int = 0
    propn_subj: int = 0  # the subject of a verb, tagged a proper noun
    propn: int = 0  # tagged a proper noun (any word of the run)
    speaks: int = 0  # the subject or object of a speech verb ("Dorcas cried", "told Montoya"): places do not speak
    label_place: float = 0.0  # the place votes of place labels alone, outside a place's position
    at_place: int = 0  # the object of a place preposition ("at Oniton", "to Howards End")
    group: int = 0  # written as a common noun: plural, or under a determiner ("These Basques", "a Londoner")


@dataclass
class _Seen:
    """Word-shape facts over the whole text, from one pass before the name scan."""

    lower: set[str] = field(default_factory=set)  # words seen written in lowercase
    caps_mid: set[str] = field(default_factory=set)  # words seen capitalised inside a sentence


def _group_use(head: Token, lx: Lexicon) -> bool:
    """A name written as a common noun: tagged plural ("the impoverished Lasts") or under a determiner or
    quantifier of its own ("a chilly Londoner", "several Basques")."""
    if head.tag_ in ("NNS", "NNPS"):
        return True
    d = head.doc  # the few words before it, not ``head.children``: kept to the parser's head pointers
    return any(
        d[k].head.i == head.i and d[k].dep_ in ("det", "predet", "amod") and d[k].lower_ in lx.group_determiners
        for k in range(max(0, head.i - _GROUP_REACH), head.i)
    )


def _place_like(key: str, v: _Votes, lx: Lexicon) -> bool:
    """A place by its shape: "Stagfoot Lane", "Derbyshire" (never under a title or after a first name)."""
    if v.titled:
        return False
    words = key.split()
    if len(words) > 1:
        return words[-1] in lx.place_heads and words[0] not in lx.name_gender
    return key.endswith(lx.place_suffixes) and key not in lx.name_gender


def _accepted(votes: dict[str, _Votes], lx: Lexicon, kb: KnowledgeBase | None, seen: _Seen) -> set[str]:
    def prior(key: str) -> float:
        words = key.split()
        p = 1.5 if words[0] in lx.name_gender else 0.0
        # a knowledge-base name counts unless it is one word the text writes as a common word and never
        # capitalises inside a sentence ("Horror smote her": Undertale's "Horror" in Howards End)
        if kb is not None and kb.characters_by_surface(key) and not (
            len(words) == 1 and key in seen.lower and key not in seen.caps_mid
        ):
            p += 1.0
        return p

    ok: set[str] = set()
    multi_words: set[str] = set()
    for key, v in votes.items():
        words = key.split()
        if all(_INITIALS.match(w) for w in words) or _place_like(key, v, lx) or _ROMAN.match(words[0]):
            continue
        p = prior(key)
        person = v.person + p
        place = v.place
        if v.speaks >= _CFG["speaker_min"]:
            # one who speaks again and again is a person: the recogniser's place labels on an unknown name
            # ("Dorcas" GPE) weigh as little as on a known first name
            place -= v.label_place * (1 - _NAME_PLACE_LABEL)
        if person <= place or person < 1:
            continue
        if v.non_initial == 0 and v.strong == 0 and p == 0 and (
            v.propn_subj < _CFG["initial_propn_subjects"] or key in seen.lower
        ):
            continue  # a word seen only at sentence starts, unless a proper noun that acts twice ("Jun pushes")
        if v.non_initial == 0 and p == 0 and v.propn == 0 and v.person < 2:
            continue  # a common noun opening a sentence, a person only by the recogniser's label ("Lunch. The Ritz.")
        if p == 0 and " " not in key and key in seen.lower and not v.titled and (v.strong < 2 or person < 3):
            continue  # a common word capitalised ("Nature", "Destiny", "Hush") needs more than one vote
        if (
            p == 0 and " " not in key and key in seen.lower and v.non_initial == 0 and not v.titled
            and v.speaks < _CFG["speaker_min"]
        ):
            continue  # a common word only ever capitalised where a sentence opens ("“Pernod.”"), whatever its labels
        if p == 0 and " " not in key and not v.titled and _word_shaped(key, seen):
            continue  # "Wretchedly", "Theosophy", "Socialism": an adverb or an abstract noun, no name
        ok.add(key)
        if " " in key:
            multi_words.update(key.split())
    # a word of an accepted full name is a name too ("Dean" of "Dean Winchester")
    for key, v in votes.items():
        if (
            key not in ok and key in multi_words and v.place < v.person + 2 and key not in lx.stopwords
            and not (v.person == 0 and v.place > 0) and not _INITIALS.match(key)
        ):
            ok.add(key)
    # plurals of accepted names ("the Winchesters") are families, not characters; a word mostly written as a
    # common noun ("the Basques", "a chilly Londoner") is a kind of people
    for key in list(ok):
        v = votes[key]
        if (
            not v.titled and prior(key) == 0 and v.group >= _CFG["group_min"]
            and v.group >= _CFG["group_share"] * v.total
        ):
            ok.discard(key)
            continue
        if key.endswith("s") and v.after_article and (key[:-1] in ok or (key.endswith("es") and key[:-2] in ok)):
            ok.discard(key)
    return ok


def place_tails(ok: set[str], votes: dict[str, _Votes]) -> dict[str, tuple[str, int]]:
    """Accepted full names whose last words are a place the text names on its own ("left Margaret Howards End",
    "on Margaret Oniton was"): a verb's two objects or a phrase and its subject run together, not a surname.

    Returns key -> (the name before the place, the place's word count). The place is no character, its votes
    call it a place, and it is the object of a place preposition at least ``place_tail_min`` times ("at Oniton",
    "to Howards End"): neither the recogniser's labels ("Richard Jefferies", a writer it calls a place) nor a
    family's article ("the Pyes") are enough. The name before it is accepted on its own and its own votes call
    it a person ("Chelsea Embankment" stays whole)."""
    out: dict[str, tuple[str, int]] = {}
    for key in ok:
        words = key.split()
        for j in range(1, len(words)):
            head, tail = " ".join(words[:j]), " ".join(words[j:])
            v, h = votes.get(tail), votes.get(head)
            if (
                v is not None and h is not None and tail not in ok and head in ok and v.place > v.person
                and v.at_place >= _CFG["place_tail_min"] and h.person > h.place
            ):
                out[key] = (head, len(words) - j)
                break
    return out


_ABSTRACT = ("ism", "ology", "osophy", "ness", "ity", "ment", "ship")


def _word_shaped(key: str, seen: _Seen) -> bool:
    """An adverb whose adjective the text writes ("wretchedly": "wretched") or an abstract noun by its ending."""
    if key.endswith("ly") and (key[:-2] in seen.lower or key[:-3] + "y" in seen.lower):
        return True
    return len(key) > 6 and key.endswith(_ABSTRACT)


_SHAPE_ATTRS = [ORTH, LOWER, IS_LOWER, IS_TITLE, SENT_START, IS_PUNCT]


_SENTENCE_END = frozenset(hash_string(p) for p in (".", "!", "?", "\"", "“", "”", ":"))


def _scan_shapes(doc: Document) -> _Seen:
    """Which words the text writes in lowercase, and which it capitalises inside a sentence (read from the
    Docs' arrays as string hashes, turned into words once at the end)."""
    seen = _Seen()
    lower: set[int] = set()
    caps: set[int] = set()
    vocab = None
    for d in doc.docs:
        if not len(d):
            continue
        vocab = d.vocab
        prev_end = True  # the token before ends a sentence (or there is none)
        for orth, low, is_lower, is_title, start, punct in d.to_array(_SHAPE_ATTRS).tolist():
            if is_lower:
                lower.add(orth)
            elif not prev_end and is_title and start != 1:
                caps.add(low)
            prev_end = bool(punct) and orth in _SENTENCE_END
    if vocab is not None:
        strings = vocab.strings
        seen.lower.update(strings[h] for h in lower)
        seen.caps_mid.update(strings[h] for h in caps)
    return seen
