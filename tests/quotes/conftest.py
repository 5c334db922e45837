"""Quote-stage fixtures: tiny documents for detection (no model) and one real model for the sieve tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ficlens import ingest
from ficlens.document import Document
from ficlens.model import Analysis, WorkInfo
from ficlens.segment import segment


def make_document(text: str) -> Document:
    """A Document with paragraphs and scenes but no parses: enough for quote detection."""
    work = ingest.read_text_input(text, "<test>")
    seg = segment(work)
    info = WorkInfo(title=None, authors=[], source="<test>", format="txt", language="en", words=0)
    analysis = Analysis(work=info, chapters=seg.chapters, scenes=seg.scenes)
    return Document(work=work, analysis=analysis, paragraphs=seg.paragraphs)


@pytest.fixture
def detected() -> Callable[[str], Document]:
    from ficlens import quotes

    def run(text: str) -> Document:
        doc = make_document(text)
        quotes.detect(doc)
        return doc

    return run


@pytest.fixture(scope="session")
def analyse(analyzer):  # type: ignore[no-untyped-def]
    """Analyse a text with the real model (loaded once a session); return (analysis, document)."""

    def run(text: str):  # type: ignore[no-untyped-def]
        analysis = analyzer.analyze_text(text)
        return analysis, analyzer.last_document

    return run
