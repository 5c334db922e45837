"""Evaluations: each scores one stage against gold data and returns figures; floors live in baseline.json.

An evaluation is a function ``(data: Path | None, limit: int | None) -> EvalResult`` registered in
``EVALUATIONS`` by name; ``ficlens eval NAME`` runs it and prints its table.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DataError, Errors

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_REPO_FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures"


@dataclass
class EvalResult:
    """name: the evaluation; metrics: figure name -> value (0..1 scores, or counts); table: rows to print."""

    name: str
    metrics: dict[str, float]
    table: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


EvalFn = Callable[[Path | None, int | None], EvalResult]
EVALUATIONS: dict[str, str] = {
    # name -> "module:function", imported lazily so the CLI starts fast
    "litbank": "ficlens.eval.litbank_coref:evaluate",
    "litbank-quotes": "ficlens.eval.litbank_quotes:evaluate",
    "pov": "ficlens.eval.pov:evaluate",
    "tags": "ficlens.eval.tags:evaluate",
    "pdnc-characters": "ficlens.eval.pdnc_characters:evaluate",
    "cast": "ficlens.eval.cast:evaluate",
    "speakers": "ficlens.eval.speakers:evaluate",
    # PDNC is not shipped: ``ficlens eval pdnc --data DIR`` (never part of "all")
    "pdnc": "ficlens.eval.pdnc:evaluate",
}
NEEDS_DATA = ("pdnc",)

DEFAULT_LITBANK = Path("../shared/data/litbank")


def get(name: str) -> EvalFn:
    import importlib

    if name not in EVALUATIONS:
        raise DataError(Errors.E051.format(name=name, known=", ".join(EVALUATIONS)))
    module, func = EVALUATIONS[name].split(":")
    fn: EvalFn = getattr(importlib.import_module(module), func)
    return fn


def baseline() -> dict[str, dict[str, float]]:
    """The pinned floors: evaluation name -> metric -> the least value the tests accept."""
    raw = resources.files("ficlens").joinpath("eval/baseline.json").read_text(encoding="utf-8")
    data: dict[str, dict[str, float]] = json.loads(raw)
    return data


def litbank_root(data: Path | None) -> Path:
    root = Path(data) if data is not None else DEFAULT_LITBANK
    if not (root / "coref" / "tsv").is_dir() and not (root / "quotations" / "tsv").is_dir():
        raise DataError(Errors.E050.format(path=root))
    return root


def fixture_root(name: str) -> Path:
    """The default gold folder ``name`` of our annotated passages: packaged, else the source tree's fixtures."""
    packaged = resources.files("ficlens").joinpath(f"eval/data/{name}")
    if packaged.is_dir():
        return Path(str(packaged))
    return _REPO_FIXTURES / name


def story_gold_pairs(root: Path, suffixes: tuple[str, ...] = (".txt",)) -> list[tuple[Path, dict[str, Any]]]:
    """(story path, its whole gold table) for every ``NAME.txt`` (or other suffix) of ``root`` with a
    ``NAME.toml`` beside it, sorted by name."""
    out = []
    for txt in sorted((p for suffix in suffixes for p in root.glob(f"*{suffix}")), key=lambda p: p.name):
        gold = txt.with_suffix(".toml")
        if gold.is_file():
            out.append((txt, tomllib.loads(gold.read_text(encoding="utf-8"))))
    return out
