"""Evaluate scenes, narration person and tense, and the point-of-view character against annotated passages.

The gold data is a folder of stories: ``NAME.txt`` (the story) and ``NAME.toml`` with one ``[[scenes]]`` table
per expected scene, in order: ``pov`` (the POV character's name, ``""`` for none: an unnamed narrator or a
reader-insert), ``person`` (first/second/third/mixed), ``tense`` (past/present/mixed) and optionally ``shift``
(the name of a second POV character the scene changes to without a break), ``present`` and ``absent`` (names
that must, or must not, be among the scene's characters). ``[[interactions]]`` tables give the gold ``kind``
of the bond between characters ``a`` and ``b``. The default folder is ``tests/fixtures/pov`` of the source
tree (or ``ficlens/eval/data/pov`` when packaged).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import DataError, Errors
from ..model import Analysis, Character
from . import EvalResult, fixture_root, story_gold_pairs


def default_root() -> Path:
    return fixture_root("pov")


def load_gold(root: Path) -> list[tuple[Path, list[dict[str, Any]]]]:
    """(story path, gold scenes) for every story of ``root`` that has a gold file, by name."""
    return [(txt, gold.get("scenes", [])) for txt, gold in load_gold_files(root)]


def load_gold_files(root: Path) -> list[tuple[Path, dict[str, Any]]]:
    """(story path, the whole gold table: ``scenes`` and ``interactions``) for every story of ``root``."""
    out = story_gold_pairs(root)
    return out


def character_named(analysis: Analysis, name: str) -> str | None:
    """The id of the character the gold ``name`` refers to (by name or alias), else None."""
    for c in analysis.characters:
        if pov_matches(analysis, c.id, name):
            return c.id
    return None


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
    stories = load_gold_files(root)
    if not stories:
        # TODO(lead): a coded Errors.E052 "No POV gold data ... at {path}" in errors.py
        raise DataError(Errors.E052.format(path=root))
    if limit is not None:
        stories = stories[:limit]
    analyzer = Analyzer()
    n = pov_ok = person_ok = tense_ok = shift_ok = 0
    seg_ok = pres_n = pres_ok = kind_n = kind_ok = 0
    table: list[tuple[str, str]] = []
    notes: list[str] = []
    for path, gold_file in stories:
        gold = gold_file.get("scenes", [])
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
            for want, names in ((True, g.get("present", [])), (False, g.get("absent", []))):
                for name in names:
                    cid = character_named(a, name)
                    got_present = cid is not None and cid in s.characters
                    pres_n += 1
                    pres_ok += got_present == want
                    if got_present != want:
                        notes.append(f"{path.name} scene {i}: {name} {'not ' if want else ''}found present")
            marks.append("".join("+" if ok else "x" for ok in (ok_pov, ok_person, ok_tense, ok_shift)))
            if not ok_pov:
                got = a.character(s.pov)
                notes.append(
                    f"{path.name} scene {i}: pov {got.name if got else None!r}, expected {g.get('pov')!r}"
                )
        for gi in gold_file.get("interactions", []):
            kind_n += 1
            x, y = character_named(a, gi["a"]), character_named(a, gi["b"])
            got_kind = next((i.kind for i in a.interactions if {i.a, i.b} == {x, y}), None) if x and y else None
            kind_ok += got_kind == gi["kind"]
            if got_kind != gi["kind"]:
                notes.append(f"{path.name}: {gi['a']}-{gi['b']} kind {got_kind!r}, expected {gi['kind']!r}")
        table.append((path.stem, " ".join(marks)))
    metrics = {
        "pov": round(pov_ok / n, 3) if n else 0.0,
        "person": round(person_ok / n, 3) if n else 0.0,
        "tense": round(tense_ok / n, 3) if n else 0.0,
        "shift": round(shift_ok / n, 3) if n else 0.0,
        "segmentation": round(seg_ok / len(stories), 3),
        "presence": round(pres_ok / pres_n, 3) if pres_n else 1.0,
        "kind": round(kind_ok / kind_n, 3) if kind_n else 1.0,
        "scenes": float(n),
    }
    table = [("story", "per scene: pov person tense shift (+ right, x wrong, - missing)"), *table]
    return EvalResult(name="pov", metrics=metrics, table=table, notes=notes)
