"""Evaluations: each scores one stage against gold data and returns figures; floors live in baseline.json.

An evaluation is a function ``(data: Path | None, limit: int | None) -> EvalResult`` registered in
``EVALUATIONS`` by name; ``ficlens eval NAME`` runs it and prints its table.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import DataError, Errors


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
