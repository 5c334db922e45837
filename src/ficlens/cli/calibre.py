"""``ficlens calibre LIBRARY``: analyse a Calibre library's books into ficlens's own custom columns."""

from __future__ import annotations

import re
import sys
from typing import Any

import click

from ..calibre import BookResult, parse_ids, sync_library
from ..calibre.sync import FAILED, SKIPPED, UNCHANGED, UPDATED, WOULD_UPDATE
from ..config import load_options
from ..errors import FiclensError
from ._util import fail

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _safe(text: Any, limit: int = 80) -> str:
    """Library data for the terminal: control and bidi characters shown as '?', long values cut."""
    s = _CONTROL.sub("?", str(text))
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _show(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, list):
        return _safe(", ".join(str(v) for v in value))
    return _safe(value)


def _line(r: BookResult, verbose: bool) -> str | None:
    head = f"  {r.book_id:>5}  {_safe(r.title, 50)}"
    if r.status in (FAILED, SKIPPED):
        return f"{head}: {r.status}: {_safe(r.message, 300)}"
    if r.status == UNCHANGED:
        return f"{head}: unchanged" if verbose else None
    parts = []
    for name, (old, new) in r.changes.items():
        if name.endswith(("_evidence", "_fingerprint")):
            continue
        parts.append(f"{name} {_show(old)} → {_show(new)}")
    detail = "; ".join(parts) if parts else "fingerprint and evidence only"
    return f"{head} [{r.format}]: {r.status}: {detail}"


@click.command("calibre")
@click.argument("library", type=str)
@click.option("--ids", "ids_text", metavar="1,2,40-45", help="Only these book ids.")
@click.option("--search", metavar="QUERY", help='Only the books this calibre search finds, e.g. \'tags:"Fluff"\'.')
@click.option("--columns", "columns_text", metavar="warnings,rating,…",
              help="Only these ficlens columns (warnings, rating, pairings, characters, tags, pov, evidence).")
@click.option("--dry-run", is_flag=True, help="Change nothing; print what would change.")
@click.option("--into-tags", is_flag=True,
              help="Also add ficlens's warnings, rating and tags to each book's own tags (prefixed 'ficlens: ').")
@click.option("--force", is_flag=True, help="Analyse again books whose file and ficlens version are unchanged.")
@click.option("--kb", "kb_paths", multiple=True, type=click.Path(exists=True, path_type=str),
              help="Extra fandom knowledge file or folder (repeatable).")
@click.option("--username", help="Content server user (LIBRARY given as http://host:port#library_id).")
@click.option("--password", help="Content server password ('<stdin>' or '<f:/path/to/file>' as calibredb takes).")
@click.option("-v", "--verbose", is_flag=True, help="Also list the books that did not change.")
def calibre_cmd(
    library: str,
    ids_text: str | None,
    search: str | None,
    columns_text: str | None,
    dry_run: bool,
    into_tags: bool,
    force: bool,
    kb_paths: tuple[str, ...],
    username: str | None,
    password: str | None,
    verbose: bool,
) -> None:
    """Analyse the books of the Calibre library LIBRARY and write the findings into ficlens's own columns
    (#ficlens_warnings, #ficlens_rating, #ficlens_pairings, #ficlens_characters, #ficlens_tags, #ficlens_pov,
    #ficlens_evidence), created when missing.

    LIBRARY is the folder holding metadata.db, or http://localhost:8080#library_id to go through a running
    calibre Content server. FanFicFare's columns, the books' tags (unless --into-tags) and their files are
    never changed. A re-run analyses only books whose file or ficlens version changed.
    """
    try:
        ids = parse_ids(ids_text) if ids_text else None
        options = load_options(kb_paths=list(kb_paths) or None)
        columns = [c for c in (columns_text or "").split(",") if c.strip()] or None

        seen = [0, 0]  # books reported, books listed

        def on_start(total: int) -> None:
            seen[1] = total
            click.echo(f"ficlens calibre: {total} book(s) to look at", err=True)

        def on_book(r: BookResult) -> None:
            seen[0] += 1
            line = _line(r, verbose)
            if line is not None:
                width = len(str(seen[1]))
                click.echo(f"[{seen[0]:>{width}}/{seen[1]}]{line}")

        report = sync_library(library, ids=ids, search=search, columns=columns, dry_run=dry_run,
                              into_tags=into_tags, force=force, options=options, username=username,
                              password=password, on_book=on_book, on_start=on_start)
    except FiclensError as exc:
        raise fail(exc) from None
    if report.created_columns:
        verb = "would create" if dry_run else "created"
        click.echo(f"ficlens calibre: {verb} columns {', '.join(report.created_columns)}", err=True)
    changed = report.count(WOULD_UPDATE) if dry_run else report.count(UPDATED)
    click.echo(
        f"ficlens calibre: {len(report.books)} book(s): {changed} {'would change' if dry_run else 'updated'}, "
        f"{report.count(UNCHANGED)} unchanged, {report.count(SKIPPED)} skipped, {report.failed} failed"
        + (" (dry run: nothing written)" if dry_run else ""),
        err=True,
    )
    if report.failed:
        sys.exit(1)
