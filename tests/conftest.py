"""Global fixtures. Only integration tests (marked ``integration``) load the real spaCy model, once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from ficlens_testutil import EXAMPLE  # noqa: E402

pytest_plugins = ["ficlens_browser"]  # the headless Chromium fixtures: browser, open_page


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the user's own config and knowledge base out of every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("FICLENS_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("FICLENS_KB_DIR", str(home / "kb"))


@pytest.fixture(scope="session")
def analyzer():  # type: ignore[no-untyped-def]
    from ficlens.config import Options
    from ficlens.pipeline import Analyzer

    a = Analyzer(Options(user_kb=False))
    _ = a.nlp
    return a


@pytest.fixture(scope="session")
def example_analysis(analyzer):  # type: ignore[no-untyped-def]
    return analyzer.analyze_path(EXAMPLE)


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True, scope="session")
def _every_analysis_validates():  # type: ignore[no-untyped-def]
    """Every analysis any test produces is checked against the shipped JSON Schema and for offsets in range."""
    from ficlens.pipeline import Analyzer
    from ficlens_testutil import check_analysis

    original = Analyzer.analyze_work

    def checked(self, work, progress=None):  # type: ignore[no-untyped-def]
        analysis = original(self, work, progress)
        check_analysis(analysis.to_dict(include_text=False), work.text)
        # every character reference the working document holds (mentions too) points at a live character
        live = {c.id for c in analysis.characters}
        assert set(self.last_document.registry.references()) <= live
        return analysis

    Analyzer.analyze_work = checked  # type: ignore[method-assign]
    yield
    Analyzer.analyze_work = original  # type: ignore[method-assign]
