"""Analyse the books of a Calibre library and write ficlens's findings into ficlens's own custom columns.

Everything goes through calibredb. Only ficlens's columns are written (and the book's tags with
``into_tags``); book files are only read. A per-book fingerprint (ficlens version, format, file hash, the
columns written) makes a re-run skip books that have not changed, and only fields whose value differs are set.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..about import __version__
from ..config import Options
from ..errors import ConfigError, Errors, FiclensError
from ..ingest import EXTENSIONS
from ..pipeline import Analyzer
from .calibredb import Calibredb, ColumnInfo
from .columns import ColumnSpec, as_field, fingerprint_column, same, select_columns, settings, values

UPDATED, WOULD_UPDATE, UNCHANGED, SKIPPED, FAILED = "updated", "would update", "unchanged", "skipped", "failed"


@dataclass
class BookResult:
    """What happened to one book.

    status (str): "updated", "would update" (dry run), "unchanged", "skipped" (no format ficlens reads)
        or "failed".
    changes (dict): calibre field -> (old value, new value), for the fields that change.
    """

    book_id: int
    title: str
    status: str
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    message: str = ""
    format: str = ""


@dataclass
class SyncReport:
    library: str
    dry_run: bool
    created_columns: list[str] = field(default_factory=list)
    books: list[BookResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for b in self.books if b.status == status)

    @property
    def failed(self) -> int:
        return self.count(FAILED)


def parse_ids(text: str) -> list[int]:
    """'1,2,40-45' -> [1, 2, 40, ..., 45]; raises E408."""
    ids: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            if "-" in part:
                lo, hi = (int(x) for x in part.split("-", 1))
                if hi < lo or hi - lo > 1_000_000:
                    raise ValueError
                ids.extend(range(lo, hi + 1))
            else:
                ids.append(int(part))
        except ValueError:
            raise ConfigError(Errors.E408.format(value=text)) from None
    if not ids:
        raise ConfigError(Errors.E408.format(value=text))
    return ids


def _compatible(spec: ColumnSpec, found: ColumnInfo) -> bool:
    if found.datatype and found.datatype != spec.datatype:
        return False
    return found.is_multiple == spec.multiple or not found.datatype


def _describe(info: ColumnInfo) -> str:
    return f"a {'tag-like ' if info.is_multiple else ''}column of type {info.datatype or 'unknown'}"


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:20]


def fingerprint(fmt: str, file_hash: str, specs: Sequence[ColumnSpec], into_tags: bool) -> str:
    cols = ",".join(s.key for s in specs) + ("+tags" if into_tags else "")
    return f"ficlens {__version__}; {fmt}; sha256 {file_hash}; {cols}"


def _pick_format(formats: list[str], remote: bool) -> tuple[str, str] | None:
    """(FORMAT, path or format name) of the format ficlens prefers among a book's formats."""
    readable = set(EXTENSIONS)
    by_fmt: dict[str, str] = {}
    for f in formats or []:
        if remote:
            by_fmt.setdefault(f.upper(), f)
        else:
            ext = Path(f).suffix.lower()
            if ext in readable:
                by_fmt.setdefault(ext[1:].upper(), f)
    for want in settings()["formats"]:
        if want in by_fmt:
            return want, by_fmt[want]
    return None


def _format_names(formats: list[str], remote: bool) -> str:
    names = [f.upper() if remote else Path(f).suffix.lstrip(".").upper() for f in formats or []]
    return ", ".join(names) or "no files"


def sync_library(
    library: str,
    *,
    ids: Sequence[int] | None = None,
    search: str | None = None,
    columns: Sequence[str] | None = None,
    dry_run: bool = False,
    into_tags: bool = False,
    force: bool = False,
    options: Options | None = None,
    username: str | None = None,
    password: str | None = None,
    on_book: Callable[[BookResult], None] | None = None,
    analyzer: Analyzer | None = None,
    on_start: Callable[[int], None] | None = None,
) -> SyncReport:
    """Analyse the books of a Calibre library and write the findings into ficlens's columns.

    library (str): the library folder (holding metadata.db) or a Content server URL ``http://host:port#id``.
    ids (list[int] | None): only these books.
    search (str | None): only the books this calibre search finds (e.g. ``tags:"Fluff"``).
    columns (list[str] | None): the columns to write (keys of calibre/data/columns.toml); all when None.
    dry_run (bool): change nothing; report what would change.
    into_tags (bool): also add ficlens's warnings, rating and tags to the book's own tags, prefixed.
    force (bool): analyse books whose fingerprint has not changed, too.
    on_book (callable): called with each BookResult as soon as it is known.
    analyzer (Analyzer | None): an analyzer to reuse (its model already loaded); else one is made from options.
    on_start (callable): told how many books will be looked at, once they are listed.
    RETURNS (SyncReport): the columns created and one BookResult per book.
    """
    db = Calibredb(library, username=username, password=password)
    specs = select_columns(columns)
    fp_spec = fingerprint_column()
    report = SyncReport(library=db.library, dry_run=dry_run)

    existing = db.custom_columns()
    for spec in [*specs, fp_spec]:
        found = existing.get(spec.label)
        if found is not None:
            if not _compatible(spec, found):
                raise ConfigError(Errors.E406.format(label=spec.label, found=_describe(found),
                                                     expected=_describe(ColumnInfo(spec.label, spec.datatype,
                                                                                   spec.multiple))))
            continue
        if not dry_run:
            db.add_custom_column(spec.label, spec.name, spec.datatype, spec.multiple, spec.display())
        report.created_columns.append(spec.field)

    listed = ["id", "title", "formats"] + (["tags"] if into_tags else [])
    listed += [f"*{s.label}" for s in [*specs, fp_spec] if s.label in existing]
    books = db.list_books(listed, search)
    missing: list[int] = []
    if ids is not None:
        wanted = set(ids)
        present = {int(b.get("id", -1)) for b in books}
        books = [b for b in books if int(b.get("id", -1)) in wanted]
        missing = sorted(wanted - present)
    if on_start is not None:
        on_start(len(books) + len(missing))
    for book_id in missing:
        _emit(report, on_book, BookResult(book_id, "", FAILED, message=f"no book with id {book_id}"
                                          + (" matching the search" if search else "")))
    prefix = str(settings()["tag_prefix"])
    analyzer = analyzer or Analyzer(options)
    with tempfile.TemporaryDirectory(prefix="ficlens-calibre-") as tmp:
        for book in sorted(books, key=lambda b: int(b.get("id", 0))):
            result = _sync_book(db, analyzer, book, specs, fp_spec, dry_run, into_tags, force, prefix, Path(tmp))
            _emit(report, on_book, result)
    return report


def _emit(report: SyncReport, on_book: Callable[[BookResult], None] | None, result: BookResult) -> None:
    report.books.append(result)
    if on_book is not None:
        on_book(result)


def _sync_book(
    db: Calibredb,
    analyzer: Analyzer,
    book: dict[str, Any],
    specs: list[ColumnSpec],
    fp_spec: ColumnSpec,
    dry_run: bool,
    into_tags: bool,
    force: bool,
    prefix: str,
    tmp: Path,
) -> BookResult:
    book_id = int(book.get("id", 0))
    title = str(book.get("title") or "")
    formats = list(book.get("formats") or [])
    picked = _pick_format(formats, db.remote)
    if picked is None:
        from ..ingest import FORMATS

        msg = Errors.E407.format(book_id=book_id, title=title, formats=_format_names(formats, db.remote),
                                 supported=", ".join(f.upper() for f in FORMATS))
        return BookResult(book_id, title, SKIPPED, message=msg)
    fmt, where = picked
    try:
        if db.remote:
            path = db.export_format(book_id, fmt, tmp)
            if path is None:
                return BookResult(book_id, title, FAILED, message=f"calibredb exported no {fmt} file", format=fmt)
        else:
            path = Path(where)
        fp = fingerprint(fmt, _file_hash(path), specs, into_tags)
        if not force and book.get(f"*{fp_spec.label}") == fp:
            return BookResult(book_id, title, UNCHANGED, format=fmt)
        analysis = analyzer.analyze_path(path)
    except OSError as exc:
        return BookResult(book_id, title, FAILED, message=f"cannot read its {fmt}: {exc.strerror or exc}",
                          format=fmt)
    except FiclensError as exc:
        return BookResult(book_id, title, FAILED, message=str(exc), format=fmt)
    finally:
        if db.remote:
            for f in tmp.glob(f"book-{book_id}.*"):
                f.unlink()

    changes: dict[str, tuple[Any, Any]] = {}
    new_values: dict[str, str] = {}
    for spec in specs:
        new = values(analysis, spec, fmt, fp)
        old = book.get(f"*{spec.label}")
        if not same(spec, old, new):
            changes[spec.field] = (old, new)
            new_values[spec.field] = as_field(spec, new)
    if into_tags:
        own = [t for t in (book.get("tags") or []) if not str(t).startswith(prefix)]
        a = analysis.tags
        ours = [w.value for w in a.warnings] + ([a.rating.value] if a.rating else [])
        ours += [c.value for c in a.categories] + [f.value for f in a.freeform]
        new_tags = own + [prefix + v.replace(",", ";") for v in dict.fromkeys(ours)]
        if sorted(new_tags) != sorted(book.get("tags") or []):
            changes["tags"] = (book.get("tags") or [], new_tags)
            new_values["tags"] = ",".join(new_tags)
    old_fp = book.get(f"*{fp_spec.label}")
    if old_fp != fp:
        changes[fp_spec.field] = (old_fp, fp)
        new_values[fp_spec.field] = fp
    if not changes:
        return BookResult(book_id, title, UNCHANGED, format=fmt)
    if dry_run:
        return BookResult(book_id, title, WOULD_UPDATE, changes, format=fmt)
    try:
        db.set_fields(book_id, new_values)
    except FiclensError as exc:
        if str(exc).startswith(("[E402]", "[E403]")):
            raise  # the library became unwritable: every further book would fail the same way
        return BookResult(book_id, title, FAILED, message=str(exc), format=fmt)
    return BookResult(book_id, title, UPDATED, changes, format=fmt)
