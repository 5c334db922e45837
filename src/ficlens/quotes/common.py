"""What the quote-attribution modules share: confidences by method, the lexicons, a speech tag, the running
state of the walk through the text and the evidence the paragraph step leaves for the conversation decoder."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from ..lexicons import phraselist, table, wordlist
from ..model import Quote

CONF = {
    "explicit": 0.95,
    "anaphoric": 0.85,
    "descriptive": 0.7,
    "paragraph": 0.85,
    "continuation": 0.9,
    "action-beat": 0.7,
    "vocative": 0.6,
    "turn-taking": 0.6,
    "context": 0.3,
}
_FIRST = {"i"}


@dataclass
class _Lex:
    speech: frozenset[str]
    thought: frozenset[str]
    written: frozenset[str]
    memory: frozenset[str]
    written_nouns: frozenset[str]
    nonperson: frozenset[str]
    beat_skip: frozenset[str]
    gendered: dict[str, str]
    hearing: frozenset[str] = frozenset()
    speech_nouns: frozenset[str] = frozenset()
    persons: frozenset[str] = frozenset()  # nouns for a person: a described speaker's head ("the barman")
    # nouns for a person that, written lowercase as an address, call a character so named ("Yes, nanny."): the
    # persons less the interjections and endearments that address anyone ("baby", "angel")
    role_nouns: frozenset[str] = frozenset()
    things: frozenset[str] = frozenset()  # nouns that are no person ("the rest")
    epithets: frozenset[str] = frozenset()  # nouns for a person by sex, age or looks ("the girl", "the blond")
    contrast: frozenset[str] = frozenset()  # adjectives that tell two people apart ("the older man")
    honorifics: frozenset[str] = frozenset()  # "her ladyship": the possessor herself
    abstract_suffixes: tuple[str, ...] = ()  # endings of nouns that are no person ("the suggestion")
    inanimate: frozenset[str] = frozenset()  # nouns whose commonest senses name no person nor animal ("the glee")
    particle_verbs: dict[str, frozenset[str]] = field(default_factory=dict)  # "put" -> {"in"}: "put in Dora"
    # word -> ``tag_kind``, one lookup instead of four (the sieve asks it of nearly every narration token)
    _kinds: dict[str, str] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for kind, words in (("written", self.written), ("remembered", self.memory), ("thought", self.thought),
                            ("speech", self.speech)):
            self._kinds.update(dict.fromkeys(words, kind))  # later lists win: the order of ``tag_kind``'s tests

    @classmethod
    def load(cls) -> _Lex:
        g: dict[str, str] = {}
        for gender, words in table("data/lexicons/gendered_nouns.toml").items():
            for w in words:
                g[w] = gender
        nouns = table("data/lexicons/person_nouns.toml")
        persons = _person_nouns(g)
        endearments = table("data/lexicons/address_terms.toml")["words"]["endearments"]
        anyone = wordlist("data/lexicons/interjections.txt") | {str(w) for w in endearments}
        return cls(
            speech=wordlist("data/lexicons/speech_verbs.txt"),
            thought=wordlist("data/lexicons/thought_verbs.txt"),
            written=wordlist("data/lexicons/written_verbs.txt"),
            memory=wordlist("data/lexicons/memory_verbs.txt"),
            written_nouns=wordlist("data/lexicons/written_nouns.txt"),
            nonperson=wordlist("data/lexicons/nonperson_speakers.txt"),
            beat_skip=wordlist("data/lexicons/action_beat_skip.txt"),
            gendered=g,
            hearing=wordlist("data/lexicons/hearing_verbs.txt"),
            speech_nouns=wordlist("data/lexicons/speech_nouns.txt"),
            persons=persons,
            role_nouns=persons - anyone,
            things=frozenset(nouns["things"]),
            epithets=frozenset(nouns["epithets"]),
            contrast=frozenset(table("data/lexicons/descriptors.toml")["contrast"]),
            honorifics=frozenset(nouns["honorifics"]),
            abstract_suffixes=tuple(nouns["abstract_suffixes"]),
            inanimate=wordlist("data/lexicons/inanimate_nouns.txt"),
            particle_verbs=particle_verbs(),
        )

    def tag_kind_of(self, tok: Token) -> str | None:
        """The kind of tag a token can head: a speech (thought, ...) verb, or a speech noun ("his answer")."""
        kind = self.tag_kind(tok.lower_)
        if kind is None and tok.pos_ == "NOUN" and tok.lower_ in self.speech_nouns:
            return "speech"
        if kind is None and tok.lower_ in self.particle_verbs and tag_particle(tok, self) is not None:
            return "speech"
        return kind

    def tag_kind(self, word: str) -> str | None:
        """"speech", "thought", "remembered" or "written" (in this order when a word is in several lists)."""
        return self._kinds.get(word)


@cache
def particle_verbs() -> dict[str, frozenset[str]]:
    """Each form of a verb that tags speech with a particle ("put in", "broke in") -> its particles."""
    out: dict[str, set[str]] = {}
    for line in phraselist("data/lexicons/speech_particle_verbs.txt"):
        forms, _bar, particles = line.partition("|")
        for form in forms.split():
            out.setdefault(form, set()).update(particles.split())
    return {form: frozenset(p) for form, p in out.items()}


def tag_particle(verb: Token, lex: _Lex) -> Token | None:
    """The particle of a speech verb that tags only with it ("put in", "broke in"), when it ends the tag or
    leads to a person ("“Not always,” put in Dora", "broke in old Frank", "Dora put in, “…”"), never to a thing
    ("she put in the milk"). None otherwise."""
    particles = lex.particle_verbs.get(verb.lower_)
    d = verb.doc
    i = verb.i + 1
    while i < len(d) and d[i].is_space:
        i += 1
    if not particles or i >= len(d) or d[i].lower_ not in particles:
        return None
    part = d[i]
    obj = next((c for c in part.children if c.dep_ == "pobj"), None)
    after = next((t for t in d[i + 1 :] if not t.is_space), None)
    if obj is None and (after is None or after.is_punct or after.is_quote):
        return part
    if obj is not None and (obj.pos_ == "PROPN" or obj.lower_ in lex.persons):
        return part
    person = after is not None and (after.pos_ == "PROPN" or after.lower_ in _NOMINATIVE and after.lower_ != "it")
    if obj is None and person:
        return part
    return None


def _person_nouns(gendered: dict[str, str]) -> frozenset[str]:
    """Every noun listed as naming a person: the quote stage's list, the gendered nouns, the kinship terms and
    the character stage's descriptor nouns, people plurals and title nouns."""
    words = set(table("data/lexicons/person_nouns.toml")["persons"]) | set(gendered)
    for vals in table("data/lexicons/kinship.toml").values():
        if isinstance(vals, list):
            words.update(str(v).lower() for v in vals)
    # only the descriptor lists of people: its other lists are places ("house", "lane"), determiners and verbs
    descriptors = table("data/lexicons/descriptors.toml")
    for key in ("nouns", "people_plurals", "title_nouns"):
        words.update(str(v).lower() for v in descriptors[key])
    return frozenset(words)


def is_person_noun(lex: _Lex, word: str) -> bool:
    """Whether ``word`` (lowercase) may name a person: listed as one, or neither an abstract noun ("the
    suggestion", "the trembling"), a listed thing ("the rest") nor a noun that names no person or animal in its
    commonest senses ("the glee", "the moonlight"; ``inanimate_nouns.txt``, from WordNet). A plural goes by its
    singular ("the twins", "the thousands"). A noun in none of the lists may be someone ("the navvy")."""
    one = _singular(word)
    if word in lex.persons or one in lex.persons:
        return True
    if one in lex.inanimate or word == one and word in lex.inanimate:
        return False
    return not word.endswith(lex.abstract_suffixes) and word not in lex.things


def _singular(noun: str) -> str:
    """A plural noun's singular, roughly ("women" -> "woman", "suggestions" -> "suggestion"): enough to read a
    lexicon of singular nouns."""
    if noun.endswith("men"):
        return noun[:-3] + "man"
    if noun.endswith("ren"):
        return noun[:-3]
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def misread_subject(subj: Token, is_mention: bool, lex: _Lex) -> bool:
    """A common noun that names no one (no mention, no person noun), parsed as a tag's subject where a name may
    stand next to the verb: "replied Elizabeth smiling" read as "Elizabeth smiling" (a compound whose head is
    "smiling"); a lower-case word the tagger read as a proper noun counts as a common noun."""
    return (
        (subj.pos_ == "NOUN" or subj.pos_ == "PROPN" and subj.is_lower)
        and not is_mention
        and subj.lower_ not in lex.persons
        and subj.lower_ not in lex.written_nouns
        and subj.lower_ not in lex.nonperson
    )


@dataclass
class _Tag:
    """A speech tag found in narration: the verb, its subject's character (if any) and how it was found."""

    verb_off: int
    sent: int  # sentence index in the paragraph
    character: str | None
    method: str
    kind: str
    addressee: str | None = None
    remembered: bool = False
    pron: str | None = None  # the subject pronoun's class ("male", "female", ...) when the subject is one
    stranger: bool = False  # the subject is nobody we could know: "a voice said", "somebody exclaimed"
    not_speaker: str | None = None  # "said his wife": the possessor, whoever the speaker is, is not them
    hearer: str | None = None  # "Mary heard her say": the one who hears it never says it


@dataclass
class _Evidence:
    """What the paragraph step saw, for the conversation decoder: every action beat of a paragraph, the
    pronoun class of each quote's own tag, the characters named in the narration of each paragraph."""

    beats: dict[int, list[tuple[str, float]]] = field(default_factory=dict)  # para -> (character, weight)
    tag_pron: dict[int, str] = field(default_factory=dict)  # quote -> pronoun class of its tag's subject
    vocative: dict[int, str] = field(default_factory=dict)  # quote -> character addressed inside it
    named: dict[int, list[str]] = field(default_factory=dict)  # para -> characters in its narration
    orphan: dict[int, str] = field(default_factory=dict)  # para -> speaker named by a tag paragraph before it
    stranger: set[int] = field(default_factory=set)  # quotes tagged as spoken by nobody we know ("a voice")
    not_speaker: dict[int, str] = field(default_factory=dict)  # quote -> the possessor of its tag ("his wife")
    hearer: dict[int, str] = field(default_factory=dict)  # quote -> who its tag says hears it ("Mary heard her say")
    # para -> (character, confidence) of the action beats between two quotes of the paragraph, which lead the
    # quote after them ("“Can we focus?” Ash tapped the map. “We have twenty minutes.”")
    between: dict[int, list[tuple[str, float]]] = field(default_factory=dict)


@dataclass
class Attribution:
    """A quote's speaker, method, confidence and addressees at one point of the sieve (saved and restored)."""

    speaker: str | None
    method: str | None
    confidence: float
    addressees: list[str]


@dataclass
class _State:
    """Running context while walking the text in order: recent characters for pronouns and the context step."""

    recent: list[tuple[int, str]] = field(default_factory=list)  # (paragraph, character) newest last
    orphan: tuple[int, str] | None = None  # a tag paragraph without quotes: (paragraph, speaker) for the next one
    # a tag that ends its paragraph and introduces the next one's quote ("Charlotte said:"): (para, speaker, method)
    lead: tuple[int, str, str] | None = None
    # the character the narration's "I" stands for in first-person narration, once read ([] until then)
    first_narrator: list[str | None] = field(default_factory=list)
    # paragraph -> the start of its first quotation (built once, on demand)
    first_quote: dict[int, int] | None = None
    # the latest quotation paragraph given a speaker, and that speaker: who "he replied" answers
    last_turn: tuple[int, str] | None = None
    # a word -> whether the text capitalises it after a lower-case word or a comma (``speech_tags._used_as_name``)
    used_as_name: dict[str, bool] = field(default_factory=dict)
    # lowercase one-word name -> the character a common noun names ("nanny"; ``vocatives.role_names``), on demand
    role_names: dict[str, str] | None = None



_NOMINATIVE = {"he", "she", "i", "they", "we", "you", "it"}
# a sentence ends in this stretch of narration (not after a title's abbreviation); a run of sentence marks is
# only tried from its first mark (the lookbehind), so a long run of dots costs linear time, not quadratic
_SENT_BREAK = re.compile(r"(?<![.!?…])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)[.!?…]+[\"”’']*\s")
_OBJECT_PRONOUNS = {"him", "her", "me", "us", "them", "you", "it"}


def _speech_quote(q: Quote) -> bool:
    """Quotations that have a speaker: not scare quotes, titles or written words."""
    return q.kind not in ("other", "written")


def _spoken(q: Quote) -> bool:
    """Quotations that take part in a conversation's turns."""
    return q.kind == "speech"


def _token_at(d: Doc, off: int) -> int:
    """The last token of ``d`` that starts at or before character offset ``off`` (0 when none does)."""
    return max(0, bisect.bisect_right(_token_starts(d), off) - 1)


# the token offsets of the paragraph read last: the sieve asks for several offsets of one paragraph in a row, and
# reading them as one array beats making a Token for each step of a binary search
_STARTS: tuple[Doc | None, list[int]] = (None, [])


def _token_starts(d: Doc) -> list[int]:
    global _STARTS
    last = _STARTS  # one read: another thread may replace it
    if last[0] is d and len(last[1]) == len(d):
        return last[1]
    starts: list[int] = d.to_array(IDX).tolist() if len(d) else []
    _STARTS = (d, starts)
    return starts


def _set(q: Quote, cid: str, method: str, conf: float | None = None) -> None:
    q.speaker = cid
    q.method = method
    q.confidence = CONF[method] if conf is None else conf

