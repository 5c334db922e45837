"""Throughput of the full analysis against a bare spaCy parse of the same text, in one process and one run.

Builds a ~100,000-word story from the bundled example (bench/synth.py: chapters with varied names), then
alternates, --repeat times each:
  1. bare:  ``nlp.pipe(paragraphs)`` with the model's default components and spaCy's default batch size;
  2. full:  ficlens's whole analysis of the same text (segmentation, its parse, every stage).
Prints the best words/s of each, their ratio (target >= 1.0), the stage times of the best full run, peak memory,
and the load average (the machine may be shared: compare ratios from one run, not figures across runs). The
ratio is given twice: by wall-clock seconds and by this process's CPU seconds (``time.process_time``), which
other processes on a busy machine disturb less.

Usage: python bench/throughput.py [--words 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synth import long_text  # noqa: E402


def build_text(words: int) -> str:
    return long_text(words)


def peak_rss_mb() -> float:
    """Peak resident memory of this process. VmHWM where /proc has it: ru_maxrss survives fork and exec on
    Linux, so a child process would report its parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / (1024 * 1024)


def load_note() -> str:
    try:
        return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"
    except OSError:
        return "load average unknown"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each, alternating; the best is reported")
    args = ap.parse_args()

    import spacy

    from ficlens.config import Options
    from ficlens.ingest import read_text_input
    from ficlens.pipeline import Analyzer
    from ficlens.segment import segment

    print(load_note() + " at start")
    text = build_text(args.words)
    n_words = len(text.split())
    analyzer = Analyzer(Options(user_kb=False))
    _ = analyzer.nlp, analyzer.kb  # load outside the timings
    bare_nlp = None
    for name in analyzer.options.models:
        try:
            bare_nlp = spacy.load(name)
            break
        except OSError:
            continue
    assert bare_nlp is not None
    work = read_text_input(text, "bench")
    paragraphs = [text[p.start : p.end] for p in segment(work).paragraphs]
    # warm up both
    list(bare_nlp.pipe(paragraphs[:200]))
    analyzer.analyze_text(text[:20000])

    bare_best = full_best = bare_cpu = full_cpu = float("inf")
    ratios = []
    cpu_ratios = []
    stage_times: dict[str, float] = {}
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for _doc in bare_nlp.pipe(paragraphs):
            pass
        bare, bare_c = time.perf_counter() - t0, time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        analysis = analyzer.analyze_text(text, "bench")
        full, full_c = time.perf_counter() - t0, time.process_time() - c0
        ratios.append(bare / full)
        cpu_ratios.append(bare_c / full_c)
        bare_cpu, full_cpu = min(bare_cpu, bare_c), min(full_cpu, full_c)
        bare_best = min(bare_best, bare)
        if full < full_best:
            full_best = full
            stage_times = dict(analysis.stats.get("stage_seconds", {}))

    bare_wps = n_words / bare_best
    full_wps = n_words / full_best
    print(f"text: {n_words:,} words, {len(paragraphs):,} paragraphs; model {bare_nlp.meta['name']} "
          f"{bare_nlp.meta['version']}; spaCy {spacy.__version__}")
    print(f"bare spaCy parse (default components: {', '.join(bare_nlp.pipe_names)}; batch size "
          f"{bare_nlp.batch_size}): {bare_best:.2f} s, {bare_wps:,.0f} words/s")
    print(f"full ficlens analysis (components: {', '.join(analyzer.nlp.pipe_names)}; batch size "
          f"{analyzer.options.batch_size}): {full_best:.2f} s, {full_wps:,.0f} words/s")
    print(f"ratio full/bare, best of each: {full_wps / bare_wps:.2f}  (target >= 1.0); per alternating pair: "
          + ", ".join(f"{r:.2f}" for r in ratios))
    print(f"by CPU seconds of this process: bare {bare_cpu:.2f} s, full {full_cpu:.2f} s, "
          f"ratio {bare_cpu / full_cpu:.2f}; per pair: " + ", ".join(f"{r:.2f}" for r in cpu_ratios))
    if stage_times:
        print("stages: " + ", ".join(f"{k} {v:.2f}s" for k, v in stage_times.items()))
    print(f"characters {len(analysis.characters)}, quotes {len(analysis.quotes)}, scenes {len(analysis.scenes)}")
    print(f"peak memory (RSS, whole process incl. two pipelines): {peak_rss_mb():,.0f} MB")
    print(load_note() + " at end")


if __name__ == "__main__":
    main()
