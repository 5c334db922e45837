"""Who a speech tag's subject stands for: a name or pronoun the character stage resolved, a pronoun read from
the recent narration, the narrator's "I", a description ("the old man", "my mother", "one of the women") made a
speaker of its own, or a person noun possessed by a pronoun ("said his wife"): someone of its gender who is not
the possessor, left to the conversation."""

from __future__ import annotations

from collections import Counter
from functools import cache

import numpy as np
from spacy.attrs import IDX
from spacy.tokens import Token

from ..document import Document, Mention
from ..lexicons import table, wordlist
from ..settings import settings
from .common import _FIRST, _Lex, _singular, _State, is_person_noun
from .speakers import _Speakers


def by_last_word(tok: Token, speakers: _Speakers) -> str | None:
    """A capitalised word inside a sentence that the character stage left unread but that ends exactly one
    character's full name ("said Good" for Captain John Good, where "good" is also a word): that character."""
    if not tok.text[:1].isupper() or tok.is_sent_start or tok.pos_ not in ("PROPN", "ADJ", "NOUN"):
        return None
    return speakers.last_word.get(tok.text)


def by_title(tok: Token, speakers: _Speakers) -> str | None:
    """A capitalised title standing alone for a name ("said Mademoiselle", "the Colonel answered"): the one
    character whose name opens with that title ("Mademoiselle Roux"), None when none or several do."""
    if not tok.text[:1].isupper() or tok.lower_ not in title_words():
        return None
    found = {
        c.id for c in speakers.doc.analysis.characters
        for a in [c.name, *c.aliases] if len(a.split()) > 1 and a.split()[0].lower().rstrip(".") == tok.lower_
    }
    return next(iter(found)) if len(found) == 1 else None


@cache
def title_words() -> frozenset[str]:
    """Every title that may stand before a name (the two title lexicons), lowercase, without a period."""
    words = {w.rstrip(".") for w in wordlist("data/lexicons/titles.txt")}
    for key, vals in table("data/lexicons/name_titles.toml").items():
        if key in ("male", "female", "other"):
            words.update(str(v).rstrip(".") for v in vals)
    return frozenset(words)


# possessors after which a description names one person for the whole text: "my mother" (the narrator's),
# "our master"; "the child's nurse" and "Philip's nurse" name theirs (a noun possessor)
_STABLE_POSSESSORS = {"my", "our"}


def _resolve(
    doc: Document, pi: int, tok: Token, mention_at: dict[tuple[int, int], Mention], pclass: dict[str, str],
    speakers: _Speakers, state: _State, lex: _Lex, allow_description: bool,
) -> tuple[str | None, str]:
    """The character a subject token stands for, and how: ("c3", "explicit"), ("c1", "anaphoric"), ...; an
    epithet left to the conversation is noted in ``speakers.left_open`` (this reading's, not an earlier one's)."""
    speakers.left_open.pop((pi, tok.i), None)
    m = mention_at.get((pi, tok.i))
    # the tokenizer keeps a sentence's final "I." in one token ('"Good morning," said I.'): still the pronoun
    low = "i" if tok.text == "I." else tok.lower_
    cls = pclass.get(low)
    third = cls in ("male", "female")
    narrator = first_person_narrator(doc, state) if third else None
    if cls in ("male", "female") and m is not None and m.kind == "pronoun":
        # "The doctor took his wrist. “…,” he said": a described person as the subject just before is "he"
        described = _described_antecedent(doc, pi, tok, cls, mention_at, pclass, speakers, state, lex)
        if described is not None:
            return described, "anaphoric"
    if m is not None and m.character is not None:
        g = speakers.gender.get(m.character, "unknown")
        if not (m.kind == "pronoun" and third and g in ("male", "female") and g != cls) and not (
            m.kind == "pronoun" and third and m.character == narrator
        ):
            if m.kind == "pronoun" and third and _named_in_quote_only(pi, tok, m.character, mention_at):
                # '“Don't tell Hollis,” he muttered': the one the quotation talks about is not who says it
                other = _latest_of(state, speakers, pi, cls or "", (m.character, speakers.narrator, narrator))
                if other is not None:
                    return other, "anaphoric"
            return m.character, ("explicit" if m.kind == "name" else "anaphoric")
    if m is None and (cid := by_last_word(tok, speakers)) is not None:
        return cid, "explicit"  # "said Good": the one character whose full name ends so
    if m is None and (cid := by_title(tok, speakers)) is not None:
        return cid, "explicit"  # "said Mademoiselle": the one character whose name opens with that title
    if cls == "first" and low in _FIRST:
        return speakers.narrator_id(doc.paragraphs[pi].start + tok.idx), "anaphoric"
    if cls == "second" and tok.lower_ == "you" and speakers.second_person():
        # second-person narration ("you tell him"): the narrator's line; quotes/speakers.py decides the person
        return speakers.narrator_id(doc.paragraphs[pi].start + tok.idx), "anaphoric"
    if cls == "second" and (you := speakers.told_to(tok)) is not None:
        return you, "anaphoric"  # an "I" telling "you" the story: "you said" is the one called by name
    if cls in ("male", "female"):
        if (cid := _latest_of(state, speakers, pi, cls, (speakers.narrator, narrator))) is not None:
            return cid, "anaphoric"
        return _introduced(doc, pi, tok, cls, mention_at, pclass, speakers, state, lex), "anaphoric"
    if m is not None and m.kind != "description":
        return None, "explicit"
    if allow_description and tok.lower_ in _SOMEONE_NEW:
        return _someone_new(doc, pi, tok, speakers, lex), "descriptive"
    # "said another private": a listed person noun the tagger read as an adjective (never "the former")
    nominal = tok.pos_ == "ADJ" and tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ in lex.persons
    if not allow_description or not (tok.pos_ in ("NOUN", "PROPN") or nominal):
        return None, "descriptive"
    # "said the Voice", "cried the Stranger": a common noun capitalised after "the" mid-sentence is the name the
    # text gives someone it does not otherwise name
    epithet = m is None and _capitalised_epithet(tok)
    # "said the barman" with "barman" tagged a proper noun: a lower-case word is a common noun whatever its tag
    lower_propn = tok.pos_ == "PROPN" and tok.is_lower
    if lower_propn and tok.lower_ not in lex.persons:
        return None, "descriptive"
    if not epithet and (tok.lower_ in lex.nonperson or tok.pos_ == "NOUN" and not is_person_noun(lex, tok.lower_)):
        # "The third party of the group, Gregory's sister Rosamond, laughed": a noun in apposition to a name is
        # that character, whatever the noun; otherwise "a voice said", "the glee began": no one we know
        return _appositive_name(pi, tok, mention_at), "descriptive"
    # a description: "the girl", "his brother", "the old man"
    words = [
        t for t in tok.subtree
        if t.i <= tok.i and t.dep_ in ("det", "amod", "compound", "poss", "case") or t.i == tok.i
    ]
    key = " ".join(t.lower_ for t in words if t.dep_ != "det").replace(" 's", "'s") or tok.lower_
    poss = next((t for t in tok.children if t.dep_ == "poss"), None)
    if poss is not None and poss.lower_ not in _STABLE_POSSESSORS and poss.pos_ not in ("NOUN", "PROPN"):
        return None, "descriptive"  # "his brother": whose brother depends on the sentence; left to the conversation
    if tok.pos_ == "PROPN" and not epithet and not lower_propn:
        return speakers.named(pi, tok), "explicit"  # "said MJ": someone of that name (quotes/speakers.py)
    # "an old man said": someone new; "the old man" later is the latest one described so
    det = next((t for t in tok.children if t.dep_ == "det"), None)
    fresh = det is not None and det.lower_ in _INDEFINITE
    # its name: as the text says it ("the old man", "my mother", "Philip's nurse"; "an old man" -> "the old man")
    name = " ".join(
        t.text if t.dep_ == "poss" and t.pos_ == "PROPN" else t.lower_
        for t in words if t.dep_ != "det" or t.lower_ == "the"
    )
    if poss is None and not name.startswith("the "):
        name = f"the {name}"
    name += _identifying_phrase(tok, lex)
    if (cid := _named_next(doc, pi, tok, mention_at, speakers, lex)) is not None:
        return cid, "descriptive"  # "said the woman at the stall. Her name was Suki": Suki
    if not fresh and poss is None and (gender := open_epithet(doc, pi, tok, speakers, state, lex)) is not None:
        speakers.left_open[(pi, tok.i)] = gender
        return None, "descriptive"  # "returned the girl": a woman of the scene, whoever she is (the conversation)
    cid = speakers.describe(key, tok.lower_, doc.paragraphs[pi].start + tok.idx, fresh=fresh, name=name)
    return _described_mention(doc, pi, words[0], tok, cid, speakers), "descriptive"


def epithet_shape(tok: Token, lex: _Lex) -> str | None:
    """The gender ("male", "female" or "unknown") of a tag subject shaped like an epithet: a noun for a person by
    sex, age or looks (``_Lex.epithets``: "returned the girl", "said the blond"), with no adjective but one that
    tells two people apart ("the older man", "the dark-haired boy"; not "the prostrate man", how the narration
    sees someone), no possessor ("Margaret's young man"), no capital (a capitalised epithet is a name: "the
    Invisible Man"), nothing after the noun ("the man with the black beard", "the man who had sent Moze out",
    "the man below"), and no "a" ("a girl" is someone new). None for any other subject."""
    if tok.lower_ not in lex.epithets:
        return None
    words = [t for t in tok.subtree if t.i <= tok.i]
    if any(t.text[:1].isupper() and t.dep_ != "det" for t in words) or any(t.dep_ == "poss" for t in words):
        return None
    det = next((t for t in tok.children if t.dep_ == "det"), None)
    if det is not None and det.lower_ in _INDEFINITE:
        return None
    if any(c.dep_ not in ("punct", "cc", "conj") for c in tok.rights):
        return None  # "the man with the black beard", "the man who had sent Moze out", "the man below"
    # every word before the noun but the determiner: one adjective of contrast ("older", "dark-haired")
    modifiers = ["".join(t.text_with_ws for t in c.subtree).strip().lower() for c in tok.lefts if c.dep_ != "det"]
    if any(m not in lex.contrast for m in modifiers):
        return None
    return lex.gendered.get(tok.lower_, "unknown")


def open_epithet(
    doc: Document, pi: int, tok: Token, speakers: _Speakers, state: _State, lex: _Lex
) -> str | None:
    """The gender of an epithet-shaped tag subject (``epithet_shape``) with a gender, when someone of that gender
    is in reach and the description is no one's yet: as often one of them as someone new, so it is left to the
    conversation like a pronoun. None when an earlier tag made a speaker of that description or a described
    speaker of the same noun is in reach, or the narration just used the noun ("a man and his wife ... the man
    asked": the one so described)."""
    gender = epithet_shape(tok, lex)
    if gender not in ("male", "female"):
        return None
    words = [t for t in tok.subtree if t.i <= tok.i]
    key = " ".join(t.lower_ for t in words if t.dep_ in ("amod", "compound") or t.i == tok.i)
    if key in speakers.described or speakers.alias.get(f"the {key}") or speakers.alias.get(key):
        return None
    if _noun_in_narration(doc, pi, tok, lex):
        return None
    lookback = settings()["quotes"]["lookback"]
    if any(speakers.created.get(cid) == tok.lower_ for p, cid in state.recent[-20:] if pi - p <= lookback):
        return None  # "said the man with the black beard ... said the bearded man": the scene's described man
    narrator = first_person_narrator(doc, state)
    if _latest_of(state, speakers, pi, gender, (speakers.narrator, narrator)) is None:
        return None
    return gender


def _noun_in_narration(doc: Document, pi: int, tok: Token, lex: _Lex) -> bool:
    """Whether the narration of the look-back (outside quotations, before ``tok``) uses ``tok``'s noun: the
    description then points back to the person so described ("In our compartment were a man and his wife. /
    “…,” the man asked."), not to a character by name. An earlier tag's subject ("the younger man admitted")
    is an epithet itself, not such a description."""
    for p in range(pi, max(-1, pi - settings()["quotes"]["lookback"] - 1), -1):
        start = doc.paragraphs[p].start
        for t in doc.docs[p][: tok.i] if p == pi else doc.docs[p]:
            if t.lower_ != tok.lower_ or t.pos_ != "NOUN" or doc.in_quote(start + t.idx):
                continue
            if not (t.dep_ in ("nsubj", "nsubjpass") and lex.tag_kind(t.head.lower_) == "speech"):
                return True
    return False


def _appositive_name(pi: int, tok: Token, mention_at: dict[tuple[int, int], Mention]) -> str | None:
    """The character named in apposition to ``tok`` ("the third party of the group, Gregory's sister Rosamond,"),
    if any."""
    for appos in (c for c in tok.children if c.dep_ == "appos"):
        m = mention_at.get((pi, appos.i))
        if m is not None and m.kind == "name" and m.character is not None:
            return m.character
    return None


def _latest_of(
    state: _State, speakers: _Speakers, pi: int, gender: str, skip: tuple[str | None, ...]
) -> str | None:
    """The latest character of ``gender`` (or of unknown gender) named in the narration or given a turn within
    the look-back, not one of ``skip``."""
    for para, cid in reversed(state.recent[-20:]):
        if pi - para > settings()["quotes"]["lookback"]:
            break
        if cid not in skip and speakers.gender.get(cid, "unknown") in ("unknown", gender):
            return cid
    return None


def _named_in_quote_only(pi: int, tok: Token, cid: str, mention_at: dict[tuple[int, int], Mention]) -> bool:
    """Whether the paragraph before the tag pronoun ``tok`` names ``cid`` inside a quotation and never in its
    narration (the character stage's coreference may read a tag's "he" as the man the quotation talks about)."""
    quoted = False
    for i in range(tok.i):
        m = mention_at.get((pi, i))
        if m is None or m.character != cid:
            continue
        if not m.in_quote:
            return False
        quoted = quoted or m.kind == "name"
    return quoted


_NAMING_POSSESSIVE = {"her": "female", "his": "male", "their": "unknown"}
_BE = {"is", "was", "'s", "’s"}  # the parse carries no lemmas


def _named_next(
    doc: Document, pi: int, tok: Token, mention_at: dict[tuple[int, int], Mention], speakers: _Speakers, lex: _Lex
) -> str | None:
    """The name the text gives a described speaker in the same or the next sentence ("said the woman at the
    stall. Her name was Suki"): "her"/"his"/"their" "name" as the subject of "be", a proper noun its attribute,
    the possessive agreeing with the description's gender. Fan fiction introduces its own characters so."""
    gender = lex.gendered.get(tok.lower_, "unknown")
    sent = tok.sent
    nxt = tok.doc[sent.end].sent if sent.end < len(tok.doc) else None
    end = nxt.end if nxt is not None else sent.end
    for t in tok.doc[tok.i + 1 : end]:
        if t.lower_ != "name" or t.dep_ != "nsubj" or t.head.lower_ not in _BE:
            continue
        poss = next((c for c in t.children if c.dep_ == "poss" and c.lower_ in _NAMING_POSSESSIVE), None)
        if poss is None or "unknown" not in (gender, _NAMING_POSSESSIVE[poss.lower_]) and (
            gender != _NAMING_POSSESSIVE[poss.lower_]
        ):
            continue
        attr = next((c for c in t.head.children if c.dep_ == "attr" and c.pos_ == "PROPN"), None)
        if attr is None:
            continue
        m = next((mention_at.get((pi, i)) for i in range(attr.left_edge.i, attr.i + 1) if (pi, i) in mention_at), None)
        if m is not None and m.kind == "name" and m.character is not None:
            return m.character
        return speakers.named(pi, attr)
    return None


def _identifying_phrase(tok: Token, lex: _Lex) -> str:
    """" with the black beard" in "said the man with the black beard": a short phrase after the description's
    noun whose object has "the" ("in the group", "of the paper"), part of the name the text gives that person;
    "" for none or for a manner phrase ("said the girl in a low voice", "with a smile")."""
    preps = wordlist("data/lexicons/identifying_prepositions.txt")
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.i == tok.i + 1 and c.lower_ in preps), None)
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if prep is None or obj is None or obj.pos_ != "NOUN" or obj.lower_.endswith(lex.abstract_suffixes):
        return ""
    phrase = list(tok.doc[prep.i : obj.i + 1])
    if len(phrase) > 5 or not any(t.dep_ == "det" and t.lower_ == "the" and t.head.i == obj.i for t in phrase):
        return ""
    if any(t.is_punct or t.is_space for t in phrase):
        return ""
    return " " + " ".join(t.lower_ for t in phrase)


def first_person_narrator(doc: Document, state: _State) -> str | None:
    """In first-person narration, the character the narration's "I" stands for (the one most of its resolved
    first-person pronouns name): never who a "he said" or "she said" tag means. None in other narration."""
    if not state.first_narrator:
        votes: Counter[str] = Counter()
        first = pron = 0
        for m in doc.mentions:
            if m.in_quote or m.kind != "pronoun":
                continue
            pron += 1
            if m.gender_hint == "first":
                first += 1
                if m.character is not None:
                    votes[m.character] += 1
        cfg = settings()["quotes"]  # first-person narration: this share of its pronouns (and this many) are "I", ...
        person = pron > 0 and first >= cfg["first_person_min"] and first / pron >= cfg["first_person_share"]
        state.first_narrator.append(votes.most_common(1)[0][0] if person and votes else None)
    return state.first_narrator[0]


def _introduced(
    doc: Document, pi: int, tok: Token, gender: str, mention_at: dict[tuple[int, int], Mention],
    pclass: dict[str, str], speakers: _Speakers, state: _State, lex: _Lex,
) -> str | None:
    """A "she" with no woman in reach: the woman the narration just introduced without a name ("A woman in a
    bathrobe leans over the railing."), made a speaker of her own (quotes/speakers.py finds her)."""
    found = speakers.introducing(pi, tok.i, gender)
    if found is None:
        return None
    p, noun = found
    cid = speakers.introduced.get((p, noun.i))
    if cid is None:
        cid, _how = _resolve(doc, p, noun, mention_at, pclass, speakers, state, lex, allow_description=True)
        if cid is not None:
            speakers.introduced[(p, noun.i)] = cid
    return cid


# tag subjects that stand for one more person of a group, never named: "said one", "said another", "cried one of
# the women", "somebody exclaimed"
_SOMEONE_NEW = {"one", "another", "somebody", "someone"}


def _someone_new(doc: Document, pi: int, tok: Token, speakers: _Speakers, lex: _Lex) -> str | None:
    """A speaker of their own for "one of the women", "another", "somebody": each such tag is someone else
    ("one" only as a noun phrase's head, never "one day")."""
    if tok.lower_ == "one" and tok.pos_ not in ("NUM", "PRON", "NOUN"):
        return None
    group = next(
        (g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"),
        None,
    )
    last = group if group is not None else tok
    if (
        group is None and tok.lower_ == "one" and tok.i < tok.head.i
        and any(c.dep_ == "aux" and c.tag_ == "MD" for c in tok.head.children)
    ):
        return None  # "One may as well begin with Helen's letters", "one would exclaim": anyone at all, no speaker
    if group is not None and group.lower_ not in ("them", "us") and not is_person_noun(lex, _singular(group.lower_)):
        return None  # "one of the horses" may be; "one of the reasons" is not
    words = " ".join(t.lower_ for t in tok.doc[tok.i : last.i + 1])
    cid = speakers.describe(words, tok.lower_, doc.paragraphs[pi].start + tok.idx, fresh=True, name=words)
    return _described_mention(doc, pi, tok, last, cid, speakers)


# determiners that introduce someone not met before: "an old man said", "another private cried"
_INDEFINITE = {"a", "an", "another", "some"}


def _described_mention(doc: Document, pi: int, first: Token, last: Token, cid: str, speakers: _Speakers) -> str:
    """Record the description ``first`` .. ``last`` as a mention of ``cid``; return ``cid``."""
    start = doc.paragraphs[pi].start + first.idx
    end = doc.paragraphs[pi].start + last.idx + len(last.text)
    speakers.new_mentions.append(
        Mention(start, end, pi, first.i, last.i + 1, "description", doc.text[start:end], character=cid)
    )
    return cid


def _capitalised_epithet(tok: Token) -> bool:
    """"the Voice", "the Stranger", "the Silent Man" mid-sentence: capitalised words after "the" (the head's
    own determiner), not the sentence's first."""
    det = tok.i - 1
    while det >= 1 and tok.i - det <= 3 and tok.doc[det].head.i == tok.i and tok.doc[det].dep_ in ("compound", "amod") \
            and _capitalised(tok.doc[det]):
        det -= 1
    return (
        _capitalised(tok) and det >= 1 and tok.doc[det].text == "the" and tok.doc[det].head.i == tok.i
        and not tok.doc[det].is_sent_start
    )


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.text[1:].islower()


def _possessed_relative(
    pi: int, subj: Token, mention_at: dict[tuple[int, int], Mention], pclass: dict[str, str], lex: _Lex
) -> tuple[str | None, str | None] | None:
    """"said his wife", "cried her father": a person noun possessed by a pronoun names someone of the noun's
    gender ("wife": female) who is not the possessor (the character stage's reading of "his", when it has one),
    whoever it is; the conversation decides. None when the subject is no such description."""
    poss = next((c for c in subj.children if c.dep_ == "poss"), None)
    if poss is None or pclass.get(poss.lower_) not in ("male", "female", "plural") or subj.pos_ != "NOUN":
        return None
    if not is_person_noun(lex, subj.lower_) or subj.lower_ in lex.honorifics:
        return None  # "said her ladyship" is said by her
    gender = lex.gendered.get(subj.lower_)
    m = mention_at.get((pi, poss.i))
    owner = m.character if m is not None and pclass.get(poss.lower_) != "plural" else None
    return (gender if gender in ("male", "female") else None), owner


def the_other(subj: Token) -> bool:
    """"replied the other", "the other said": the other one of two people, someone we know (the one who did not
    just speak), unlike "another" or "others", who may be nobody we know."""
    return subj.lower_ == "other" and any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children)


def the_one(
    doc: Document, pi: int, subj: Token, mention_at: dict[tuple[int, int], Mention], state: _State
) -> str | None:
    """Who "the other" of a tag is set against: the latest subject outside the quotations, before the tag in its
    paragraph or in the paragraph before, that names or stands for a character ("Catherine replied only by a look.
    / “…,” continued the other"), else the speaker of the turn before when it is one or two paragraphs back."""
    for p in (pi, pi - 1):
        if p < 0:
            break
        d = subj.doc if p == pi else doc.docs[p]
        for t in reversed(d[: subj.i] if p == pi else d[:]):
            if t.dep_ not in ("nsubj", "nsubjpass"):
                continue
            m = mention_at.get((p, t.i))
            if m is not None and not m.in_quote and m.character is not None:
                return m.character
    if state.last_turn is not None and 0 < pi - state.last_turn[0] <= 2:
        return state.last_turn[1]
    return None


def answers_itself(verb: Token, cid: str | None, pi: int, state: _State) -> bool:
    """"“Not send it anywhere?” … / “I know you will laugh at me,” he replied": a reply verb
    (``reply_verbs.txt``) answers the turn before, so its subject is not who spoke that turn (one or two
    paragraphs back). True when the subject was read as that very speaker."""
    if cid is None or state.last_turn is None or verb.lower_ not in wordlist("data/lexicons/reply_verbs.txt"):
        return False
    para, speaker = state.last_turn
    return speaker == cid and 0 < pi - para <= 2


def _described_antecedent(
    doc: Document, pi: int, tok: Token, gender: str, mention_at: dict[tuple[int, int], Mention],
    pclass: dict[str, str], speakers: _Speakers, state: _State, lex: _Lex,
) -> str | None:
    """"Then the doctor took the boy's wrist. “Nothing to do,” he said": when the latest narration subject before a
    tag "he"/"she" (in the paragraph before its first quote, or in a narration paragraph right before) is a
    listed person noun of a fitting gender ("the doctor", "my brother's wife"), the pronoun is that person, not
    a character the recent narration named; a name there of a fitting gender, the subject of a main clause, is that
    character ("Nanny sniffed. “…,” she said"), whatever the character stage's coreference made of the pronoun.
    A pronoun subject on the way continues the chain back to the name it stands for ("Jane embraced her and owned
    that she was happy. “…,” she added": Jane). None when that subject is anything else."""
    at = doc.paragraphs[pi].start + tok.idx
    if state.first_quote is None:
        state.first_quote = {}
        for q in doc.analysis.quotes:
            state.first_quote.setdefault(doc.paragraph_at(q.start), q.start)
    chained = False
    for p in (pi, pi - 1):
        para = doc.paragraphs[p] if p >= 0 else None
        if para is None:
            return None
        d = doc.docs[p]
        limit = at if p == pi else para.end
        if p == pi:
            limit = min(limit, state.first_quote.get(p, limit))
        elif p in state.first_quote:
            return None  # the paragraph before holds a quotation: its subjects are a turn's, not the narration's
        # only the tokens before the limit (the tag's own paragraph can be long: walking it whole for every pronoun
        # tag cost more than the rest of this reading)
        stop = int(np.searchsorted(d.to_array(IDX), limit - para.start))
        for t in reversed(d[:stop]):
            if t.dep_ not in ("nsubj", "nsubjpass"):
                continue
            named = mention_at.get((p, t.i))
            if named is not None and named.kind == "name" and named.character is not None and not named.in_quote:
                # "Braddocks called to me from a table. “Barnes,” he said": the named subject just before; not a
                # subordinate clause's ("when Rabbit said", "before Tom came in"), which the walk passes
                if not _main_clause(t):
                    continue
                fits = speakers.gender.get(named.character, "unknown") in ("unknown", gender)
                return named.character if fits else None
            if t.lower_ in pclass:
                # "Jane embraced her and owned that she was happy. “…,” she added": a pronoun subject goes on the
                # chain, and the walk looks for the name it started from; a description before it may be anyone
                # the chain passed over ("the vicar" of "he told the vicar"), so only a name counts then
                chained = True
                continue
            if chained:
                return None
            if t.tag_ != "NN" or t.lower_ not in lex.persons or lex.gendered.get(t.lower_, gender) != gender:
                return None
            cid, _how = _resolve(doc, p, t, mention_at, pclass, speakers, state, lex, allow_description=True)
            if cid is None or speakers.gender.get(cid, "unknown") not in ("unknown", gender):
                return None
            return cid
    return None


def _main_clause(subj: Token) -> bool:
    """Whether a subject's verb is its sentence's main verb or joined to it by "and" (not a clause hung on it)."""
    v = subj.head
    while v.dep_ == "conj" and v.head.i != v.i:
        v = v.head
    return v.dep_ == "ROOT" or v.head.i == v.i
