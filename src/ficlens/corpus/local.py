"""The local engine: one worker process per core, each loading the model once, one work at a time.

The parent hands each idle worker the next work over a pipe and waits for results, worker deaths and deadlines
at once (``multiprocessing.connection.wait``). A work past the time limit gets its worker killed and replaced,
and is recorded as failed; a worker that dies (out of memory, a crash in native code) likewise. Workers ignore
SIGINT: Ctrl-C reaches the parent, which commits what is finished and stops them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from ..config import Options
from ..errors import ConfigError, FiclensError
from .inputs import WorkItem
from .worker import WorkResult, analyse_item, failure, warm


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _worker_main(conn: Connection, options: Options, with_json: bool) -> None:
    # Ctrl-C and a group-wide SIGTERM are for the parent, which commits and then stops the workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        try:
            warm(options)
        except FiclensError as exc:  # no model, a bad knowledge base: every work would fail the same way
            conn.send(("fatal", str(exc)))
            return
        conn.send(("ready", os.getpid()))
        while True:
            item = conn.recv()
            if item is None:
                return
            conn.send(("result", analyse_item(item, options, with_json)))
    except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        return  # the parent went away


class _Worker:
    def __init__(self, ctx: Any, options: Options, with_json: bool) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, options, with_json), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False
        self.item: WorkItem | None = None
        self.started = 0.0

    def assign(self, item: WorkItem) -> None:
        self.item = item
        self.started = time.monotonic()
        self.conn.send(item)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            self.conn.send(None)
        self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(2)
        self.conn.close()


def run_local(
    items: Iterable[WorkItem],
    options: Options,
    workers: int,
    with_json: bool = False,
    time_limit: float | None = None,
) -> Iterator[WorkResult]:
    """Analyse ``items`` on ``workers`` local processes; yield each result as it arrives (any order)."""
    ctx = _context()
    queue = deque(items)
    pool: list[_Worker] = []
    try:
        pool = [_Worker(ctx, options, with_json) for _ in range(max(1, min(workers, len(queue))))]
        while queue or any(w.item is not None for w in pool):
            for w in pool:
                if w.ready and w.item is None and queue:
                    w.assign(queue.popleft())
            busy = [w for w in pool if w.item is not None]
            timeout = None
            if time_limit is not None and busy:
                timeout = max(0.0, min(w.started + time_limit for w in busy) - time.monotonic())
            waitables: list[Any] = [w.conn for w in pool] + [w.proc.sentinel for w in pool]
            ready = set(wait(waitables, timeout))
            now = time.monotonic()
            for i, w in enumerate(list(pool)):
                message = None
                if w.conn in ready:
                    try:
                        message = w.conn.recv()
                    except (EOFError, OSError):
                        message = None
                if message is not None:
                    kind, payload = message
                    if kind == "ready":
                        w.ready = True
                    elif kind == "fatal":
                        raise ConfigError(payload)
                    else:
                        w.item = None
                        yield payload
                    continue
                dead = w.proc.sentinel in ready or (w.conn in ready and message is None)
                late = w.item is not None and time_limit is not None and now - w.started >= time_limit
                if not dead and not late:
                    continue
                item, started = w.item, w.started
                w.kill()
                if item is None and not w.ready:
                    # died while loading the model: nothing will ever work; stop rather than respawn forever
                    raise RuntimeError(f"a worker process died while loading the model (exit code {w.proc.exitcode})")
                pool[i] = _Worker(ctx, options, with_json)
                if item is not None:
                    if late:
                        yield failure(item, "time-limit", f"exceeded the time limit of {time_limit:g} s",
                                      now - started)
                    else:
                        yield failure(item, "worker", f"the worker process died (exit code {w.proc.exitcode})",
                                      now - started)
    finally:
        for w in pool:
            w.stop() if w.item is None else w.kill()
