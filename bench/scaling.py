"""One long work: seconds and peak memory of the full analysis at 10k, 100k and 1M words, each in a fresh process.

The text is the example story as chapters with varied names (bench/synth.py). Peak memory is the fresh process's
VmHWM (model loading included). Time should grow linearly: the CPU seconds of the analysing process per 100k
words (CPU time, steadier than wall-clock time when other processes share the machine) should stay flat.

Usage: python bench/scaling.py [--sizes 10000,100000,1000000] [--store-chars N]
(--store-chars: the parse_store_chars option; a huge value keeps every Doc, to compare with packed parses.)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

_CHILD = """
import json, sys, time
sys.path.insert(0, {here!r})
from synth import long_text
from throughput import peak_rss_mb
from ficlens.config import Options
from ficlens.pipeline import Analyzer
text = long_text({words})
a = Analyzer(Options(user_kb=False, max_seconds_per_work=100000, **{options!r}))
_ = a.nlp, a.kb
base = peak_rss_mb()
t0, c0 = time.perf_counter(), time.process_time()
analysis = a.analyze_text(text, "bench")
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
docs = a.last_document.docs
print(json.dumps({{"words": len(text.split()), "chars": len(text), "seconds": seconds, "cpu": cpu,
                  "peak_mb": peak_rss_mb(), "model_mb": base, "characters": len(analysis.characters),
                  "quotes": len(analysis.quotes),
                  "stages": analysis.stats.get("stage_seconds", {{}}), "paragraphs": len(docs),
                  "packed_mb": docs.nbytes / 2**20 if hasattr(docs, "nbytes") else None,
                  "rebuilt": getattr(docs, "rebuilt", None)}}))
"""


def run(words: int, options: dict[str, int]) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD.format(here=str(HERE), words=words, options=options)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return {"words": words, "error": out.stderr.strip().splitlines()[-1] if out.stderr else out.returncode}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--store-chars", type=int, default=None, help="parse_store_chars (default: the option's)")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from throughput import load_note

    print(load_note() + " at start")
    print(f"{'words':>10} {'seconds':>9} {'CPU s':>8} {'peak MB':>8} {'model MB':>9} {'CPU s/100k':>10}  "
          "parses, top stages (wall-clock s)")
    for size in (int(s) for s in args.sizes.split(",")):
        r = run(size, {} if args.store_chars is None else {"parse_store_chars": args.store_chars})
        if "error" in r:
            print(f"{size:>10,} failed: {r['error']}")
            continue
        top = sorted(r["stages"].items(), key=lambda kv: -kv[1])[:4]
        packed = (f"packed parses {r['packed_mb']:,.0f} MB, {r['rebuilt'] / r['paragraphs']:.1f} rebuilds a paragraph; "
                  if r.get("packed_mb") is not None else "every Doc kept; ")
        print(f"{r['words']:>10,} {r['seconds']:>9.1f} {r['cpu']:>8.1f} {r['peak_mb']:>8,.0f} "
              f"{r['model_mb']:>9,.0f} {r['cpu'] / r['words'] * 100000:>10.1f}  "
              + packed + ", ".join(f"{k} {v:.1f}s" for k, v in top), flush=True)
    print(load_note() + " at end")


if __name__ == "__main__":
    main()
