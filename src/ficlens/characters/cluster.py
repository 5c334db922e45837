"""Cluster name mentions into characters, infer gender, resolve pronouns and descriptions.

Names: mentions with the same key form a group; a first name or surname folds into the one full name that
contains it ("Dean" -> "Dean Winchester"), a titled surname into the full name of the matching gender
("Mr. Bennet" stays apart from "Mrs. Bennet"); a word shared by several full names ("Winchester" for Dean and
Sam) is resolved mention by mention to the most salient of them. Nicknames fold into the character they
shorten: regular diminutives ("Sammy" -> Sam), the diminutives list, a unique prefix ("Cas" -> Castiel), or
the knowledge base naming the same character — never two names seen side by side in one sentence, nor a pet
name into a full name written less than a tenth as often ("Jacky" is no "Jack Robinson" said once).

Pronouns: a salience model in one pass over the mentions in text order. Each mention adds weight to its
character (more as a subject, less inside quotations) and the weights halve with every sentence; a
third-person pronoun goes to the most salient character of compatible gender, except the subject of its own
verb for a non-reflexive object ("Dean hit him"). Gender comes first from unambiguous pronouns (a pronoun with
one candidate character in reach; never an object of the name's own verb, "Luc offered her", nor a later pronoun
of that object's gender), then the knowledge base, the title, and the first-name list as fallbacks.
First-person pronouns in first-person narration (and "you" in second-person narration) go to the narrator.
"""

from __future__ import annotations

from ..document import Document, Mention
from ..fandoms.kb import KnowledgeBase
from ..model import Character
from .gender import decide_gender, gender_votes
from .grouping import (
    _RELATIVE,
    _Cluster,
    _group_names,
    join_pending,
)
from .lex import Lexicon, lexicon
from .mentions import MentionIndex
from .resolve import (
    _narration,
    _resolve,
)


def _owners(clusters: list[_Cluster]) -> dict[int, int]:
    """id of a name mention -> the index of its cluster."""
    return {id(m): ci for ci, c in enumerate(clusters) for m in c.mentions}


def build_characters(
    doc: Document, mentions: list[Mention], index: MentionIndex, kb: KnowledgeBase | None
) -> list[Character]:
    lx = lexicon()
    names = [m for m in mentions if m.kind == "name"]
    clusters, ambiguous = _group_names(names, kb, lx, _titles_across_breaks(doc, names, lx))
    owner = _owners(clusters)
    votes = gender_votes(doc, mentions, owner, len(clusters))
    for ci, c in enumerate(clusters):
        c.gender = decide_gender(c, votes[ci], lx)
    if any(c.pending is not None for c in clusters):
        clusters = join_pending(clusters, votes, lx)
        owner = _owners(clusters)
    amb_of = {
        k: list(dict.fromkeys(clusters.index(h.root()) for h in hs if h.root() in clusters))
        for k, hs in ambiguous.items()
    }
    narration = _narration(mentions)
    narrator = -1
    if narration is not None:
        narrator = len(clusters)
        clusters.append(_Cluster(narrator=narration))
    _resolve(doc, mentions, clusters, owner, amb_of, narrator, kb)
    return _characters(doc, clusters)


def _titles_across_breaks(doc: Document, names: list[Mention], lx: Lexicon) -> dict[int, str]:
    """id(mention) -> the title before a one-word name across a line break ("said Mr.\nHilbery" in a
    hard-wrapped text), which the name itself was found without."""
    out: dict[int, str] = {}
    for m in names:
        if " " in m.key or m.tok < 2 or len(m.text.split()) > 1:
            continue
        d = doc.docs[m.para]
        if d[m.tok - 1].is_space and "\n" in d[m.tok - 1].text:
            t = d[m.tok - 2].lower_
            if t in lx.titles or t.rstrip(".") in lx.titles:
                out[id(m)] = t.rstrip(".")
    return out


def _characters(doc: Document, clusters: list[_Cluster]) -> list[Character]:
    lx = lexicon()
    keep = [ci for ci, c in enumerate(clusters) if c.mentions or (c.narrator and c.extra)]
    total = {ci: len(clusters[ci].mentions) + clusters[ci].extra for ci in keep}
    first = {
        ci: min((m.start for m in clusters[ci].mentions), default=0) for ci in keep
    }
    ranked = sorted(keep, key=lambda ci: (-total[ci], first[ci]))
    cid_of: dict[int, str] = {}
    for ci in ranked:
        c = clusters[ci]
        gender = c.gender
        if c.narrator:
            name = "the narrator" if c.narrator == "first" else "you (the reader)"
            aliases = ["I"] if c.narrator == "first" else ["you"]
            gender = "unknown"
        else:
            name = _display_name(c)
            aliases = [s for s, _ in sorted(c.surfaces.items(), key=lambda kv: (-kv[1], kv[0]))]
            aliases = list(dict.fromkeys(aliases))
            aliases += [
                d for d, _ in c.descriptions.most_common()
                if d not in aliases and d.split()[0].lower() not in _RELATIVE
            ]
            votes = c.pron_votes
            if gender == "unknown" and sum(votes.values()) >= 2:
                gender = decide_gender(c, votes, lx)
        cid_of[ci] = doc.registry.add(
            name, aliases=aliases, gender=gender, mentions=total[ci], first_start=first[ci], kb=list(c.kb)
        )
    for m in mentions_of(doc):
        if m.character is not None:
            m.character = cid_of.get(int(m.character))
    return doc.analysis.characters


def mentions_of(doc: Document) -> list[Mention]:
    return doc.mentions


def _display_name(c: _Cluster) -> str:
    """The fullest name seen: most words (titles aside), then titled ("Mrs. Pontellier" over "Pontellier"),
    then most frequent."""
    def score(s: str) -> tuple[int, int, int]:
        words = s.split()
        titled = 1 if words and words[0].lower() in lexicon().titles else 0
        return (len(words) - titled, titled, c.surfaces[s])

    return max(c.surfaces, key=score) if c.surfaces else ""
