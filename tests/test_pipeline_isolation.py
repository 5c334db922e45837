"""Per-work isolation: any exception in any stage is reported with the stage and the file and the batch goes
on; the per-work time limit stops a pathological work. (Blank pipeline.)"""

from __future__ import annotations

import pytest

from blank_nlp import use_blank_pipeline
from ficlens import batch, quotes
from ficlens.config import Options
from ficlens.errors import LimitError
from ficlens.ingest import limits
from ficlens.pipeline import Analyzer

STORY = "“We’re late,” Dean said.\n\nSam rolled his eyes.\n"


@pytest.fixture(autouse=True)
def _blank(monkeypatch):
    use_blank_pipeline(monkeypatch)


def test_an_exception_in_a_stage_is_reported_per_file_and_the_batch_goes_on(tmp_path, monkeypatch):
    paths = []
    for name in ("a.txt", "boom.txt", "c.txt"):
        p = tmp_path / name
        p.write_text(STORY if name != "boom.txt" else "BOOM " + STORY, encoding="utf-8")
        paths.append(p)
    real = quotes.attribute

    def attribute(doc, *args):  # type: ignore[no-untyped-def]
        if doc.work.text.startswith("BOOM"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc, *args)

    monkeypatch.setattr(quotes, "attribute", attribute)
    outcomes = list(batch.analyze_files(paths, Options(user_kb=False)))
    assert [o.analysis is not None for o in outcomes] == [True, False, True]
    err = outcomes[1].error or ""
    assert "quotes.attribute" in err and "RecursionError" in err and "boom.txt" in err
    assert "[E150]" in err or "[E118]" in err


def test_an_exception_outside_the_stages_names_where_it_happened(tmp_path, monkeypatch):
    import ficlens.pipeline

    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    calls = []

    def segment(work, max_chars):  # type: ignore[no-untyped-def]
        calls.append(work.source)
        if len(calls) == 1:
            raise MemoryError()
        return real_segment(work, max_chars)

    real_segment = ficlens.pipeline.segment
    monkeypatch.setattr(ficlens.pipeline, "segment", segment)
    outcomes = list(batch.analyze_files([good, good], Options(user_kb=False)))
    assert "[E118]" in (outcomes[0].error or "") and "segment" in (outcomes[0].error or "")
    assert "MemoryError" in (outcomes[0].error or "") and outcomes[1].analysis is not None


def test_an_unreadable_file_is_reported_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    outcomes = list(batch.analyze_files(["/dev/zero", tmp_path / "missing.txt", good], Options(user_kb=False)))
    assert "[E110]" in (outcomes[0].error or "") and "[E001]" in (outcomes[1].error or "")
    assert outcomes[2].analysis is not None


def test_per_work_time_limit_stops_the_work_between_stages(monkeypatch):
    clock = iter(range(0, 10_000, 7))  # every check sees 7 s more
    monkeypatch.setattr(limits.time, "monotonic", lambda: next(clock))
    analyzer = Analyzer(Options(user_kb=False, max_seconds_per_work=20))
    with pytest.raises(LimitError, match=r"E117.*max_seconds_per_work") as info:
        analyzer.analyze_text(STORY)
    assert "during" in str(info.value)
    assert Analyzer(Options(user_kb=False)).analyze_text(STORY).work.words > 0


def test_a_batch_with_deeply_nested_epub_and_html_analyses_them_all(tmp_path):
    from hostile_files import ao3_html, epub

    deep = "<div>" * 700 + "<p>“Down here,” she said at the bottom.</p>" + "</div>" * 700
    e = tmp_path / "deep.epub"
    e.write_bytes(epub(["<h1>Chapter 1</h1><p>First words.</p>" + deep]))
    h = tmp_path / "deep.html"
    h.write_text(ao3_html().replace('<div class="userstuff">', '<div class="userstuff">' + deep), encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    outcomes = list(batch.analyze_files([e, h, good], Options(user_kb=False)))
    assert [o.error for o in outcomes] == [None, None, None]
    for o in outcomes[:2]:
        assert o.analysis is not None and "at the bottom" in (o.analysis.text or "")
        assert o.analysis.work.words > 5
