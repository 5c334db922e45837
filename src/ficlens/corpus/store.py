"""The batch folder: Parquet parts written as results arrive, committed atomically, resumable after any kill.

Layout of ``DIR``::

    works/part-000001-<run>.parquet   one folder per table, one file per flush (a few hundred works)
    characters/ quotes/ scenes/ tags/ interactions/   (same part names)
    json/<work_id>.json               per-work analysis JSON (with --json)
    errors.jsonl                      one line per failed work (stage, reason)
    _batch/manifest.json              what made this folder (tool, table version)
    _batch/commits.jsonl              the commit log: one line per part, naming its works

A part is written to hidden temporary files, each flushed to disk and renamed into place, and only then
committed by appending its line to ``commits.jsonl`` (flushed to disk). A work is done when a committed line
names it. After a kill, parts not in the log (and temporary files) are orphans: :meth:`Store.open` with
``resume`` deletes them, so every done work has exactly one row set and no reader sees a torn file.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from ..about import __version__
from ..batch import write_atomic
from ..errors import Errors, InputError
from .tables import TABLE_VERSION, TABLES, Rows, to_table

META = "_batch"
_PART_PREFIX = "part-"


def _fsync_append(path: Path, line: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_commits(out: Path) -> tuple[set[str], set[str]]:
    """The committed part names and done work ids of a batch folder (a torn last line counts as not written)."""
    parts: set[str] = set()
    done: set[str] = set()
    for rec in _log_records(out / META / "commits.jsonl"):
        parts.add(str(rec["part"]))
        done.update(str(w) for w in rec["works"])
    return parts, done


def _log_records(log: Path) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    out = []
    for line in log.read_text(encoding="utf-8").split("\n"):
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line torn by a kill: its part was never committed
        if isinstance(rec, dict) and isinstance(rec.get("part"), str) and isinstance(rec.get("works"), list):
            out.append(rec)
    return out


def _repair_log(log: Path) -> None:
    """Rewrite the commit log without a torn last line, so the next commit starts on a line of its own."""
    if log.exists():
        text = log.read_text(encoding="utf-8")
        if text and not text.endswith("\n"):
            write_atomic(log, "".join(json.dumps(r) + "\n" for r in _log_records(log)), force=True)  # ours


class Store:
    """Buffers rows of finished works and writes them as committed parts.

    out (Path): the batch folder. json (bool): also write ``json/<work_id>.json``.
    flush_works / flush_seconds: a part is written after this many works or this long since the last.
    """

    def __init__(self, out: Path, json: bool = False, flush_works: int = 200, flush_seconds: float = 30.0):
        self.out = out
        self.json = json
        self.flush_works = flush_works
        self.flush_seconds = flush_seconds
        self.run = secrets.token_hex(4)
        self.done: set[str] = set()
        self._seq = 0
        self._buffer: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self._pending: list[str] = []
        self._last_flush = time.monotonic()

    # -- opening -------------------------------------------------------------------------------------------
    def open(self, resume: bool) -> None:
        """Create the folder, or (``resume``) continue one: load the commit log and delete orphan parts.

        Raises E302 when ``out`` is a non-empty folder ficlens did not make, E303 when it holds a batch and
        ``resume`` is false.
        """
        out = self.out
        manifest = out / META / "manifest.json"
        if out.exists() and not out.is_dir():
            raise InputError(Errors.E302.format(out=out))
        if manifest.exists():
            if not resume:
                raise InputError(Errors.E303.format(out=out))
        elif out.exists() and any(out.iterdir()):
            raise InputError(Errors.E302.format(out=out))
        (out / META).mkdir(parents=True, exist_ok=True)
        if not manifest.exists():
            write_atomic(
                manifest,
                json.dumps({"tool": "ficlens", "version": __version__, "table_version": TABLE_VERSION,
                            "tables": list(TABLES), "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
                           indent=2) + "\n",
            )
        for t in TABLES:
            (out / t).mkdir(exist_ok=True)
        if self.json:
            (out / "json").mkdir(exist_ok=True)
        _repair_log(out / META / "commits.jsonl")
        parts, self.done = read_commits(out)
        self._clean(parts)
        # a part number past every existing one, so names stay in commit order
        self._seq = max((_seq_of(n) for n in parts), default=0)

    def _clean(self, committed: set[str]) -> None:
        for t in TABLES:
            for f in (self.out / t).iterdir():
                if f.name.startswith("."):
                    f.unlink()  # a temporary file of a killed run
                elif f.name.startswith(_PART_PREFIX) and f.suffix == ".parquet" and f.stem not in committed:
                    f.unlink()  # an orphan: written but never committed
        json_dir = self.out / "json"
        if json_dir.is_dir():
            for f in json_dir.iterdir():
                if f.name.startswith("."):
                    f.unlink()

    # -- writing -------------------------------------------------------------------------------------------
    def add(self, work_id: str, rows: Rows, json_text: str | None = None) -> bool:
        """Buffer one work's rows; write a part when due. True when a part was committed."""
        if json_text is not None and self.json:
            write_atomic(self.out / "json" / f"{work_id}.json", json_text, force=True)  # a folder we made
        for t in TABLES:
            self._buffer[t].extend(rows.get(t, ()))
        self._pending.append(work_id)
        if len(self._pending) >= self.flush_works or time.monotonic() - self._last_flush >= self.flush_seconds:
            self.flush()
            return True
        return False

    def flush(self) -> None:
        """Write the buffered works as one part of every table, then commit them."""
        self._last_flush = time.monotonic()
        if not self._pending:
            return
        self._seq += 1
        name = f"{_PART_PREFIX}{self._seq:06d}-{self.run}"
        for t in TABLES:
            folder = self.out / t
            tmp = folder / f".{name}.parquet.tmp"
            pq.write_table(to_table(t, self._buffer[t]), tmp, compression="zstd")
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, folder / f"{name}.parquet")
            _fsync_dir(folder)
        _fsync_append(self.out / META / "commits.jsonl", json.dumps({"part": name, "works": self._pending}))
        self.done.update(self._pending)
        self._pending = []
        self._buffer = {t: [] for t in TABLES}

    # -- errors --------------------------------------------------------------------------------------------
    def record_error(self, record: dict[str, Any]) -> None:
        _fsync_append(self.out / "errors.jsonl", json.dumps({**record, "run": self.run}, ensure_ascii=False))

    def prune_errors(self) -> None:
        """Drop error lines of works that are done by now (they failed in an earlier run, then succeeded)."""
        path = self.out / "errors.jsonl"
        if not path.exists():
            return
        keep = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            if rec.get("work_id") not in self.done:
                keep.append(line)
        write_atomic(path, "".join(k + "\n" for k in keep), force=True)  # in the batch folder we made


def _seq_of(part: str) -> int:
    try:
        return int(part.split("-")[1])
    except (IndexError, ValueError):
        return 0


def dataset_paths(out: str | Path, tables: Iterable[str] = TABLES) -> dict[str, str]:
    """The glob of each table's parts, for DuckDB/polars (``read_parquet('DIR/works/*.parquet')``)."""
    return {t: str(Path(out) / t / "*.parquet") for t in tables}
