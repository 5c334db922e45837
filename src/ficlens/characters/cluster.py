"""Cluster name mentions into characters, resolve pronouns, and link to the fandom knowledge base."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..document import Document, Mention
from ..fandoms.kb import KBCharacter, KnowledgeBase
from ..lexicons import wordlist
from ..model import Character

_POSSESSIVE = ("'s", "’s", "'", "’")
_GENDER_OF_CLASS = {"male": "male", "female": "female"}
_PRONOUNS_OF_GENDER = {"male": "he/him", "female": "she/her", "nonbinary": "they/them"}
# how many paragraphs back a pronoun may look for its antecedent
_PRONOUN_WINDOW = 2


@dataclass
class _Cluster:
    key: str
    surfaces: Counter[str] = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)
    kb: KBCharacter | None = None
    gender_votes: Counter[str] = field(default_factory=Counter)

    @property
    def tokens(self) -> list[str]:
        return self.key.split()


def name_key(surface: str) -> str:
    """The clustering key of a name: lowercased, titles and possessive removed."""
    titles = wordlist("data/lexicons/titles.txt")
    s = surface.strip()
    for p in _POSSESSIVE:
        if s.endswith(p):
            s = s[: -len(p)]
            break
    words = [w for w in s.replace("\n", " ").split() if w]
    while len(words) > 1 and words[0].lower() in titles:
        words = words[1:]
    return " ".join(w.lower() for w in words)


def _display(surface: str) -> str:
    s = " ".join(surface.split())
    for p in _POSSESSIVE:
        if s.endswith(p):
            return s[: -len(p)]
    return s


def _cluster_names(names: list[Mention], kb: KnowledgeBase | None) -> list[_Cluster]:
    groups: dict[str, _Cluster] = {}
    for m in names:
        key = name_key(m.text)
        if not key:
            continue
        c = groups.setdefault(key, _Cluster(key))
        c.mentions.append(m)
        c.surfaces[_display(m.text)] += 1
    # Fold one-word names into the unique longer name that contains them ("Dean" -> "Dean Winchester").
    multi = [c for c in groups.values() if len(c.tokens) > 1]
    for key in [k for k, c in groups.items() if len(c.tokens) == 1]:
        hosts = [c for c in multi if key in c.tokens]
        if len(hosts) == 1:
            host = hosts[0]
            single = groups.pop(key)
            host.mentions.extend(single.mentions)
            host.surfaces.update(single.surfaces)
    # Fold nicknames the knowledge base knows ("Sammy" -> Sam) into the group of the same KB character.
    if kb is not None:
        by_char: dict[str, _Cluster] = {}
        for key in sorted(groups, key=lambda k: -len(groups[k].mentions)):
            c = groups[key]
            cands = kb.characters_by_surface(key)
            if len(cands) != 1:
                continue
            tag = cands[0].tag
            if tag in by_char:
                host = by_char[tag]
                host.mentions.extend(c.mentions)
                host.surfaces.update(c.surfaces)
                del groups[key]
            else:
                by_char[tag] = c
    return list(groups.values())


def _resolve_pronouns(doc: Document, clusters: list[_Cluster], genders: dict[int, str] | None) -> dict[int, int]:
    """Map id(pronoun mention) -> cluster index: the nearest preceding compatible name mention."""
    owner: dict[int, int] = {}
    for ci, c in enumerate(clusters):
        for m in c.mentions:
            owner[id(m)] = ci
    result: dict[int, int] = {}
    recent: list[tuple[int, int]] = []  # (paragraph, cluster) of name mentions outside quotes, newest last
    for m in doc.mentions:
        if m.kind == "name":
            ci = owner.get(id(m))
            if ci is not None and not m.in_quote:
                recent.append((m.para, ci))
            continue
        if m.kind != "pronoun" or m.in_quote or m.gender_hint not in _GENDER_OF_CLASS:
            continue
        want = _GENDER_OF_CLASS[m.gender_hint]
        for para, ci in reversed(recent[-12:]):
            if m.para - para > _PRONOUN_WINDOW:
                break
            g = genders.get(ci, "unknown") if genders else "unknown"
            if g in ("unknown", want):
                result[id(m)] = ci
                break
    return result


def build_characters(doc: Document, mentions: list[Mention], kb: KnowledgeBase | None) -> list[Character]:
    names = [m for m in mentions if m.kind == "name"]
    clusters = _cluster_names(names, kb)
    if kb is not None:
        for c in clusters:
            cands = kb.characters_by_surface(c.key)
            if len(cands) == 1 and (len(c.tokens) > 1 or cands[0].main):
                c.kb = cands[0]
    # Pass 1: resolve without gender to vote each cluster's gender; pass 2: resolve with it.
    first = _resolve_pronouns(doc, clusters, None)
    pron = {id(m): m for m in mentions if m.kind == "pronoun"}
    for mid, ci in first.items():
        clusters[ci].gender_votes[_GENDER_OF_CLASS[pron[mid].gender_hint or ""]] += 1
    genders: dict[int, str] = {}
    for ci, c in enumerate(clusters):
        if c.kb is not None and c.kb.gender in ("male", "female", "nonbinary"):
            genders[ci] = c.kb.gender
        elif c.gender_votes:
            g, n = c.gender_votes.most_common(1)[0]
            genders[ci] = g if n >= 2 * (sum(c.gender_votes.values()) - n) else "unknown"
        else:
            genders[ci] = "unknown"
    second = _resolve_pronouns(doc, clusters, genders)
    pron_counts: Counter[int] = Counter(second.values())
    ranked = sorted(
        range(len(clusters)),
        key=lambda ci: (-(len(clusters[ci].mentions) + pron_counts[ci]), clusters[ci].mentions[0].start),
    )
    chars: list[Character] = []
    cid_of: dict[int, str] = {}
    for rank, ci in enumerate(ranked):
        c = clusters[ci]
        cid = f"c{rank + 1}"
        cid_of[ci] = cid
        surfaces = [s for s, _ in c.surfaces.most_common()]
        longest = max(surfaces, key=lambda s: (len(s.split()), c.surfaces[s]))
        name = c.kb.name if c.kb is not None else longest
        g = genders[ci]
        chars.append(
            Character(
                id=cid,
                name=name,
                aliases=sorted(set(surfaces), key=lambda s: (-c.surfaces[s], s)),
                gender=g,
                pronouns=_PRONOUNS_OF_GENDER.get(g),
                fandom=c.kb.fandom if c.kb is not None else None,
                ao3_tag=c.kb.tag if c.kb is not None else None,
                mentions=len(c.mentions) + pron_counts[ci],
                first_start=min(m.start for m in c.mentions),
            )
        )
        for m in c.mentions:
            m.character = cid
    for mid, ci in second.items():
        pron[mid].character = cid_of[ci]
    return chars
