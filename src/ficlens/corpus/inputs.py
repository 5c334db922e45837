"""Which works a batch holds: files, folders (recursive) and globs expanded into work items with stable ids.

A work id is the first 16 hex digits of the SHA-256 of the work's bytes (the file's bytes; for a file holding
several works, the file's bytes, a NUL and the record index). The same inputs give the same ids on every run and
on every machine, wherever the corpus lies; an edited file is a new work; two byte-identical files are one work
(the second is reported as a duplicate and not analysed twice).

Readers that yield several works per file (CSV, JSON Lines) register in :data:`MULTI_READERS` by extension: a
function counting the records of the file's bytes and one reading record ``i`` as a :class:`~ficlens.ingest.Work`.
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import ingest
from ..errors import Errors, InputError
from ..ingest.base import Work
from ..ingest.limits import DEFAULT_LIMITS, Limits
from ..ingest.records import RECORD_EXTENSIONS, count_records, read_record

ID_LENGTH = 16
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class MultiReader:
    """A format holding several works per file: ``count(path, data)`` records; ``read(path, data, i)``."""

    count: Callable[[str, bytes], int]
    read: Callable[[str, bytes, int], Work]


# extension (lower case, with the dot) -> reader: AO3Scraper-style CSV and JSON Lines (ingest/records.py)
MULTI_READERS: dict[str, MultiReader] = {ext: MultiReader(count_records, read_record) for ext in RECORD_EXTENSIONS}


@dataclass(frozen=True)
class WorkItem:
    """One work of the batch: where it is, and its stable id.

    work_id (str): 16 hex digits from the work's bytes (see the module docstring).
    path (str): the file as found (relative to the current folder when given so).
    record (int | None): the record index inside a multi-work file, else None.
    size (int): the bytes of the file (for progress and scheduling).
    """

    work_id: str
    path: str
    record: int | None
    size: int

    def read(self, limits: Limits = DEFAULT_LIMITS) -> Work:
        """Read the work (in whichever process analyses it), within the input ``limits``."""
        if self.record is None:
            return ingest.read(self.path, limits)
        reader = MULTI_READERS[Path(self.path).suffix.lower()]
        return reader.read(self.path, Path(self.path).read_bytes(), self.record)


def work_id(data: bytes, record: int | None = None) -> str:
    """The stable id of a work from its file's bytes (and its record index in a multi-work file)."""
    h = hashlib.sha256(data)
    if record is not None:
        h.update(b"\0" + str(record).encode("ascii"))
    return h.hexdigest()[:ID_LENGTH]


def _supported(path: Path) -> bool:
    ext = path.suffix.lower()
    return ext in ingest.EXTENSIONS or ext in MULTI_READERS


def _walk(folder: Path, exclude: Path | None) -> Iterator[Path]:
    """Story files under ``folder`` (recursive, sorted), skipping hidden entries and ``exclude``."""
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and (exclude is None or (here / d).resolve() != exclude)
        )
        for name in sorted(files):
            p = here / name
            if not name.startswith(".") and _supported(p):
                yield p


def expand_paths(inputs: Iterable[str | Path], exclude: str | Path | None = None) -> list[Path]:
    """The files named by ``inputs``: files as given, folders walked recursively (supported extensions only,
    hidden entries skipped), globs (``**`` allowed) expanded. Each file once, in input order; raises E300 for an
    input that names nothing."""
    excl = Path(exclude).resolve() if exclude is not None else None
    seen: set[Path] = set()
    out: list[Path] = []

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            out.append(p)

    for raw in inputs:
        s = str(raw)
        p = Path(s)
        if p.is_dir():
            for f in _walk(p, excl):
                add(f)
        elif p.exists():
            add(p)
        elif _GLOB_CHARS & set(s):
            matches = sorted(glob.glob(s, recursive=True))
            found = False
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    for f in _walk(mp, excl):
                        add(f)
                        found = True
                elif mp.is_file() and _supported(mp):
                    add(mp)
                    found = True
            if not found:
                raise InputError(Errors.E300.format(input=s))
        else:
            raise InputError(Errors.E300.format(input=s))
    return out


def expand_inputs(inputs: Iterable[str | Path], exclude: str | Path | None = None) -> tuple[list[WorkItem], int]:
    """The batch's works from ``inputs`` (see :func:`expand_paths`), and how many duplicates were dropped.

    A file that cannot be read still yields an item (its id from its path) so the failure is reported per work.
    """
    items: list[WorkItem] = []
    ids: set[str] = set()
    duplicates = 0
    for p in expand_paths(inputs, exclude):
        path = str(p)
        try:
            data = p.read_bytes()
        except OSError:
            data = None
        if data is None:
            new = [WorkItem(work_id(b"unreadable:" + path.encode()), path, None, 0)]
        else:
            multi = MULTI_READERS.get(p.suffix.lower())
            if multi is None:
                new = [WorkItem(work_id(data), path, None, len(data))]
            else:
                try:
                    n = multi.count(path, data)
                except Exception:  # noqa: BLE001 - a bad multi-work file fails as one work, when read
                    new = [WorkItem(work_id(data), path, None, len(data))]
                else:
                    share = len(data) // max(n, 1)
                    new = [WorkItem(work_id(data, i), path, i, share) for i in range(n)]
        for item in new:
            if item.work_id in ids:
                duplicates += 1
                continue
            ids.add(item.work_id)
            items.append(item)
    if not items:
        raise InputError(Errors.E301)
    return items, duplicates
