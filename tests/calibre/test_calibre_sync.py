"""``ficlens calibre`` against the real calibredb and EPUBs FanFicFare wrote (tests/calibre/conftest.py)."""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from calibre_helpers import calibredb, calibredb_or_skip
from click.testing import CliRunner

from ficlens.calibre import CalibreError, sync_library
from ficlens.calibre.sync import FAILED, SKIPPED, UNCHANGED, UPDATED, WOULD_UPDATE, SyncReport
from ficlens.cli import cli

pytestmark = pytest.mark.integration

FIELDS = ("id,title,tags,formats,last_modified,*ficlens_warnings,*ficlens_rating,*ficlens_pairings,"
          "*ficlens_characters,*ficlens_tags,*ficlens_pov,*ficlens_evidence,*ficlens_fingerprint")


def books(library: Path | str, fields: str = FIELDS) -> dict[int, dict[str, Any]]:
    return {b["id"]: b for b in json.loads(calibredb(Path(library) if "://" not in str(library) else library,
                                                     "list", "--for-machine", "--fields", fields))}


def file_hashes(library: Path) -> dict[str, str]:
    return {str(p.relative_to(library)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(library.rglob("*.epub"))}


def statuses(report: SyncReport) -> dict[int, str]:
    return {b.book_id: b.status for b in report.books}


@pytest.fixture(scope="session")
def synced(calibre_library_template: Path, tmp_path_factory: pytest.TempPathFactory, analyzer):  # type: ignore[no-untyped-def]
    """The session library after one full sync: (library, report, listing before, file hashes before)."""
    lib = tmp_path_factory.mktemp("synced") / "Library"
    shutil.copytree(calibre_library_template, lib)
    before = books(lib, "id,title,tags,formats")
    hashes = file_hashes(lib)
    report = sync_library(str(lib), analyzer=analyzer)
    return lib, report, before, hashes


@pytest.fixture
def synced_copy(synced, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    lib = tmp_path / "Library"
    shutil.copytree(synced[0], lib)
    return lib


def test_calibre_sync_fills_ficlens_columns(synced):  # type: ignore[no-untyped-def]
    lib, report, before, hashes = synced
    assert statuses(report) == {1: UPDATED, 2: UPDATED, 3: UPDATED, 4: FAILED, 5: SKIPPED}
    assert "#ficlens_warnings" in report.created_columns and "#ficlens_fingerprint" in report.created_columns
    by_title = {b["title"]: b for b in books(lib).values()}
    quarry, lantern = by_title["The Quarry Road"], by_title["Salt Lantern"]
    keeper = by_title["Keeper of the North Light"]
    # the violent story: ficlens finds the warning FanFicFare's tags chose not to give
    assert quarry["*ficlens_warnings"] == ["Graphic Depictions Of Violence"]
    assert quarry["*ficlens_rating"] in ("Mature", "Explicit")
    assert "Senna" in quarry["*ficlens_characters"] and "Idris" in quarry["*ficlens_characters"]
    assert "entrails" in quarry["*ficlens_evidence"] or "decapitated" in quarry["*ficlens_evidence"]
    assert lantern["*ficlens_warnings"] == ["No Archive Warnings Apply"]
    assert lantern["*ficlens_rating"] == "General Audiences"
    assert {"Mara", "Tobin"} <= set(lantern["*ficlens_characters"])
    assert "first person" in keeper["*ficlens_pov"]
    assert "third person" in lantern["*ficlens_pov"]
    for b in (quarry, lantern, keeper):
        assert b["*ficlens_fingerprint"].startswith("ficlens ") and "EPUB" in b["*ficlens_fingerprint"]
    # FanFicFare's data (the book's tags) and the book files are untouched
    for book_id, b in books(lib, "id,title,tags,formats").items():
        assert b["tags"] == before[book_id]["tags"]
    assert file_hashes(lib) == hashes


def test_calibre_sync_reports_bad_books_and_goes_on(synced):  # type: ignore[no-untyped-def]
    report = synced[1]
    by_id = {b.book_id: b for b in report.books}
    assert by_id[4].message.startswith("[E007]")  # the damaged EPUB: one line, the others still analysed
    assert "[E407]" in by_id[5].message and "no files" in by_id[5].message
    assert report.failed == 1


def test_calibre_rerun_changes_nothing(synced_copy: Path, analyzer):  # type: ignore[no-untyped-def]
    before = books(synced_copy)
    report = sync_library(str(synced_copy), analyzer=analyzer)
    assert statuses(report) == {1: UNCHANGED, 2: UNCHANGED, 3: UNCHANGED, 4: FAILED, 5: SKIPPED}
    assert report.created_columns == []
    assert books(synced_copy) == before  # not even last_modified moved: nothing was written


def test_calibre_dry_run_then_update_after_the_file_changed(synced_copy: Path, fff_epubs, analyzer):  # type: ignore[no-untyped-def]
    lantern_id = next(i for i, b in books(synced_copy, "id,title").items() if b["title"] == "Salt Lantern")
    # FanFicFare updated the story: the book's EPUB is now the violent one
    calibredb(synced_copy, "add_format", str(lantern_id), str(fff_epubs[1002]))
    before = books(synced_copy)
    dry = sync_library(str(synced_copy), dry_run=True, analyzer=analyzer)
    assert {i: s for i, s in statuses(dry).items() if s != UNCHANGED} == {lantern_id: WOULD_UPDATE, 4: FAILED,
                                                                           5: SKIPPED}
    change = next(b for b in dry.books if b.book_id == lantern_id).changes
    assert change["#ficlens_warnings"] == (["No Archive Warnings Apply"], ["Graphic Depictions Of Violence"])
    assert "#ficlens_fingerprint" in change
    assert books(synced_copy) == before  # a dry run writes nothing
    report = sync_library(str(synced_copy), analyzer=analyzer)
    assert statuses(report)[lantern_id] == UPDATED
    after = books(synced_copy)
    assert after[lantern_id]["*ficlens_warnings"] == ["Graphic Depictions Of Violence"]
    others = [i for i in after if i != lantern_id]
    assert all(after[i]["last_modified"] == before[i]["last_modified"] for i in others)


def test_calibre_cli_into_tags_and_chosen_columns(calibre_library: Path):
    quarry_id = next(i for i, b in books(calibre_library, "id,title").items() if b["title"] == "The Quarry Road")
    own_tags = books(calibre_library, "id,tags")[quarry_id]["tags"]
    result = CliRunner().invoke(cli, ["calibre", str(calibre_library), "--search", 'title:"The Quarry Road"',
                                      "--into-tags", "--columns", "warnings"])
    assert result.exit_code == 0, result.output
    assert "1 book(s): 1 updated" in result.output  # only the book the search finds
    assert "[1/1]" in result.output
    assert "#ficlens_warnings (empty) → Graphic Depictions Of Violence" in result.output
    tags = books(calibre_library, "id,tags")[quarry_id]["tags"]
    assert set(own_tags) <= set(tags)  # FanFicFare's tags kept
    assert "ficlens: Graphic Depictions Of Violence" in tags
    columns = calibredb(calibre_library, "custom_columns")
    assert "ficlens_warnings" in columns and "ficlens_fingerprint" in columns
    assert "ficlens_rating" not in columns  # only the columns asked for


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(exe: Path, library: Path) -> tuple[subprocess.Popen, int]:  # type: ignore[type-arg]
    """calibre-server on a free loopback port; it cannot start while another calibre program (say, another
    test session's server) holds calibre's per-user lock, so it is started again until it listens."""
    deadline = time.monotonic() + 90
    while True:
        port = _free_port()
        server = subprocess.Popen([str(exe), "--listen-on", "127.0.0.1", "--port", str(port),
                                   "--enable-local-write", str(library)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while server.poll() is None and time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return server, port
            except OSError:
                time.sleep(0.3)
        server.kill()
        server.wait()
        assert time.monotonic() < deadline, "calibre-server did not start"
        time.sleep(1)


def test_calibre_library_open_in_content_server(synced_copy: Path, analyzer, monkeypatch):  # type: ignore[no-untyped-def]
    exe = Path(calibredb_or_skip()).with_name("calibre-server")
    if not exe.exists():
        pytest.skip("calibre-server is not installed beside calibredb")
    server, port = _start_server(exe, synced_copy)
    try:
        url = f"http://127.0.0.1:{port}#Library"
        # the folder is locked by the server: said clearly (after a short wait), nothing half-done
        monkeypatch.setenv("FICLENS_CALIBREDB_WAIT", "1")
        with pytest.raises(CalibreError, match=r"\[E402\]"):
            sync_library(str(synced_copy), analyzer=analyzer)
        # through the server: the book is exported, analysed and written
        report = sync_library(url, ids=[2, 99], columns=["warnings", "rating"], analyzer=analyzer)
        assert statuses(report) == {2: UPDATED, 99: FAILED}, report.books
        assert report.books[0].message == "no book with id 99"
        assert books(url, "id,*ficlens_fingerprint")[2]["*ficlens_fingerprint"].endswith("; warnings,rating")
    finally:
        server.terminate()
        server.wait(timeout=30)
