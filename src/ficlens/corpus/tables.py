"""The batch tables: their Arrow schemas and the rows one analysis contributes to each.

Every row carries ``work_id`` (see :mod:`ficlens.corpus.inputs`). Character ids (``c1``…), quote ids and scene
indices are unique within a work only: join on ``(work_id, id)``. The schemas are documented column by column in
``docs/batch.md`` (a test checks the two agree); columns may be added, never renamed.
"""

from __future__ import annotations

import bisect
from collections import Counter
from typing import Any

import pyarrow as pa

from ..model import Analysis, TagValue
from .inputs import WorkItem

TABLE_VERSION = 1

_str = pa.string()
_strs = pa.list_(pa.string())
_i32 = pa.int32()
_i64 = pa.int64()
_f64 = pa.float64()

SCHEMAS: dict[str, pa.Schema] = {
    "works": pa.schema(
        [
            ("work_id", _str),
            ("path", _str),
            ("record", _i32),
            ("title", _str),
            ("authors", _strs),
            ("format", _str),
            ("language", _str),
            ("words", _i64),
            ("chapters", _i32),
            ("scenes", _i32),
            ("paragraphs", _i32),
            ("characters", _i32),
            ("quotes", _i32),
            ("dialogue_ratio", _f64),
            ("person", _str),
            ("tense", _str),
            ("fandom", _str),
            ("fandom_confidence", _f64),
            ("crossover", pa.bool_()),
            ("rating", _str),
            ("seconds", _f64),
            ("ficlens_version", _str),
        ]
    ),
    "characters": pa.schema(
        [
            ("work_id", _str),
            ("character_id", _str),
            ("name", _str),
            ("aliases", _strs),
            ("gender", _str),
            ("pronouns", _str),
            ("fandom", _str),
            ("ao3_tag", _str),
            ("role", _str),
            ("mentions", _i32),
            ("quotes", _i32),
            ("first_start", _i64),
        ]
    ),
    "quotes": pa.schema(
        [
            ("work_id", _str),
            ("quote_id", _str),
            ("scene", _i32),
            ("start", _i64),
            ("end", _i64),
            ("text", _str),
            ("kind", _str),
            ("speaker", _str),
            ("speaker_name", _str),
            ("speaker_gender", _str),
            ("addressees", _strs),
            ("method", _str),
            ("confidence", _f64),
        ]
    ),
    "scenes": pa.schema(
        [
            ("work_id", _str),
            ("scene", _i32),
            ("chapter", _i32),
            ("start", _i64),
            ("end", _i64),
            ("words", _i64),
            ("quotes", _i32),
            ("quoted_chars", _i64),
            ("break_marker", _str),
            ("pov", _str),
            ("pov_name", _str),
            ("pov_gender", _str),
            ("pov_confidence", _f64),
            ("pov_note", _str),
            ("person", _str),
            ("tense", _str),
            ("characters", _strs),
        ]
    ),
    "tags": pa.schema(
        [
            ("work_id", _str),
            ("source", _str),
            ("field", _str),
            ("value", _str),
            ("kind", _str),
            ("members", _strs),
            ("confidence", _f64),
        ]
    ),
    "interactions": pa.schema(
        [
            ("work_id", _str),
            ("a", _str),
            ("b", _str),
            ("a_name", _str),
            ("b_name", _str),
            ("kind", _str),
            ("weight", _f64),
            ("dialogue", _i32),
            ("cooccurrence", _i32),
            ("scenes", _i32),
        ]
    ),
}

TABLES = tuple(SCHEMAS)

Rows = dict[str, list[dict[str, Any]]]


def rows_for(item: WorkItem, a: Analysis, text: str) -> Rows:
    """The rows of every table for one analysed work. ``text`` is the work's plain text (for scene words)."""
    wid = item.work_id
    names = {c.id: c for c in a.characters}

    def name(cid: str | None) -> str | None:
        c = names.get(cid) if cid else None
        return c.name if c else None

    def gender(cid: str | None) -> str | None:
        c = names.get(cid) if cid else None
        return c.gender if c else None

    starts = [s.start for s in a.scenes]

    def scene_of(offset: int) -> int | None:
        i = bisect.bisect_right(starts, offset) - 1
        return a.scenes[i].index if i >= 0 else None

    quotes = []
    per_scene_quotes: Counter[int] = Counter()
    per_scene_chars: Counter[int] = Counter()
    for q in a.quotes:
        scene = scene_of(q.start)
        if scene is not None:
            per_scene_quotes[scene] += 1
            per_scene_chars[scene] += q.end - q.start
        quotes.append(
            {
                "work_id": wid, "quote_id": q.id, "scene": scene, "start": q.start, "end": q.end, "text": q.text,
                "kind": q.kind, "speaker": q.speaker, "speaker_name": name(q.speaker),
                "speaker_gender": gender(q.speaker), "addressees": list(q.addressees), "method": q.method,
                "confidence": q.confidence,
            }
        )
    scenes = [
        {
            "work_id": wid, "scene": s.index, "chapter": s.chapter, "start": s.start, "end": s.end,
            "words": len(text[s.start : s.end].split()), "quotes": per_scene_quotes[s.index],
            "quoted_chars": per_scene_chars[s.index], "break_marker": s.break_marker, "pov": s.pov,
            "pov_name": name(s.pov), "pov_gender": gender(s.pov), "pov_confidence": s.pov_confidence,
            "pov_note": s.pov_note, "person": s.person, "tense": s.tense, "characters": list(s.characters),
        }
        for s in a.scenes
    ]
    characters = [
        {
            "work_id": wid, "character_id": c.id, "name": c.name, "aliases": list(c.aliases), "gender": c.gender,
            "pronouns": c.pronouns, "fandom": c.fandom, "ao3_tag": c.ao3_tag, "role": c.role,
            "mentions": c.mentions, "quotes": c.quotes, "first_start": c.first_start,
        }
        for c in a.characters
    ]
    interactions = [
        {
            "work_id": wid, "a": i.a, "b": i.b, "a_name": name(i.a), "b_name": name(i.b), "kind": i.kind,
            "weight": i.weight, "dialogue": i.dialogue, "cooccurrence": i.cooccurrence, "scenes": i.scenes,
        }
        for i in a.interactions
    ]
    tags = _tag_rows(wid, a)
    work = _work_row(item, a, scenes)
    return {
        "works": [work],
        "characters": characters,
        "quotes": quotes,
        "scenes": scenes,
        "tags": tags,
        "interactions": interactions,
    }


def _by_length(scenes: list[dict[str, Any]], key: str) -> str | None:
    """The value of ``key`` covering most of the text across scenes."""
    tally: Counter[str] = Counter()
    for s in scenes:
        if s[key]:
            tally[s[key]] += s["end"] - s["start"]
    return tally.most_common(1)[0][0] if tally else None


def _work_row(item: WorkItem, a: Analysis, scenes: list[dict[str, Any]]) -> dict[str, Any]:
    w = a.work
    given = w.given_tags
    # the file's own tags first (the author said so), else ficlens's suggestion
    fandoms = (given.fandoms if given is not None else []) or a.tags.fandoms
    top = fandoms[0] if fandoms else None
    rating = given.rating.value if given is not None and given.rating else None
    if rating is None and a.tags.rating is not None:
        rating = a.tags.rating.value
    return {
        "work_id": item.work_id, "path": item.path, "record": item.record, "title": w.title,
        "authors": list(w.authors), "format": w.format, "language": w.language, "words": w.words,
        "chapters": len(a.chapters), "scenes": len(a.scenes), "paragraphs": a.stats.get("paragraphs"),
        "characters": len(a.characters), "quotes": len(a.quotes), "dialogue_ratio": a.stats.get("dialogue_ratio"),
        "person": _by_length(scenes, "person"), "tense": _by_length(scenes, "tense"),
        "fandom": top.value if top else None, "fandom_confidence": top.confidence if top else None,
        "crossover": a.crossover, "rating": rating, "seconds": a.stats.get("seconds"),
        "ficlens_version": a.tool.get("version"),
    }


def _tag_rows(wid: str, a: Analysis) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    sources = [("suggested", a.tags)]
    if a.work.given_tags is not None:
        sources.insert(0, ("given", a.work.given_tags))

    def add(source: str, field: str, value: str, confidence: float, kind: str | None = None,
            members: list[str] | None = None) -> None:
        out.append(
            {
                "work_id": wid, "source": source, "field": field, "value": value, "kind": kind,
                "members": members or [], "confidence": confidence,
            }
        )

    for source, t in sources:
        if t.rating is not None:
            add(source, "rating", t.rating.value, t.rating.confidence)
        plain: list[tuple[str, list[TagValue]]] = [
            ("warning", t.warnings), ("category", t.categories), ("fandom", t.fandoms), ("freeform", t.freeform),
        ]
        for field_name, values in plain:
            for v in values:
                add(source, field_name, v.value, v.confidence)
        for r in t.relationships:
            add(source, "relationship", r.value, r.confidence, r.kind, list(r.members))
        for c in t.characters:
            add(source, "character", c.value, c.confidence, None, [c.id] if c.id else [])
    return out


def empty(name: str) -> pa.Table:
    return SCHEMAS[name].empty_table()


def to_table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows as an Arrow table of the documented schema (missing keys become nulls; extra keys are an error)."""
    schema = SCHEMAS[name]
    return pa.Table.from_pylist(rows, schema=schema)
