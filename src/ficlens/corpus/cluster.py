"""The Dask engine: the same per-work function on a ``dask.distributed`` cluster.

Each worker thread loads the model once (:func:`ficlens.corpus.worker.analyzer_for`) and keeps it for every
later work. At most one work per worker thread is in flight, so a work's clock starts when it is submitted and
the scheduler never holds the whole corpus. A work past the time limit is recorded as failed and cancelled;
when the cluster has nannies (the default ``dask worker``) the worker running it is restarted, which stops it
(without nannies, e.g. a threads-only ``LocalCluster``, the thread finishes the work and its result is
discarded).
"""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from ..config import Options
from ..errors import ConfigError, Errors
from .inputs import WorkItem
from .worker import WorkResult, analyse_item, failure


def connect(address: str) -> Any:
    """A ``dask.distributed.Client`` for a scheduler address (``tcp://host:8786``); E304 when unreachable."""
    try:
        from dask.distributed import Client
    except ImportError:  # pragma: no cover - dask is a dependency
        raise ConfigError(Errors.E305) from None
    try:
        return Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError(Errors.E304.format(address=address, reason=exc)) from None


def _worker_of(client: Any, key: Any) -> str | None:
    try:
        for worker, keys in client.processing().items():
            if key in keys:
                return str(worker)
    except Exception:  # noqa: BLE001 - best effort: the task may have just finished
        return None
    return None


def run_dask(
    items: Iterable[WorkItem],
    options: Options,
    client: Any,
    with_json: bool = False,
    time_limit: float | None = None,
) -> Iterator[WorkResult]:
    """Analyse ``items`` on the cluster behind ``client``; yield each result as it arrives (any order)."""
    from dask.distributed import wait

    queue = deque(items)
    inflight: dict[Any, tuple[WorkItem, float]] = {}

    def capacity() -> int:
        try:
            return max(1, sum(client.nthreads().values()))
        except Exception:  # noqa: BLE001
            return 1

    slots = capacity()
    try:
        while queue or inflight:
            while queue and len(inflight) < slots:
                item = queue.popleft()
                fut = client.submit(analyse_item, item, options, with_json, pure=False,
                                    key=f"ficlens-{item.work_id}-{time.monotonic_ns()}")
                inflight[fut] = (item, time.monotonic())
            timeout = None
            if time_limit is not None:
                timeout = max(0.05, min(t for _, t in inflight.values()) + time_limit - time.monotonic())
            try:
                done, _ = wait(list(inflight), timeout=timeout, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            now = time.monotonic()
            for fut in done:
                item, started = inflight.pop(fut)
                if fut.status == "finished":
                    yield fut.result()
                else:
                    try:
                        exc = fut.exception()
                        reason = f"{type(exc).__name__}: {exc}"
                    except Exception as e:  # noqa: BLE001 - cancelled or lost futures
                        reason = f"{type(e).__name__}: {e}"
                    yield failure(item, "worker", f"the Dask task failed ({reason})", now - started)
            if time_limit is not None:
                for fut, (item, started) in list(inflight.items()):
                    if now - started < time_limit:
                        continue
                    del inflight[fut]
                    worker = _worker_of(client, fut.key)
                    fut.cancel()
                    if worker is not None:
                        # without a nanny this fails: the work runs on and its result is dropped
                        with contextlib.suppress(Exception):
                            client.restart_workers([worker], raise_for_error=False)
                    yield failure(item, "time-limit", f"exceeded the time limit of {time_limit:g} s",
                                  now - started)
            slots = capacity()
    finally:
        for fut in inflight:
            fut.cancel()
