"""One real Calibre library per test session, filled with EPUBs FanFicFare itself writes (its offline test
site) by ``calibredb add``. Tests copy it (a folder copy, no calibredb) so they can change it freely."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from calibre_helpers import calibredb, calibredb_or_skip

from fanficfare_fixtures import write_epubs

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


@pytest.fixture(autouse=True, scope="session")
def _calibre_waits_for_other_sessions():  # type: ignore[no-untyped-def]
    """Other test sessions on the machine may hold calibre's per-user lock for a while (a Content server)."""
    old = os.environ.get("FICLENS_CALIBREDB_WAIT")
    os.environ["FICLENS_CALIBREDB_WAIT"] = "60"
    yield
    if old is None:
        os.environ.pop("FICLENS_CALIBREDB_WAIT", None)
    else:
        os.environ["FICLENS_CALIBREDB_WAIT"] = old


@pytest.fixture(scope="session")
def fff_epubs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Story id -> EPUB that FanFicFare wrote in this session (1001 gentle, 1002 violent, 1003 first person)."""
    return write_epubs(tmp_path_factory.mktemp("fanficfare"))


@pytest.fixture(scope="session")
def calibre_library_template(tmp_path_factory: pytest.TempPathFactory, fff_epubs: dict[int, Path]) -> Path:
    """A library: books 1-3 the FanFicFare EPUBs, 4 a damaged EPUB, 5 a book without any file."""
    calibredb_or_skip()
    lib = tmp_path_factory.mktemp("calibre") / "Library"
    lib.mkdir()
    calibredb(lib, "add", "--one-book-per-directory", *[str(fff_epubs[i]) for i in (1001, 1002, 1003)],
              str(FORMATS / "truncated.epub"))
    calibredb(lib, "add", "--empty", "--title", "Only on paper")
    return lib


@pytest.fixture
def calibre_library(calibre_library_template: Path, tmp_path: Path) -> Path:
    lib = tmp_path / "Library"
    shutil.copytree(calibre_library_template, lib)
    return lib
