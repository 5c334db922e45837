"""``ficlens analyze FILE... [-o OUT]``: analyse stories and write their analyses."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import click
from rich.console import Console

from ..batch import analyze_files, write_atomic
from ..config import load_options
from ..errors import FiclensError
from ..ingest.records import is_records_file, record_names
from ..outputs import OutputPlan, input_identities, plan_outputs, plan_single
from ..report import EXTENSIONS, RENDERERS, render
from ..report.summary import json_safe, render_summary, terminal_safe
from ._util import AnalysisFailed, debug_enabled, fail

# Files above this size get a progress bar even when alone.
_LONG_FILE_BYTES = 200_000


@click.command("analyze")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str))
@click.option(
    "-o", "--output", "output", type=click.Path(path_type=str),
    help="Output file (one FILE) or folder (several FILEs, or a path ending in '/'). Default: stdout.",
)
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="json", show_default=True,
              help="Output format.")
@click.option("--include-text", is_flag=True, help="Store the plain text in the analysis ('text' field).")
@click.option("--kb", "kb_paths", multiple=True, type=click.Path(exists=True, path_type=str),
              help="Extra fandom knowledge file or folder (repeatable).")
@click.option("--resume", is_flag=True, help="With an output folder: skip files whose output already exists.")
@click.option("--force", is_flag=True,
              help="Replace an existing regular output file ficlens did not write (never an input file).")
@click.option("--summary/--no-summary", "show_summary", default=None,
              help="Print a short human summary on stderr (default: on when writing to files).")
@click.option("--progress/--no-progress", "show_progress", default=None,
              help="Progress bar on stderr (default: several files or a long one, on a terminal).")
def analyze_cmd(
    files: tuple[str, ...],
    output: str | None,
    fmt: str,
    include_text: bool,
    kb_paths: tuple[str, ...],
    resume: bool,
    force: bool,
    show_summary: bool | None,
    show_progress: bool | None,
) -> None:
    """Analyse story FILE(s) (.txt .md .html .epub .docx; .csv .jsonl of many works) and write the analysis JSON.

    One FILE without -o prints its analysis to stdout; with -o x.json writes that file. Several FILEs (or
    -o DIR/) write DIR/<name>.json each, loading the model once. Several FILEs without -o print JSON Lines
    (one analysis a line) with --format json. Bad files are reported at the end; the others are still
    analysed. ficlens never writes over an input, a special file or a file it did not write (see --force).
    """
    try:
        options = load_options(include_text=include_text or None, kb_paths=list(kb_paths) or None)
    except FiclensError as exc:
        raise fail(exc) from None
    has_records = any(is_records_file(f) for f in files)  # CSV / JSON Lines: one output per record
    to_dir = output is not None and (
        len(files) > 1 or has_records or output.endswith(("/", "\\")) or Path(output).is_dir()
    )
    suffix = EXTENSIONS[fmt]
    out_dir = Path(output) if to_dir and output else None
    # Where each analysis goes is settled (and checked writable) before any analysis.
    plan = OutputPlan()
    try:
        if out_dir is not None:
            plan = plan_outputs(record_names(list(files)) if has_records else list(files), out_dir, suffix, force)
            plan.inputs |= input_identities(files)
        elif output is not None:
            plan = plan_single(list(files), Path(output), force)
    except FiclensError as exc:
        raise fail(exc) from None
    for note in plan.notes:
        click.echo(f"ficlens: warning: {terminal_safe(note)}", err=True)

    def target(path: str) -> Path:
        return plan.targets[path]

    skip = (lambda p: target(p).exists()) if (resume and out_dir is not None) else None
    if show_summary is None:
        show_summary = output is not None
    if show_progress is None:
        long = any(_size(f) > _LONG_FILE_BYTES for f in files)
        show_progress = (len(files) > 1 or long) and sys.stderr.isatty()

    failures: list[tuple[str, str]] = []
    written = 0
    with ExitStack() as stack:
        bar = None
        if show_progress:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            bar = stack.enter_context(
                Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                         TimeElapsedColumn(), console=_stderr_console(), transient=True)
            )
            files_task = bar.add_task("files", total=None if has_records else len(files))

        def progress_for(path: str) -> Callable[[int, int], None] | None:
            if bar is None:
                return None
            task = bar.add_task(Path(path).name[:40], total=None)

            def update(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)
                if done >= total:
                    bar.remove_task(task)

            return update

        for outcome in analyze_files(list(files), options, progress=progress_for, skip=skip):
            if bar is not None:
                bar.advance(files_task)
            if outcome.analysis is None:
                if outcome.exception is not None and debug_enabled():
                    raise outcome.exception
                failures.append((outcome.path, outcome.error or "unknown error"))
                if len(files) == 1 and not has_records:
                    raise AnalysisFailed(terminal_safe(outcome.error or "unknown error"))
                continue
            a = outcome.analysis
            text = render(a, fmt, a.include_text)
            if output is not None:
                try:
                    write_atomic(target(outcome.path), text, plan.inputs, force)
                except FiclensError as exc:
                    if debug_enabled():
                        raise
                    failures.append((outcome.path, str(exc)))
                    if len(files) == 1 and not has_records:
                        raise AnalysisFailed(str(exc)) from None
                    continue
            else:
                # several JSON analyses to stdout: one document a line (JSON Lines)
                single = (len(files) == 1 and not has_records) or fmt != "json"
                text = text if single else a.to_json(a.include_text, None) + "\n"
                if fmt == "json":
                    text = json_safe(text)
                elif fmt == "summary" or sys.stdout.isatty():
                    text = terminal_safe(text, keep="\t")  # nothing from a story acts on a terminal
                sys.stdout.write(text)
                sys.stdout.flush()
            written += 1
            if show_summary and fmt != "summary":
                click.echo(terminal_safe(render_summary(a)), err=True, nl=False)
                if output is not None:
                    click.echo(f"  → wrote {terminal_safe(str(target(outcome.path)))}", err=True)
    if failures:
        total = written + len(failures) if has_records else len(files)
        click.echo(f"ficlens: {len(failures)} of {total} file(s) could not be analysed:", err=True)
        for path, err in failures:
            click.echo(f"  {terminal_safe(path)}: {terminal_safe(err)}", err=True)
        sys.exit(1)


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


def _stderr_console() -> Console:
    return Console(stderr=True)
