"""Analyse one work wherever it runs (a local worker process or a Dask worker): read it, analyse it, turn the
analysis into table rows. Never raises: a failure becomes a result with the stage and the reason."""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from ..config import Options
from ..errors import LimitError, StageError
from ..ingest.limits import Limits
from ..pipeline import Analyzer
from .inputs import WorkItem
from .tables import Rows, rows_for


@dataclass
class WorkResult:
    """What a worker sends back for one work.

    ok (bool): the work was analysed; ``rows`` then holds its table rows and ``json`` its analysis JSON (when
        asked for). Otherwise ``stage`` says where it failed ("read", "analyse:<module>", "rows", "time-limit",
        "worker") and ``reason`` why.
    """

    item: WorkItem
    ok: bool
    rows: Rows = field(default_factory=dict)
    json: str | None = None
    words: int = 0
    seconds: float = 0.0
    stage: str | None = None
    reason: str | None = None
    error_type: str | None = None
    cpu_seconds: float = 0.0  # CPU seconds of the process that analysed it (benchmarks: bench/batch.py)


_local = threading.local()


def analyzer_for(options: Options) -> Analyzer:
    """One Analyzer per thread and options: the model is loaded once per worker, never shared by two threads."""
    cache: dict[Options, Analyzer] | None = getattr(_local, "analyzers", None)
    if cache is None:
        cache = _local.analyzers = {}
    a = cache.get(options)
    if a is None:
        a = cache[options] = Analyzer(options)
        if len(cache) > 1:  # a worker reused with other options: keep one model per thread
            for k in [k for k in cache if k != options]:
                del cache[k]
    return a


def warm(options: Options) -> None:
    """Load the model and the knowledge base now (before any work's clock starts)."""
    a = analyzer_for(options)
    _ = a.nlp, a.kb


def _stage_of(tb: TracebackType | None) -> str:
    """The analysis stage an exception came from: the first ficlens module below the pipeline in the stack."""
    frames = traceback.extract_tb(tb)
    in_pipeline = False
    for fr in frames:
        path = fr.filename.replace("\\", "/")
        if "/ficlens/" not in path:
            continue
        module = path.rsplit("/ficlens/", 1)[1].removesuffix(".py").replace("/", ".").removesuffix(".__init__")
        if module == "pipeline":
            in_pipeline = True
            continue
        if in_pipeline:
            return f"analyse:{module}.{fr.name}"
    return "analyse"


def analyse_item(item: WorkItem, options: Options, with_json: bool = False) -> WorkResult:
    """Read and analyse ``item``; the rows of every table (and the analysis JSON when ``with_json``)."""
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        work = item.read(Limits.from_options(options))
    except Exception as exc:  # noqa: BLE001 - any failure of one work is recorded, never raised
        return _failed(item, "read", exc, t0)
    analyzer = analyzer_for(options)
    analyzer.stage = "segment"
    try:
        analysis = analyzer.analyze_work(work)
    except StageError as exc:  # the pipeline names the stage
        return _failed(item, f"analyse:{exc.stage}" if exc.stage else _stage_of(exc.__traceback__), exc, t0)
    except LimitError as exc:  # the cooperative per-work deadline (E117), between parse batches and stages
        return _failed(item, "time-limit" if "[E117]" in str(exc) else f"analyse:{analyzer.stage}", exc, t0)
    except Exception as exc:  # noqa: BLE001 - e.g. the parse, before the stages
        stage = getattr(analyzer, "stage", None)
        return _failed(item, f"analyse:{stage}" if stage else _stage_of(exc.__traceback__), exc, t0)
    finally:
        vars(analyzer).pop("last_document", None)  # free the parses now, not when the next work replaces them
    try:
        rows = rows_for(item, analysis, work.text)
        text = analysis.to_json(analysis.include_text) if with_json else None
    except Exception as exc:  # noqa: BLE001
        return _failed(item, "rows", exc, t0)
    return WorkResult(item, True, rows, text, analysis.work.words, time.perf_counter() - t0,
                      cpu_seconds=time.process_time() - c0)


def _failed(item: WorkItem, stage: str, exc: BaseException, t0: float) -> WorkResult:
    reason = str(exc) or type(exc).__name__
    return WorkResult(item, False, stage=stage, reason=reason, error_type=type(exc).__name__,
                      seconds=time.perf_counter() - t0)


def failure(item: WorkItem, stage: str, reason: str, seconds: float = 0.0) -> WorkResult:
    """A result for a work that failed outside the analysis (a time limit, a dead worker)."""
    return WorkResult(item, False, stage=stage, reason=reason, error_type=None, seconds=seconds)


def summary_of(result: WorkResult) -> dict[str, Any]:
    """The errors.jsonl record of a failed work."""
    return {
        "work_id": result.item.work_id, "path": result.item.path, "record": result.item.record,
        "stage": result.stage, "reason": result.reason, "error_type": result.error_type,
        "seconds": round(result.seconds, 3),
    }
