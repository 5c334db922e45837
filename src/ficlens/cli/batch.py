"""``ficlens batch INPUT... --out DIR``: analyse a whole archive into Parquet tables."""

from __future__ import annotations

import signal
import sys
import time
from contextlib import ExitStack
from typing import Any

import click

from ..config import load_options
from ..corpus import BatchSummary, run_batch
from ..corpus.worker import WorkResult
from ..errors import FiclensError
from ._util import fail


class _Bar:
    """A rich progress bar on stderr: works done of those to do, words/s, ETA."""

    def __init__(self, stack: ExitStack) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = stack.enter_context(
            Progress(
                TextColumn("works"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                TextColumn("failed {task.fields[failed]}"), TextColumn("ETA"), TimeRemainingColumn(),
                console=Console(stderr=True), transient=True,
            )
        )
        self.task = self.progress.add_task("works", total=None, rate="", failed=0)
        self.t0 = time.perf_counter()
        self.words = 0
        self.failed = 0

    def start(self, todo: int, skipped: int) -> None:
        self.t0 = time.perf_counter()
        self.progress.update(self.task, total=todo)

    def update(self, result: WorkResult) -> None:
        self.words += result.words
        self.failed += not result.ok
        rate = self.words / max(time.perf_counter() - self.t0, 1e-9)
        self.progress.update(self.task, advance=1, rate=f"{rate:,.0f} words/s", failed=self.failed)


def _summary_text(s: BatchSummary) -> str:
    lines = [
        f"ficlens batch: {s.done} done, {s.skipped} skipped (already done), {s.failed} failed"
        + (f", {s.duplicates} duplicate input(s)" if s.duplicates else "")
        + f" — {s.words:,} words in {s.seconds:,.1f} s ({s.words_per_second:,.0f} words/s; {s.engine})",
        f"  tables: {s.out}/<works|characters|quotes|scenes|tags|interactions>/*.parquet",
    ]
    if s.failed:
        lines.append(f"  failures: {s.out}/errors.jsonl")
        for e in s.errors[:5]:
            lines.append(f"    {e['path']}: [{e['stage']}] {e['reason']}")
        if s.failed > 5:
            lines.append(f"    … and {s.failed - 5} more")
    if s.interrupted:
        lines.append("  interrupted: finished works are committed; run again with --resume to continue")
    return "\n".join(lines)


def _sigterm_as_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=str),
              help="Batch folder for the Parquet tables (new, or an earlier batch with --resume).")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Local worker processes (default: one per core; 0: in this process).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run on a Dask cluster, e.g. tcp://host:8786, instead of local processes.")
@click.option("--resume", is_flag=True, help="Continue a batch folder: skip works already done.")
@click.option("--json/--no-json", "write_json", default=False, show_default=True,
              help="Also write each work's analysis JSON to DIR/json/<work_id>.json.")
@click.option("--time-limit", type=click.FloatRange(min=0), default=1800.0, show_default=True,
              help="Seconds a work may take before it is stopped and recorded as failed (0: no limit).")
@click.option("--kb", "kb_paths", multiple=True, type=click.Path(exists=True, path_type=str),
              help="Extra fandom knowledge file or folder (repeatable).")
@click.option("--flush-every", "flush_works", type=click.IntRange(min=1), default=200, show_default=True,
              help="Works per Parquet part: what an interruption may lose, and the number of files.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary (errors still go to errors.jsonl).")
def batch_cmd(
    inputs: tuple[str, ...],
    out: str,
    workers: int | None,
    scheduler: str | None,
    resume: bool,
    write_json: bool,
    time_limit: float,
    kb_paths: tuple[str, ...],
    flush_works: int,
    quiet: bool,
) -> None:
    """Analyse every story in INPUT(s) (files, folders searched recursively, globs) into Parquet tables
    works, characters, quotes, scenes, tags and interactions under --out DIR.

    Exit code 0 when every work was analysed, 1 when some failed (see DIR/errors.jsonl), 130 when interrupted
    (finished works are kept; --resume continues). See docs/batch.md.
    """
    previous = signal.signal(signal.SIGTERM, _sigterm_as_interrupt)
    try:
        options = load_options(kb_paths=list(kb_paths) or None)
        with ExitStack() as stack:
            bar = _Bar(stack) if not quiet and sys.stderr.isatty() else None
            summary = run_batch(
                list(inputs), out, options=options, workers=workers, scheduler=scheduler, resume=resume,
                json=write_json, time_limit=time_limit or None, progress=bar,
                flush_works=flush_works,
            )
    except FiclensError as exc:
        raise fail(exc) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    if not quiet:
        click.echo(_summary_text(summary), err=True)
    if summary.interrupted:
        sys.exit(130)
    if summary.failed:
        sys.exit(1)
