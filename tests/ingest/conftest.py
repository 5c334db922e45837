"""Fixtures of the ingest tests: paths of the files in tests/fixtures/formats."""

from __future__ import annotations

from pathlib import Path

import pytest

FORMATS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "formats"


@pytest.fixture
def fixture_path():
    """fixture_path(name) -> Path of tests/fixtures/formats/name."""

    def get(name: str) -> Path:
        path = FORMATS_DIR / name
        assert path.exists(), f"missing fixture {name}; run tests/fixtures/formats/make_fixtures.py"
        return path

    return get
