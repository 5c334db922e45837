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
from .errors import FiclensError
from .model import Analysis
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
        if skip is not None and skip(path):
            continue
        try:
            yield Outcome(path, analyzer.analyze_path(path, progress(path) if progress else None))
        except FiclensError as exc:
            yield Outcome(path, error=str(exc), exception=exc)


def output_names(paths: Sequence[str], suffix: str) -> dict[str, str]:
    """A distinct output file name per input: ``<stem><suffix>``, with ``-2``, ``-3`` for repeated stems."""
    seen: dict[str, int] = {}
    out = {}
    for p in paths:
        stem = Path(p).stem or "story"
        n = seen.get(stem, 0) + 1
        seen[stem] = n
        out[p] = f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}"
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` via a temporary file in the same folder and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600 files; outputs get the usual permissions
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
