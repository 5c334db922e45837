"""Character mentions: proper names, personal pronouns and descriptions ("the older Winchester").

Names come from capitalised runs of tokens (PROPN, or any content word mid-sentence), with a title attached
("Mr. Darcy"). spaCy's NER alone misses many fan-fiction names, so whether a run is a character is decided
once per distinct name over the whole story, from votes: PERSON labels, titles, being the subject of a speech
verb or of any verb, possessives, the first-name list and the fandom knowledge base vote for a person;
GPE/LOC/FAC labels, "in X"/"to X" and "the X" vote for a place or a thing. A word seen only at sentence
starts needs evidence beyond its grammar ("Guilt gnawed at him" is no character); a word written as a common
noun in half its uses or more (plural, or under "a"/"these"/"several"/"the ADJ") is a kind of people, not a
character ("These Basques", "a chilly Londoner", "the impoverished Lasts").

Everything is one linear pass over the parsed paragraphs plus one pass over the distinct names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.attrs import IDX, IS_LOWER, IS_PUNCT, IS_SPACE, IS_TITLE, LOWER, ORTH, SENT_START
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Token

from ..document import Document, Mention
from ..fandoms.kb import KBCharacter, KeyEnds, KnowledgeBase, first_word_ids, normalize_surface
from ..lexicons import pronoun_class
from ..settings import settings
from .lex import Lexicon, lexicon

_CFG = settings()["characters"]
_OPENING_TITLES = frozenset(_CFG["opening_titles"])
_POSSESSIVE = ("'s", "’s", "'", "’")
_SKIP_POS = {"PRON", "DET", "ADP", "CCONJ", "SCONJ", "AUX", "PART", "NUM", "PUNCT", "INTJ", "SYM", "SPACE"}
_PERSON_LABELS = {"PERSON"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_NAME_PLACE_LABEL = 0.3  # weight of a place label on a known first name
_THING_LABELS = {"ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE", "NORP"}
_SUBJ = {"nsubj", "nsubjpass"}
_OBJ = {"dobj", "pobj", "iobj", "dative", "obj"}
_DETS = {"the", "his", "her", "their", "my", "your", "our", "its"}
_ARTICLES = {"the", "a", "an"}
_MAX_NAME_WORDS = 4
_MAX_DESC_WORDS = 5
_MAX_WORLD_WORDS = 6
_GROUP_REACH = 4  # words before a name where its own determiner may stand ("all the impoverished Lasts")
_FIRST_WORD = re.compile(r"\w+")
# parts of speech of a sentence-initial word that is not part of the name after it
_GLUE_POS = {"ADP", "SCONJ", "CCONJ", "VERB", "AUX", "ADV", "INTJ", "PRON", "DET", "PART", "NUM", "ADJ"}
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
    group: int = 0  # written as a common noun: plural, or under a determiner ("These Basques", "a Londoner")


@dataclass
class _Seen:
    """Word-shape facts over the whole text, from one pass before the name scan."""

    lower: set[str] = field(default_factory=set)  # words seen written in lowercase
    caps_mid: set[str] = field(default_factory=set)  # words seen capitalised inside a sentence


@dataclass
class _Run:
    para: int
    s: int  # first token (the title when there is one)
    e: int  # one past the last name token
    key: str
    title_gender: str | None
    sent: int
    role: str
    display: str | None = None  # the name as it should read when the text stutters ("H-Harry" -> "Harry")


@dataclass
class MentionIndex:
    """What the clustering needs beyond the mentions: sentence count and name votes."""

    sentences: int = 0
    votes: dict[str, _Votes] = field(default_factory=dict)


def _name_like(tok: Token, initial: bool, lx: Lexicon, seen: _Seen | None = None) -> bool:
    t = tok.text
    if not t[:1].isupper() or tok.pos_ in _SKIP_POS and tok.ent_type_ not in _PERSON_LABELS:
        return False
    if len(t) > 1 and t.isupper() and tok.ent_type_ not in _PERSON_LABELS:
        return False  # acronyms and shouting
    if "--" in t or "—" in t or "–" in t:
        return False  # "Darcy.--She": a dash glued between words, no name
    core = t.replace("-", "").replace("'", "").replace("’", "").replace(".", "")
    if not core.isalpha():
        return False
    if _hyphen_prefix(tok, lx.name_suffixes):
        return False
    low = tok.lower_
    if low in lx.titles:
        return True
    if low in lx.not_names or low.strip(".") in lx.not_names:
        return False
    if tok.pos_ == "PROPN" or tok.ent_type_:
        return True
    if not initial:
        return True
    # a sentence-initial word the tagger missed: a known first name, or a word capitalised elsewhere too,
    # provided the text never writes it in lowercase ("Mara climbed the stairs.")
    return seen is not None and (low in lx.name_gender or low in seen.caps_mid) and low not in seen.lower


def _hyphen_prefix(tok: Token, suffixes: frozenset[str] = frozenset()) -> bool:
    """The first part of a hyphenated word ("Semi-skimmed", "Ex-boyfriend"): a capital joined by a hyphen to a
    word in lowercase is no name (a stutter or a double name joins two capitals: "H-Harry", "Jean-Luc"; an
    honorific of ``suffixes`` follows a name: "Todoroki-kun")."""
    d = tok.doc
    if tok.whitespace_ or tok.i + 2 >= len(d):
        return False
    hyphen, rest = d[tok.i + 1], d[tok.i + 2]
    return (
        hyphen.text == "-" and not hyphen.whitespace_ and rest.is_lower and rest.is_alpha
        and rest.lower_ not in suffixes
    )


def _media(head: Token, lx: Lexicon) -> bool:
    """Whether a name (its last token ``head``) stands where music, a show or a product goes: the object of
    "humming", "blasting", or the modifier of "tape", "song" ("a Zeppelin tape")."""
    if head.dep_ == "dobj" and head.head.lower_ in lx.media_verbs:
        return True
    return head.dep_ in ("compound", "nmod", "amod") and head.head.lower_ in lx.media_nouns


def _role(tok: Token) -> str:
    dep = tok.dep_
    if dep in _SUBJ or dep == "conj" and tok.head.dep_ in _SUBJ:
        return "subj"  # "Hange and Levi sat down": both are subjects
    if dep in _OBJ:
        return "obj"
    if dep == "poss":
        return "poss"
    return ""


def _sentence_starts(d: Doc, base_sent: int) -> tuple[list[int], list[bool], int]:
    """Per token: global sentence index and whether it opens its sentence (after opening punctuation). Read
    from the Doc's arrays (a sentence opens at token 0 and wherever SENT_START is 1, as ``Doc.sents``)."""
    n = len(d)
    sent_of = [base_sent] * n
    initial = [False] * n
    if not n:
        return sent_of, initial, 0
    k = -1
    first = False
    for i, (start, punct, space) in enumerate(d.to_array([SENT_START, IS_PUNCT, IS_SPACE]).tolist()):
        if i == 0 or start == 1:
            k += 1
            first = True
        sent_of[i] = base_sent + k
        if first and not (punct or space):
            initial[i] = True
            first = False
    return sent_of, initial, k + 1


def _strip_possessive(text: str) -> str:
    for p in _POSSESSIVE:
        if text.endswith(p) and len(text) > len(p):
            return text[: -len(p)]
    return text


def _world_hits(
    d: Doc, world: Mapping[str, frozenset[str]], firsts: frozenset[str], ends: KeyEnds | None = None,
    text: str | None = None,
) -> list[tuple[int, int, str]]:
    """(first token, end token, key) of every world term or vocabulary entry of the knowledge base in ``d``
    ("Order of the Phoenix", "Merlin's beard", "Accio"), longest first. ``ends`` (``KeyEnds.of(world)``) skips
    the n-grams whose last token ends no term; ``text`` is ``d.text`` when the caller has it (building it walks
    every token)."""
    out: list[tuple[int, int, str]] = []
    n = len(d)
    text = d.text if text is None else text
    first_ids = first_word_ids(firsts)
    lows = d.to_array(LOWER).tolist() if n else []  # the lowercase forms' hashes, without a Token each
    i = 0
    while i < n:
        # world words mask names only, and names are capitalised: a term opens with a capital ("Order of the
        # Phoenix"); one that opens in lowercase ("the Burrow") is found by its capitalised word alone
        if lows[i] not in first_ids or not d[i].text[:1].isupper():
            i += 1
            continue
        hit = 0
        for k in range(min(n, i + _MAX_WORLD_WORDS), i, -1):
            if d[k - 1].is_punct and k - 1 > i:
                continue
            if ends is not None and not ends.may_end(
                d[k - 1].text, k - 1 > i and not text[d[k - 1].idx - 1].isspace()
            ):
                continue
            key = normalize_surface(text[d[i].idx : d[k - 1].idx + len(d[k - 1].text)])
            if key in world:
                hit = k
                out.append((i, k, key))
                break
        i = hit if hit else i + 1
    return out


def _shown(hits: list[list[tuple[int, int, str]]], world: Mapping[str, frozenset[str]]) -> set[str]:
    """The fandoms whose world shows in the story: two different terms of theirs."""
    distinct: dict[str, set[str]] = defaultdict(set)
    for para in hits:
        for _, _, key in para:
            for f in world[key]:
                distinct[f].add(key)
    return {f for f, keys in distinct.items() if len(keys) >= 2}


def _world_tokens(
    hits: list[list[tuple[int, int, str]]], world: Mapping[str, frozenset[str]]
) -> list[set[int]]:
    """Per paragraph, the tokens that are world words, never part of a name: a term of several words always; a
    single word only when its fandom shows in the story (two different terms of it: "Idris" is a place in one
    canon and a name elsewhere)."""
    shown = _shown(hits, world)
    out = []
    for para in hits:
        masked: set[int] = set()
        for i, k, key in para:
            if k - i > 1 or world[key] & shown:
                masked.update(range(i, k))
        out.append(masked)
    return out


_WORLD_CACHE: dict[int, dict[str, frozenset[str]]] = {}
_ENDS: dict[int, tuple[Mapping[str, object], KeyEnds]] = {}


def _world_ends(keys: Mapping[str, object]) -> KeyEnds:
    """How the keys of an index (world terms, knowledge-base descriptions) end, cached with the index."""
    got = _ENDS.get(id(keys))
    if got is None or got[0] is not keys:
        got = (keys, KeyEnds.of(keys))
        if len(_ENDS) > 8:
            _ENDS.clear()
        _ENDS[id(keys)] = got
    return got[1]


def _world(kb: KnowledgeBase, lx: Lexicon) -> dict[str, frozenset[str]]:
    """The knowledge base's non-person words, titles and first names aside ("Lady" is some fandom's term)."""
    got = _WORLD_CACHE.get(id(kb))
    if got is None:
        got = {w: f for w, f in kb.non_persons().items() if w not in lx.titles and w not in lx.name_gender}
        _WORLD_CACHE.clear()
        _WORLD_CACHE[id(kb)] = got
    return got


def _glued(tok: Token, lx: Lexicon, seen: _Seen, kb: KnowledgeBase | None) -> bool:
    """A sentence-initial word written with a capital only because it opens the sentence ("Behind Harry",
    "Whilst Ron", "Giving Cas"): a function word, verb or adverb, or a word the text also writes in lowercase,
    that is no known first name nor a knowledge-base name."""
    low = tok.lower_
    if low in lx.titles or low in lx.name_gender or (kb is not None and kb.characters_by_surface(low)):
        return False
    return (
        tok.pos_ in _GLUE_POS or tok.is_stop or low in seen.lower or low in lx.stopwords or low in lx.not_names
        or low in lx.interjections
    )


def _is_title(tok: Token, lx: Lexicon) -> bool:
    return tok.lower_ in lx.titles or tok.lower_.rstrip(".") in lx.titles


def _title_opens(d: Doc, j: int, lx: Lexicon) -> bool:
    """Whether the courtesy title at ``j`` ("Mrs.", "Miss", "Sir"; settings ``opening_titles``), after a word
    that is no title, opens a name of its own: such a title never stands inside a name, so "behind Anne Mrs.
    Lynde" is two people ("Reggie St Cloud" is one: "St" is no courtesy title)."""
    return (
        d[j].lower_.rstrip(".") in _OPENING_TITLES and not _is_title(d[j - 1], lx) and j + 1 < len(d)
        and _name_like(d[j + 1], False, lx) and not _is_title(d[j + 1], lx)
    )


def _modal_question(d: Doc, start: int, end: int) -> bool:
    """A sentence-initial modal that is also a first name ("Will", "May", "Can") before a name and a verb in its
    base form: "Will Helen come?", "May Anne stay?". A past or present verb keeps the first name ("Will Turner
    drew", "May Parker smiled"), whatever the tagger says of the first word."""
    return d[start].tag_ == "MD" and end < len(d) and d[end].tag_ == "VB"


def _unstutter(word: str) -> str:
    """"H-Harry" and "Ha-Harry" -> "Harry"; other hyphenated names stay ("Jean-Luc")."""
    head, sep, rest = word.rpartition("-")
    while sep and head and rest and rest.lower().startswith(head.split("-")[-1].lower()) and len(head) < len(rest):
        word = rest
        head, sep, rest = word.rpartition("-") if "-" in word else ("", "", word)
    return word


def _scan_names(
    doc: Document,
    pi: int,
    sent_of: list[int],
    initial: list[bool],
    lx: Lexicon,
    votes: dict[str, _Votes],
    kb: KnowledgeBase | None,
    seen: _Seen,
    world: set[int],
) -> list[_Run]:
    d = doc.docs[pi]
    base = doc.paragraphs[pi].start
    runs: list[_Run] = []
    n = len(d)
    text = doc.text  # the paragraph's Doc was parsed from text[base:...]
    starts = d.to_array(IDX).tolist() if n else []  # a name opens with a capital: most tokens need no Token
    i = 0
    while i < n:
        if i in world or not text[base + starts[i]].isupper() or not _name_like(d[i], initial[i], lx, seen):
            i += 1
            continue
        j = i + 1
        while j < n and j - i < _MAX_NAME_WORDS + 1 and j not in world and _name_like(d[j], False, lx):
            if _title_opens(d, j, lx):
                break  # "behind Anne Mrs. Lynde", "Wednesday Miss Lucas": the title opens the next name
            j += 1
        run_start, run_end = i, j
        i = j
        if run_end - run_start > 1 and initial[run_start] and _modal_question(d, run_start, run_end):
            run_start += 1  # "Will Helen come?": the modal opens a question; "Will" is no first name here
        while run_end - run_start > 1 and initial[run_start] and _glued(d[run_start], lx, seen, kb):
            run_start += 1  # "Behind Harry": the name is "Harry"
        if (
            kb is not None and run_end - run_start == 1 and run_start > 0 and d[run_start - 1].lower_ == "the"
            and kb.characters_by_surface("the " + d[run_start].lower_)
        ):
            # a character called by a title the knowledge base knows ("the Doctor", "the Master")
            key = "the " + d[run_start].lower_
            kv = votes.setdefault(key, _Votes())
            kv.total += 1
            kv.non_initial += 1
            kv.person += 3
            kv.strong += 1
            head = d[run_start]
            runs.append(_Run(pi, run_start - 1, run_end, key, None, sent_of[head.i], _role(head)))
            continue
        s = run_start
        title = None
        while s < run_end - 1 and d[s].lower_ in lx.titles:
            title = d[s].lower_
            s += 1
        if d[s].lower_ in lx.titles:
            continue  # a title alone ("Doctor", "Mother")
        raw_words = [_strip_possessive(t.text) for t in d[s:run_end]]
        words = [_unstutter(w) for w in raw_words]
        words = [w for k, w in enumerate(words) if k == 0 or w.lower() != words[k - 1].lower()]  # "H-Harry Harry"
        display = " ".join(words) if words != raw_words else None
        lows = [w.lower() for w in words]
        if any(low in lx.interjections for low in lows):
            continue
        if all(w in lx.stopwords or w in lx.not_names for w in lows):
            continue
        key = " ".join(lows)
        head = d[run_end - 1]
        if not title and all(len(w) > 1 and w.isupper() for w in words):
            # shouting or a heading ("DEAN!", "CHAPTER I. THE MAGNET"): a name only if it is one elsewhere
            runs.append(_Run(pi, run_start if title else s, run_end, key, lx.title_gender.get(title or ""),
                             sent_of[head.i], ""))
            continue
        role = _role(head)
        if doc.in_quote(base + head.idx) != doc.in_quote(base + head.head.idx):
            role = ""  # grammar across a quotation mark ("“Brave,” says the vampire") is not to be trusted
        v = votes.get(key)
        if v is None:
            v = votes[key] = _Votes()
        v.total += 1
        v.propn += any(t.pos_ == "PROPN" for t in d[s:run_end])
        if not initial[run_start] or run_end - s > 1 or title:
            v.non_initial += 1
        labels = {t.ent_type_ for t in d[s:run_end]}
        if labels & _PERSON_LABELS:
            v.person += 1
            v.strong += 1
        # the recogniser often labels a first name it does not know a place ("Marcus" GPE): for a known first
        # name the label is weak evidence
        known_first = key.split()[0] in lx.name_gender
        locative = head.dep_ == "pobj" and head.head.lower_ in lx.locative_preps
        if labels & _PLACE_LABELS:
            # a place label where only a place goes ("in Lawrence") is a place even for a first name
            w = _NAME_PLACE_LABEL if known_first and not locative else 1
            v.place += w
            if not locative:
                v.label_place += w
        elif labels & _THING_LABELS:
            v.place += 0.3
        if title:
            v.person += 2
            v.strong += 1
            v.titled += 1
        if role == "subj":
            v.person += 1
            v.propn_subj += head.pos_ == "PROPN"
            if head.head.lower_ in lx.speech_verbs:
                v.person += 1
                v.strong += 1
                v.speaks += 1
        elif role == "poss":
            v.person += 0.5
        elif role == "obj" and head.head.lower_ in lx.speech_verbs:
            v.person += 1  # "Oren tells Marcus": one speaks to people, not places
            v.strong += 1
            v.speaks += 1  # also "cried Dorcas" parsed with Dorcas as the object
        elif head.dep_ == "pobj" and head.head.lower_ in lx.place_preps:
            v.place += 1
        if _group_use(head, lx):
            v.group += 1
        if _media(head, lx):
            v.place += _CFG["media_vote"]  # "humming Zeppelin", "a Metallica tape": a band, a show, a brand
        if run_start > 0 and d[run_start - 1].lower_ in _ARTICLES:
            v.place += 2
            v.after_article += 1
        if (
            run_end + 1 < n and d[run_end].text == "," and d[run_end + 1].ent_type_ == "GPE"
            and d[run_end + 1].text[:1].isupper() and d[run_end + 1].ent_iob_ == "B"
        ):
            v.place += 3  # "Lincoln, Nebraska": a town and its state
        runs.append(
            _Run(pi, run_start if title else s, run_end, key, lx.title_gender.get(title or ""), sent_of[head.i], role,
                 display)
        )
    return runs


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
        if kb is not None and kb.characters_by_surface(key):
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


_ABSTRACT = ("ism", "ology", "osophy", "ness", "ity", "ment", "ship")


def _word_shaped(key: str, seen: _Seen) -> bool:
    """An adverb whose adjective the text writes ("wretchedly": "wretched") or an abstract noun by its ending."""
    if key.endswith("ly") and (key[:-2] in seen.lower or key[:-3] + "y" in seen.lower):
        return True
    return len(key) > 6 and key.endswith(_ABSTRACT)


def _description(
    d: Doc, i: int, lx: Lexicon, kb_desc: dict[str, list[KBCharacter]], ends: KeyEnds | None = None
) -> int:
    """End token of a description opening at token ``i`` (a determiner), or 0 when there is none. ``ends``
    (``KeyEnds.of(kb_desc)``) skips the spans whose last token ends no description."""
    n = len(d)
    # knowledge-base descriptions first, longest match
    if kb_desc:
        for k in range(min(n, i + _MAX_DESC_WORDS), i + 1, -1):
            # glued: no whitespace between the last token and the one before it
            if ends is not None and not ends.may_end(d[k - 1].text, not d[k - 2].text_with_ws[-1].isspace()):
                continue
            if normalize_surface(d[i:k].text) in kb_desc:
                return k
    j = i + 1
    while j < n and j - i <= 3 and (d[j].pos_ == "ADJ" or d[j].lower_ in lx.contrast) and not d[j].is_sent_start:
        j += 1
    if j >= n or d[j].is_sent_start:
        return 0
    h = d[j]
    nxt = d[j + 1] if j + 1 < n else None
    if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and not nxt.is_punct:
        return 0  # the head goes on ("the hunter's knife" is fine: 's is PART)
    if h.pos_ == "NOUN" and h.lower_ in lx.descriptor_nouns:
        return j + 1
    if j == i + 1 and d[i].lower_ == "the" and h.lower_ in lx.title_nouns and h.is_lower:
        return j + 1  # "the parson": the one character titled so, if there is one
    if h.text[:1].isupper() and j > i + 1 and d[j - 1].lower_ in lx.contrast:
        return j + 1  # "the older Winchester"
    return 0


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


def find_mentions(doc: Document, kb: KnowledgeBase | None = None) -> tuple[list[Mention], MentionIndex]:
    """Name, pronoun and description mentions of every paragraph, in text order, unresolved."""
    lx = lexicon()
    pclass = pronoun_class()
    kb_desc: dict[str, list[KBCharacter]] = dict(kb.descriptions_index()) if kb is not None else {}
    desc_ends = _world_ends(kb.descriptions_index()) if kb is not None else None
    votes: dict[str, _Votes] = {}
    runs: list[_Run] = []
    others: list[Mention] = []
    base_sent = 0
    per_para_sent: list[list[int]] = []
    seen = _scan_shapes(doc)
    world = _world(kb, lx) if kb is not None else {}
    firsts = frozenset(m.group() for w in world if (m := _FIRST_WORD.match(w)))
    ends = _world_ends(world) if world else None
    hits = [
        _world_hits(d, world, firsts, ends, doc.text[p.start : p.end])
        for d, p in zip(doc.docs, doc.paragraphs, strict=False)
    ] if world else []
    masked = _world_tokens(hits, world) if world else []
    shown = _shown(hits, world) if world else set()
    for pi, d in enumerate(doc.docs):
        base = doc.paragraphs[pi].start
        sent_of, initial, k = _sentence_starts(d, base_sent)
        base_sent += k
        per_para_sent.append(sent_of)
        runs.extend(_scan_names(doc, pi, sent_of, initial, lx, votes, kb, seen, masked[pi] if masked else set()))
        skip_to = 0
        for tok in d:
            low = tok.lower_
            cls = pclass.get(low)
            if cls is not None and tok.pos_ in ("PRON", "DET") and not (low == "us" and tok.text == "US"):
                start = base + tok.idx
                others.append(
                    Mention(
                        start, start + len(tok.text), pi, tok.i, tok.i + 1, "pronoun", tok.text,
                        in_quote=doc.in_quote(start), gender_hint=cls, sent=sent_of[tok.i], role=_role(tok),
                    )
                )
            if low in _DETS and tok.i >= skip_to:
                e = _description(d, tok.i, lx, kb_desc, desc_ends)
                if e:
                    span = d[tok.i : e]
                    start, end = base + span.start_char, base + span.end_char
                    head = d[e - 1]
                    others.append(
                        Mention(
                            start, end, pi, tok.i, e, "description", span.text, in_quote=doc.in_quote(start),
                            gender_hint=lx.gendered_nouns.get(head.lower_), key=normalize_surface(span.text),
                            sent=sent_of[head.i], role=_role(head),
                        )
                    )
                    skip_to = e
    ok = _accepted(votes, lx, kb, seen)
    names: list[Mention] = []
    for r in runs:
        if r.key not in ok:
            continue
        d = doc.docs[r.para]
        span = d[r.s : r.e]
        base = doc.paragraphs[r.para].start
        text = _strip_possessive(span.text)
        start = base + span.start_char
        names.append(
            Mention(
                start, start + len(text), r.para, r.s, r.e, "name", r.display or text, in_quote=doc.in_quote(start),
                gender_hint=r.title_gender, key=r.key, sent=r.sent, role=r.role,
            )
        )
    # a character called by a title-name ("the Doctor") is a name even where the knowledge base also lists it as
    # a description, when the story shows that character's fandom (two of its world terms: "the Doctor" of a
    # novel is its doctor); otherwise a description whose head is a name ("the older Winchester") is kept and a name
    # inside one is not doubled
    titled = {
        (m.para, m.tok, m.tok_end) for m in names
        if m.key.startswith("the ") and kb is not None
        and any(c.fandom in shown for c in kb.characters_by_surface(m.key))
    }
    others = [m for m in others if m.kind != "description" or (m.para, m.tok, m.tok_end) not in titled]
    desc_toks = {(m.para, t) for m in others if m.kind == "description" for t in range(m.tok, m.tok_end)}
    names = [m for m in names if (m.para, m.tok_end - 1) not in desc_toks]
    out = names + others
    out.sort(key=lambda m: (m.start, m.end))
    index = MentionIndex(sentences=base_sent, votes=votes)
    del per_para_sent
    return out, index


def group_by_key(mentions: list[Mention]) -> dict[str, list[Mention]]:
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.kind == "name":
            groups[m.key].append(m)
    return groups
