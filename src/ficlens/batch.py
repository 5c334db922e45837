"""Analyse many files with one loaded model; write results atomically so an interrupted batch loses nothing
finished and leaves no half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import Options
from .errors import Errors, FiclensError, OutputError
from .ingest.limits import Limits
from .ingest.records import is_records_file, iter_records, record_stem
from .model import Analysis
from .outputs import TEMP_PREFIX, check_target
from .pipeline import Analyzer, Progress


@dataclass
class Outcome:
    path: str
    analysis: Analysis | None = None
    error: str | None = None
    exception: FiclensError | None = None


def analyze_files(
    paths: Sequence[str | Path],
    options: Options | None = None,
    progress: Callable[[str], Progress | None] | None = None,
    skip: Callable[[str], bool] | None = None,
) -> Iterator[Outcome]:
    """Analyse each path in order, yielding an Outcome per path; a bad file never stops the batch.

    progress (callable): given a path, returns the per-paragraph progress callback for it (or None).
    skip (callable): given a path, True when it need not be analysed (e.g. its output already exists).
    """
    analyzer = Analyzer(options)
    for p in paths:
        path = str(p)
        if is_records_file(path):  # a CSV / JSON Lines file of many works: one outcome per record
            yield from _analyze_records(analyzer, path, progress, skip)
            continue
        if skip is not None and skip(path):
            continue
        analyzer.stage = "ingest"
        try:
            analysis = analyzer.analyze_path(path, progress(path) if progress else None)
        except FiclensError as exc:
            yield Outcome(path, error=str(exc), exception=exc)
            continue
        except (Exception, RecursionError, MemoryError) as exc:  # noqa: BLE001 - one work never stops the batch
            wrapped = FiclensError(
                Errors.E118.format(path=path, stage=analyzer.stage, kind=type(exc).__name__, message=_one_line(exc))
            )
            wrapped.__cause__ = exc
            yield Outcome(path, error=str(wrapped), exception=wrapped)
            continue
        yield Outcome(path, analysis)


def _analyze_records(
    analyzer: Analyzer,
    path: str,
    progress: Callable[[str], Progress | None] | None,
    skip: Callable[[str], bool] | None,
) -> Iterator[Outcome]:
    """One Outcome per record of a CSV / JSON Lines file, named ``file#id``; a bad record never stops it."""
    try:
        for name, work, error in iter_records(path, Limits.from_options(analyzer.options)):
            if skip is not None and skip(name):
                continue
            if work is None:
                yield Outcome(name, error=error)
                continue
            try:
                yield Outcome(name, analyzer.analyze_work(work, progress(name) if progress else None))
            except FiclensError as exc:
                yield Outcome(name, error=str(exc), exception=exc)
            except (Exception, RecursionError, MemoryError) as exc:  # noqa: BLE001 - one work never stops it
                wrapped = FiclensError(Errors.E118.format(path=name, stage=analyzer.stage, kind=type(exc).__name__,
                                                          message=_one_line(exc)))
                wrapped.__cause__ = exc
                yield Outcome(name, error=str(wrapped), exception=wrapped)
    except FiclensError as exc:
        yield Outcome(path, error=str(exc), exception=exc)


def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split())
    return msg[:200] + ("…" if len(msg) > 200 else "")


def output_names(paths: Sequence[str], suffix: str) -> dict[str, str]:
    """A distinct output file name per input: ``<stem><suffix>``, else ``<stem>-2<suffix>``, ``-3``... (a name
    another input's stem already produced, e.g. ``story-2.txt`` after two ``story`` files, is never reused;
    names differing only in case count as the same). :func:`ficlens.outputs.plan_outputs` also avoids files
    already in the output folder."""
    used: set[str] = set()
    out = {}
    for p in paths:
        stem = record_stem(p)
        n = 1
        name = f"{stem}{suffix}"
        while name.casefold() in used:
            n += 1
            name = f"{stem}-{n}{suffix}"
        used.add(name.casefold())
        out[p] = name
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(
    path: Path, content: str, inputs: set[tuple[int, int]] | None = None, force: bool = False
) -> None:
    """Write ``content`` to ``path`` via a temporary file in the same folder and an atomic rename.

    The one writer of outputs. ``path`` is checked first (:func:`ficlens.outputs.check_target`: never an
    input, a special file or a file ficlens did not write unless ``force``); a new file is linked into place
    so a file that appeared meanwhile is never replaced. The temp file is removed on any error.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    exists = check_target(path, inputs or set(), force)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{TEMP_PREFIX}", suffix=".tmp", dir=str(path.parent))
    except OSError as exc:
        raise OutputError(Errors.E103.format(path=path, reason=exc.strerror or exc)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600 files; outputs get the usual permissions
        if exists:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, FileExistsError):
            raise OutputError(Errors.E101.format(path=path)) from None
        raise OutputError(Errors.E103.format(path=path, reason=exc.strerror or exc)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _link_new(tmp: str, path: Path) -> None:
    """Put ``tmp`` at ``path`` only if nothing is there (a hard link fails on an existing name)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # a file system without hard links: check once more and rename
        if os.path.lexists(path):
            raise FileExistsError(str(path)) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)
