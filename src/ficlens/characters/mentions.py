"""Character mentions: proper names, personal pronouns and descriptions ("the older Winchester").

Names come from the name scan (``name_scan``); whether a name is a character is decided once per distinct name
over the whole story from its votes (``name_votes``); a fandom's world words are masked first (``world``).
spaCy's NER alone misses many fan-fiction names.

Everything is one linear pass over the parsed paragraphs plus one pass over the distinct names."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from spacy.attrs import IS_PUNCT, IS_SPACE, SENT_START
from spacy.tokens import Doc

from ..document import Document, Mention
from ..fandoms.kb import KnowledgeBase
from ..fandoms.kb_model import KBCharacter
from ..fandoms.surfaces import KeyEnds, normalize_surface
from ..lexicons import pronoun_class
from .lex import Lexicon, lexicon
from .name_scan import _role, _Run, _scan_names, _strip_possessive
from .name_votes import _accepted, _scan_shapes, _Votes, place_tails
from .world import _shown, _world, _world_ends, _world_hits, _world_tokens

_DETS = {"the", "his", "her", "their", "my", "your", "our", "its"}
_MAX_DESC_WORDS = 5
_FIRST_WORD = re.compile(r"\w+")


@dataclass
class MentionIndex:
    """What the clustering needs beyond the mentions: sentence count and name votes."""

    sentences: int = 0
    votes: dict[str, _Votes] = field(default_factory=dict)


# a quotation mark that closes a quotation when it touches the word before it, and the marks that end a sentence
# or break one off before it
_CLOSING_QUOTES = frozenset({'"', "\u201d", "'", "\u2019"})
_SENTENCE_END = frozenset(".!?\u2026-\u2014\u2013")


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
        elif not (punct or space) and _after_closed_quote(d, i):
            initial[i] = True  # '“... goodbye--” Here Anne broke down': the parser ran the sentence on
    return sent_of, initial, k + 1


def _after_closed_quote(d: Doc, i: int) -> bool:
    """Whether token ``i`` follows a quotation that closed on a sentence's end or a broken-off word ('...if..."
    Then', 'goodbye--" Here'): narration starts there with a capital, whatever sentences the parser read."""
    if i < 2:
        return False
    quote, before = d[i - 1], d[i - 2]
    return (
        quote.text in _CLOSING_QUOTES and not before.whitespace_ and before.text[-1:] in _SENTENCE_END
        and bool(quote.whitespace_)
    )


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


def _titled_epithet(d: Doc, i: int, lx: Lexicon) -> int:
    """End token of an epithet written in capitals after "the" at token ``i`` ("the Invisible Man", "the Dark
    Lord"): one or two capitalised words before a capitalised noun for a person, which the tagger reads as a
    proper name and no list of names holds; 0 when there is none. The capitals must end at the noun ("the Old
    Man Winters" is someone's name)."""
    n = len(d)
    j = i + 1
    while j < n and j - i <= 3 and d[j].is_title and d[j].is_alpha and not d[j].is_sent_start:
        j += 1
    if j - i < 3 or d[j - 1].lower_ not in lx.descriptor_nouns:
        return 0
    if j < n and (d[j].is_title or d[j].pos_ in ("NOUN", "PROPN")):
        return 0
    return j


def find_mentions(doc: Document, kb: KnowledgeBase | None = None) -> tuple[list[Mention], MentionIndex]:
    """Name, pronoun and description mentions of every paragraph, in text order, unresolved."""
    lx = lexicon()
    pclass = pronoun_class()
    kb_desc: dict[str, list[KBCharacter]] = dict(kb.descriptions_index()) if kb is not None else {}
    desc_ends = _world_ends(kb.descriptions_index()) if kb is not None else None
    votes: dict[str, _Votes] = {}
    runs: list[_Run] = []
    others: list[Mention] = []
    epithets: list[Mention] = []
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
    notes = doc.work.notes  # a file's own header block ("Title: ...", "Author: ..."): no story, no characters
    for pi, d in enumerate(doc.docs):
        base = doc.paragraphs[pi].start
        sent_of, initial, k = _sentence_starts(d, base_sent)
        base_sent += k
        per_para_sent.append(sent_of)
        if any(s <= base and doc.paragraphs[pi].end <= e for s, e in notes):
            continue
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
            if low == "the" and tok.i >= skip_to and (e := _titled_epithet(d, tok.i, lx)):
                span = d[tok.i : e]
                start = base + span.start_char
                epithets.append(
                    Mention(
                        start, start + len(span.text), pi, tok.i, e, "name", span.text, in_quote=doc.in_quote(start),
                        gender_hint=lx.gendered_nouns.get(d[e - 1].lower_), key=normalize_surface(span.text),
                        sent=sent_of[e - 1], role=_role(d[e - 1]),
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
    tails = place_tails(ok, votes)
    names: list[Mention] = []
    for r in runs:
        if r.key not in ok:
            continue
        d = doc.docs[r.para]
        if r.key in tails:
            r = _without_place(d, r, *tails[r.key])
        span = d[r.s : r.e]
        base = doc.paragraphs[r.para].start
        text = _strip_possessive(span.text)
        start = base + span.start_char
        names.append(
            Mention(
                # a name wrapped over two lines reads with a space ("Mr. Beachfield\nDavis")
                start, start + len(text), r.para, r.s, r.e, "name", " ".join((r.display or text).split()),
                in_quote=doc.in_quote(start),
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
    # an epithet in capitals the story uses twice or more is what it calls someone ("the Invisible Man"): a name,
    # where no name was found and the knowledge base has no description of it ("the Dark Lord" is Voldemort's);
    # used once, it may be an inn or a book
    name_toks = {(m.para, t) for m in names for t in range(m.tok, m.tok_end)}
    epithets = [
        m for m in epithets
        if m.key not in kb_desc and not any((m.para, t) in name_toks for t in range(m.tok, m.tok_end))
    ]
    uses = Counter(m.key for m in epithets)
    epithets = [m for m in epithets if uses[m.key] >= 2]
    ep_at = {(m.para, m.tok) for m in epithets}
    others = [m for m in others if m.kind != "description" or (m.para, m.tok) not in ep_at]
    names += epithets
    out = names + others
    out.sort(key=lambda m: (m.start, m.end))
    index = MentionIndex(sentences=base_sent, votes=votes)
    del per_para_sent
    return out, index


def _without_place(d: Doc, r: _Run, head: str, n: int) -> _Run:
    """The run of a name without the ``n`` place words it ran into (``place_tails``), when its tokens end with
    them; otherwise the run as it is."""
    if r.e - n <= r.s or " ".join(t.lower_ for t in d[r.e - n : r.e]) != " ".join(r.key.split()[-n:]):
        return r
    last = d[r.e - n - 1]
    return replace(r, e=r.e - n, key=head, display=None, role=_role(last))


def group_by_key(mentions: list[Mention]) -> dict[str, list[Mention]]:
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.kind == "name":
            groups[m.key].append(m)
    return groups
