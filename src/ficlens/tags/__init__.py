"""AO3 tags: rating, archive warnings, categories, fandoms, relationships, characters, additional tags."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..document import Document
from ..lexicons import table
from ..model import CharacterTag, Evidence, RelationshipTag, Tags, TagValue, evidence_from

_ROMANTIC = ("romantic", "sexual")
_PLATONIC = ("family", "friendship")
# How many cue sentences a pair needs before its kind becomes a relationship tag, and how close the pair must be
# (interaction weight) for a platonic "&" tag: one "love" in passing is not a ship.
_MIN_ROMANTIC_CUES = 2.0
_MIN_PLATONIC_CUES = 2.0
_MIN_PLATONIC_WEIGHT = 10.0
_SEX_LETTER = {"male": "M", "female": "F"}


def _cue_hits(doc: Document) -> tuple[Counter[str], dict[str, list[Evidence]]]:
    """Cue-group counts over the whole text and the sentences with the most cues of each group."""
    groups = {name: frozenset(g["words"]) for name, g in table("tags/data/content.toml").items()}
    counts: Counter[str] = Counter()
    sent_hits: dict[str, Counter[tuple[int, int]]] = defaultdict(Counter)
    for pi, d in enumerate(doc.docs):
        base = doc.paragraphs[pi].start
        for tok in d:
            low = tok.lower_
            for name, words in groups.items():
                if low in words:
                    counts[name] += 1
                    sent = tok.sent
                    sent_hits[name][(base + sent.start_char, base + sent.end_char)] += 1
    evidence = {
        name: [evidence_from(doc.text, s, e) for (s, e), _ in hits.most_common(3)] for name, hits in sent_hits.items()
    }
    return counts, evidence


def _confidence(cues: float) -> float:
    """More cue sentences, more confidence; never certain."""
    return round(min(0.9, 0.3 + 0.1 * cues), 2)


def freeform_vocabulary() -> list[str]:
    """The additional tags this stage can suggest."""
    return ["Crossover", "Alternating Points of View", "First Person", "Second Person", "Present Tense", "Alcohol",
            "Self-Harm"]


def run(doc: Document) -> None:
    a = doc.analysis
    words = max(1, a.work.words)
    per10k = 10000 / words
    counts, ev = _cue_hits(doc)
    tags = Tags()
    # Rating: the strongest content present, by density per 10,000 words.
    sex = counts["sex_explicit"] * per10k
    strong = counts["profanity_strong"] * per10k
    violence = counts["violence"] * per10k
    gore = counts["gore"]
    if sex >= 15 and counts["sex_explicit"] >= 5:
        tags.rating = TagValue("Explicit", 0.6, ev.get("sex_explicit", []))
    elif sex >= 5 or strong >= 20 or gore >= 3:
        key = "sex_explicit" if sex >= 5 else ("gore" if gore >= 3 else "profanity_strong")
        tags.rating = TagValue("Mature", 0.5, ev.get(key, []))
    elif counts["profanity_mild"] + counts["profanity_strong"] + counts["violence"] > 0:
        key = max(("violence", "profanity_mild", "profanity_strong"), key=lambda k: counts[k])
        tags.rating = TagValue("Teen And Up Audiences", 0.6, ev.get(key, []))
    else:
        tags.rating = TagValue("General Audiences", 0.6, [])
    # Archive warnings: only the graphic-violence one has a first cue model; otherwise none apply.
    if gore >= 3 and violence >= 30:
        tags.warnings = [TagValue("Graphic Depictions Of Violence", 0.5, ev.get("gore", []))]
    else:
        tags.warnings = [TagValue("No Archive Warnings Apply", 0.5, [])]
    # Relationships from the character network.
    names = {c.id: (c.ao3_tag or c.name) for c in a.characters}
    genders = {c.id: c.gender for c in a.characters}
    cats: set[str] = set()
    for inter in a.interactions:
        cues = inter.kind_scores.get(inter.kind, 0.0)
        if inter.kind in _ROMANTIC and cues >= _MIN_ROMANTIC_CUES:
            value = "/".join(sorted((names[inter.a], names[inter.b])))
            tags.relationships.append(
                RelationshipTag(value, "romantic", [inter.a, inter.b], _confidence(cues), inter.evidence[:3]),
            )
            x, y = sorted(_SEX_LETTER.get(genders[m], "O") for m in (inter.a, inter.b))
            cats.add({("F", "M"): "F/M", ("M", "M"): "M/M", ("F", "F"): "F/F"}.get((x, y), "Other"))
        elif inter.kind in _PLATONIC and cues >= _MIN_PLATONIC_CUES and inter.weight >= _MIN_PLATONIC_WEIGHT:
            value = " & ".join(sorted((names[inter.a], names[inter.b])))
            tags.relationships.append(
                RelationshipTag(
                    value, "platonic", [inter.a, inter.b], round(_confidence(cues) * 0.8, 2), inter.evidence[:3]
                )
            )
    if len(cats) > 1:
        tags.categories = [TagValue("Multi", 0.4)]
    elif cats:
        tags.categories = [TagValue(cats.pop(), 0.5)]
    else:
        tags.categories = [TagValue("Gen", 0.5)]
    tags.fandoms = [TagValue(f.name, f.confidence) for f in a.fandoms]
    tags.characters = [
        CharacterTag(c.ao3_tag or c.name, c.id, 0.8 if c.role == "main" else 0.5)
        for c in a.characters
        if c.role in ("main", "supporting")
    ]
    # Additional tags.
    if a.crossover:
        tags.freeform.append(TagValue("Crossover", a.fandoms[1].confidence if len(a.fandoms) > 1 else 0.5, []))
    povs = [s.pov for s in a.scenes if s.pov]
    if len(set(povs)) >= 2:
        first = {}
        for s in a.scenes:
            if s.pov and s.pov not in first:
                first[s.pov] = s
        tags.freeform.append(
            TagValue(
                "Alternating Points of View",
                0.6,
                [evidence_from(doc.text, s.start, min(s.end, s.start + 200)) for s in first.values()][:3],
            )
        )
    persons = Counter(s.person for s in a.scenes)
    if persons and persons.most_common(1)[0][0] == "first":
        tags.freeform.append(TagValue("First Person", 0.6, []))
    elif persons and persons.most_common(1)[0][0] == "second":
        tags.freeform.append(TagValue("Second Person", 0.6, []))
    tenses = Counter(s.tense for s in a.scenes)
    if tenses and tenses.most_common(1)[0][0] == "present":
        tags.freeform.append(TagValue("Present Tense", 0.6, []))
    if counts["alcohol"] * per10k >= 10:
        tags.freeform.append(TagValue("Alcohol", 0.4, ev.get("alcohol", [])))
    if counts["self_harm"] >= 2:
        tags.freeform.append(TagValue("Self-Harm", 0.3, ev.get("self_harm", [])))
    a.tags = tags
