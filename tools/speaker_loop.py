"""The speaker model's fast loop: cached features of the PDNC training novels, scored by four groups of novels.

A developer's tool (PDNC is never shipped nor committed: the corpus folder is an argument). Two steps:

  python tools/speaker_loop.py collect PDNC_DIR OUT [--cache PARSES] [--novels A,B]
      runs ficlens's analysis of each novel with a feature collector instead of the speaker model and pickles,
      per novel, the labelled conversations (``quotes.train.TextData``), each turn's PDNC quote type and gold
      speaker, our names of each character, and the evaluation's labels (any shared name, as ``eval pdnc``);

  python tools/speaker_loop.py folds OUT [--out ROWS.pkl] [--extra MORE.pkl]
      fits the two-pass model (``quotes.train.fit``) on three of four fixed groups of novels and decodes the
      fourth, for each group (two processes); prints turn accuracy overall, by quote type and by novel, and
      pickles one row per labelled turn (novel, type, right, gold among the candidates, gold name, pick,
      labels, narrator flags, turn index) for error analysis.

A feature or character change is measured by collecting again with the changed code (about 3 minutes on two
cores) and running ``folds`` (about 3 minutes); a training change by ``folds`` alone. The figure moves by up
to 0.15 points when only the data of other novels changes (a novel by up to a point): compare changes larger
than that, and read the novels whose features changed apart from the others (docs/speakers.md).
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path
from typing import Any

GROUPS = [
    ["AHandfulOfDust", "HardTimes", "TheSunAlsoRises", "WinnieThePooh"],
    ["AnneOfGreenGables", "MansfieldPark", "TheSportOfTheGods", "NorthangerAbbey"],
    ["HowardsEnd", "PrideAndPrejudice", "TheInvisibleMan"],
    ["NightAndDay", "TheAwakening", "TheMysteriousAffairAtStyles"],
]
TYPES = ("Explicit", "Anaphoric", "Implicit")


def _collect_one(args: tuple[str, str, str, str]) -> tuple[str, int]:
    name, data, cache, out = args
    from ficlens.eval.parse_cache import CachedAnalyzer
    from ficlens.eval.pdnc import align
    from ficlens.eval.pdnc_data import load_pdnc
    from ficlens.quotes.labels import _label, _span_quote, collect, label_pdnc

    novel = load_pdnc(Path(data), [name])[0]
    col = collect(CachedAnalyzer(Path(cache)), novel.text, novel.name)
    td = label_pdnc(novel, col)
    spans = [s for rec in col.records for turn in rec.spans for s in turn[:1]]
    pieces = [(s, e) for g in novel.quotes for (s, e) in g.spans]
    owner = [j for j, g in enumerate(novel.quotes) for _ in g.spans]
    aligned = [None if a is None else owner[a] for a in align([_span_quote(s) for s in spans], pieces)]
    qtypes = [None if j is None else novel.quotes[j].qtype for j in aligned]
    golds = [None if j is None else novel.quotes[j].speaker for j in aligned]
    # the evaluation's labels (``labels._label``: any shared name, the narrator's "I", as ``eval pdnc`` scores),
    # stored apart from ``td``'s: an experiment on the training labels relabels ``td`` and leaves these
    lenient: list[list[bool] | None] = []
    k = 0
    for rec in col.records:
        for _turn in rec.spans:
            g = golds[k]
            k += 1
            lenient.append(None if g is None else _label(novel, col, rec, g, novel.narrator))
    with open(Path(out) / f"{name}.pkl", "wb") as fh:
        pickle.dump({"td": td, "qtype": qtypes, "gold": golds, "names": col.names, "lenient": lenient}, fh)
    return name, len(col.records)


def _load(featdir: str, name: str) -> dict[str, Any]:
    with open(Path(featdir) / f"{name}.pkl", "rb") as fh:
        out: dict[str, Any] = pickle.load(fh)
    return out


def _fold(args: tuple[str, int, str | None]) -> list[tuple[Any, ...]]:
    featdir, g, extra = args
    from ficlens.quotes.features import SPEAKER_FEATURES
    from ficlens.quotes.train import fit

    train = [_load(featdir, n)["td"] for gi, grp in enumerate(GROUPS) if gi != g for n in grp]
    if extra:
        with open(extra, "rb") as fh:
            train += pickle.load(fh)
    model = fit(train)
    nar = SPEAKER_FEATURES.index("is_narrator")
    rows: list[tuple[Any, ...]] = []
    for name in GROUPS[g]:
        d = _load(featdir, name)
        k0 = 0
        for lab in d["td"].convs:
            f = lab.record.features
            n = len(lab.speaker)
            best = model.decode(f.speaker, f.scale, f.blocked).best if f.candidates else [None] * n
            for k, t in enumerate(lab.speaker):
                t = d["lenient"][k0 + k] if t is not None else None
                if t is None:
                    continue
                right = best[k] is not None and bool(t[best[k]])
                flags = [bool(f.speaker[0, i, nar] > 0) for i in range(len(f.candidates))]
                rows.append((name, d["qtype"][k0 + k], right, any(t), d["gold"][k0 + k], best[k], t, flags, k0 + k))
            k0 += n
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("pdnc")
    c.add_argument("out")
    c.add_argument("--cache", default=str(Path.home() / ".cache" / "ficlens" / "parses"))
    c.add_argument("--novels", default="")
    f = sub.add_parser("folds")
    f.add_argument("featdir")
    f.add_argument("--out")
    f.add_argument("--extra", help="more training TextData (a pickled list), e.g. LitBank's")
    a = ap.parse_args(argv)
    if a.cmd == "collect":
        Path(a.out).mkdir(parents=True, exist_ok=True)
        names = a.novels.split(",") if a.novels else sorted(p.name for p in Path(a.pdnc).iterdir() if p.is_dir())
        names.sort(key=lambda n: -(Path(a.pdnc) / n / "novel_text.txt").stat().st_size)  # longest first
        with Pool(2) as pool:
            for name, n in pool.imap_unordered(_collect_one, [(n, a.pdnc, a.cache, a.out) for n in names]):
                print(f"{name}: {n} conversations", flush=True)
        return 0
    with Pool(2) as pool:
        rows = [r for out in pool.map(_fold, [(a.featdir, g, a.extra) for g in range(len(GROUPS))]) for r in out]
    by: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        for key in ("all", r[1], r[0]):
            by[key][0] += 1
            by[key][1] += r[2]
    print(f"all {by['all'][1] / by['all'][0]:.4f} ({by['all'][0]} turns)  " + "  ".join(
        f"{t} {by[t][1] / by[t][0]:.4f}" for t in TYPES if by[t][0]))
    print("  ".join(f"{n} {by[n][1] / by[n][0]:.3f}" for grp in GROUPS for n in grp if by[n][0]))
    if a.out:
        with open(a.out, "wb") as fh:
            pickle.dump(rows, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
