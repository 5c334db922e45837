"""Batch throughput: the same corpus with 1 and 2 local worker processes and a two-worker Dask LocalCluster.

The corpus is --works chapters of the example story with varied names (bench/synth.py), one file each. Each
engine writes a fresh batch folder. Two figures per engine: words/s over the whole run (including starting the
workers and loading the model in each), and steady words/s between the first result of every worker and the
last result (the rate a long batch approaches). Also the CPU seconds the workers spent on the works: words per
CPU second that stay the same with 2 workers mean the engine adds no work, and a shortfall of the 2-worker
speed-up is cores taken by other processes (on Linux, other sessions' processes share the CPU by session,
whatever their nice value).

Usage: python bench/batch.py [--works 24] [--engines local1,local2,dask2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synth import EXAMPLE, _renamed  # noqa: E402
from throughput import load_note  # noqa: E402


class _Clock:
    def __init__(self) -> None:
        self.times: list[tuple[float, int]] = []
        self.cpu = 0.0  # CPU seconds the workers spent on the works

    def start(self, todo: int, skipped: int) -> None:
        pass

    def update(self, result) -> None:  # type: ignore[no-untyped-def]
        self.times.append((time.perf_counter(), result.words))
        self.cpu += result.cpu_seconds


def steady(clock: _Clock, workers: int) -> float:
    t = clock.times
    if len(t) <= workers:
        return 0.0
    first = t[workers - 1][0]
    words = sum(w for _, w in t[workers:])
    return words / (t[-1][0] - first)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--works", type=int, default=24)
    ap.add_argument("--engines", default="local1,local2,dask2")
    args = ap.parse_args()

    from ficlens.config import Options
    from ficlens.corpus import run_batch

    base = EXAMPLE.read_text(encoding="utf-8")
    options = Options(user_kb=False)
    print(load_note() + " at start")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for k in range(args.works):
            (corpus / f"work{k:03d}.txt").write_text(_renamed(base, k + 1), encoding="utf-8")
        for engine in args.engines.split(","):
            clock = _Clock()
            out = Path(tmp) / f"out-{engine}"
            t0 = time.perf_counter()
            if engine.startswith("local"):
                n = int(engine[5:])
                summary = run_batch([corpus], out, options=options, workers=n, progress=clock)
            elif engine.startswith("dask"):
                from dask.distributed import Client, LocalCluster

                n = int(engine[4:])
                with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, Client(cluster) as client:
                    summary = run_batch([corpus], out, options=options, client=client, progress=clock)
            else:
                raise SystemExit(f"unknown engine {engine}")
            wall = time.perf_counter() - t0
            print(f"{engine:>7}: {summary.done} works, {summary.words:,} words in {wall:.1f} s: "
                  f"{summary.words / wall:,.0f} words/s overall, {steady(clock, n):,.0f} words/s steady "
                  f"({summary.failed} failed); workers' CPU {clock.cpu:.1f} s, "
                  f"{summary.words / clock.cpu if clock.cpu else 0:,.0f} words per CPU second", flush=True)
    print(load_note() + " at end")


if __name__ == "__main__":
    main()
