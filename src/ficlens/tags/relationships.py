"""Relationship tags (AO3 form) and categories, from romance and sexual events between two characters.

Each sentence with a romance, sexual, first-kiss, confession or pining cue credits the characters it involves
(names and resolved pronouns in it, the speaker and addressees of the quotation it is in, a first-person
narrator's "I"): every pair among them, shared when more are involved; a sentence involving one character credits
that character and their closest partner (the strongest interaction) at a discount — "she kissed him" often has
one name. A pair becomes a romantic "A/B" tag when its score reaches ``min_romantic_score`` and it is the
closest bond of at least one of the two (the pair the story is about, not every co-occurrence); siblings and
family (same surname, or family cues outweighing romance) are never romantic. Important platonic pairs ("A & B")
are the closest bonds that are not romantic or hostile, with enough interaction. Weights and thresholds:
``tags/data/relationships.toml``. Names are the characters' AO3 tags, alphabetical, one shared fandom
disambiguator kept once ("Aziraphale/Crowley (Good Omens)").

Categories: F/M, M/M, F/F from the pairs and the characters' genders ("Other" when a gender is unknown), "Multi"
with two or more real pairs of different kinds or sharing a character; "Gen" with no romantic pair.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from itertools import combinations

from ..document import Document
from ..lexicons import pronoun_class, table
from ..model import Character, Evidence, Quote, RelationshipTag, TagValue, evidence_from
from .text import Sentence

_DISAMBIG = re.compile(r"\s*\(([^)]*)\)\s*$")
_LETTER = {"male": "M", "female": "F"}


def _settings() -> dict[str, float]:
    return {k: float(v) for k, v in table("tags/data/relationships.toml")["settings"].items()}


def _strong() -> list[str]:
    return list(table("tags/data/relationships.toml")["strong"])


_PLURAL = frozenset({"they", "them", "their", "both", "together"})
_HOSTILE = ("violence", "torture", "enmity", "gore")


def _weights() -> dict[str, float]:
    return {k: float(v) for k, v in table("tags/data/relationships.toml")["weights"].items()}


def tag_name(c: Character) -> str:
    return c.ao3_tag or c.name


def ao3_pair(names: list[str], sep: str) -> str:
    """The AO3 form of a relationship: names alphabetical, a disambiguator shared by all written once at the end."""
    parts = []
    dis = []
    for n in names:
        m = _DISAMBIG.search(n)
        dis.append(m.group(1) if m else None)
        parts.append(_DISAMBIG.sub("", n) if m else n)
    if len(set(dis)) == 1 and dis[0] is not None:
        return sep.join(sorted(parts)) + f" ({dis[0]})"
    return sep.join(sorted(names))


_THIRD = frozenset({"he", "him", "his", "she", "her", "hers"})


def _involved(doc: Document, s: Sentence, by_sent: dict[int, set[str]], narrator: dict[int, str]) -> set[str]:
    """The characters a sentence involves: those named or referred to in its narration, the speakers and the
    addressees of the quotations in it, and a first-person narrator. Characters named inside a quotation are
    talked about, not involved; a quotation about a third person ("you keep staring at him") involves neither
    its speaker nor its addressee."""
    out = set(by_sent.get(s.index, set()))
    quotes = _quotes_by_start(doc)
    i = bisect.bisect_left(doc._quote_starts, s.start) - 1
    for qs, qe in doc.quote_spans[max(0, i) :]:
        if qs >= s.end:
            break
        if qe <= s.start:
            continue
        span = s.span
        inside = [t for t in span if qs <= s.start + (t.idx - span.start_char) < qe]
        if any(t.lower_ in _THIRD for t in inside):
            continue
        q = quotes.get(qs)
        if q is not None:
            if q.speaker:
                out.add(q.speaker)
            out.update(q.addressees)
    me = narrator.get(s.scene)
    if me is not None and not s.quoted:
        pclass = pronoun_class()
        span = s.span
        if any(pclass.get(t.lower_) == "first" and not doc.in_quote(s.start + t.idx - span.start_char)
               for t in span):
            out.add(me)
    return out


def _quotes_by_start(doc: Document) -> dict[int, Quote]:
    cached: dict[int, Quote] | None = getattr(doc, "_tag_quotes", None)
    if cached is None or len(cached) != len(doc.analysis.quotes):
        cached = {q.start: q for q in doc.analysis.quotes}
        object.__setattr__(doc, "_tag_quotes", cached)
    return cached


def _mention_sets(doc: Document, sents: list[Sentence]) -> dict[int, set[str]]:
    by_para: dict[int, list[Sentence]] = defaultdict(list)
    for s in sents:
        by_para[s.para].append(s)
    out: dict[int, set[str]] = defaultdict(set)
    for m in doc.mentions:
        if m.character is None or m.in_quote:
            continue
        for s in by_para.get(m.para, []):
            if s.tok_start <= m.tok < s.tok_end:
                out[s.index].add(m.character)
                break
    return out


def _surname(c: Character) -> str | None:
    words = _DISAMBIG.sub("", tag_name(c)).split()
    return words[-1].lower() if len(words) >= 2 else None


Pair = tuple[str, str]


def pair_scores(
    doc: Document, sents: list[Sentence]
) -> tuple[dict[Pair, float], dict[Pair, float], dict[Pair, list[Sentence]], dict[str, str], dict[Pair, int]]:
    """(romance score, family score, romance sentences) per pair of cast members, each one's closest partner
    (strongest interaction), and the hostile sentences (violence, torture, enmity cues) per pair."""
    a = doc.analysis
    st, w = _settings(), _weights()
    chars = {c.id: c for c in a.characters}
    cast = {cid for cid, c in chars.items() if c.role in ("main", "supporting")}
    by_sent = _mention_sets(doc, sents)
    narrator = {s.index: s.pov for s in a.scenes if s.person == "first" and s.pov}
    partner: dict[str, str] = {}
    top: Pair | None = None
    for inter in sorted(a.interactions, key=lambda i: -i.weight):
        if inter.a in cast and inter.b in cast:
            partner.setdefault(inter.a, inter.b)
            partner.setdefault(inter.b, inter.a)
            if top is None:
                top = (inter.a, inter.b) if inter.a < inter.b else (inter.b, inter.a)
    hostile: dict[Pair, int] = defaultdict(int)
    score: dict[Pair, float] = defaultdict(float)
    family: dict[Pair, float] = defaultdict(float)
    hits: dict[Pair, list[Sentence]] = defaultdict(list)
    for s in sents:
        value = sum(w[g] * min(2, s.cues[g]) for g in w if s.cues[g])
        fam = s.cues["siblings"]
        bad = any(s.cues[g] for g in _HOSTILE)
        if value <= 0 and not fam and not bad:
            continue
        involved = {c for c in _involved(doc, s, by_sent, narrator) if c in cast}
        if not involved and top is not None and any(t.lower_ in _PLURAL for t in s.span):
            involved = set(top)  # "they were fifteen when they first..." with no name: the story's central pair
        if len(involved) > 4:
            continue
        pairs: list[tuple[tuple[str, str], float]] = []
        if len(involved) >= 2:
            share = 1.0 / (len(involved) - 1)
            pairs = [(tuple(sorted(p)), share) for p in combinations(involved, 2)]  # type: ignore[misc]
            if len(involved) == 2 and top is not None and set(top) == involved and not by_sent.get(s.index):
                pairs = [(top, st["single_share"])]
        elif len(involved) == 1:
            (x,) = involved
            if x in partner:
                pairs = [(tuple(sorted((x, partner[x]))), st["single_share"])]  # type: ignore[list-item]
        for pair, share in pairs:
            if bad:
                hostile[pair] += 1
            if value > 0:
                score[pair] += value * share
                hits[pair].append(s)
            family[pair] += fam * share
    return score, family, hits, partner, hostile


def detect(doc: Document, sents: list[Sentence]) -> tuple[list[RelationshipTag], list[TagValue]]:
    a = doc.analysis
    st = _settings()
    chars = {c.id: c for c in a.characters}
    cast = {cid for cid, c in chars.items() if c.role in ("main", "supporting")}
    score, family, hits, partner, hostile = pair_scores(doc, sents)
    strong = _strong()
    rels: list[RelationshipTag] = []
    calibration = table("tags/data/calibration.toml").get("relationships", {})
    romantic_pairs = []
    for pair, sc in sorted(score.items(), key=lambda kv: -kv[1]):
        x, y = pair
        if sc < st["min_romantic_score"]:
            continue
        mutual = partner.get(x) == y and partner.get(y) == x
        if not mutual and not ((partner.get(x) == y or partner.get(y) == x) and sc >= 2 * st["min_romantic_score"]):
            continue
        sx, sy = _surname(chars[x]), _surname(chars[y])
        if sx and sx == sy and not any(h.cues["established"] for h in hits[pair]):
            continue
        if family[pair] > sc * st["family_share"]:
            continue
        confessions = sum(1 for h in hits[pair] if h.cues["love_confession"])
        if not any(h.cues[g] for h in hits[pair] for g in strong) and confessions < st["min_confessions"]:
            continue
        romantic_pairs.append(pair)
        conf = min(0.95, float(calibration.get("romantic", 0.7)) + 0.02 * (sc - st["min_romantic_score"]))
        rels.append(RelationshipTag(ao3_pair([tag_name(chars[x]), tag_name(chars[y])], "/"), "romantic",
                                    [x, y], round(conf, 2), _evidence(doc, hits[pair])))
    romantic_members = {m for p in romantic_pairs for m in p}
    # platonic: among bonds that are not romantic or hostile, each character's closest one
    friendly = []
    for inter in sorted(a.interactions, key=lambda i: -i.weight):
        pair = (inter.a, inter.b) if inter.a < inter.b else (inter.b, inter.a)
        if inter.a not in cast or inter.b not in cast or pair in romantic_pairs:
            continue
        if inter.kind in ("hostile", "romantic", "sexual") or hostile.get(pair, 0) >= st["hostile_sentences"]:
            continue
        friendly.append((pair, inter))
    closest: dict[str, tuple[str, str]] = {}
    for pair, _ in friendly:
        for m in pair:
            closest.setdefault(m, pair)
    top_weight = max((i.weight for i in a.interactions), default=0.0)
    platonic = 0
    for pair, inter in friendly:
        if platonic >= st["max_platonic"]:
            break
        if inter.weight < max(st["min_platonic_weight"], st["platonic_share_of_top"] * top_weight):
            continue
        if closest.get(pair[0]) != pair and closest.get(pair[1]) != pair:
            continue
        if pair[0] in romantic_members and pair[1] in romantic_members:
            continue
        if not all(_real(chars[m]) for m in pair):
            continue
        x, y = pair
        conf = float(calibration.get("platonic", 0.5))
        rels.append(RelationshipTag(ao3_pair([tag_name(chars[x]), tag_name(chars[y])], " & "), "platonic",
                                    [x, y], round(conf, 2), list(inter.evidence[:3])))
        platonic += 1
    return rels, categories(rels, chars)


def _real(c: Character) -> bool:
    """A character, not a mis-read name: linked to the knowledge base, speaking, gendered or often mentioned."""
    return bool(c.ao3_tag) or c.quotes > 0 or c.gender in ("male", "female") or c.mentions >= 4


def _evidence(doc: Document, sents: list[Sentence]) -> list[Evidence]:
    ranked = sorted(sents, key=lambda s: -(s.cues["first_kiss"] + s.cues["love_confession"] + s.cues["romance"]
                                           + s.cues["sex_explicit"]))
    return [evidence_from(doc.text, s.start, s.end) for s in ranked[:3]]


def categories(rels: list[RelationshipTag], chars: dict[str, Character]) -> list[TagValue]:
    romantic = [r for r in rels if r.kind == "romantic"]
    if not romantic:
        return [TagValue("Gen", 0.8)]
    kinds = []
    for r in romantic:
        letters = sorted(_LETTER.get(chars[m].gender, "O") for m in r.members)
        kinds.append({"FM": "F/M", "MM": "M/M", "FF": "F/F"}.get("".join(letters), "Other"))
    out = list(dict.fromkeys(kinds))
    members = [m for r in romantic for m in r.members]
    if len(out) > 1 or len(members) != len(set(members)):
        out.append("Multi")
    conf = 0.8 if all(k != "Other" for k in out) else 0.5
    return [TagValue(k, conf) for k in out]
