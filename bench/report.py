"""Size and build time of the HTML report of a ~100,000-word story, and the report of a text of 200,000
whitespace-only lines (the case a backtracking paragraph regex made quadratic); the library index of 5,000
synthetic works: its size, and (when Chromium and Playwright are there) the time to show it and to filter it.

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
    library_index(Path(args.cache))


def library_index(cache: Path) -> None:
    import shutil
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    from ficlens.library.site import render_index
    from library.synthetic import rows

    works = rows(5000)
    page, secs = timed(render_index, works, "bench")
    print(f"library index of 5,000 works: {len(page.encode('utf-8')) / 1e6:.2f} MB, built in {secs:.2f}s")
    exe = os.environ.get("FICLENS_CHROMIUM") or shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return
    if not exe:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.html"
        path.write_text(page, encoding="utf-8")
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
            pg = b.new_page()
            t0 = time.perf_counter()
            pg.goto(path.as_uri())
            pg.locator("#rows tr").first.wait_for()
            shown = time.perf_counter() - t0
            t0 = time.perf_counter()
            pg.select_option("#ffield", "categories")
            pg.fill("#fvalue", "M/M")
            pg.click("#fadd")
            pg.locator("#chips button.chip").first.wait_for()
            filtered = time.perf_counter() - t0
            t0 = time.perf_counter()
            pg.click('th button[data-sort="words"]')
            pg.locator('th[aria-sort="descending"]').wait_for()
            sort = time.perf_counter() - t0
            print(f"  in Chromium: shown in {shown * 1000:.0f} ms, filtered (M/M) in {filtered * 1000:.0f} ms, "
                  f"sorted by words in {sort * 1000:.0f} ms (including the driver's round trips)")
            b.close()


if __name__ == "__main__":
    main()
