"""Resolving descriptions ("the angel", "his brother", "the parson") to characters."""

from __future__ import annotations

from spacy.tokens import Doc

from ..document import Document, Mention
from ..fandoms.kb_model import KBCharacter
from .grouping import (
    _Cluster,
    _compatible,
)
from .lex import Lexicon


def _fits(c: _Cluster, head: str, lx: Lexicon) -> bool:
    """Whether a description whose head noun is ``head`` may stand for the character of ``c``: a gendered noun
    ("sister", "the young man") never goes to a character of the other gender."""
    return _compatible(c.gender, lx.gendered_nouns.get(head, "unknown"))


def _set_desc(m: Mention, ci: int, clusters: list[_Cluster]) -> None:
    m.character = str(ci)
    clusters[ci].extra += 1
    clusters[ci].descriptions[m.text[:1].lower() + m.text[1:]] += 1


def _titles_of(c: _Cluster) -> set[str]:
    """The titles its names were written with ("parson" for "Parson Tringham")."""
    out = set()
    for s in c.surfaces:
        w = s.split()
        if len(w) > 1:
            out.add(w[0].lower().rstrip("."))
    return out


def _prev_name(doc: Document, m: Mention, resolved_tok: dict[tuple[int, int], int]) -> int | None:
    """The character named just before a description, separated by a comma ("Castiel, the angel")."""
    if m.tok < 2:
        return None
    d = doc.docs[m.para]
    if d[m.tok - 1].text != ",":
        return None
    return resolved_tok.get((m.para, m.tok - 2))


# what may stand between a description and the name it is put beside ("his brother Sam", "the angel, Castiel",
# "the boy—Leonard"): nothing, or one of these
_APPOSITION_MARKS = frozenset({",", "—", "–", "-", "("})


def _apposed(d: Doc, desc_end: int, name_start: int) -> bool:
    """Whether a name starting at token ``name_start`` is put beside the description ending before ``desc_end``
    ("the angel, Castiel"): right after it or one apposition mark after it, in the same sentence. Not so: "At
    last they came upon the butler. Henry gave him the keys" (a new sentence, another person)."""
    gap = name_start - desc_end
    if gap < 0 or gap > 1 or d[name_start].is_sent_start:
        return False
    return gap == 0 or d[desc_end].text in _APPOSITION_MARKS


def _desc_target(
    m: Mention,
    clusters: list[_Cluster],
    kb_desc: dict[str, list[KBCharacter]],
    learned: dict[str, int],
    relations: dict[tuple[int, str], int],
    possessor: int | None,
    head: str,
    lx: Lexicon,
) -> int | None:
    if m.key in learned:
        return learned[m.key]
    if possessor is None and head in lx.title_nouns and m.key == "the " + head:
        # "the parson" is "Parson Tringham" when he is the one named character with that title
        hits = [ci for ci, c in enumerate(clusters) if c.mentions and head in _titles_of(c)]
        if len(hits) == 1:
            return hits[0]
    chars = kb_desc.get(m.key)
    if chars:
        hits = [ci for ci, c in enumerate(clusters) if c.mentions and any(k in c.kb for k in chars)]
        if len(hits) == 1:
            return hits[0]
    if possessor is not None and head in lx.kin:
        if (possessor, head) in relations:
            return relations[(possessor, head)]
        titles = lx.same_surname_kin.get(head)
        if titles is not None and (kin := _same_surname_relative(possessor, head, titles, clusters, lx)) is not None:
            return kin
    if head in lx.title_kin and m.key.split()[0] in _POSSESSIVES:
        return _titled_relative(head, possessor, clusters)
    return None


_POSSESSIVES = frozenset({"his", "her", "their"})


def _titled_relative(head: str, possessor: int | None, clusters: list[_Cluster]) -> int | None:
    """"her aunt": the one character other than the possessor whose name is written with the noun as its title
    ("Aunt Juley"); None when none or several are."""
    hits = [ci for ci, c in enumerate(clusters) if ci != possessor and c.mentions and head in _titles_of(c)]
    return hits[0] if len(hits) == 1 else None


def _kin_in_exchange(
    det: str, head: str, possessor: int | None, para: int, clusters: list[_Cluster], participants: dict[int, int],
    addressed_here: list[int], lx: Lexicon, reach: int,
) -> int | None:
    """"“Lizzy,” cried her mother": in a conversation, whose mother "her" means is the one the quotation calls by
    name or another participant rather than the one the pronoun resolution picked (often the speaker herself).
    The relative sharing a surname (``same_surname`` in kinship.toml) of the one this paragraph's quotation calls
    by name, else the one such relative all the participants of the possessive's gender who spoke or were called
    by name in the last ``reach`` paragraphs (``participants``: cluster -> its last quote paragraph) agree on."""
    titles = lx.same_surname_kin.get(head)
    if titles is None:
        return None
    want = {"his": "male", "her": "female"}.get(det)

    def owner(ci: int) -> bool:
        return ci != possessor and not clusters[ci].narrator and (want is None or clusters[ci].gender == want)

    for ci in addressed_here:
        if owner(ci) and (kin := _same_surname_relative(ci, head, titles, clusters, lx)) is not None:
            return kin
    found = {
        kin for ci, last in participants.items()
        if 0 <= para - last <= reach and owner(ci)
        and (kin := _same_surname_relative(ci, head, titles, clusters, lx)) is not None
    }
    return next(iter(found)) if len(found) == 1 else None


def _family_names(c: _Cluster) -> set[str]:
    """Its surnames: the last words of its full names, and a name written only with a title ("Mrs. Bennet")."""
    out = c.surnames
    for s in c.surfaces:
        w = s.split()
        if len(w) == 2 and w[0][:1].isupper() and w[0].lower().rstrip(".") in _SURNAME_TITLES:
            out.add(w[1].lower())
    return out


# titles that stand before a surname alone ("Mrs. Bennet", "Mr. Hale"), so that the word after is a family name
_SURNAME_TITLES = frozenset(
    {"mr", "mrs", "miss", "ms", "missus", "mister", "madame", "mme", "monsieur", "herr", "frau", "señor", "señora",
     "dr", "doctor", "sir", "lady", "lord", "master", "colonel", "captain", "major", "general", "judge", "squire",
     "reverend", "rev"}
)


def _same_surname_relative(
    possessor: int, head: str, titles: frozenset[str], clusters: list[_Cluster], lx: Lexicon
) -> int | None:
    """"his wife", "her mother", "his sister": the one other character of the noun's gender who shares the
    possessor's family name and, when the noun asks for one, is written with a fitting title ("Mrs. Bennet" for
    Mr. Bennet's wife, never "Miss Bennet"); None when none or several fit."""
    surnames = _family_names(clusters[possessor])
    if not surnames:
        return None
    want = lx.gendered_nouns.get(head, "unknown")
    hits = [
        ci for ci, c in enumerate(clusters)
        if ci != possessor and c.mentions and surnames & _family_names(c) and _compatible(c.gender, want)
        and ("*" in titles or bool(_titles_of(c) & titles))
    ]
    return hits[0] if len(hits) == 1 else None
