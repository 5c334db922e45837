"""Files of many works, as researchers hold corpora: AO3Scraper-style CSV (one row per work, the text in
``body``) and JSON Lines (one object per work, the text in ``text``, beside ao3-api metadata names).

>>> from ficlens.ingest.records import iter_works
>>> for work in iter_works("fanfics.csv"):
...     work.source, work.title, work.given

Each record becomes a Work whose ``source`` is ``<file>#<work id or row number>``; its tags go to
``work.given``. Field names are in ``ingest/fields.toml`` (and docs/formats.md).
"""

from __future__ import annotations

import ast
import copy
import csv
import io
import json
import re
import stat
import sys
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import Errors, InputError
from ..lexicons import table
from ._given import AO3_CATEGORIES, parse_word_count
from .base import GivenTags, SourceChapter, Work
from .limits import DEFAULT_LIMITS, Limits, check_text_size, clean_text
from .text import normalize_newlines, read_txt

__all__ = ["RECORD_EXTENSIONS", "count_records", "given_from_fields", "is_records_file", "iter_records", "iter_works",
           "read_record", "record_names", "record_stem", "work_from_record"]

RECORD_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_CHAPTER_JOIN = "\n\n"


@cache
def _names() -> dict[str, dict[str, tuple[str, ...]]]:
    raw = table("ingest/fields.toml")
    return {group: {k: tuple(_key(n) for n in v) for k, v in raw[group].items()} for group in ("work", "given")}


def _key(name: str) -> str:
    return re.sub(r"[\s_\-]+", " ", str(name)).strip().lower()


def _lookup(record: Mapping[str, Any], group: str, field: str) -> Any:
    for name in _names()[group][field]:
        if name in record:
            value = record[name]
            if value not in (None, "", [], "null"):
                return value
    return None


def _as_list(value: Any) -> list[str]:
    """A list of tag strings from a list, a ', '-joined string (AO3 tags never hold commas) or a Python
    list literal (AO3Scraper writes its author column that way)."""
    if value is None:
        return []
    if isinstance(value, str):
        s = value.strip()
        if s.startswith("[") and s.endswith("]"):
            try:
                parsed = ast.literal_eval(s)
            except (ValueError, SyntaxError):
                parsed = None
            if isinstance(parsed, list):
                return _as_list(parsed)
        return [v.strip() for v in s.split(",") if v.strip()]
    if isinstance(value, Mapping):  # ao3-api objects serialised as dicts: {"username": ...} / {"name": ...}
        for k in ("username", "name", "value", "title"):
            if isinstance(value.get(k), str):
                return [value[k].strip()]
        return []
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for v in value:
            out.extend(_as_list(v) if not isinstance(v, str) else ([v.strip()] if v.strip() else []))
        return out
    return [str(value)]


def _put(tags: GivenTags, field: str, values: list[str]) -> None:
    current = getattr(tags, field)
    for v in values:
        if v not in current:
            current.append(v)


def given_from_fields(record: Mapping[str, Any]) -> GivenTags | None:
    """GivenTags from a record whose keys use ao3-api, AO3Scraper or FanFicFare names (keys normalised with
    :func:`_key`)."""
    tags = GivenTags()
    rating = _as_list(_lookup(record, "given", "rating"))
    tags.rating = rating[0] if rating else None
    _put(tags, "warnings", _as_list(_lookup(record, "given", "warnings")))
    cats = _as_list(_lookup(record, "given", "categories"))
    _put(tags, "categories", [c for c in cats if c in AO3_CATEGORIES])
    fandoms = _as_list(_lookup(record, "given", "fandoms"))
    _put(tags, "fandoms", fandoms or [c for c in cats if c not in AO3_CATEGORIES])
    _put(tags, "relationships", _as_list(_lookup(record, "given", "relationships")))
    _put(tags, "characters", _as_list(_lookup(record, "given", "characters")))
    freeform = _as_list(_lookup(record, "given", "freeform"))
    if not freeform:
        genre = _as_list(_lookup(record, "given", "genre"))
        _put(tags, "categories", [g for g in genre if g in AO3_CATEGORIES])
        freeform = [g for g in genre if g not in AO3_CATEGORIES]
    _put(tags, "freeform", freeform)
    words = _lookup(record, "given", "words")
    if isinstance(words, int) and not isinstance(words, bool):
        tags.words = words
    elif isinstance(words, str):
        tags.words = parse_word_count(words)
    return None if tags.is_empty() else tags


def _story_text(value: Any) -> tuple[str, list[SourceChapter]]:
    """The text of a record and its chapters: a string, or a list of chapters (strings or objects with
    ``text`` and ``title``), joined by a blank line."""
    if isinstance(value, str):
        return normalize_newlines(value), []
    if not isinstance(value, (list, tuple)):
        return "", []
    parts: list[str] = []
    chapters: list[SourceChapter] = []
    pos = 0
    for item in value:
        title = None
        if isinstance(item, Mapping):
            body = item.get("text") or item.get("body") or item.get("content") or ""
            title = item.get("title") if isinstance(item.get("title"), str) else None
        else:
            body = item
        if not isinstance(body, str) or not body.strip():
            continue
        body = normalize_newlines(body).strip("\n")
        head = f"{title}\n\n" if title else ""
        if parts:
            pos += len(_CHAPTER_JOIN)
        chapters.append(SourceChapter(start=pos, body_start=pos + len(head), end=pos + len(head) + len(body),
                                      title=title))
        parts.append(head + body)
        pos += len(head) + len(body)
    return _CHAPTER_JOIN.join(parts), (chapters if len(chapters) > 1 else [])


def work_from_record(record: Mapping[str, Any], source: str, fmt: str, where: str) -> Work:
    """A Work from one record (a CSV row or a JSON object).

    source (str): the name the work gets (``file#id``). where (str): the record's place for messages.
    """
    rec = {_key(k): v for k, v in record.items() if isinstance(k, str)}
    raw = _lookup(rec, "work", "text")
    text, chapters = _story_text(raw)
    if not text.strip():
        raise InputError(Errors.E410.format(path=source.split("#")[0], record=where, field="body/text"))
    if chapters:
        work = Work(text=text, format=fmt, source=source, chapters=chapters)
    else:
        work = read_txt(source, text=text)  # chapter headings written in the text, as in a .txt file
        work.format = fmt
        work.notes = []
        work.given = None
        work.title = None
    title = _lookup(rec, "work", "title")
    work.title = str(title).strip() if title is not None else work.title
    work.authors = _as_list(_lookup(rec, "work", "authors"))
    summary = _lookup(rec, "work", "summary")
    work.summary = str(summary).strip() if isinstance(summary, str) and summary.strip() else None
    language = _lookup(rec, "work", "language")
    work.language = _language(language) if isinstance(language, str) else None
    work.given = given_from_fields(rec)
    return work


def _language(value: str) -> str | None:
    v = value.strip()
    if re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)?", v):
        return v
    return {"english": "en"}.get(v.lower())


def _record_id(record: Mapping[str, Any], number: int) -> str:
    rec = {_key(k): v for k, v in record.items() if isinstance(k, str)}
    rid = _lookup(rec, "work", "id")
    if isinstance(rid, (str, int)) and not isinstance(rid, bool) and re.fullmatch(r"[\w.\-]{1,40}", str(rid)):
        return str(rid)
    return str(number)


def is_records_file(path: str | Path) -> bool:
    """Whether a path is a file of many works (by extension: .csv, .jsonl, .ndjson)."""
    return Path(path).suffix.lower() in RECORD_EXTENSIONS


def _open(path: Path) -> io.TextIOWrapper:
    """The file opened for streaming (a corpus may be far larger than one story: it is never read whole)."""
    if not path.exists():
        raise InputError(Errors.E001.format(path=path))
    if path.is_dir():
        raise InputError(Errors.E002.format(path=path))
    try:
        st = path.stat()
    except OSError as exc:
        raise InputError(Errors.E011.format(path=path, reason=exc.strerror or str(exc))) from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(Errors.E110.format(path=path))
    if st.st_size == 0:
        raise InputError(Errors.E003.format(path=path))
    try:
        return open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise InputError(Errors.E011.format(path=path, reason=exc.strerror or str(exc))) from None


def _records(path: Path, fmt: str) -> Iterator[tuple[str, Mapping[str, Any] | None, str | None]]:
    """(place, record, error) for each record; a bad record gives its error instead of stopping the file."""
    with _open(path) as fh:
        try:
            if fmt == "csv":
                yield from _csv_records(path, fh)
            else:
                yield from _jsonl_records(path, fh)
        except UnicodeDecodeError:
            raise InputError(Errors.E006.format(path=path)) from None


def _csv_records(path: Path, fh: io.TextIOBase) -> Iterator[tuple[str, Mapping[str, Any] | None, str | None]]:
    old = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # a whole work in one cell
    try:
        reader = csv.DictReader(fh)
        n = 0
        while True:
            n += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield f"row {n}", None, Errors.E409.format(path=path, record=f"row {n}", fmt="CSV", reason=str(exc))
                return
            if None in row:
                yield f"row {n}", None, Errors.E409.format(path=path, record=f"row {n}", fmt="CSV",
                                                          reason="more cells than the header has")
                continue
            yield f"row {n}", row, None
    finally:
        csv.field_size_limit(old)


def _jsonl_records(path: Path, fh: io.TextIOBase) -> Iterator[tuple[str, Mapping[str, Any] | None, str | None]]:
    for n, line in enumerate(fh, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield f"line {n}", None, Errors.E409.format(path=path, record=f"line {n}", fmt="JSON", reason=exc.msg)
            continue
        except RecursionError:
            yield f"line {n}", None, Errors.E409.format(path=path, record=f"line {n}", fmt="JSON",
                                                       reason="nested too deeply")
            continue
        if not isinstance(obj, dict):
            yield f"line {n}", None, Errors.E409.format(path=path, record=f"line {n}", fmt="JSON",
                                                       reason="not an object")
            continue
        yield f"line {n}", obj, None


def _works_of(
    path: str | Path, records: Iterator[tuple[str, Mapping[str, Any] | None, str | None]], fmt: str, limits: Limits
) -> Iterator[tuple[str, Work | None, str | None]]:
    seen: dict[str, int] = {}
    count = 0
    for n, (where, record, error) in enumerate(records, start=1):
        count += 1
        if record is None:
            yield f"{path}#{where.split()[-1]}", None, error
            continue
        rid = _record_id(record, n)
        seen[rid] = seen.get(rid, 0) + 1
        name = f"{path}#{rid}" if seen[rid] == 1 else f"{path}#{rid}-{seen[rid]}"
        try:
            work = work_from_record(record, name, fmt, where)
            check_text_size(work.text, name, limits)
            work.text = clean_text(work.text, name, work.warnings)
        except InputError as exc:
            yield name, None, str(exc)
            continue
        yield name, work, None
    if count == 0:
        raise InputError(Errors.E411.format(path=path))


_PARSED: dict[tuple[str, int, int], list[tuple[str, Work | None, str | None]]] = {}


def _parsed(path: str, data: bytes) -> list[tuple[str, Work | None, str | None]]:
    """Every record of a file's bytes, parsed once per process (the last file is kept)."""
    key = (path, len(data), hash(data))
    if key not in _PARSED:
        fmt = RECORD_EXTENSIONS.get(Path(path).suffix.lower(), "jsonl")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(Errors.E006.format(path=path)) from None
        stream = io.StringIO(text, newline="")
        records = _csv_records(Path(path), stream) if fmt == "csv" else _jsonl_records(Path(path), stream)
        _PARSED.clear()
        _PARSED[key] = list(_works_of(path, records, fmt, DEFAULT_LIMITS))
    return _PARSED[key]


def count_records(path: str, data: bytes) -> int:
    """How many records (good or bad) a CSV / JSON Lines file's bytes hold."""
    return len(_parsed(path, data))


def read_record(path: str, data: bytes, index: int) -> Work:
    """Record ``index`` (from 0) of a CSV / JSON Lines file's bytes as a Work; a bad record raises its error."""
    name, work, error = _parsed(path, data)[index]
    if work is None:
        raise InputError(error or Errors.E411.format(path=path))
    return copy.deepcopy(work)  # the cached parse stays as read


def iter_records(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[str, Work | None, str | None]]:
    """(source name, Work or None, error or None) for each record of a CSV / JSON Lines file, so that a bad
    record is reported and the others still read. The file is read as it goes (never whole); each record's
    text is held to ``limits.max_text_chars`` (E119). Raises E001-E003/E006/E011/E110 for the file itself and
    E411 when it holds no record."""
    p = Path(path)
    fmt = RECORD_EXTENSIONS.get(p.suffix.lower(), "jsonl")
    yield from _works_of(path, _records(p, fmt), fmt, limits)


def record_stem(name: str) -> str:
    """The output stem of an input: its file stem, or ``<file stem>-<record id>`` for ``file.csv#id``."""
    file, sep, rid = name.rpartition("#")
    if sep and rid and is_records_file(file):
        return f"{Path(file).stem or 'works'}-{rid}"
    return Path(name).stem or "story"


def record_names(paths: Sequence[str]) -> list[str]:
    """``paths`` with each CSV / JSON Lines file replaced by the names of its records (``file#id``); a records
    file that cannot be read stays itself, so that its error is reported where it is analysed."""
    out: list[str] = []
    for p in paths:
        if not is_records_file(p):
            out.append(p)
            continue
        try:
            names = [name for name, _, _ in iter_records(p)]
        except InputError:
            names = [p]
        out.extend(names)
    return out


def iter_works(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[Work]:
    """Every work of a CSV / JSON Lines file; the first bad record raises its InputError."""
    for _name, work, error in iter_records(path, limits):
        if work is None:
            raise InputError(error or Errors.E411.format(path=path))
        yield work
