"""Evaluate scenes, narration person and tense, and the point-of-view character against annotated passages.

The gold data is a folder of stories: ``NAME.txt`` (the story) and ``NAME.toml`` with one ``[[scenes]]`` table
per expected scene, in order: ``pov`` (the POV character's name, ``""`` for none: an unnamed narrator or a
reader-insert), ``person`` (first/second/third/mixed), ``tense`` (past/present/mixed) and optionally ``shift``
(the name of a second POV character the scene changes to without a break). The default folder is
``tests/fixtures/pov`` of the source tree (or ``ficlens/eval/data/pov`` when packaged).
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DataError, Errors
from ..model import Analysis, Character
from . import EvalResult

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_REPO_FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "pov"


def default_root() -> Path:
    packaged = resources.files("ficlens").joinpath("eval/data/pov")
    if packaged.is_dir():
        return Path(str(packaged))
    return _REPO_FIXTURES


def load_gold(root: Path) -> list[tuple[Path, list[dict[str, Any]]]]:
    """(story path, gold scenes) for every story of ``root`` that has a gold file, by name."""
    out = []
    for txt in sorted(root.glob("*.txt")):
        gold = txt.with_suffix(".toml")
        if gold.is_file():
            out.append((txt, tomllib.loads(gold.read_text(encoding="utf-8")).get("scenes", [])))
    return out


def _names(c: Character) -> set[str]:
    out = set()
    for s in [c.name, *c.aliases]:
        out.add(s.lower())
        out.update(w.lower() for w in s.split())
    return out


def pov_matches(analysis: Analysis, cid: str | None, gold: str) -> bool:
    """Whether the predicted character id ``cid`` is the gold POV name (``""``: no POV character)."""
    if not gold:
        return cid is None
    c = analysis.character(cid)
    if c is None:
        return False
    names = _names(c)
    return gold.lower() in names or all(w.lower() in names for w in gold.split())


def evaluate(data: Path | None = None, limit: int | None = None) -> EvalResult:
    """Score POV, person, tense, scene counts and in-scene POV shifts on the annotated passages."""
    from ..pipeline import Analyzer

    root = Path(data) if data is not None else default_root()
    stories = load_gold(root)
    if not stories:
        # TODO(lead): a coded Errors.E052 "No POV gold data ... at {path}" in errors.py
        raise DataError(Errors.E052.format(path=root))
    if limit is not None:
        stories = stories[:limit]
    analyzer = Analyzer()
    n = pov_ok = person_ok = tense_ok = shift_ok = 0
    seg_ok = 0
    table: list[tuple[str, str]] = []
    notes: list[str] = []
    for path, gold in stories:
        a = analyzer.analyze_path(path)
        seg_ok += len(a.scenes) == len(gold)
        if len(a.scenes) != len(gold):
            notes.append(f"{path.name}: {len(a.scenes)} scenes found, {len(gold)} expected")
        marks = []
        for i, g in enumerate(gold):
            n += 1
            s = a.scenes[i] if i < len(a.scenes) else None
            if s is None:
                marks.append("-")
                continue
            ok_pov = pov_matches(a, s.pov, g.get("pov", ""))
            ok_person = s.person == g.get("person")
            ok_tense = s.tense == g.get("tense")
            want_shift = g.get("shift")
            if want_shift:
                ok_shift = any(pov_matches(a, sh.get("pov"), want_shift) for sh in s.pov_shifts)
            else:
                ok_shift = not s.pov_shifts
            pov_ok += ok_pov
            person_ok += ok_person
            tense_ok += ok_tense
            shift_ok += ok_shift
            marks.append("".join("+" if ok else "x" for ok in (ok_pov, ok_person, ok_tense, ok_shift)))
            if not ok_pov:
                got = a.character(s.pov)
                notes.append(
                    f"{path.name} scene {i}: pov {got.name if got else None!r}, expected {g.get('pov')!r}"
                )
        table.append((path.stem, " ".join(marks)))
    metrics = {
        "pov": round(pov_ok / n, 3) if n else 0.0,
        "person": round(person_ok / n, 3) if n else 0.0,
        "tense": round(tense_ok / n, 3) if n else 0.0,
        "shift": round(shift_ok / n, 3) if n else 0.0,
        "segmentation": round(seg_ok / len(stories), 3),
        "scenes": float(n),
    }
    table = [("story", "per scene: pov person tense shift (+ right, x wrong, - missing)"), *table]
    return EvalResult(name="pov", metrics=metrics, table=table, notes=notes)
