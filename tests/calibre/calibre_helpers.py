"""Helpers of the Calibre tests (a module of its own: test modules import it by name, never conftest)."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from ficlens.calibre import find_calibredb
from ficlens.calibre.calibredb import CalibreError


def calibredb_or_skip() -> str:
    try:
        return find_calibredb()
    except CalibreError:
        pytest.skip("Calibre's calibredb is not installed here (make test installs it with apt-get when run as "
                    "root on Debian/Ubuntu; else see https://calibre-ebook.com/download)")


def calibredb(library: Path | str, *args: str) -> str:
    """Run calibredb; calibre's lock is one per user, so a calibre program of another test session running
    at the same moment is waited out (up to a minute)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    deadline = time.monotonic() + 60
    while True:
        proc = subprocess.run([calibredb_or_skip(), args[0], "--with-library", str(library), *args[1:]],
                              capture_output=True, text=True, env=env, check=False)
        if proc.returncode == 0 or "Another calibre program" not in proc.stderr or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert proc.returncode == 0, proc.stderr[-800:]
    return proc.stdout
