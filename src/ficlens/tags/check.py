"""Check a work's own tags against the suggested ones: forgotten warnings first, then missing suggestions (with
evidence), given tags the text does not seem to support, and the tags both agree on.

Tags are compared by name, ignoring case, fandom disambiguators ("Castiel (Supernatural)" ~ "Castiel") and, for
relationships, the order of the names. A given tag is "unsupported" only when ficlens could have suggested it (a
rating level, an archive warning, a tag of its vocabulary, a relationship between characters it found) and did
not; tags outside what ficlens can judge are listed as "not judged".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Analysis, Evidence, Tags
from .freeform import vocabulary
from .warnings import NO_WARNING

FIELDS = ("rating", "warnings", "categories", "fandoms", "relationships", "characters", "freeform")
LABELS = {
    "rating": "Rating", "warnings": "Archive Warnings", "categories": "Categories", "fandoms": "Fandoms",
    "relationships": "Relationships", "characters": "Characters", "freeform": "Additional Tags",
}
_CHOSE_NOT = "Creator Chose Not To Use Archive Warnings"
_RATINGS = ["General Audiences", "Teen And Up Audiences", "Mature", "Explicit"]


@dataclass
class Suggestion:
    value: str
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class FieldCheck:
    """One field of the posting form: what the work gives, what ficlens suggests, and how they differ."""

    name: str
    given: list[str]
    suggested: list[Suggestion]
    missing: list[Suggestion] = field(default_factory=list)  # suggested, not given
    unsupported: list[str] = field(default_factory=list)  # given, could have been suggested, was not
    not_judged: list[str] = field(default_factory=list)  # given, outside what ficlens can suggest
    agreed: list[str] = field(default_factory=list)


@dataclass
class CheckResult:
    fields: list[FieldCheck]
    forgotten_warnings: list[Suggestion]
    has_given_tags: bool

    def field(self, name: str) -> FieldCheck:
        return next(f for f in self.fields if f.name == name)


def norm(tag: str) -> str:
    """A tag's comparison key: lowercase, no disambiguator, relationship names in order."""
    t = re.sub(r"\s*\([^)]*\)", "", tag).strip().lower()
    for sep in ("/", "&"):
        if sep in t:
            return sep.join(sorted(p.strip() for p in t.split(sep)))
    return re.sub(r"\s+", " ", t)


def _suggestions(tags: Tags, name: str) -> list[Suggestion]:
    if name == "rating":
        return [Suggestion(tags.rating.value, tags.rating.confidence, tags.rating.evidence)] if tags.rating else []
    if name == "characters":
        return [Suggestion(c.value, c.confidence) for c in tags.characters]
    if name == "relationships":
        return [Suggestion(r.value, r.confidence, r.evidence) for r in tags.relationships]
    values = getattr(tags, name)
    return [Suggestion(v.value, v.confidence, v.evidence) for v in values]


def _given(tags: Tags | None, name: str) -> list[str]:
    if tags is None:
        return []
    if name == "rating":
        return [tags.rating.value] if tags.rating else []
    return [t.value for t in getattr(tags, name)]


def _judgeable(name: str, value: str, analysis: Analysis, vocab: set[str]) -> bool:
    if name in ("rating", "warnings", "categories"):
        return True
    if name == "freeform":
        return norm(value) in vocab
    if name == "relationships":
        names = {norm(c.ao3_tag or c.name) for c in analysis.characters}
        members = re.split(r"\s*[/&]\s*", re.sub(r"\s*\([^)]*\)", "", value).lower())
        return all(m.strip() in names for m in members)
    return True  # fandoms, characters: ficlens lists all it finds


def compare(analysis: Analysis, min_confidence: float = 0.0) -> CheckResult:
    """The given tags of ``analysis`` (``work.given_tags``) against its suggested tags."""
    given_tags = analysis.work.given_tags
    vocab = {norm(v) for v in vocabulary()}
    out = []
    forgotten: list[Suggestion] = []
    for name in FIELDS:
        given = _given(given_tags, name)
        suggested = [s for s in _suggestions(analysis.tags, name) if s.confidence >= min_confidence
                     or name in ("rating", "warnings", "categories")]
        fc = FieldCheck(name, given, suggested)
        gkeys = {norm(g): g for g in given}
        skeys = {norm(s.value): s for s in suggested}
        for key, s in skeys.items():
            if key in gkeys:
                fc.agreed.append(gkeys[key])
            elif name == "rating" and given or name != "rating":
                fc.missing.append(s)
        for key, g in gkeys.items():
            if key in skeys:
                continue
            if name == "warnings" and g in (NO_WARNING, _CHOSE_NOT):
                continue
            if _judgeable(name, g, analysis, vocab):
                fc.unsupported.append(g)
            else:
                fc.not_judged.append(g)
        if name == "warnings":
            chose_not = _CHOSE_NOT in given or "Choose Not To Use Archive Warnings" in given
            fc.missing = [s for s in fc.missing if s.value != NO_WARNING]
            if not chose_not:
                forgotten = list(fc.missing)
        out.append(fc)
    return CheckResult(out, forgotten, bool(given_tags))


def rating_gap(result: CheckResult) -> int:
    """How many levels the suggested rating is above the given one (negative: below; 0 when unknown)."""
    f = result.field("rating")
    if not f.given or not f.suggested or f.given[0] not in _RATINGS or f.suggested[0].value not in _RATINGS:
        return 0
    return _RATINGS.index(f.suggested[0].value) - _RATINGS.index(f.given[0])
