"""FanFicFare's ``--json-meta`` output beside a story file: ``story.epub.json`` (what ``--json-meta-file``
writes) or ``story.json`` (``fanficfare -j URL > story.json``). Its tags are more complete than the EPUB's
title page (AO3's freeform tags and categories apart, the warnings and rating as the site gave them), so they
take the place of the file's own where present."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

from ..errors import Warnings
from .base import GivenTags, Work
from .records import _key, given_from_fields

# keys every FanFicFare metadata dump has, and a ficlens analysis never has
_FFF_KEYS = ("storyUrl", "siteabbrev", "formatname")
_MAX_BYTES = 5_000_000


def sidecar_path(path: str | Path) -> Path | None:
    """The FanFicFare metadata file beside ``path``, if there is one."""
    p = Path(path)
    for cand in (p.with_name(p.name + ".json"), p.with_suffix(".json")):
        if cand != p and cand.is_file():
            return cand
    return None


def read_meta(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """(metadata, None) for a FanFicFare metadata file, (None, reason) for an unreadable one, (None, None)
    for a JSON file that is something else (e.g. a ficlens analysis)."""
    try:
        if path.stat().st_size > _MAX_BYTES:
            return None, None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, str(exc)
    except json.JSONDecodeError as exc:
        return None, exc.msg
    if not isinstance(data, dict) or not all(k in data for k in _FFF_KEYS):
        return None, None
    return data, None


def merge_given(own: GivenTags | None, meta: GivenTags | None) -> GivenTags | None:
    """The file's tags with each field the metadata gives replaced by the metadata's."""
    if meta is None:
        return own
    if own is None:
        return meta
    out = GivenTags()
    for f in fields(GivenTags):
        mv = getattr(meta, f.name)
        setattr(out, f.name, mv if mv else getattr(own, f.name))
    return out


def apply_sidecar(path: str | Path, work: Work) -> Work:
    """Take tags, title, authors and summary from FanFicFare's metadata beside ``path`` (a W400 warning on
    the work when that file is damaged)."""
    side = sidecar_path(path)
    if side is None:
        return work
    meta, problem = read_meta(side)
    if meta is None:
        if problem is not None and side.name == Path(path).name + ".json":
            work.warnings.append(Warnings.W400.format(path=path, meta=side.name, reason=problem))
        return work
    rec = {_key(k): v for k, v in meta.items()}
    work.given = merge_given(work.given, given_from_fields(rec))
    if not work.title and isinstance(meta.get("title"), str):
        work.title = meta["title"].strip() or None
    if not work.authors and isinstance(meta.get("author"), str):
        work.authors = [a.strip() for a in meta["author"].split(",") if a.strip()]
    if not work.summary and isinstance(meta.get("description"), str):
        work.summary = meta["description"].strip() or None
    return work
