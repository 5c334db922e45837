"""Which fandoms a work belongs to, and which knowledge-base character each story character is.

Evidence for a fandom: its characters (the character stage lists, per story character, the knowledge-base
characters its names could be) and its distinctive terms. A character counts by how well its names pin the
fandom down: a full name the knowledge base knows ("Dean Winchester") is strong; a name only one fandom uses
and that is no common English first name ("Castiel") is good; a common or shared first name ("Rose", "Sam")
is weak, split among the fandoms that have it. Terms the knowledge base spells in lowercase ("expression",
"the other side") count as weak terms, and a capitalised term must be capitalised in the text.

Linking: a character with a known full name links to it; any other character links only to a candidate of a
fandom the rest of the story supports (so a "Rose" is Rose Tyler only in a Doctor Who story), never against
its gender or against a full name it has in the story. Two story characters linked to one knowledge-base
character are one character ("Slayer" and "Buffy"). Crossover: two or more universes each strongly supported
and each with a linked character.

Given tags: a downloaded work's own fandom and character tags (``doc.work.given``) are the author's word. A
tagged fandom is strongly supported (and reported even when the knowledge base does not know it); a tagged
character is preferred among a story character's candidates, and a story character the knowledge base cannot
link takes a tagged character whose name it shares or shortens ("Cas" for "Castiel (Supernatural)", "Mara"
for "Mara Quill").
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict
from dataclasses import dataclass

from spacy.attrs import LOWER

from ..characters.names import shortens
from ..document import Document
from ..model import Character, Evidence, FandomGuess, evidence_from
from ..settings import settings
from .kb import KnowledgeBase
from .kb_model import KBCharacter, KBFandom
from .surfaces import KeyEnds, first_word_ids, normalize_surface

_MAX_NGRAM = 5
# weights and thresholds: data/settings.toml [fandoms] (documented there)
_CFG = settings()["fandoms"]
_SUPPORT_MIN = _CFG["support_min"]
_SUPPORT_DISTINCT = _CFG["support_distinct"]
_CAST_BONUS = _CFG["cast_bonus"]
_CAST_TOP = _CFG["cast_top"]
_REPORT_SHARE = _CFG["report_share"]
_REPORT_MIN = _CFG["report_min"]
_CROSSOVER_SHARE = _CFG["crossover_share"]
_CROSSOVER_MIN = _CFG["crossover_min"]
_PRONOUNS = {"male": "he/him", "female": "she/her", "nonbinary": "they/them"}
_GIVEN_FANDOM = _CFG["given_fandom"]
_GIVEN_CONFIDENCE = _CFG["given_confidence"]
_PAREN = re.compile(r"\s*\([^)]*\)\s*$")
_WORD = re.compile(r"\w+")
_CAPITALISED = re.compile(r"\b[A-Z]\w+")


@dataclass(frozen=True)
class _Term:
    fandom: KBFandom
    strong: bool
    capitalised: bool


_TERM_CACHE: weakref.WeakKeyDictionary[KnowledgeBase, tuple[dict[str, list[_Term]], frozenset[str], KeyEnds]] = (
    weakref.WeakKeyDictionary()
)


def _terms(kb: KnowledgeBase) -> tuple[dict[str, list[_Term]], frozenset[str], KeyEnds]:
    """normalised term -> its fandoms; the first words of all terms and how terms end (to skip most tokens and
    n-grams fast)."""
    cached = _TERM_CACHE.get(kb)
    if cached is not None:
        return cached
    index: dict[str, list[_Term]] = defaultdict(list)
    for fandom in kb:
        done: set[str] = set()
        keyed = [(t, True) for t in (*fandom.terms, *fandom.vocabulary_words)]
        for term, strong in keyed + [(t, False) for t in fandom.weak_terms]:
            key = normalize_surface(term)
            if key in done:
                continue
            done.add(key)
            lowercase = term == term.lower()
            index[key].append(_Term(fandom, strong and not lowercase, term[:1].isupper()))
    firsts = frozenset(m.group() for k in index if (m := _WORD.match(k)))
    result = (dict(index), firsts, KeyEnds.of(index))
    _TERM_CACHE[kb] = result
    return result


def term_hits(doc: Document, kb: KnowledgeBase) -> dict[str, list[tuple[int, int, bool]]]:
    """Fandom name -> (start, end, strong) of every distinctive term found in the text."""
    index, firsts, ends = _terms(kb)
    first_ids = first_word_ids(firsts)
    hits: dict[str, list[tuple[int, int, bool]]] = defaultdict(list)
    text = doc.text
    for pi, d in enumerate(doc.docs):
        base = doc.paragraphs[pi].start
        n = len(d)
        lows = d.to_array(LOWER).tolist() if n else []  # the lowercase forms' hashes, without a Token each
        i = 0
        while i < n:
            if lows[i] not in first_ids:
                i += 1
                continue
            tok = d[i]
            matched = 0
            for k in range(min(n, i + _MAX_NGRAM), i, -1):
                last = d[k - 1]
                if not ends.may_end(last.text, k - 1 > i and not text[base + last.idx - 1].isspace()):
                    continue
                s, e = base + tok.idx, base + last.idx + len(last.text)
                found = index.get(normalize_surface(text[s:e]))
                if not found:
                    continue
                for t in found:
                    if t.capitalised and not text[s].isupper():
                        continue
                    hits[t.fandom.name].append((s, e, t.strong))
                matched = k
                break
            i = matched if matched > i else i + 1
    return hits


def _full_names(c: Character) -> set[str]:
    """The character's names of two words or more, titles aside ("Miss Granger" is no full name)."""
    from ..characters.lex import lexicon

    titles = lexicon().titles
    out = set()
    for a in [c.name, *c.aliases]:
        if a[:1].islower():
            continue
        words = normalize_surface(a).split()
        while len(words) > 1 and words[0] in titles:
            words = words[1:]
        if len(words) > 1:
            out.add(" ".join(words))
    return out


def _strength(c: Character, cands: list[KBCharacter], common: frozenset[str] | dict[str, str]) -> tuple[float, bool]:
    """How strongly this character's names point at its candidates' fandoms, and whether by a full name."""
    fulls = _full_names(c)
    exact = any(fulls & {normalize_surface(s) for s in k.surfaces} for k in cands)
    if exact:
        return _CFG["name_full"], True
    fandoms = {k.fandom for k in cands}
    names = {normalize_surface(a) for a in c.aliases if not a[:1].islower()}
    is_common = any(n.split()[0] in common for n in names if n)
    if len(fandoms) == 1 and not is_common:
        return _CFG["name_distinct"], False
    return _CFG["name_shared"] / len(fandoms), False


def _by_surname(c: Character, kb: KnowledgeBase) -> list[KBCharacter]:
    """A character called by a bare surname no canonical character has as a name ("Weasley had jam on his
    sleeve"): the one principal character of the canon with that surname and a fitting gender (Ron), or none
    when there are several (Dean and Sam Winchester) or the gender is not known and more than one would do."""
    words = c.name.split()
    if len(words) != 1 or not c.name[:1].isupper() or any(" " in a for a in c.aliases):
        return []
    mains = [k for k in kb.characters_by_surname(c.name) if k.main and _fits(c, k)]
    return mains if len(mains) == 1 else []


def _fits(c: Character, k: KBCharacter) -> bool:
    """Gender and full names do not contradict the knowledge-base character."""
    if c.gender in ("male", "female") and k.gender in ("male", "female") and c.gender != k.gender:
        return False
    fulls = _full_names(c)
    if not fulls:
        return True
    surfaces = {normalize_surface(s) for s in k.surfaces}
    last = normalize_surface(k.name).split()[-1]
    known_words = {w for s in surfaces for w in s.split()}
    # a full name with a word the canonical character never has ("James Sirius Potter" is not "James Potter":
    # a namesake of another generation) does not fit
    return any(f in surfaces or (f.split()[-1] == last and set(f.split()) <= known_words) for f in fulls)


def _given_fandoms(doc: Document, kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    """The work's tagged fandoms: (knowledge-base fandom names, tags the knowledge base does not know)."""
    given = doc.work.given
    known: list[str] = []
    unknown: list[str] = []
    if given is None:
        return known, unknown
    by_alias: dict[str, str] = {}
    for f in kb:
        for a in (f.name, *f.aliases):
            by_alias.setdefault(normalize_surface(a), f.name)
    for tag in given.fandoms:
        name = by_alias.get(normalize_surface(tag)) or by_alias.get(normalize_surface(_PAREN.sub("", tag)))
        if name is not None:
            known.append(name)
        elif tag.strip():
            unknown.append(tag.strip())
    return list(dict.fromkeys(known)), list(dict.fromkeys(unknown))


def _tag_name(tag: str) -> str:
    """The name in a character tag: "Castiel (Supernatural)" -> "Castiel"."""
    return _PAREN.sub("", tag).strip()


def _given_character(c: Character, tags: list[str], taken: set[str]) -> str | None:
    """The one tagged character this story character is by name, or None."""
    names = [normalize_surface(a) for a in [c.name, *c.aliases] if a[:1].isupper()]
    words = {w for n in names for w in n.split()}
    fulls = {n for n in names if " " in n}
    hits = []
    for tag in tags:
        if tag in taken:
            continue
        tn = normalize_surface(_tag_name(tag))
        tw = tn.split()
        if not tw:
            continue
        same_full = any(f.split()[0] == tw[0] and f.split()[-1] == tw[-1] for f in fulls)
        # without a full name of its own: its first name is the tag's or shortens it, or it is the surname
        by_part = not fulls and (any(shortens(w, tw[0]) for w in words) or (len(tw) > 1 and tw[-1] in words))
        if tn in names or same_full or by_part:
            hits.append(tag)
    return hits[0] if len(hits) == 1 else None


def run(doc: Document, kb: KnowledgeBase) -> None:
    """Set ``doc.analysis.fandoms`` and ``crossover``; link characters to the knowledge base."""
    from ..characters.lex import lexicon

    analysis = doc.analysis
    given_known, given_unknown = _given_fandoms(doc, kb)
    given_tags = list(doc.work.given.characters) if doc.work.given is not None else []
    tagged = set(given_tags)
    text = doc.text
    common = lexicon().name_gender
    chars = analysis.characters
    first_span: dict[str, tuple[int, int]] = {}
    for m in doc.mentions:
        if m.character is not None and m.kind == "name" and m.character not in first_span:
            first_span[m.character] = (m.start, m.end)
    total_mentions = sum(c.mentions for c in chars) or 1
    cands: dict[str, list[KBCharacter]] = {}
    for c in chars:
        fitting = [k for k in doc.kb_candidates.get(c.id, []) if _fits(c, k)] or _by_surname(c, kb)
        if fitting:
            cands[c.id] = fitting
    # scores: characters
    scores: dict[str, float] = defaultdict(float)
    own: dict[tuple[str, str], float] = {}  # (character, fandom) -> its share of the fandom's score
    exact: dict[str, bool] = {}
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    distinctive: dict[str, bool] = {}
    for c in chars:
        ks = cands.get(c.id)
        if not ks:
            continue
        w, exact[c.id] = _strength(c, ks, common)
        distinctive[c.id] = w >= _CFG["name_distinct"]
        w *= 1.0 + _CFG["prominence"] * c.mentions / total_mentions
        for f in {k.fandom for k in ks}:
            scores[f] += w
            own[(c.id, f)] = w
    # scores: terms
    term_ev: dict[str, list[Evidence]] = defaultdict(list)
    term_distinct: dict[str, int] = {}
    for name, spots in term_hits(doc, kb).items():
        strong = [s for s in spots if s[2]]
        distinct = len({normalize_surface(text[s:e]) for s, e, _ in strong})
        term_distinct[name] = distinct
        weak = len(spots) - len(strong)
        scores[name] += (
            _CFG["term_distinct"] * min(distinct, _CFG["term_distinct_cap"])
            + _CFG["term_strong"] * min(len(strong), _CFG["term_strong_cap"])
            + _CFG["term_weak"] * min(weak, _CFG["term_weak_cap"])
        )
        for s, e, _ in strong[:3]:
            term_ev[name].append(evidence_from(text, s, e))
    bonus_fandoms: set[str] = set()
    for f, bonus in _cast_bonus(chars, cands).items():
        if term_ev.get(f):  # with some world term of the fandom: "Arthur" and "Gwen" alone are no Merlin story
            scores[f] += bonus
            bonus_fandoms.add(f)
    for name in given_known:
        scores[name] += _GIVEN_FANDOM
    # the eras of the characters a full name links surely ("Scorpius Malfoy": the next generation)
    eras = {k.era for c in chars if exact.get(c.id) for k in cands.get(c.id, []) if k.era}
    shown = _shown(chars, cands, term_distinct, analysis.work.words, bonus_fandoms) | set(given_known)
    # link characters
    linked: dict[str, KBCharacter] = {}
    for c in chars:
        ks = cands.get(c.id)
        if not ks:
            continue
        options = []
        for k in ks:
            if k.fandom not in shown and k.tag not in tagged:
                continue  # the story does not show this fandom: a shared name is no link to it
            others = scores[k.fandom] - own.get((c.id, k.fandom), 0.0)
            if k.tag in tagged:
                others += _GIVEN_FANDOM  # the work is tagged with this very character
            if exact.get(c.id) or others >= (_SUPPORT_DISTINCT if distinctive.get(c.id) else _SUPPORT_MIN):
                options.append((others, k.main, k))
        if not options:
            continue
        # among candidates of one fandom, the era (generation) of the story's surely linked characters first
        options.sort(key=lambda o: (-o[0], bool(eras) and o[2].era not in eras, not o[1]))
        best = options[0]
        same_era = not eras or (best[2].era in eras) == (len(options) > 1 and options[1][2].era in eras)
        tie = len(options) > 1 and options[1][0] == best[0] and options[1][1] == best[1] and same_era
        if tie and (options[1][2].fandom == best[2].fandom or not exact.get(c.id)):
            continue  # two equally good candidates: no evidence to choose
        linked[c.id] = best[2]
    chars = _merge_same(doc, chars, linked)
    _link_given(chars, linked, given_tags, given_known, given_unknown)
    for c in chars:
        kc = linked.get(c.id)
        if kc is None:
            continue
        c.name, c.fandom, c.ao3_tag = kc.name, kc.fandom, kc.tag
        if c.gender == "unknown" and kc.gender != "unknown":
            c.gender = kc.gender
            c.pronouns = _PRONOUNS.get(kc.gender)
        if len(evidence[kc.fandom]) < 3 and c.id in first_span:
            s, e = first_span[c.id]
            evidence[kc.fandom].append(evidence_from(text, s, e))
    # fandoms that only unlinked characters support drop their character score
    linked_fandoms = {k.fandom for k in linked.values()}
    final: dict[str, float] = {}
    for f, sc in scores.items():
        if f not in shown:
            continue
        if f not in linked_fandoms:
            sc -= sum(w for (cid, ff), w in own.items() if ff == f)
        if sc > 0:
            final[f] = sc
    if not final and not given_unknown:
        analysis.fandoms = []
        analysis.crossover = False
        return
    best_score = max(final.values(), default=0.0)
    guesses = [FandomGuess(name=f, confidence=_GIVEN_CONFIDENCE) for f in given_unknown]
    for name, score in sorted(final.items(), key=lambda kv: -kv[1]):
        if score < max(_REPORT_MIN, best_score * _REPORT_SHARE):
            continue
        conf = round(min(0.99, score / (score + 2.0)), 2)
        ev = (evidence[name] + term_ev[name])[:5]
        guesses.append(FandomGuess(name=name, confidence=conf, evidence=ev))
    analysis.fandoms = guesses
    _drop_exclamations(doc, kb, guesses, linked)
    crossing = [
        g.name for g in guesses
        if final.get(g.name, 0.0) >= max(_CROSSOVER_MIN, best_score * _CROSSOVER_SHARE) and g.name in linked_fandoms
    ]
    analysis.crossover = len({kb.universe_of(n) for n in crossing}) >= 2


def _drop_exclamations(
    doc: Document, kb: KnowledgeBase, guesses: list[FandomGuess], linked: dict[str, KBCharacter]
) -> None:
    """A name the story's fandom only swears by ("Oh, Merlin", "Merlin's beard" in a Harry Potter story) is no
    character of it: an unlinked character called only so is removed."""
    words: set[str] = set()
    for g in guesses:
        f = kb.fandom(g.name)
        if f is not None:
            for e in f.vocabulary.get("exclamations", ()):
                words.update(w.casefold() for w in _CAPITALISED.findall(e))
    if not words:
        return
    for c in list(doc.analysis.characters):
        if c.id in linked or c.ao3_tag:
            continue
        names = {normalize_surface(a) for a in [c.name, *c.aliases] if a[:1].isupper()}
        if names and names <= words:
            doc.registry.remove(c.id, f"an exclamation of the fandom ({c.name})")


def _shown(
    chars: list[Character], cands: dict[str, list[KBCharacter]], term_distinct: dict[str, int], words: int,
    bonus: set[str],
) -> set[str]:
    """Fandoms the story shows, whatever its length: its characters carry a good share of the story's name
    mentions, or its world terms are many for the text's length, or several of its principals are the story's
    (the cast bonus). A novel full of Johns, Marys and kings shows no fandom."""
    named = [c for c in chars if c.name[:1].isupper() and not c.name.lower().startswith(("the ", "you "))]
    total = sum(c.mentions for c in named) or 1
    share: dict[str, float] = defaultdict(float)
    for c in named:
        for f in {k.fandom for k in cands.get(c.id, [])}:
            share[f] += c.mentions / total
    need_terms = max(_CFG["shown_terms"], words / _CFG["shown_words_per_term"])
    out = {f for f, sh in share.items() if sh >= _CFG["shown_cast_share"]}
    out |= {f for f, n in term_distinct.items() if n >= need_terms}
    return out | bonus


def _cast_bonus(chars: list[Character], cands: dict[str, list[KBCharacter]]) -> dict[str, float]:
    """Several of the story's principal characters are principal characters of one fandom ("Sam" and "Dean"):
    evidence for that fandom beyond each name alone, when no other fandom has principals for the same ones."""
    top = sorted(chars, key=lambda c: -c.mentions)[:_CAST_TOP]
    members: dict[str, set[str]] = defaultdict(set)
    for c in top:
        for k in cands.get(c.id, []):
            if k.main:
                members[k.fandom].add(c.id)
    out: dict[str, float] = {}
    for f, ids in members.items():
        if len(ids) < 2:
            continue
        if any(g != f and len(ids & other) >= 2 for g, other in members.items()):
            continue  # "John" and "Mary" are principals of several fandoms: no evidence for one
        out[f] = _CAST_BONUS * (len(ids) - 1)
    return out


def _link_given(
    chars: list[Character], linked: dict[str, KBCharacter], tags: list[str], known: list[str], unknown: list[str]
) -> None:
    """Story characters the knowledge base did not link take the tagged character they are by name."""
    if not tags:
        return
    taken = {k.tag for k in linked.values()}
    fandoms = known + unknown
    for c in chars:  # most prominent first
        if c.id in linked or c.ao3_tag:
            continue
        tag = _given_character(c, tags, taken)
        if tag is None:
            continue
        taken.add(tag)
        name = _tag_name(tag)
        if c.name and c.name not in c.aliases and c.name != name:
            c.aliases.append(c.name)
        c.name, c.ao3_tag = name, tag
        if len(fandoms) == 1:
            c.fandom = fandoms[0]


def _merge_same(doc: Document, chars: list[Character], linked: dict[str, KBCharacter]) -> list[Character]:
    """Propose merging story characters linked to the same knowledge-base character into the most prominent."""
    host: dict[tuple[str, str], Character] = {}
    for c in list(chars):  # most prominent first
        k = linked.get(c.id)
        if k is None:
            continue
        h = host.get((k.fandom, k.tag))
        if h is None:
            host[(k.fandom, k.tag)] = c
            continue
        doc.registry.merge(c.id, h.id, f"fandom: both are {k.tag}")
        del linked[c.id]
    doc.registry.reconcile()
    return doc.analysis.characters


__all__ = ["run", "term_hits"]
