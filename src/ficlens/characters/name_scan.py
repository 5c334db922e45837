"""The name scan of one paragraph: capitalised runs of tokens (PROPN, or any content word mid-sentence), with
a title attached ("Mr. Darcy"), each casting its votes (``name_votes``) for being a person or a place."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from ..document import Document
from ..fandoms.kb import KnowledgeBase
from ..settings import settings
from .lex import Lexicon
from .name_votes import _NAME_PLACE_LABEL, _group_use, _Seen, _Votes

_CFG = settings()["characters"]
_OPENING_TITLES = frozenset(_CFG["opening_titles"])
_POSSESSIVE = ("'s", "’s", "'", "’")
_SKIP_POS = {"PRON", "DET", "ADP", "CCONJ", "SCONJ", "AUX", "PART", "NUM", "PUNCT", "INTJ", "SYM", "SPACE"}
_PERSON_LABELS = {"PERSON"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_THING_LABELS = {"ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE", "NORP"}
_SUBJ = {"nsubj", "nsubjpass"}
_OBJ = {"dobj", "pobj", "iobj", "dative", "obj"}
_ARTICLES = {"the", "a", "an"}
_MAX_NAME_WORDS = 4
_HALF_LETTERS = _CFG["hyphen_half_letters"]  # one syllable ("Jung-kook"; settings.toml)
# parts of speech of a sentence-initial word that is not part of the name after it
_GLUE_POS = {"ADP", "SCONJ", "CCONJ", "VERB", "AUX", "ADV", "INTJ", "PRON", "DET", "PART", "NUM", "ADJ"}


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
    if _hyphen_prefix(tok, lx):
        return False
    low = tok.lower_
    if low in lx.titles:
        return True
    if "th" in low and any(low.replace("th", s) in lx.titles for s in ("s", "ss")):
        return False  # a title in a lisp ("Mith", "Thquire", "Thir"): someone's speech, no name
    if low in lx.not_names or low.strip(".") in lx.not_names:
        return False
    if tok.pos_ == "PROPN" or tok.ent_type_:
        return True
    if not initial:
        return True
    # a sentence-initial word the tagger missed: a known first name, or a word capitalised elsewhere too,
    # provided the text never writes it in lowercase ("Mara climbed the stairs.")
    return seen is not None and (low in lx.name_gender or low in seen.caps_mid) and low not in seen.lower


def _line_break(tok: Token) -> bool:
    """A whitespace token holding one line break and no blank line: where a hard-wrapped text wraps a line."""
    return tok.is_space and tok.text.count("\n") == 1 and not tok.text.strip(" \n")


def _hyphen_prefix(tok: Token, lx: Lexicon | None = None) -> bool:
    """The first part of a hyphenated word ("Semi-skimmed", "Ex-boyfriend"): a capital joined by a hyphen to a
    word in lowercase is no name (a stutter or a double name joins two capitals: "H-Harry", "Jean-Luc"; with
    ``lx``, an honorific of its ``name_suffixes`` follows a name, "Todoroki-kun", and the lowercase half of a
    given name the recogniser puts inside a person's name is no word of its own, "Jung-kook", ``_lower_half``)."""
    d = tok.doc
    if tok.whitespace_ or tok.i + 2 >= len(d):
        return False
    hyphen, rest = d[tok.i + 1], d[tok.i + 2]
    return (
        hyphen.text == "-" and not hyphen.whitespace_ and rest.is_lower and rest.is_alpha
        and not (lx is not None and (rest.lower_ in lx.name_suffixes or _lower_half(rest, lx)))
    )


def _lower_half(tok: Token, lx: Lexicon) -> bool:
    """The lowercase second half of a hyphenated given name ("kook" of "Jung-kook", "min" of "Ji-min"): a word the
    recogniser puts inside a person's name, one syllable long as such halves are (at most ``_HALF_LETTERS``
    letters), the last part of its word, and no function word ("Winnie-the-Pooh" is read as before), honorific
    ("kun") nor interjection ("Ooooooo-ow"). The tagger's proper noun alone is not enough, nor always the
    recogniser's person: they read a bottle's "Strychnine Hydro-chloride" and a song's "Rum-tum-tiddle-um" so."""
    d = tok.doc
    return (
        tok.is_lower and tok.is_alpha and len(tok.text) <= _HALF_LETTERS and tok.ent_type_ in _PERSON_LABELS
        and not tok.is_stop and tok.lower_ not in lx.name_suffixes and tok.lower_ not in lx.interjections
        and not (tok.i + 1 < len(d) and d[tok.i + 1].text == "-" and not tok.whitespace_)
    )


def _name_hyphen(d: Doc, j: int, lx: Lexicon) -> bool:
    """Whether the token at ``j`` is a hyphen inside one word of a name, glued to the name word before it and to
    the half after it: a capitalised name word ("Grant-Menzies", "Jean-Luc", "H-Harry") or the lowercase half of
    a given name (``_lower_half``: "Jung-kook"). Titles joined by a hyphen stay out ("Detective-Inspector Japp"
    is read as before), as do honorifics ("Todoroki-kun": the name is "Todoroki"). spaCy splits a hyphen between
    two letters into a token of its own."""
    if j + 1 >= len(d) or d[j].text != "-" or d[j - 1].whitespace_ or d[j].whitespace_:
        return False
    nxt, prev = d[j + 1], d[j - 1]
    if _is_title(prev, lx) or _is_title(nxt, lx):
        return False
    if _lower_half(nxt, lx):
        return True
    return nxt.text[:1].isupper() and _name_like(nxt, False, lx)


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


def _nickname_speaker(d: Doc, s: int, e: int, lx: Lexicon) -> bool:
    """A listed non-name used as a nickname: one capitalised word ("Irish", "Dutch") that is the bare subject
    (no article, no modifier) of a speech verb outside the quotation ('"Not him," Irish laughed.'). A nationality
    or a common word said so is someone's name; kinship words ("Mom said"), titles and interjections are not
    nicknames here (they have their own readings)."""
    if e - s != 1:
        return False
    tok = d[s]
    low = tok.lower_
    if (
        low in lx.not_names or low in lx.kin or low in lx.gendered_nouns or low in lx.titles
        or low in lx.interjections or not tok.text[:1].isupper() or tok.text.isupper()
    ):
        return False
    if tok.dep_ not in _SUBJ or tok.head.lower_ not in lx.speech_verbs or abs(tok.head.i - tok.i) > 2:
        return False
    return not any(c.dep_ in ("det", "amod", "poss", "compound") for c in tok.children)


def _strip_possessive(text: str) -> str:
    for p in _POSSESSIVE:
        if text.endswith(p) and len(text) > len(p):
            return text[: -len(p)]
    return text


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
    base form: "Will Helen come?", "May Anne stay?", "Will Helen's condition depreciate ...?". A past or present
    verb keeps the first name ("Will Turner drew", "May Parker smiled"), whatever the tagger says of the first
    word."""
    if d[start].tag_ != "MD":
        return False
    if end < len(d) and d[end].tag_ == "VB":
        return True
    # "Will Helen's condition depreciate the property?": the modal is the auxiliary of a verb after the name in its
    # base form (the tagger gives that form VBP as often as VB after a modal it did not expect)
    head = d[start].head
    return d[start].dep_ == "aux" and head.tag_ in ("VB", "VBP") and head.i >= end


def _words(d: Doc, s: int, e: int) -> list[str]:
    """The words of the name in tokens ``s:e``, the halves of a hyphenated word joined ("Grant-Menzies"; the
    scan takes a hyphen into a run only between two halves of a word, ``_name_hyphen``)."""
    out: list[str] = []
    glue = False
    for t in d[s:e]:
        if t.is_space:
            continue
        if glue or t.text == "-" and out:
            out[-1] += t.text
            glue = t.text == "-"
        else:
            out.append(t.text)
    return out


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
        breaks = 0  # line breaks and hyphens inside the name: tokens that are no word of it
        while j < n and j - i - breaks < _MAX_NAME_WORDS + 1:
            if _name_hyphen(d, j, lx):
                breaks += 2  # "Grant-Menzies", "Jean-Luc", "H-Harry": one word of the name, three tokens
                j += 2
                continue
            # a hard-wrapped text breaks a name over two lines ("Mr. Beachfield\nDavis"): one line break
            # between two name words is a space. Not after a title: "said Mr.\nHilbery" is read as before (the
            # name under the title of the line above, cluster._titles_across_breaks)
            k = j + 1 if _line_break(d[j]) and not _is_title(d[j - 1], lx) else j
            if k >= n or k in world or not _name_like(d[k], False, lx) or _title_opens(d, k, lx):
                break  # "behind Anne Mrs. Lynde", "Wednesday Miss Lucas": the title opens the next name
            breaks += k - j
            j = k + 1
        run_start, run_end = i, j
        i = j
        if run_end - run_start > 1 and initial[run_start] and _modal_question(d, run_start, run_end):
            run_start += 1  # "Will Helen come?": the modal opens a question; "Will" is no first name here
        while (
            run_end - run_start > 1 and initial[run_start] and d[run_start + 1].text != "-"
            and _glued(d[run_start], lx, seen, kb)
        ):  # a hyphenated word is glued whole or not at all ("Slack-Jeff" never leaves "-Jeff")
            run_start += 1  # "Behind Harry": the name is "Harry"
            while d[run_start].is_space:
                run_start += 1  # "Then\nEvie"
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
        while s < run_end - 1 and (d[s].lower_ in lx.titles or d[s].is_space):
            if not d[s].is_space:
                title = d[s].lower_
            s += 1
        if d[s].lower_ in lx.titles:
            continue  # a title alone ("Doctor", "Mother")
        raw_words = [_strip_possessive(w) for w in _words(d, s, run_end)]
        words = [_unstutter(w) for w in raw_words]
        words = [w for k, w in enumerate(words) if k == 0 or w.lower() != words[k - 1].lower()]  # "H-Harry Harry"
        display = " ".join(words) if words != raw_words else None
        lows = [w.lower() for w in words]
        if any(low in lx.interjections for low in lows):
            continue
        if all(w in lx.stopwords or w in lx.not_names for w in lows) and not _nickname_speaker(d, s, run_end, lx):
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
        if not initial[run_start] or len(raw_words) > 1 or title:
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
            v.at_place += 1
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
