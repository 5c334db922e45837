"""Size and build time of the HTML report of a ~100,000-word story, and the report of a text of 200,000
whitespace-only lines (the case a backtracking paragraph regex made quadratic).

The 100k-word analysis is cached (``--cache``, default /work/cache/issue13 or ./out) so the model runs once.

Usage: python bench/report.py [--words 100000] [--cache DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from throughput import build_text  # noqa: E402

from ficlens.model import Analysis, WorkInfo  # noqa: E402
from ficlens.report import render  # noqa: E402


def big_analysis(words: int, cache: Path) -> Analysis:
    path = cache / f"bench-report-{words}.json"
    if path.exists():
        return Analysis.from_json(path.read_text(encoding="utf-8"))
    from ficlens.config import Options
    from ficlens.pipeline import Analyzer

    a = Analyzer(Options(user_kb=False)).analyze_text(build_text(words), "bench.txt")
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(a.to_json(include_text=True), encoding="utf-8")
    return a


def timed(fn, *args):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=100_000)
    default_cache = "/work/cache/issue13" if os.path.isdir("/work/cache") else str(ROOT / "out")
    ap.add_argument("--cache", default=default_cache)
    args = ap.parse_args()
    a = big_analysis(args.words, Path(args.cache))
    page, secs = timed(render, a, "html")
    print(f"report of {a.work.words:,} words: {len(page.encode('utf-8')) / 1e6:.2f} MB, built in {secs:.2f}s "
          f"({len(a.quotes)} quotes, {len(a.characters)} characters, {len(a.scenes)} scenes)")
    md, secs = timed(render, a, "md")
    print(f"markdown summary: {len(md.encode('utf-8')) / 1e3:.1f} kB in {secs:.3f}s")
    blank = Analysis(work=WorkInfo("blank", [], "b.txt", "txt", "en", 2),
                     text="Start.\n" + " \n" * 200_000 + "End.\n")
    page, secs = timed(render, blank, "html")
    print(f"report of 200,000 whitespace-only lines: built in {secs:.2f}s")


if __name__ == "__main__":
    main()
