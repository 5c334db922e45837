"""The character stage's data files, read once per process (the words themselves live in data/lexicons/)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..lexicons import table, wordlist

_DIR = "data/lexicons/"


@dataclass(frozen=True)
class Lexicon:
    titles: frozenset[str]
    title_gender: dict[str, str]
    married_titles: frozenset[str]
    not_names: frozenset[str]
    stopwords: frozenset[str]
    place_preps: frozenset[str]
    speech_verbs: frozenset[str]
    name_gender: dict[str, str]  # first name -> "male" / "female" / "unknown" (unisex)
    diminutives: dict[str, tuple[str, ...]]
    gendered_nouns: dict[str, str]  # "brother" -> "male"
    kin: frozenset[str]
    descriptor_nouns: frozenset[str]
    contrast: frozenset[str]
    place_heads: frozenset[str]  # "lane", "street": the last word of a place name
    place_suffixes: tuple[str, ...]  # "shire"
    title_nouns: frozenset[str]  # "parson": "the parson" may be the one "Parson Tringham"
    complement_verbs: frozenset[str]  # "heard": "Mary heard her say" (her is not Mary)
    interjections: frozenset[str] = frozenset()  # "ugh", "hmph": never a name, capitalised or not
    citation_words: frozenset[str] = frozenset()  # "quoted", "wrote": a name there is a source, not a character
    people_plurals: frozenset[str] = frozenset()  # "twins", "hunters": a plural that may name people
    locative_preps: frozenset[str] = frozenset()  # "in", "outside": a place label there is a place
    media_verbs: frozenset[str] = frozenset()  # "humming", "blasting": their object is a band, a show
    media_nouns: frozenset[str] = frozenset()  # "tape", "song": "a Zeppelin tape"
    title_class: dict[str, str] = field(default_factory=dict)  # "monsieur" -> "mr": titles of one kind of person
    name_suffixes: frozenset[str] = frozenset()  # "kun", "san": "Todoroki-kun" is Todoroki
    group_determiners: frozenset[str] = frozenset()  # "a", "these", "several": they open a common noun, not a name
    # "wife" -> the titles a relative of the possessor's surname is written with ("his wife": the one "Mrs. X")
    same_surname_kin: dict[str, frozenset[str]] = field(default_factory=dict)
    title_kin: frozenset[str] = frozenset()  # "aunt": "her aunt" may be the one "Aunt Juley"
    same_subject_markers: frozenset[str] = frozenset()  # "as": "As Nell buttoned her coat, she said" (Nell)


def _diminutives(own: dict[str, list[str]], name_gender: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Nickname -> the full first names it may shorten: the packaged list (fan-fiction names such as "Cas",
    rhyming ones such as "Peggy") and the pairs of the ``nicknames`` package (hand-curated English given names,
    Apache-2.0) that keep the name's initial ("Jem" -> James, "Frank" -> Francis); not a pair the first-name
    list gives two genders or a unisex nickname ("Sam" is no Samantha by the list alone). The package also pairs
    given names such as "eliza" and "louisa": the initial keeps those apart."""
    from nicknames import NickNamer

    out: dict[str, set[str]] = {k: set(v) for k, v in own.items()}
    for nick, fulls in NickNamer().canonical_lookup.items():
        if " " in nick:
            continue
        g = name_gender.get(nick)
        for full in fulls:
            h = name_gender.get(full)
            if (
                " " in full or full[0] != nick[0] or len(full) <= len(nick) or "unknown" in (g, h)
                or (g is not None and h is not None and g != h)
            ):
                continue
            out.setdefault(nick, set()).add(full)
    return {k: tuple(sorted(v)) for k, v in out.items()}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    titles = table(_DIR + "name_titles.toml")
    title_gender = {t: g for g in ("male", "female") for t in titles.get(g, [])}
    names = table(_DIR + "first_names.toml")
    name_gender: dict[str, str] = {}
    for g in ("male", "female"):
        for n in names.get(g, []):
            name_gender[n] = "unknown" if n in name_gender else g
    for n in names.get("unisex", []):
        name_gender[n] = "unknown"
    kin = table(_DIR + "kinship.toml")
    gendered = {w: g for g in ("male", "female") for w in kin.get(g, [])}
    desc = table(_DIR + "descriptors.toml")
    media = table(_DIR + "media_words.toml")
    return Lexicon(
        titles=wordlist(_DIR + "titles.txt") | frozenset(title_gender) | frozenset(titles.get("other", [])),
        title_gender=title_gender,
        married_titles=frozenset(titles.get("married", [])),
        not_names=wordlist(_DIR + "not_names.txt"),
        stopwords=wordlist(_DIR + "name_stopwords.txt"),
        place_preps=wordlist(_DIR + "place_prepositions.txt"),
        speech_verbs=wordlist(_DIR + "speech_verbs.txt"),
        name_gender=name_gender,
        diminutives=_diminutives(table(_DIR + "diminutives.toml").get("names", {}), name_gender),
        gendered_nouns=gendered,
        kin=frozenset(kin.get("kin", [])),
        descriptor_nouns=frozenset(desc.get("nouns", [])) | frozenset(gendered),
        contrast=frozenset(desc.get("contrast", [])),
        place_heads=frozenset(desc.get("place_heads", [])),
        place_suffixes=tuple(desc.get("place_suffixes", [])),
        title_nouns=frozenset(desc.get("title_nouns", [])),
        complement_verbs=frozenset(desc.get("complement_verbs", [])),
        interjections=wordlist(_DIR + "interjections.txt"),
        citation_words=wordlist(_DIR + "citation_words.txt"),
        same_subject_markers=wordlist(_DIR + "same_subject_markers.txt"),
        people_plurals=frozenset(desc.get("people_plurals", []))
        | frozenset(n + "s" for n in desc.get("nouns", []))
        | frozenset(n + "s" for n in gendered),
        locative_preps=wordlist(_DIR + "locative_prepositions.txt"),
        media_verbs=frozenset(media.get("verbs", [])),
        media_nouns=frozenset(media.get("nouns", [])),
        title_class={t: k for k, ts in titles.get("classes", {}).items() for t in ts},
        name_suffixes=frozenset(titles.get("suffixes", [])),
        group_determiners=frozenset(desc.get("group_determiners", [])),
        same_surname_kin={k: frozenset(v) for k, v in kin.get("same_surname", {}).items()},
        title_kin=frozenset(kin.get("title_kin", [])),
    )
