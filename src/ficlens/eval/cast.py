"""``ficlens eval cast``: the cast list, POV and fandoms of our own fan-fiction-style passages.

The gold data is a folder of ``NAME.txt`` passages with ``NAME.toml`` beside each (default:
``tests/fixtures/cast`` of the source tree):

- ``cast``: the characters a fan expects, by canonical name (``"A|B"`` accepts either), each must be a character
  under exactly that name;
- ``extras``: minor characters that may appear (matched by name or alias); every other character is junk;
- ``junk``: names that must never be a character's name (spells, places, glued words...; documentation: any
  character outside ``cast``/``extras`` is junk anyway);
- ``referenced``: people only quoted or cited: absent, or with role ``referenced``;
- ``pov``: one expected POV character per scene (``"*"`` for any); ``narrator``: the first-person narrator;
- ``fandoms``: the expected fandom names (``[]``: none); ``crossover``: the expected flag, when given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import DataError, Errors
from ..model import Analysis
from . import EvalResult, fixture_root, story_gold_pairs


def default_root() -> Path:
    return fixture_root("cast")


def load(root: Path) -> list[tuple[Path, dict[str, Any]]]:
    out = story_gold_pairs(root)
    if not out:
        raise DataError(Errors.E052.format(path=root))
    return out


def _low(s: str) -> str:
    return " ".join(s.replace("’", "'").lower().split())


def check(analysis: Analysis, gold: dict[str, Any]) -> dict[str, Any]:
    """Scores of one passage: junk characters, cast found by canonical name, POV per scene, fandoms."""
    chars = [c for c in analysis.characters if c.role != "referenced"]
    cast = [[_low(x) for x in entry.split("|")] for entry in gold.get("cast", [])]
    extras = {_low(x) for x in gold.get("extras", [])}
    allowed = {x for alts in cast for x in alts} | extras
    junk = []
    for c in chars:
        names = {_low(c.name)}
        if _low(c.name) in allowed or (names | {_low(a) for a in c.aliases}) & extras:
            continue
        junk.append(c.name)
    found = [alts[0] for alts in cast if any(_low(c.name) in alts for c in chars)]
    missing = [alts[0] for alts in cast if alts[0] not in found]
    referenced_bad = [
        r for r in gold.get("referenced", [])
        if any(_low(r) in {_low(a) for a in [c.name, *c.aliases]} for c in chars)
    ]
    by_id = {c.id: c for c in analysis.characters}
    pov_gold = list(gold.get("pov", []))
    pov_right = pov_total = 0
    pov_wrong: list[str] = []
    for i, want in enumerate(pov_gold):
        if want == "*":
            continue
        pov_total += 1
        scene = analysis.scenes[i] if i < len(analysis.scenes) else None
        got = by_id[scene.pov].name if scene is not None and scene.pov in by_id else ""
        if _low(got) in [_low(x) for x in want.split("|")]:
            pov_right += 1
        else:
            pov_wrong.append(f"scene {i}: {got or 'none'} (want {want})")
    fandoms = [g.name for g in analysis.fandoms]
    fandom_ok = set(fandoms) == set(gold.get("fandoms", []))
    cross = gold.get("crossover")
    cross_ok = cross is None or bool(analysis.crossover) == bool(cross)
    return {
        "junk": junk + [f"{r} (referenced)" for r in referenced_bad],
        "cast": len(cast), "found": len(found), "missing": missing,
        "pov_total": pov_total, "pov_right": pov_right, "pov_wrong": pov_wrong,
        "fandom_ok": fandom_ok and cross_ok, "fandoms": fandoms, "crossover": analysis.crossover,
    }


def evaluate(data: Path | None, limit: int | None = None) -> EvalResult:
    from ..pipeline import Analyzer

    items = load(Path(data) if data is not None else default_root())
    if limit:
        items = items[:limit]
    analyzer = Analyzer()
    tot = {"clean": 0, "junk": 0, "cast": 0, "found": 0, "pov_total": 0, "pov_right": 0, "fandom_ok": 0}
    table: list[tuple[str, str]] = []
    notes: list[str] = []
    for txt, gold in items:
        r = check(analyzer.analyze_path(txt), gold)
        tot["clean"] += not r["junk"]
        tot["junk"] += len(r["junk"])
        for k in ("cast", "found", "pov_total", "pov_right"):
            tot[k] += r[k]
        tot["fandom_ok"] += r["fandom_ok"]
        ok = not r["junk"] and not r["missing"] and not r["pov_wrong"] and r["fandom_ok"]
        table.append((txt.stem, "ok" if ok else "✗"))
        if r["junk"]:
            notes.append(f"{txt.stem}: junk {', '.join(r['junk'])}")
        if r["missing"]:
            notes.append(f"{txt.stem}: missing {', '.join(r['missing'])}")
        if r["pov_wrong"]:
            notes.append(f"{txt.stem}: POV {'; '.join(r['pov_wrong'])}")
        if not r["fandom_ok"]:
            notes.append(f"{txt.stem}: fandoms {r['fandoms']} crossover={r['crossover']}")
    n = len(items)
    metrics = {
        "passages": float(n),
        "junk_free": round(tot["clean"] / n, 3),
        "junk_characters": float(tot["junk"]),
        "cast_recall": round(tot["found"] / tot["cast"], 3) if tot["cast"] else 1.0,
        "pov": round(tot["pov_right"] / tot["pov_total"], 3) if tot["pov_total"] else 1.0,
        "fandoms": round(tot["fandom_ok"] / n, 3),
    }
    return EvalResult("cast", metrics, table, notes)
