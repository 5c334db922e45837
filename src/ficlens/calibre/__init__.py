"""Calibre libraries: analyse their books and write the findings into ficlens's own custom columns.

>>> from ficlens.calibre import sync_library
>>> report = sync_library("~/Calibre Library", search='tags:"Fluff"', dry_run=True)
>>> [(b.book_id, b.status) for b in report.books]
"""

from __future__ import annotations

from .calibredb import Calibredb, CalibreError, find_calibredb
from .columns import ColumnSpec, all_columns, select_columns
from .sync import BookResult, SyncReport, parse_ids, sync_library

__all__ = ["BookResult", "CalibreError", "Calibredb", "ColumnSpec", "SyncReport", "all_columns",
           "find_calibredb", "parse_ids", "select_columns", "sync_library"]
