from __future__ import annotations

import pytest

from ficlens.pipeline import Analyzer


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """The real pipeline (spaCy model loaded once per session), for integration tests."""
    a = Analyzer()
    _ = a.nlp
    return a
