"""Whole archives: analyse many works on every core or on a Dask cluster, into Parquet tables.

>>> from ficlens.corpus import run_batch
>>> summary = run_batch(["stories/"], "out/", workers=2)
>>> con = duckdb_tables("out/")            # DuckDB views works, characters, quotes, scenes, tags, interactions
>>> con.sql("select fandom, count(*) from works group by fandom").show()

See docs/batch.md for the folder layout, the table schemas and worked research questions.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..config import Options, load_options
from ..errors import ConfigError, Errors
from .inputs import MULTI_READERS, WorkItem, expand_inputs, work_id
from .store import Store, dataset_paths
from .tables import SCHEMAS, TABLES
from .worker import WorkResult, analyse_item, summary_of

__all__ = [
    "MULTI_READERS",
    "SCHEMAS",
    "TABLES",
    "BatchProgress",
    "BatchSummary",
    "WorkItem",
    "WorkResult",
    "dataset_paths",
    "duckdb_tables",
    "expand_inputs",
    "run_batch",
    "work_id",
]


@dataclass
class BatchSummary:
    """What a batch run did. ``done`` counts works analysed in this run; ``skipped`` those already done
    (``--resume``); ``duplicates`` inputs byte-identical to another; ``failed`` works recorded in errors.jsonl."""

    out: Path
    total: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0
    duplicates: int = 0
    words: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    engine: str = ""
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    @property
    def ok(self) -> bool:
        return self.failed == 0 and not self.interrupted


class BatchProgress(Protocol):
    """Receives the batch's progress: ``start`` once with the works to do, ``update`` per finished work."""

    def start(self, todo: int, skipped: int) -> None: ...

    def update(self, result: WorkResult) -> None: ...


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run_batch(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    options: Options | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    resume: bool = False,
    json: bool = False,
    time_limit: float | None = 1800.0,
    progress: BatchProgress | None = None,
    flush_works: int = 200,
    flush_seconds: float = 30.0,
) -> BatchSummary:
    """Analyse every work named by ``inputs`` into the Parquet tables of the folder ``out``.

    inputs: files, folders (searched recursively for supported formats) and globs.
    out: the batch folder (created; an existing one only with ``resume``).
    options (Options): analysis options (default: packaged defaults and the user config).
    workers (int): local worker processes (default: one per core); 0 analyses in this process (no hard time
        limit; for tests and debugging).
    scheduler (str) / client (dask.distributed.Client): run on a Dask cluster instead.
    resume (bool): continue a batch folder, skipping works already committed.
    json (bool): also write ``json/<work_id>.json``, each work's analysis JSON.
    time_limit (float | None): seconds a work may take before it is stopped and recorded as failed.
    progress (BatchProgress): receives progress events.
    RETURNS (BatchSummary): counts, words, time; ``ok`` when nothing failed. Ctrl-C commits what is finished and
        returns with ``interrupted`` set.
    """
    if options is None:
        options = load_options()
    if time_limit is not None and time_limit <= 0:
        time_limit = None
    if time_limit is not None:
        # also the analysis's own cooperative deadline (checked between parse batches and stages), which stops
        # a late work cleanly on any engine; the local engine's kill is the hard stop behind it
        options = options.updated(max_seconds_per_work=max(1, math.ceil(time_limit)))
    out = Path(out)
    items, duplicates = expand_inputs(inputs, exclude=out)
    store = Store(out, json=json, flush_works=flush_works, flush_seconds=flush_seconds)
    store.open(resume)
    todo = [it for it in items if it.work_id not in store.done]
    # big works first: the longest one does not start last and leave the other workers idle
    todo.sort(key=lambda it: -it.size)
    summary = BatchSummary(out=out, total=len(items), skipped=len(items) - len(todo), duplicates=duplicates)
    if progress is not None:
        progress.start(len(todo), summary.skipped)
    own_client = None
    if scheduler is not None and client is None:
        from .cluster import connect

        client = own_client = connect(scheduler)
    t0 = time.perf_counter()
    results: Iterator[WorkResult]
    if client is not None:
        from .cluster import run_dask

        summary.engine = "dask"
        results = run_dask(todo, options, client, json, time_limit)
    elif workers == 0:
        summary.engine = "in-process"
        results = (analyse_item(it, options, json) for it in todo)
    else:
        from .local import run_local

        n = workers if workers is not None else default_workers()
        if n < 0:
            raise ConfigError(Errors.E306.format(workers=n))
        summary.engine = f"local processes ({min(n, max(1, len(todo)))})"
        results = run_local(todo, options, n, json, time_limit)
    guard = _InterruptGuard()
    try:
        with guard:
            for result in results:
                with guard.critical():  # a Ctrl-C waits until this work is fully buffered or recorded
                    if result.ok:
                        store.add(result.item.work_id, result.rows, result.json)
                        summary.done += 1
                        summary.words += result.words
                    else:
                        record = summary_of(result)
                        store.record_error(record)
                        summary.errors.append(record)
                        summary.failed += 1
                if progress is not None:
                    progress.update(result)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
        store.flush()
        store.prune_errors()
        if own_client is not None:
            own_client.close()
    summary.seconds = time.perf_counter() - t0
    return summary


class _InterruptGuard:
    """SIGINT and SIGTERM as KeyboardInterrupt, except inside ``critical()`` blocks (deferred to their end)."""

    def __init__(self) -> None:
        self._depth = 0
        self._pending = False
        self._previous: Any = None

    def __enter__(self) -> _InterruptGuard:
        if threading.current_thread() is threading.main_thread():
            # SIGTERM (a job scheduler stopping the run) is handled as Ctrl-C: commit what is finished, stop
            self._previous = {sig: signal.signal(sig, self._handle) for sig in (signal.SIGINT, signal.SIGTERM)}
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            for sig, handler in self._previous.items():
                signal.signal(sig, handler)
            self._previous = None

    def _handle(self, signum: int, frame: Any) -> None:
        if self._depth:
            self._pending = True
        else:
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def critical(self) -> Iterator[None]:
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if self._pending and not self._depth:
            self._pending = False
            raise KeyboardInterrupt


def duckdb_tables(out: str | Path, con: Any = None) -> Any:
    """A DuckDB connection with one view per table of the batch folder ``out`` (``works``, ``quotes``…)."""
    import duckdb

    con = con or duckdb.connect()
    for name, pattern in dataset_paths(out).items():
        escaped = pattern.replace("'", "''")
        con.sql(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet('{escaped}', union_by_name=true)")
    return con
