"""Where analyses may be written: never over an input, never over a file ficlens did not write, never to a
device, FIFO or other special file, never two analyses under one name.

ficlens recognises a file it wrote by its content (:func:`written_by_ficlens`): an analysis JSON (its
``tool.name`` is "ficlens"), an HTML report (ends with the "Made by ficlens" footer) or a text summary (its
second line is the "N words · N chapter(s) ·" line). Anything else that exists is refused unless ``force``
is given, and even ``force`` only replaces a regular file that is not an input.

The plan is made before any analysis (:func:`plan_outputs`), so a refused or unwritable output costs
nothing; :func:`check_target` is called again right before each write.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Errors, OutputError, Warnings
from .ingest.records import record_stem

# temp files of write_atomic: ".<name>.ficlens-<random>.tmp" (older versions: ".<name>.<random>.tmp")
TEMP_PREFIX = "ficlens-"
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<tag>ficlens-)?[A-Za-z0-9_]{8}\.tmp$")
# a temp file older than this is stale (no write takes that long; a concurrent run's live temp is younger)
STALE_SECONDS = 120
_HEAD = 4096
_JSON_SIGNATURE = re.compile(rb'^\s*\{\s*"schema_version"\s*:\s*\d+\s*,\s*"tool"\s*:\s*\{\s*"name"\s*:\s*"ficlens"')
_SUMMARY_SIGNATURE = re.compile(rb"^[^\n]*\n  [\d,]+ words \xc2\xb7 \d+ chapter\(s\) \xc2\xb7 ")


def written_by_ficlens(path: Path) -> bool:
    """Whether an existing regular file holds something ficlens writes (an analysis, report or summary)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD)
            size = os.fstat(fh.fileno()).st_size
            fh.seek(max(0, size - _HEAD))
            tail = fh.read(_HEAD)
    except OSError:
        return False
    if _JSON_SIGNATURE.match(head) or _SUMMARY_SIGNATURE.match(head):
        return True
    return head.lstrip().lower().startswith(b"<!doctype html>") and b"Made by ficlens" in tail


def _identity(st: os.stat_result) -> tuple[int, int]:
    return (st.st_dev, st.st_ino)


def input_identities(paths: Iterable[str | Path]) -> set[tuple[int, int]]:
    """(device, inode) of every input that exists (symlinks followed)."""
    out = set()
    for p in paths:
        with contextlib.suppress(OSError):
            out.add(_identity(os.stat(p)))
    return out


def check_target(path: Path, inputs: set[tuple[int, int]], force: bool = False) -> bool:
    """Raise OutputError unless ``path`` may be written; returns whether it exists (and will be replaced).

    Refused: an input file (E100), a symlink, device, FIFO, socket or folder (E102), an existing file
    ficlens did not write unless ``force`` (E101).
    """
    try:
        lst = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise OutputError(Errors.E103.format(path=path, reason=exc.strerror or exc)) from None
    with contextlib.suppress(OSError):
        if _identity(os.stat(path)) in inputs:
            raise OutputError(Errors.E100.format(path=path))
    if not stat.S_ISREG(lst.st_mode):
        raise OutputError(Errors.E102.format(path=path))
    if _identity(lst) in inputs:
        raise OutputError(Errors.E100.format(path=path))
    if not force and not written_by_ficlens(path):
        raise OutputError(Errors.E101.format(path=path))
    return True


def check_writable_dir(folder: Path) -> None:
    """Create ``folder`` when missing and prove a file can be created in it (E103 when not); stale temp
    files of earlier interrupted runs are removed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not folder.is_dir():
            raise OutputError(Errors.E103.format(path=folder, reason="not a folder"))
        fd, tmp = tempfile.mkstemp(prefix=f".probe.{TEMP_PREFIX}", suffix=".tmp", dir=str(folder))
        os.close(fd)
        os.unlink(tmp)
    except FileExistsError:
        raise OutputError(Errors.E103.format(path=folder, reason="not a folder")) from None
    except OSError as exc:
        raise OutputError(Errors.E103.format(path=folder, reason=exc.strerror or exc)) from None
    remove_stale_temps(folder)


def remove_stale_temps(folder: Path, now: float | None = None) -> list[Path]:
    """Remove temp files an interrupted ficlens write left in ``folder`` (older than STALE_SECONDS)."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP.match(entry.name)
        if m is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or now - st.st_mtime < STALE_SECONDS:
            continue
        path = Path(entry.path)
        # an old-style name is only ours when it is empty or holds what ficlens writes
        if m.group("tag") is None and st.st_size and not written_by_ficlens(path):
            continue
        with contextlib.suppress(OSError):
            os.unlink(path)
            removed.append(path)
    return removed


@dataclass
class OutputPlan:
    """Where each input's analysis goes.

    targets (dict[str, Path]): input path -> output file, for inputs that may be written.
    refused (dict[str, str]): input path -> the coded error saying why its output cannot be written.
    notes (list[str]): coded warnings (renamed outputs).
    """

    targets: dict[str, Path] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    inputs: set[tuple[int, int]] = field(default_factory=set)


def _stem(path: str) -> str:
    return record_stem(path)  # a record of a CSV / JSON Lines file, ``file.csv#id``: ``file-id``


def plan_outputs(paths: Sequence[str], out_dir: Path, suffix: str, force: bool = False) -> OutputPlan:
    """A distinct output file in ``out_dir`` per input: ``<stem><suffix>``, else ``<stem>-2<suffix>``, ...

    A name is taken when an earlier input got it, when it is an input file itself (``-o ./`` in the folder of
    ``fic.html`` with ``--format html``), or when a file is there that may not be replaced (not written by
    ficlens, or a special file); the next free number is used and the change reported (W100).
    """
    check_writable_dir(out_dir)
    plan = OutputPlan(inputs=input_identities(paths))
    used: set[str] = set()
    for p in paths:
        stem = _stem(p)
        first = f"{stem}{suffix}"
        n = 1
        while True:
            name = first if n == 1 else f"{stem}-{n}{suffix}"
            n += 1
            if name.casefold() in used:
                continue
            target = out_dir / name
            try:
                check_target(target, plan.inputs, force)
            except OutputError:
                continue
            break
        used.add(name.casefold())
        plan.targets[p] = target
        if name != first:
            plan.notes.append(Warnings.W100.format(path=p, wanted=out_dir / first, used=target))
    return plan


def plan_single(paths: Sequence[str], output: Path, force: bool = False) -> OutputPlan:
    """The plan for one input written to the file ``output`` (refused as a whole when it may not be written)."""
    plan = OutputPlan(inputs=input_identities(paths))
    check_target(output, plan.inputs, force)
    check_writable_dir(output.parent if str(output.parent) else Path("."))
    for p in paths:
        plan.targets[p] = output
    return plan
