"""Quotation attribution: who speaks each quotation, and to whom. A sieve; each step names itself in ``method``.

1. ``explicit`` / ``anaphoric`` / ``descriptive``: a speech (thought, written) verb in narration in the quote's
   sentence or the adjacent one, with a name, a pronoun (resolved by the character stage, else locally) or a
   description ("his brother says") as its subject; either order, any tense. "says to X" / "tells X" give the
   addressee. A tag bound to the quote by punctuation wins over a nearer one: "“A,” said Tom, “B?” Ann
   laughed." gives B to Tom; a quote ending in a comma takes the verb after it even if the lexicon lacks it
   ("“Aw,” fleered Jack"). Reported speech is no tag ("Tom replied that he had not": Tom is the listener), and
   speech heard through someone ("Mary heard her say") is never the hearer's.
2. ``paragraph``: a quote without a tag of its own goes on the turn of the quote before it in its paragraph
   ("“Yes,” he said. “We should go.”"); a quotation that continues an open one keeps its speaker. A quote whose
   own tag names nobody known is left to the conversation.
3. ``action-beat``: the subject of a narrative sentence in the quote's paragraph ("Dean shrugs."), one before
   the quote preferred (after it, it is as often the listener's reaction): a first guess the decoder revisits.
4. The conversation decoder. A conversation is a run of quote paragraphs (turns), ended by a scene break or a
   long narration. Its participants are the characters its tags, action beats and addressees name (and, weakly,
   those its narration names). Second-order Viterbi over the turns chooses the speaker sequence with the best
   score: + each tag for its speaker (by method: explicit > descriptive > anaphoric), + each action beat for its
   subject, + a change of speaker between turns and more for the one before last speaking again (A B A B),
   + the one the previous turn spoke to (vocative, "said to B") answering; - a name called in the turn's own
   quote, - a pronoun tag's other gender, - the same speaker twice running. Explicit and descriptive tags
   stand; an anaphoric tag whose character nothing else in the conversation supports may be overruled (the
   pronoun read as the other participant of its gender). A turn's ``method`` is its speaker's strongest
   evidence in that turn ("explicit", "anaphoric", "action-beat"; "vocative" when the previous turn spoke to
   them; else "turn-taking") and ``confidence`` comes from the margin between the best and second-best
   speaker's max-marginal score.
5. ``context``: the last character named in the preceding narration who is not the addressee, for quotes the
   decoder had nothing for.

Everything is one pass over the quote paragraphs plus one over the conversation turns: linear in the quotes
(the decoder's states are pairs of participants, at most six of them).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..document import Document, Mention, QuoteInfo
from ..lexicons import pronoun_class, table, wordlist
from ..model import Character, Quote

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
# a conversation ends after this many narrative paragraphs without a quotation, or this many words of narration
_GAP_PARAS = 3
_GAP_WORDS = 150
# how far back (paragraphs) a pronoun subject or the context step looks for a character
_LOOKBACK = 4
_FIRST = {"i"}
# a paragraph without quotes this short that holds a speech tag ("Irish laughed.") tags the quote next to it
_ORPHAN_WORDS = 20


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

    @classmethod
    def load(cls) -> _Lex:
        g: dict[str, str] = {}
        for gender, words in table("data/lexicons/gendered_nouns.toml").items():
            for w in words:
                g[w] = gender
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
        )

    def tag_kind(self, word: str) -> str | None:
        if word in self.speech:
            return "speech"
        if word in self.thought:
            return "thought"
        if word in self.memory:
            return "remembered"
        if word in self.written:
            return "written"
        return None


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


@dataclass
class _State:
    """Running context while walking the text in order: recent characters for pronouns and the context step."""

    recent: list[tuple[int, str]] = field(default_factory=list)  # (paragraph, character) newest last
    orphan: tuple[int, str] | None = None  # a tag paragraph without quotes: (paragraph, speaker) for the next one


# --------------------------------------------------------------------------------------------------------------
# characters the quote stage adds


def add_character(doc: Document, name: str, gender: str = "unknown", first_start: int = 0) -> str:
    """Append a Character (a speaker the character stage did not list) with the next free id; return the id."""
    used = [int(c.id[1:]) for c in doc.analysis.characters if c.id[:1] == "c" and c.id[1:].isdigit()]
    cid = f"c{max(used, default=0) + 1}"
    pron = {"male": "he/him", "female": "she/her"}.get(gender)
    doc.analysis.characters.append(
        Character(id=cid, name=name, aliases=[name], gender=gender, pronouns=pron, mentions=0, first_start=first_start)
    )
    return cid


class _Speakers:
    """Character lookups and the characters this stage adds (the narrator, described speakers)."""

    def __init__(self, doc: Document, lex: _Lex) -> None:
        self.doc = doc
        self.lex = lex
        self.gender = {c.id: c.gender for c in doc.analysis.characters}
        self.alias: dict[str, str] = {}
        for c in doc.analysis.characters:
            for a in [c.name, *c.aliases]:
                self.alias.setdefault(a.lower(), c.id)
        self.narrator: str | None = None
        self.narrator_added = False
        self.described: dict[str, str] = {}
        self.new_mentions: list[Mention] = []

    def narrator_id(self, at: int) -> str:
        if self.narrator is None:
            # a first-person narrator the character stage resolved already
            votes = Counter(
                m.character for m in self.doc.mentions
                if m.kind == "pronoun" and not m.in_quote and m.gender_hint == "first" and m.character
            )
            if votes:
                self.narrator = votes.most_common(1)[0][0]
            else:
                self.narrator = add_character(self.doc, "Narrator", first_start=at)
                self.narrator_added = True
            self.gender.setdefault(self.narrator, "unknown")
        return self.narrator

    def claim_narration(self) -> None:
        """The narrator this stage added owns the unresolved first-person pronouns of the narration."""
        if not self.narrator_added:
            return
        n = 0
        for m in self.doc.mentions:
            if m.kind == "pronoun" and m.gender_hint == "first" and not m.in_quote and m.character is None:
                m.character = self.narrator
                n += 1
        for c in self.doc.analysis.characters:
            if c.id == self.narrator:
                c.mentions += n

    def describe(self, key: str, head: str, at: int) -> str:
        cid = self.described.get(key) or self.alias.get(key) or self.alias.get(head)
        if cid is None:
            gender = self.lex.gendered.get(head, "unknown")
            cid = add_character(self.doc, key[:1].upper() + key[1:], gender=gender, first_start=at)
            self.gender[cid] = gender
        self.described[key] = cid
        return cid


# --------------------------------------------------------------------------------------------------------------


def _mention_index(doc: Document) -> dict[tuple[int, int], Mention]:
    out: dict[tuple[int, int], Mention] = {}
    for m in doc.mentions:
        for t in range(m.tok, m.tok_end):
            out[(m.para, t)] = m
    return out


def _in_quote_flags(d: Doc, base: int, spans: list[tuple[int, int]]) -> list[bool]:
    """For each token of the paragraph, whether it lies in one of ``spans`` (absolute offsets, sorted)."""
    flags = [False] * len(d)
    k = 0
    for tok in d:
        off = base + tok.idx
        while k < len(spans) and spans[k][1] <= off:
            k += 1
        flags[tok.i] = k < len(spans) and spans[k][0] <= off
    return flags


_NOMINATIVE = {"he", "she", "i", "they", "we", "you", "it"}
# a sentence ends in this stretch of narration (not after a title's abbreviation)
# a run of sentence marks is only tried from its first mark (the lookbehind), so a long run of dots costs linear
# time, not quadratic (issue 8)
_SENT_BREAK = re.compile(r"(?<![.!?…])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)[.!?…]+[\"”’']*\s")
_OBJECT_PRONOUNS = {"him", "her", "me", "us", "them", "you", "it"}


def _adjacent_subject(verb: Token, mention_at: dict[tuple[int, int], Mention], para: int) -> Token | None:
    """A name or subject pronoun right before the verb ("Sam snaps", which the tagger may read as a noun
    compound), or a name right after it ("said Sam")."""
    d = verb.doc
    if verb.i > 0:
        prev = d[verb.i - 1]
        m = mention_at.get((para, prev.i))
        if m is not None and (m.kind == "name" or prev.lower_ in _NOMINATIVE):
            return d[m.tok_end - 1] if m.kind == "name" else prev
        if prev.lower_ in _NOMINATIVE:
            return prev
    if verb.i + 1 < len(d):
        nxt = d[verb.i + 1]
        m = mention_at.get((para, nxt.i))
        if m is not None and m.kind == "name":
            return d[m.tok_end - 1]
    return None


def _subject(verb: Token, flags: list[bool] | None = None) -> Token | None:
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not (flags and flags[c.i])]
    if subs:
        return min(subs, key=lambda c: abs(c.i - verb.i))
    # "said Dean" parsed with Dean as an object or modifier; a tag's subject right after the verb
    nxt = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    if nxt is not None and nxt.pos_ in ("PROPN", "PRON") and nxt.head == verb:
        return nxt
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return _subject(verb.head, flags) if verb.head.i < verb.i else None
    # "a voice called.": the tag misparsed as a clause modifying its subject (not "a man called John")
    head = verb.head
    if (
        verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") and 0 < verb.i - head.i <= 2
        and all(c.dep_ in ("punct", "advmod", "prep") for c in verb.children)
    ):
        return head
    return None


def _addressee(verb: Token, mention_at: dict[tuple[int, int], Mention], para: int) -> str | None:
    for c in verb.children:
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


def attribute(doc: Document) -> None:
    """Fill speaker, addressees, method, confidence and kind of every quote; each character's quote count."""
    quotes = doc.analysis.quotes
    infos = doc.quote_info if len(doc.quote_info) == len(quotes) else [
        QuoteInfo(para=doc.paragraph_at(q.start)) for q in quotes
    ]
    lex = _Lex.load()
    speakers = _Speakers(doc, lex)
    mention_at = _mention_index(doc)
    pclass = pronoun_class()
    by_para: dict[int, list[int]] = {}
    for qi, info in enumerate(infos):
        by_para.setdefault(info.para, []).append(qi)
    state = _State()
    ev = _Evidence()
    for m in doc.mentions:
        if m.character is not None and not m.in_quote:
            ev.named.setdefault(m.para, []).append(m.character)
    mention_ptr = 0
    mentions = doc.mentions
    narr_words = [0] * len(doc.paragraphs)
    para_speaker: dict[int, str] = {}
    para_addressee: dict[int, str] = {}
    for pi, d in enumerate(doc.docs):
        # advance the recent-character window over narration before this paragraph
        while mention_ptr < len(mentions) and mentions[mention_ptr].para < pi:
            m = mentions[mention_ptr]
            if m.character is not None and not m.in_quote:
                state.recent.append((m.para, m.character))
            mention_ptr += 1
        qids = by_para.get(pi)
        if not qids:
            narr_words[pi] = sum(1 for t in d if t.is_alpha)
            if narr_words[pi] <= _ORPHAN_WORDS:
                _orphan_tag(doc, pi, d, by_para, lex, speakers, mention_at, pclass, state)
            continue
        base = doc.paragraphs[pi].start
        spans = [(quotes[q].start, quotes[q].end) for q in qids]
        flags = _in_quote_flags(d, base, spans)
        narr_words[pi] = sum(1 for t in d if t.is_alpha and not flags[t.i])
        _attribute_paragraph(doc, pi, d, base, qids, flags, lex, speakers, mention_at, pclass, state, ev)
        for qi in qids:
            q = quotes[qi]
            if q.speaker is not None and q.kind != "other":
                para_speaker.setdefault(pi, q.speaker)
                state.recent.append((pi, q.speaker))
            if q.addressees and pi not in para_addressee:
                para_addressee[pi] = q.addressees[0]
    # characters met more than once: a name seen once in a quote ("Sugar?") may be a word, not a listener
    narrated = {c.id for c in doc.analysis.characters if c.mentions >= 2}
    _decode(doc, quotes, infos, narr_words, speakers, narrated, ev)
    _context(doc, quotes, infos, state, ev.stranger)
    # the other party of a two-person exchange is the addressee where nothing else says so
    _exchange_addressees(doc, quotes, infos, narr_words)
    speakers.claim_narration()
    if speakers.new_mentions:
        doc.mentions = sorted([*doc.mentions, *speakers.new_mentions], key=lambda m: m.start)
    counts = Counter(q.speaker for q in quotes if q.speaker is not None)
    for c in doc.analysis.characters:
        c.quotes = counts.get(c.id, 0)


def _speech_quote(q: Quote) -> bool:
    """Quotations that have a speaker: not scare quotes, titles or written words."""
    return q.kind not in ("other", "written")


def _spoken(q: Quote) -> bool:
    """Quotations that take part in a conversation's turns."""
    return q.kind == "speech"


def _attribute_paragraph(
    doc: Document, pi: int, d: Doc, base: int, qids: list[int], flags: list[bool], lex: _Lex,
    speakers: _Speakers, mention_at: dict[tuple[int, int], Mention], pclass: dict[str, str], state: _State,
    ev: _Evidence,
) -> None:
    quotes = doc.analysis.quotes
    sents = list(d.sents)
    sent_of = [0] * len(d)
    for si, s in enumerate(sents):
        for t in range(s.start, s.end):
            sent_of[t] = si
    tags: list[_Tag] = []
    beats: list[tuple[int, int, str, float]] = []  # (offset, sentence, character, confidence)
    listeners: dict[int, str] = {}  # sentence -> who answers in reported speech there ("Tom replied that ...")
    for si, s in enumerate(sents):
        # "Arthur replied that he had not": the one who reports the speech is its listener, not a beat
        rep = next(
            (t for t in s if not flags[t.i] and lex.tag_kind(t.lower_) == "speech" and _reported(t, flags)), None
        )
        beat_found = rep is not None
        if rep is not None and (rsub := _subject(rep, flags)) is not None:
            cid, _m = _resolve(doc, pi, rsub, mention_at, pclass, speakers, state, lex, allow_description=False)
            if cid is not None:
                listeners[si] = cid
        narration = (t for t in s if not flags[t.i] and not t.is_punct and not t.is_space)
        lead = None if beat_found else next(narration, None)
        if lead is not None:
            m = mention_at.get((pi, lead.i))
            if m is not None and m.tok == lead.i and (m.kind == "name" or lead.lower_ in _NOMINATIVE):
                head = d[m.tok_end - 1]
                if m.tok_end < len(d) and not flags[m.tok_end] and d[m.tok_end].text not in ("'s", "’s"):
                    cid, conf = _beat_subject(doc, pi, head, mention_at, pclass, speakers, state, lex)
                    if cid is not None:
                        beats.append((base + head.idx, si, cid, conf))
                        beat_found = True
        for tok in s:
            if flags[tok.i]:
                continue
            kind = lex.tag_kind(tok.lower_)
            if kind is not None:
                tag = _tag_of(doc, pi, tok, kind, si, base, flags, lex, speakers, mention_at, pclass, state)
                if tag is not None:
                    tags.append(tag)
                    continue
            if not beat_found and tok.dep_ in ("nsubj", "nsubjpass") and not flags[tok.head.i]:
                cid, conf = _beat_subject(doc, pi, tok, mention_at, pclass, speakers, state, lex)
                if cid is not None:
                    beats.append((base + tok.idx, si, cid, conf))
                    beat_found = True
    para_tag: _Tag | None = None
    unknown_tag = False
    own_tag: set[int] = set()  # quotes with a tag of their own, resolved or not
    text = doc.text
    for n, qi in enumerate(qids):
        q = quotes[qi]
        if not _speech_quote(q):
            continue
        qs_tok = _token_at(d, q.start - base)
        qe_tok = _token_at(d, q.end - base - 1)
        s_first, s_last = sent_of[qs_tok], sent_of[qe_tok]
        lo = quotes[qids[n - 1]].end if n > 0 else base  # narration between this quote and its neighbours
        hi = quotes[qids[n + 1]].start if n + 1 < len(qids) else base + len(d.text)
        inner_end = text[q.start : q.end].rstrip("\"”'’«» ")[-1:]
        best: tuple[tuple[int, int], _Tag] | None = None
        for tag in tags:
            if not (s_first - 1 <= tag.sent <= s_last + 1):
                continue
            before = tag.verb_off < q.start
            if before:
                dist = q.start - tag.verb_off
                gap = text[tag.verb_off : q.start]
                bound = tag.verb_off >= lo and gap.rstrip()[-1:] in (",", ":", "—", "-") and not _SENT_BREAK.search(gap)
                # "“A,” said Tom, “B.”": the tag between the halves of one speech binds the second half
                tier = 0 if bound and inner_end != "," else 2
            else:
                dist = tag.verb_off - q.end
                gap = text[q.end : tag.verb_off]
                bound = tag.verb_off < hi and not _SENT_BREAK.search(gap)
                # "“A,” said Tom": bound by the comma; "“A?” Tom asked": bound, unless a tag before binds it
                tier = (0 if inner_end in (",", "—", "-") else 1) if bound else 2
            # a tag after the quote is the usual order: prefer it at equal distance
            key = (tier, dist * 2 + (1 if before else 0))
            if best is None or key < best[0]:
                best = (key, tag)
        if best is None and inner_end == ",":
            # "“Aw,” fleered Happy Jack": a quote ending in a comma is followed by its tag, whatever the verb
            loose = _loose_tag(doc, pi, d, q.end - base, sent_of[qe_tok], base, flags, lex, speakers, mention_at,
                               pclass, state)
            if loose is not None:
                best = ((0, 0), loose)
        if best is not None:
            tag = best[1]
            own_tag.add(qi)
            if tag.kind != "speech":
                q.kind = tag.kind
            elif tag.remembered:
                q.kind = "remembered"
            if tag.character is not None:
                _set(q, tag.character, tag.method)
                para_tag = para_tag or tag
                if tag.pron is not None:
                    ev.tag_pron[qi] = tag.pron
            elif tag.kind == "speech":
                unknown_tag = True
                if tag.stranger:
                    ev.stranger.add(qi)
            if tag.addressee is not None and tag.addressee != q.speaker:
                q.addressees = [tag.addressee]
    for qi in qids:
        q = quotes[qi]
        s_end = sent_of[_token_at(d, q.end - base - 1)]
        who = listeners.get(s_end) or listeners.get(s_end + 1)
        if who is not None and not q.addressees and q.speaker != who and _speech_quote(q):
            q.addressees = [who]
    # a continued quotation keeps the previous one's speaker
    info0 = doc.quote_info[qids[0]] if len(doc.quote_info) == len(quotes) else None
    if info0 is not None and info0.continues and qids[0] > 0:
        prev = quotes[qids[0] - 1]
        if prev.speaker is not None and quotes[qids[0]].speaker is None:
            _set(quotes[qids[0]], prev.speaker, "continuation")
    # quotes without a tag of their own; one whose tag names nobody we know is left to the conversation
    open_q = [qi for qi in qids if quotes[qi].speaker is None and _speech_quote(quotes[qi]) and qi not in own_tag]
    owner = next((quotes[qi].speaker for qi in qids if quotes[qi].speaker and _speech_quote(quotes[qi])), None)
    if owner is None and open_q and state.orphan is not None and state.orphan[0] == pi - 1:
        for qi in open_q:
            _set(quotes[qi], state.orphan[1], "action-beat", CONF["action-beat"] - 0.05)
        ev.orphan[pi] = state.orphan[1]
        owner = state.orphan[1]
    if owner is None and beats and open_q and not unknown_tag:
        # an action beat: the narrative subject nearest the first quote, one before it preferred ("Tom
        # shrugged. “Maybe.”"); one after it is as often the listener's reaction, so it counts for less
        first_q = quotes[open_q[0]]
        leading = [b for b in beats if b[0] < first_q.start]
        off, _si, cid, conf = (
            max(leading, key=lambda b: b[0]) if leading else min(beats, key=lambda b: abs(b[0] - first_q.start))
        )
        if not leading:
            conf -= 0.1
        del off
        for qi in open_q:
            _set(quotes[qi], cid, "action-beat", conf)
        owner = cid
    if owner is not None:
        # a quote without a tag goes on the turn of the quote before it in the paragraph ("“Yes,” he said.
        # “We should go.”"), or of the one after it when it leads
        for n, qi in enumerate(qids):
            q = quotes[qi]
            if q.speaker is not None or qi not in open_q:
                continue
            near = next((quotes[k].speaker for k in reversed(qids[:n]) if quotes[k].speaker), None)
            near = near or next((quotes[k].speaker for k in qids[n + 1 :] if quotes[k].speaker), None)
            _set(q, near or owner, "paragraph")
    # every action beat is evidence for the conversation decoder: one before the first quote counts most
    first_start = quotes[qids[0]].start
    ev.beats[pi] = [(cid, conf * (_BEAT_BEFORE if off < first_start else _BEAT_AFTER)) for off, _si, cid, conf in beats]
    # vocatives: addressees from names spoken to inside the quotes
    for qi in qids:
        q = quotes[qi]
        if not _speech_quote(q):
            continue
        voc = _vocative(doc, pi, d, base, q, mention_at)
        if voc is None:
            continue
        ev.vocative[qi] = voc
        if not q.addressees and voc != q.speaker:
            q.addressees = [voc]


def _loose_tag(
    doc: Document, pi: int, d: Doc, off: int, si: int, base: int, flags: list[bool], lex: _Lex,
    speakers: _Speakers, mention_at: dict[tuple[int, int], Mention], pclass: dict[str, str], state: _State,
) -> _Tag | None:
    """The tag right after a quote ending in a comma when its verb is not in the lexicon: the first verb of
    the narration that follows, within a few words and the same sentence."""
    k = _token_at(d, off)
    while k < len(d) and flags[k]:
        k += 1
    for tok in d[k : k + 5]:
        if flags[tok.i] or tok.is_punct:
            break
        if tok.pos_ == "VERB":
            tag = _tag_of(doc, pi, tok, "speech", si, base, flags, lex, speakers, mention_at, pclass, state)
            if tag is not None and tag.character is not None:
                return tag
            return None
    return None


def _orphan_tag(
    doc: Document, pi: int, d: Doc, by_para: dict[int, list[int]], lex: _Lex, speakers: _Speakers,
    mention_at: dict[tuple[int, int], Mention], pclass: dict[str, str], state: _State,
) -> None:
    """A short narrative paragraph with a speech tag and no quote ("Big Medicine bellowed, close beside him.")
    tags the unattributed quote right before it; failing that, it is an action beat for the quote after it."""
    flags = [False] * len(d)
    base = doc.paragraphs[pi].start
    for tok in d:
        if lex.tag_kind(tok.lower_) != "speech":
            continue
        if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in tok.children):
            continue  # "he said nothing", "she asked him to stay": not a tag for a quote
        tag = _tag_of(doc, pi, tok, "speech", 0, base, flags, lex, speakers, mention_at, pclass, state)
        if tag is None or tag.character is None:
            continue
        quotes = doc.analysis.quotes
        prev = by_para.get(pi - 1)
        if prev and all(quotes[q].speaker is None for q in prev if _speech_quote(quotes[q])):
            for q in prev:
                if _speech_quote(quotes[q]):
                    _set(quotes[q], tag.character, tag.method, CONF[tag.method] - 0.1)
            state.recent.append((pi, tag.character))
        return


def _token_at(d: Doc, off: int) -> int:
    lo, hi = 0, len(d) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if d[mid].idx <= off:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _set(q: Quote, cid: str, method: str, conf: float | None = None) -> None:
    q.speaker = cid
    q.method = method
    q.confidence = CONF[method] if conf is None else conf


def _resolve(
    doc: Document, pi: int, tok: Token, mention_at: dict[tuple[int, int], Mention], pclass: dict[str, str],
    speakers: _Speakers, state: _State, lex: _Lex, allow_description: bool,
) -> tuple[str | None, str]:
    """The character a subject token stands for, and how: ("c3", "explicit"), ("c1", "anaphoric"), ..."""
    m = mention_at.get((pi, tok.i))
    cls = pclass.get(tok.lower_)
    if m is not None and m.character is not None:
        g = speakers.gender.get(m.character, "unknown")
        if not (m.kind == "pronoun" and cls in ("male", "female") and g in ("male", "female") and g != cls):
            return m.character, ("explicit" if m.kind == "name" else "anaphoric")
    if cls == "first" and tok.lower_ in _FIRST:
        return speakers.narrator_id(doc.paragraphs[pi].start + tok.idx), "anaphoric"
    if cls in ("male", "female"):
        for para, cid in reversed(state.recent[-20:]):
            if pi - para > _LOOKBACK:
                break
            if cid != speakers.narrator and speakers.gender.get(cid, "unknown") in ("unknown", cls):
                return cid, "anaphoric"
        return None, "anaphoric"
    if m is not None and m.kind != "description":
        return None, "explicit"
    if not allow_description or tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ in lex.nonperson:
        return None, "descriptive"
    # a description: "the girl", "his brother", "the old man"
    words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ in ("det", "amod", "compound", "poss") or t.i == tok.i]
    key = " ".join(t.lower_ for t in words if t.dep_ != "det" or t.lower_ in ("the",)) or tok.lower_
    poss = next((t for t in tok.children if t.dep_ == "poss"), None)
    if poss is not None:
        return None, "descriptive"  # "his brother": left to the conversation
    if tok.pos_ == "PROPN":
        return None, "explicit"
    cid = speakers.describe(key, tok.lower_, doc.paragraphs[pi].start + tok.idx)
    start = doc.paragraphs[pi].start + words[0].idx
    end = doc.paragraphs[pi].start + tok.idx + len(tok.text)
    speakers.new_mentions.append(
        Mention(start, end, pi, words[0].i, tok.i + 1, "description", doc.text[start:end], character=cid)
    )
    return cid, "descriptive"


def _tag_of(
    doc: Document, pi: int, verb: Token, kind: str, si: int, base: int, flags: list[bool], lex: _Lex,
    speakers: _Speakers, mention_at: dict[tuple[int, int], Mention], pclass: dict[str, str], state: _State,
) -> _Tag | None:
    if _reported(verb, flags):
        return None
    subj = _subject(verb, flags) if verb.pos_ in ("VERB", "AUX") else None
    if subj is not None and flags[subj.i]:
        subj = None  # a word of the quotation itself, misparsed as the tag's subject
    if subj is None or subj.lower_ not in _NOMINATIVE and subj.pos_ not in ("PROPN", "NOUN"):
        adj = _adjacent_subject(verb, mention_at, pi)
        subj = adj if adj is not None and not flags[adj.i] else subj
    if subj is None:
        return None
    if subj.lower_ in lex.written_nouns or (subj.pos_ == "NOUN" and subj.lower_ in lex.written_nouns):
        return _Tag(base + verb.idx, si, None, "explicit", "written")
    cid, method = _resolve(doc, pi, subj, mention_at, pclass, speakers, state, lex, allow_description=True)
    hearer = _hearer(doc, pi, verb, flags, mention_at, pclass, speakers, state, lex)
    if hearer is not None and cid == hearer:
        # "Mary heard her say": the speaker is who is heard, never the hearer
        cid = _recent_other(subj, pclass, speakers, state, pi, hearer)
    remembered = kind == "speech" and any(c.lower_ == "had" and c.dep_ == "aux" for c in verb.children)
    return _Tag(
        base + verb.idx, si, cid, method, kind,
        addressee=_addressee(verb, mention_at, pi), remembered=remembered, pron=pclass.get(subj.lower_),
        stranger=cid is None and subj.lower_ in lex.nonperson,
    )


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


def _recent_other(
    subj: Token, pclass: dict[str, str], speakers: _Speakers, state: _State, pi: int, other: str
) -> str | None:
    """The latest character of the subject pronoun's gender in the recent narration who is not ``other``."""
    cls = pclass.get(subj.lower_)
    if cls not in ("male", "female"):
        return None
    for para, cid in reversed(state.recent[-20:]):
        if pi - para > _LOOKBACK:
            break
        if cid != other and cid != speakers.narrator and speakers.gender.get(cid, "unknown") == cls:
            return cid
    return None


def _reported(verb: Token, flags: list[bool]) -> bool:
    """A speech verb that carries its own content in narration, not a tag for a quotation: "Mr. Bennet replied
    that he had not", "he said nothing", "she asked him to stay"."""
    for c in verb.children:
        if flags[c.i]:
            continue
        if c.dep_ in ("ccomp", "xcomp") and not any(flags[t.i] for t in c.subtree):
            return True
        if (
            c.dep_ == "dobj" and c.i > verb.i and c.pos_ in ("PRON", "NOUN") and c.lower_ not in _OBJECT_PRONOUNS
            and any(s.dep_ == "nsubj" and s.i < verb.i for s in verb.children)
        ):
            return True
    return False


def _beat_subject(
    doc: Document, pi: int, subj: Token, mention_at: dict[tuple[int, int], Mention], pclass: dict[str, str],
    speakers: _Speakers, state: _State, lex: _Lex,
) -> tuple[str | None, float]:
    if subj.lower_ in lex.beat_skip:
        return None, 0.0
    cid, method = _resolve(doc, pi, subj, mention_at, pclass, speakers, state, lex, allow_description=False)
    if cid is None:
        # "Dean's voice was rough": the possessor of the subject
        for c in subj.children:
            if c.dep_ == "poss":
                cid, method = _resolve(doc, pi, c, mention_at, pclass, speakers, state, lex, allow_description=False)
                if cid is not None:
                    return cid, CONF["action-beat"] - 0.1
        return None, 0.0
    return cid, CONF["action-beat"] if method == "explicit" else CONF["action-beat"] - 0.05


def _vocative(
    doc: Document, pi: int, d: Doc, base: int, q: Quote, mention_at: dict[tuple[int, int], Mention]
) -> str | None:
    """A name inside the quote set off like an address: "Sam, listen", "Damn it, Sam!", "Hey Sam"."""
    a = _token_at(d, q.start - base)
    b = _token_at(d, q.end - base - 1)
    for i in range(a, b + 1):
        m = mention_at.get((pi, i))
        if m is None or m.kind != "name" or m.character is None or m.tok != i:
            continue
        before = d[m.tok - 1] if m.tok > 0 else None
        after = d[m.tok_end] if m.tok_end < len(d) else None
        open_before = before is None or before.is_punct or before.is_quote or before.lower_ in ("hey", "oh", "dear")
        open_before = open_before and (before is None or base + before.idx >= q.start or before.is_quote)
        close_after = after is None or (after.is_punct and after.text not in ("'s", "’s"))
        if open_before and close_after:
            return m.character
    return None


@dataclass
class _Turn:
    para: int
    qids: list[int]
    speaker: str | None
    anchored: bool
    addressee: str | None


def _conversations(
    doc: Document, quotes: list[Quote], infos: list[QuoteInfo], narr_words: list[int]
) -> list[list[_Turn]]:
    """Turns (quote paragraphs) grouped into conversations, split at scene breaks and long narration."""
    convs: list[list[_Turn]] = []
    cur: list[_Turn] = []
    last_para = -10
    gap_words = 0
    by_para: dict[int, list[int]] = {}
    for qi, info in enumerate(infos):
        if _spoken(quotes[qi]):
            by_para.setdefault(info.para, []).append(qi)
    paras = doc.paragraphs
    for pi in sorted(by_para):
        qids = by_para[pi]
        if cur:
            gap = pi - last_para - 1
            gap_words = sum(narr_words[last_para + 1 : pi]) if gap > 0 else 0
            if paras[pi].scene != paras[last_para].scene or gap >= _GAP_PARAS or gap_words > _GAP_WORDS:
                convs.append(cur)
                cur = []
        if cur and infos[qids[0]].continues and cur[-1].para == pi - 1:
            cur[-1].qids.extend(qids)  # the same turn goes on
            last_para = pi
            continue
        sp = next((quotes[q].speaker for q in qids if quotes[q].speaker), None)
        anchored = any(quotes[q].speaker and quotes[q].method not in ("context",) for q in qids)
        ad = next((quotes[q].addressees[0] for q in qids if quotes[q].addressees), None)
        cur.append(_Turn(pi, qids, sp, anchored, ad))
        last_para = pi
    if cur:
        convs.append(cur)
    return convs


# --------------------------------------------------------------------------------------------------------------
# the conversation decoder: scores add up like log-odds

_W_TAG = {"explicit": 6.0, "continuation": 6.0, "descriptive": 4.0, "anaphoric": 3.5}
_W_ORPHAN = 2.5  # a short tag paragraph right before ("Irish laughed.")
_W_WRONG_GENDER = -4.0  # "he said" for a character known to be a woman
_W_VOCATIVE_SELF = -6.0  # nobody calls themselves by name
_W_NAMED = 0.1  # named in the turn's narration or just before the conversation
_W_ADDRESSEE = 1.0  # spoken to somewhere in the conversation: a participant
_T_ALT = 1.0  # a new paragraph, a new speaker
_T_SAME = -2.5  # the same speaker twice running without a continuation
_T_ABAB = 1.5  # the one before last speaks again: a two-person exchange
_T_ADDR = 2.5  # the one spoken to answers
_GAP_SCALE = 0.5  # turn-taking counts for less across narration paragraphs
_MAX_PARTICIPANTS = 6
# an action beat's weight (times its confidence): before the turn's first quote, after it (often the listener)
_BEAT_BEFORE = 3.0
_BEAT_AFTER = 0.5
_STRANGER = ""  # the state of a turn spoken by someone the text does not name ("a voice said")
_W_STRANGER = 4.0
# the decoder may overrule an anaphoric tag (the character stage's pronoun) when the conversation disagrees:
# 0 never, 1 when nothing else in the conversation supports the pronoun's character, 2 always
ANAPHORIC_OVERRIDE = 1
_W_ANAPHORIC_WEAK = 1.5  # a pronoun resolved to a character nothing else in the conversation supports
_SUPPORT = 1.0  # evidence (beyond pronoun tags) that makes a character a plausible participant


def _decode(
    doc: Document, quotes: list[Quote], infos: list[QuoteInfo], narr_words: list[int], speakers: _Speakers,
    narrated: set[str], ev: _Evidence,
) -> None:
    """Each conversation's speaker sequence, by second-order Viterbi over its turns (states: its participants)."""
    for conv in _conversations(doc, quotes, infos, narr_words):
        _decode_conversation(quotes, conv, speakers, narrated, ev)


def _decode_conversation(
    quotes: list[Quote], conv: list[_Turn], speakers: _Speakers, narrated: set[str], ev: _Evidence
) -> None:
    n = len(conv)
    emit: list[dict[str, float]] = []
    strong: list[dict[str, tuple[float, str]]] = []  # turn -> character -> (weight, method) of its best evidence
    addr: list[str | None] = []
    pron: list[str | None] = []
    total: dict[str, float] = {}
    evidence = False
    prev_para = conv[0].para - 4
    anaph_at: list[tuple[int, str]] = []  # (turn, character) of pronoun tags
    stranger: list[bool] = []  # turns tagged as spoken by nobody we know
    for t in conv:
        e: dict[str, float] = {}
        best: dict[str, tuple[float, str]] = {}

        def add(cid: str, w: float, method: str, e: dict[str, float] = e,
                best: dict[str, tuple[float, str]] = best) -> None:
            e[cid] = e.get(cid, 0.0) + w
            if w > 0 and (cid not in best or w > best[cid][0]):
                best[cid] = (w, method)

        tags: dict[str, tuple[float, str]] = {}
        tpron: str | None = None
        voc: set[str] = set()
        ad: str | None = None
        for qi in t.qids:
            q = quotes[qi]
            if q.speaker and q.method in _W_TAG:
                w = _W_TAG[q.method]
                if q.speaker not in tags or w > tags[q.speaker][0]:
                    tags[q.speaker] = (w, q.method)
                if q.method == "anaphoric":
                    tpron = ev.tag_pron.get(qi) or tpron
            called = ev.vocative.get(qi)
            if called is not None:
                voc.add(called)
            voc.update(a for a in q.addressees if a != q.speaker)
            if ad is None and q.addressees and q.addressees[0] in narrated:
                ad = q.addressees[0]
        for cid, (w, method) in tags.items():
            add(cid, w, method)
            if method == "anaphoric":
                anaph_at.append((len(emit), cid))
        is_stranger = not tags and any(qi in ev.stranger for qi in t.qids)
        stranger.append(is_stranger)
        orphan = None if is_stranger else ev.orphan.get(t.para)
        if not is_stranger:
            for cid, w in ev.beats.get(t.para, []):
                add(cid, w, "action-beat")
        if orphan is not None:
            add(orphan, _W_ORPHAN, "action-beat")
        for cid in voc:
            if cid in narrated:
                add(cid, _W_VOCATIVE_SELF, "vocative")
        seen: set[str] = set()
        for para in range(max(prev_para + 1, t.para - 3), t.para + 1):
            for cid in ev.named.get(para, []):
                if cid not in seen and cid != speakers.narrator:
                    seen.add(cid)
                    add(cid, _W_NAMED, "context")
        prev_para = t.para
        evidence = evidence or bool(tags) or bool(ev.beats.get(t.para)) or ad is not None or orphan is not None
        for cid, w in e.items():
            if w > 0:
                total[cid] = total.get(cid, 0.0) + w
        if ad is not None:
            total[ad] = total.get(ad, 0.0) + _W_ADDRESSEE
        emit.append(e)
        strong.append(best)
        addr.append(ad)
        pron.append(tpron)
    if not evidence:
        return  # nothing to go on: the context step may still guess
    # a pronoun the character stage resolved to someone nothing else puts in this conversation is weak evidence
    support = dict(total)
    for _k, cid in anaph_at:
        support[cid] = support.get(cid, 0.0) - _W_TAG["anaphoric"]
    weak: set[tuple[int, str]] = set()
    for k, cid in anaph_at:
        if support[cid] < _SUPPORT:
            weak.add((k, cid))
            emit[k][cid] += _W_ANAPHORIC_WEAK - _W_TAG["anaphoric"]
            if cid in total:
                total[cid] += _W_ANAPHORIC_WEAK - _W_TAG["anaphoric"]
    parts = sorted(total, key=lambda c: -total[c])[:_MAX_PARTICIPANTS]
    if not parts:
        return
    if any(stranger):
        # "a voice said": a state of its own, so that the turns around it still alternate
        parts.append(_STRANGER)
        for k in range(n):
            emit[k][_STRANGER] = _W_STRANGER if stranger[k] else -_W_STRANGER
    # a pronoun tag rules out characters of the other gender
    for k in range(n):
        if pron[k] in ("male", "female"):
            for cid in parts:
                g = speakers.gender.get(cid, "unknown")
                if g in ("male", "female") and g != pron[k]:
                    emit[k][cid] = emit[k].get(cid, 0.0) + _W_WRONG_GENDER
    m = len(parts)
    em = [[emit[k].get(c, 0.0) for c in parts] for k in range(n)]
    ad_ix = [parts.index(a) if a in parts else -1 for a in addr]
    scale = [1.0] + [1.0 if conv[k].para - conv[k - 1].para == 1 else _GAP_SCALE for k in range(1, n)]

    # per turn k > 0 and speaker c: the score of c taking turn k after another speaker (alternation, and the
    # one spoken to answering) and after themselves; the one before last speaking again adds ``abab``
    alt = [[0.0] * m] + [
        [em[k][c] + _T_ALT * scale[k] + (_T_ADDR if ad_ix[k - 1] == c else 0.0) for c in range(m)]
        for k in range(1, n)
    ]
    same = [[0.0] * m] + [[em[k][c] + _T_SAME * scale[k] for c in range(m)] for k in range(1, n)]
    abab = [0.0] + [_T_ABAB * scale[k] for k in range(1, n)]
    neg = float("-inf")
    # forward: alpha[k][a*m+b] = best score of turns 0..k with turn k-1 by a and turn k by b (a = m: no turn)
    w = m + 1
    rng = range(m)
    alpha: list[list[float]] = []
    cur = [neg] * (w * m)
    for b in rng:
        cur[m * m + b] = em[0][b]
    alpha.append(cur)
    for k in range(1, n):
        nxt = [neg] * (w * m)
        alt_k, same_k, ab = alt[k], same[k], abab[k]
        for a in range(w):
            for b in rng:
                v0 = cur[a * m + b]
                if v0 == neg:
                    continue
                row = b * m
                for c in rng:
                    v = v0 + (same_k[c] if c == b else alt_k[c] + (ab if c == a else 0.0))
                    if v > nxt[row + c]:
                        nxt[row + c] = v
        cur = nxt
        alpha.append(cur)
    # backward: beta[k][a*m+b] = best score of turns k+1.. given turns k-1, k by a, b
    beta: list[list[float]] = [[]] * n
    cur = [0.0] * (w * m)
    beta[n - 1] = cur
    for k in range(n - 1, 0, -1):
        prv = [neg] * (w * m)
        alt_k, same_k, ab = alt[k], same[k], abab[k]
        for a in range(w):
            for b in rng:
                row = b * m
                prv[a * m + b] = max(
                    (same_k[c] if c == b else alt_k[c] + (ab if c == a else 0.0)) + cur[row + c] for c in rng
                )
        cur = prv
        beta[k - 1] = cur
    for k, t in enumerate(conv):
        marg = [neg] * m
        for a in range(w):
            for b in range(m):
                v = alpha[k][a * m + b] + beta[k][a * m + b]
                if v > marg[b]:
                    marg[b] = v
        order = sorted(range(m), key=lambda i: -marg[i])
        c = order[0]
        margin = marg[c] - marg[order[1]] if m > 1 else 4.0
        conf = round(min(0.97, 0.3 + 0.65 * (1.0 - math.exp(-margin / 4.0))), 3)
        cid = parts[c]
        if cid == _STRANGER:
            continue  # left without a speaker (and kept from the context step)
        w_, method = strong[k].get(cid, (0.0, "turn-taking"))
        if method == "context":
            method = "turn-taking"
        if method == "turn-taking" and k > 0 and addr[k - 1] == cid:
            method = "vocative"
        _assign_turn(quotes, t, cid, method, conf, ev, speakers, {c for kk, c in weak if kk == k})
        t.speaker = cid


def _assign_turn(
    quotes: list[Quote], t: _Turn, cid: str, method: str, conf: float, ev: _Evidence, speakers: _Speakers,
    weak: set[str],
) -> None:
    for qi in t.qids:
        q = quotes[qi]
        if q.speaker is not None and q.method in ("explicit", "descriptive", "continuation"):
            if q.speaker == cid:
                q.confidence = max(q.confidence, conf)
            continue
        if q.speaker is not None and q.method == "anaphoric":
            if q.speaker == cid:
                q.confidence = max(q.confidence, conf)
                continue
            p = ev.tag_pron.get(qi)
            g = speakers.gender.get(cid, "unknown")
            allowed = ANAPHORIC_OVERRIDE == 2 or (ANAPHORIC_OVERRIDE == 1 and q.speaker in weak)
            if not allowed or (p in ("male", "female") and g in ("male", "female") and g != p):
                continue
            _set(q, cid, "anaphoric", conf)  # the pronoun, read as the other participant
            continue
        if q.speaker == cid and q.method in ("paragraph", "action-beat"):
            q.confidence = max(q.confidence, conf)
            continue
        _set(q, cid, method if method in CONF else "turn-taking", conf)


def _context(
    doc: Document, quotes: list[Quote], infos: list[QuoteInfo], state: _State, stranger: set[int]
) -> None:
    """Last resort: the character last named in narration before the quote (within a few paragraphs)."""
    recent = state.recent
    k = 0
    last: list[tuple[int, str]] = []
    for qi, q in enumerate(quotes):
        pi = infos[qi].para
        while k < len(recent) and recent[k][0] < pi:
            last.append(recent[k])
            k += 1
        if q.speaker is not None or not _spoken(q) or qi in stranger:
            continue
        for para, cid in reversed(last[-8:]):
            if pi - para > _LOOKBACK:
                break
            if cid in q.addressees:
                continue
            _set(q, cid, "context")
            break


def _exchange_addressees(doc: Document, quotes: list[Quote], infos: list[QuoteInfo], narr_words: list[int]) -> None:
    for conv in _conversations(doc, quotes, infos, narr_words):
        for k, t in enumerate(conv):
            if t.speaker is None:
                continue
            other = None
            for j in (k - 1, k + 1):
                if 0 <= j < len(conv) and conv[j].speaker and conv[j].speaker != t.speaker:
                    other = conv[j].speaker
                    break
            if other is None:
                continue
            for qi in t.qids:
                if not quotes[qi].addressees and quotes[qi].speaker == t.speaker:
                    quotes[qi].addressees = [other]
