"""Throughput and memory of the full analysis against a bare spaCy parse of the same text, in one process.

Builds a ~100,000-word story from the bundled example(s), then measures:
  1. bare:  nlp.pipe over the same paragraphs with the full en_core_web_sm pipeline (every component);
  2. full:  ficlens's whole analysis (ingest-free: the text is given), with only the components it needs.
Prints words/s of each, their ratio (target >= 0.8), the time of each stage, and peak memory (RSS).

Usage: python bench/throughput.py [--words 100000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_text(words: int) -> str:
    parts = []
    examples = sorted((ROOT / "examples").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in examples]
    total = 0
    i = 0
    while total < words:
        t = texts[i % len(texts)]
        parts.append(t)
        total += len(t.split())
        i += 1
    return "\n\n***\n\n".join(parts)


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=2, help="runs of each, alternating; the best is reported")
    args = ap.parse_args()

    import spacy

    from ficlens.config import Options
    from ficlens.ingest import read_text_input
    from ficlens.pipeline import Analyzer
    from ficlens.segment import segment

    text = build_text(args.words)
    n_words = len(text.split())
    analyzer = Analyzer(Options(user_kb=False))
    _ = analyzer.nlp, analyzer.kb  # load outside the timings
    full_nlp = None
    for name in analyzer.options.models:
        try:
            full_nlp = spacy.load(name)
            break
        except OSError:
            continue
    assert full_nlp is not None
    work = read_text_input(text, "bench")
    paragraphs = [text[p.start : p.end] for p in segment(work).paragraphs]
    # warm up both
    list(full_nlp.pipe(paragraphs[:50]))
    analyzer.analyze_text(text[:20000])

    bare_best = full_best = float("inf")
    stage_times: dict[str, float] = {}
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for _doc in full_nlp.pipe(paragraphs, batch_size=analyzer.options.batch_size):
            pass
        bare_best = min(bare_best, time.perf_counter() - t0)
        t0 = time.perf_counter()
        analysis = analyzer.analyze_text(text, "bench")
        elapsed = time.perf_counter() - t0
        if elapsed < full_best:
            full_best = elapsed
            stage_times = dict(analysis.stats.get("stage_seconds", {}))

    bare_wps = n_words / bare_best
    full_wps = n_words / full_best
    print(f"text: {n_words:,} words, {len(paragraphs):,} paragraphs; model {full_nlp.meta['name']} "
          f"{full_nlp.meta['version']}; spaCy {spacy.__version__}")
    print(f"bare spaCy parse (all components: {', '.join(full_nlp.pipe_names)}): "
          f"{bare_best:.2f} s, {bare_wps:,.0f} words/s")
    print(f"full ficlens analysis (components: {', '.join(analyzer.nlp.pipe_names)}): "
          f"{full_best:.2f} s, {full_wps:,.0f} words/s")
    print(f"ratio full/bare: {full_wps / bare_wps:.2f}  (target >= 0.80)")
    if stage_times:
        print("stages: " + ", ".join(f"{k} {v:.2f}s" for k, v in stage_times.items()))
    print(f"characters {len(analysis.characters)}, quotes {len(analysis.quotes)}, scenes {len(analysis.scenes)}")
    print(f"peak memory (RSS, whole process incl. two pipelines): {peak_rss_mb():,.0f} MB")
    print(f"peak memory of the full analysis alone (fresh process): {_analysis_only_rss(args.words):,.0f} MB  "
          "(target < 1,000 MB)")


def _analysis_only_rss(words: int) -> float:
    """Peak RSS of a fresh process that loads ficlens and analyses the same text, nothing else."""
    import subprocess

    here = str(Path(__file__).parent)
    code = (
        f"import sys; sys.path.insert(0, {here!r})\n"
        "from throughput import build_text, peak_rss_mb\n"
        "from ficlens.config import Options\n"
        "from ficlens.pipeline import Analyzer\n"
        f"Analyzer(Options(user_kb=False)).analyze_text(build_text({words}), 'bench')\n"
        "print(peak_rss_mb())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
