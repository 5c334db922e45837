"""The analysis model: what ficlens finds in a work, and its JSON form (schema version 1).

Every stage writes into these dataclasses; the JSON contract is ``shared/spec/analysis-json.md`` and the shipped
JSON Schema ``ficlens/schema/analysis.schema.json``. Fields may be added, never renamed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .errors import DataError, Errors

SCHEMA_VERSION = 1


@dataclass
class Evidence:
    start: int
    end: int
    text: str


def evidence_from(text: str, start: int, end: int, limit: int = 300) -> Evidence:
    """An evidence span over ``text[start:end]``, its shown text cut to ``limit`` characters."""
    snippet = text[start:end]
    if len(snippet) > limit:
        snippet = snippet[: limit - 1] + "…"
    return Evidence(start=start, end=end, text=snippet)


@dataclass
class Chapter:
    index: int
    title: str | None
    start: int
    end: int


@dataclass
class Scene:
    index: int
    chapter: int
    start: int
    end: int
    break_marker: str | None
    pov: str | None = None
    pov_confidence: float = 0.0
    person: str = "third"
    tense: str = "past"
    characters: list[str] = field(default_factory=list)
    # Added fields (schema-compatible): a second focal character when the POV changes inside the scene,
    # each {"start": offset, "pov": character id, "confidence": float}; see docs/pov.md.
    pov_shifts: list[dict[str, Any]] = field(default_factory=list)
    # why ``pov`` is null or how it was found: "reader-insert", "unnamed narrator", "header", ...
    pov_note: str | None = None


@dataclass
class Character:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    gender: str = "unknown"
    pronouns: str | None = None
    fandom: str | None = None
    ao3_tag: str | None = None
    mentions: int = 0
    quotes: int = 0
    role: str = "mentioned"
    first_start: int = 0


@dataclass
class Quote:
    id: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    addressees: list[str] = field(default_factory=list)
    method: str | None = None
    confidence: float = 0.0
    kind: str = "speech"


@dataclass
class Interaction:
    a: str
    b: str
    weight: float = 0.0
    dialogue: int = 0
    cooccurrence: int = 0
    kind: str = "unknown"
    evidence: list[Evidence] = field(default_factory=list)
    # Added fields: scenes shared while both present (``cooccurrence`` counts shared paragraphs), and the
    # weighted cue counts per kind behind ``kind``.
    scenes: int = 0
    kind_scores: dict[str, float] = field(default_factory=dict)


@dataclass
class FandomGuess:
    name: str
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class TagValue:
    """One suggested (or given) tag. ``kind``/``members``/``id`` are used by some tag fields only."""

    value: str
    confidence: float = 1.0
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class RelationshipTag:
    value: str
    kind: str
    members: list[str] = field(default_factory=list)
    confidence: float = 1.0
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class CharacterTag:
    value: str
    id: str | None
    confidence: float = 1.0


@dataclass
class Tags:
    rating: TagValue | None = None
    warnings: list[TagValue] = field(default_factory=list)
    categories: list[TagValue] = field(default_factory=list)
    fandoms: list[TagValue] = field(default_factory=list)
    relationships: list[RelationshipTag] = field(default_factory=list)
    characters: list[CharacterTag] = field(default_factory=list)
    freeform: list[TagValue] = field(default_factory=list)
    # Only in given_tags: the word count the file's metadata states.
    words: int | None = None


@dataclass
class WorkInfo:
    title: str | None
    authors: list[str]
    source: str
    format: str
    language: str | None
    words: int
    given_tags: Tags | None = None
    summary: str | None = None


@dataclass
class Analysis:
    """The result of analysing one work. ``Analysis.to_json()`` writes the schema-version-1 JSON."""

    work: WorkInfo
    chapters: list[Chapter] = field(default_factory=list)
    scenes: list[Scene] = field(default_factory=list)
    characters: list[Character] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    fandoms: list[FandomGuess] = field(default_factory=list)
    crossover: bool = False
    tags: Tags = field(default_factory=Tags)
    stats: dict[str, Any] = field(default_factory=dict)
    text: str | None = None
    warnings: list[str] = field(default_factory=list)
    tool: dict[str, str] = field(default_factory=dict)
    # Whether the JSON form carries ``text`` by default (the include_text option); not itself serialised.
    include_text: bool = field(default=False, repr=False, compare=False)

    # -- lookups ---------------------------------------------------------------------------------------
    def character(self, cid: str | None) -> Character | None:
        if cid is None:
            return None
        for c in self.characters:
            if c.id == cid:
                return c
        return None

    # -- JSON ------------------------------------------------------------------------------------------
    def to_dict(self, include_text: bool | None = None) -> dict[str, Any]:
        """The JSON-ready dict; ``include_text`` None means as the analysis was made (the include_text option)."""
        if include_text is None:
            include_text = self.include_text
        work = asdict(self.work)
        if self.work.given_tags is None:
            work["given_tags"] = None
        else:
            work["given_tags"] = _tags_to_dict(self.work.given_tags, given=True)
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "tool": dict(self.tool),
            "work": work,
        }
        if include_text and self.text is not None:
            out["text"] = self.text
        out.update(
            {
                "chapters": [asdict(c) for c in self.chapters],
                "scenes": [asdict(s) for s in self.scenes],
                "characters": [asdict(c) for c in self.characters],
                "quotes": [asdict(q) for q in self.quotes],
                "interactions": [asdict(i) for i in self.interactions],
                "fandoms": [asdict(f) for f in self.fandoms],
                "crossover": self.crossover,
                "tags": _tags_to_dict(self.tags, given=False),
                "stats": dict(self.stats),
                "warnings": list(self.warnings),
            }
        )
        return out

    def to_json(self, include_text: bool | None = None, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(include_text=include_text), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        if not isinstance(data, dict) or "work" not in data:
            raise DataError(Errors.E031.format(reason="no 'work' object"))
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise DataError(Errors.E032.format(version=version, supported=SCHEMA_VERSION))
        try:
            w = dict(data["work"])
            given = w.pop("given_tags", None)
            work = WorkInfo(**_known(WorkInfo, w))
            work.given_tags = _tags_from_dict(given) if given is not None else None
            return cls(
                work=work,
                chapters=[Chapter(**_known(Chapter, c)) for c in data.get("chapters", [])],
                scenes=[Scene(**_known(Scene, s)) for s in data.get("scenes", [])],
                characters=[Character(**_known(Character, c)) for c in data.get("characters", [])],
                quotes=[Quote(**_known(Quote, q)) for q in data.get("quotes", [])],
                interactions=[
                    Interaction(**{**_known(Interaction, i), "evidence": _ev(i.get("evidence"))})
                    for i in data.get("interactions", [])
                ],
                fandoms=[
                    FandomGuess(**{**_known(FandomGuess, f), "evidence": _ev(f.get("evidence"))})
                    for f in data.get("fandoms", [])
                ],
                crossover=bool(data.get("crossover", False)),
                tags=_tags_from_dict(data.get("tags") or {}),
                stats=dict(data.get("stats", {})),
                text=data.get("text"),
                include_text="text" in data,
                warnings=list(data.get("warnings", [])),
                tool=dict(data.get("tool", {})),
            )
        except (TypeError, KeyError, ValueError, AttributeError) as exc:
            raise DataError(Errors.E031.format(reason=str(exc))) from None

    @classmethod
    def from_json(cls, text: str) -> Analysis:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(Errors.E031.format(reason=f"invalid JSON ({exc.msg})")) from None
        return cls.from_dict(data)


def _known(klass: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(klass)}
    return {k: v for k, v in data.items() if k in names}


def _ev(items: list[dict[str, Any]] | None) -> list[Evidence]:
    return [Evidence(**_known(Evidence, e)) for e in (items or [])]


def _tv(d: dict[str, Any]) -> TagValue:
    return TagValue(value=d["value"], confidence=d.get("confidence", 1.0), evidence=_ev(d.get("evidence")))


def _tags_to_dict(tags: Tags, given: bool) -> dict[str, Any]:
    def tv(t: TagValue, with_evidence: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {"value": t.value, "confidence": t.confidence}
        if with_evidence:
            d["evidence"] = [asdict(e) for e in t.evidence]
        return d

    out: dict[str, Any] = {
        "rating": tv(tags.rating) if tags.rating else None,
        "warnings": [tv(t) for t in tags.warnings],
        "categories": [tv(t, with_evidence=False) for t in tags.categories],
        "fandoms": [tv(t, with_evidence=False) for t in tags.fandoms],
        "relationships": [asdict(r) for r in tags.relationships],
        "characters": [asdict(c) for c in tags.characters],
        "freeform": [tv(t) for t in tags.freeform],
    }
    if given:
        out["words"] = tags.words
    return out


def _tags_from_dict(d: dict[str, Any]) -> Tags:
    return Tags(
        rating=_tv(d["rating"]) if d.get("rating") else None,
        warnings=[_tv(t) for t in d.get("warnings", [])],
        categories=[_tv(t) for t in d.get("categories", [])],
        fandoms=[_tv(t) for t in d.get("fandoms", [])],
        relationships=[
            RelationshipTag(
                value=r["value"],
                kind=r.get("kind", "romantic"),
                members=list(r.get("members", [])),
                confidence=r.get("confidence", 1.0),
                evidence=_ev(r.get("evidence")),
            )
            for r in d.get("relationships", [])
        ],
        characters=[CharacterTag(**_known(CharacterTag, c)) for c in d.get("characters", [])],
        freeform=[_tv(t) for t in d.get("freeform", [])],
        words=d.get("words"),
    )
