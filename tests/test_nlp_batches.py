"""The parser is fed by a character budget, not a paragraph count: a text with no line breaks (one huge
"paragraph") is cut at sentence ends or spaces, and no parser batch exceeds ``parse_batch_chars`` (plus one
piece), so peak memory follows the budget, not the text (issue 8). Blank pipeline."""

from __future__ import annotations

from blank_nlp import blank_nlp, use_blank_pipeline
from ficlens import nlp as ficlens_nlp
from ficlens.config import Options
from ficlens.ingest import read_text_input
from ficlens.pipeline import Analyzer
from ficlens.segment import segment


def test_batches_end_at_the_character_budget():
    texts = ["a" * 3000] * 10 + ["b" * 10] * 500
    batches = list(ficlens_nlp._batches(iter(texts), 128, 10_000))
    assert [t for b in batches for t in b] == texts  # order and content kept
    assert all(sum(map(len, b)) <= 10_000 or len(b) == 1 for b in batches)
    assert all(len(b) <= 128 for b in batches)
    assert len(batches[0]) == 3


def _record_batches(monkeypatch, nlp) -> list[int]:  # type: ignore[no-untyped-def]
    """The characters of each batch the pipeline is given, recorded as they come."""
    seen: list[int] = []
    real_pipe = nlp.pipe

    def pipe(texts, batch_size=128):  # type: ignore[no-untyped-def]
        texts = list(texts)
        seen.append(sum(map(len, texts)))
        return real_pipe(texts, batch_size=batch_size)

    monkeypatch.setattr(nlp, "pipe", pipe)
    return seen


def test_parse_calls_the_pipeline_per_budgeted_batch(monkeypatch):
    nlp = blank_nlp()
    seen = _record_batches(monkeypatch, nlp)
    docs = list(ficlens_nlp.parse(nlp, ["word " * 1000] * 40, 128, 20_000))
    assert len(docs) == 40 and max(seen) <= 20_000 and len(seen) == 10


def test_a_text_without_line_breaks_is_cut_into_bounded_pieces():
    sentence = "Mara walked along the harbour wall and counted the boats "
    text = sentence * 2000  # ~114k characters, no newline, no sentence end
    seg = segment(read_text_input(text), 5000)
    lengths = [p.end - p.start for p in seg.paragraphs]
    assert max(lengths) <= 5000 and len(lengths) >= 114_000 // 5000
    assert all(text[p.start] != " " for p in seg.paragraphs)  # cut at spaces, pieces trimmed
    assert seg.paragraphs[-1].end == len(text.rstrip())
    no_spaces = "x" * 12_000
    assert [p.end - p.start for p in segment(read_text_input(no_spaces), 5000).paragraphs] == [5000, 5000, 2000]


def test_the_pipeline_feeds_the_parser_by_the_budget(monkeypatch):
    use_blank_pipeline(monkeypatch)
    nlp = blank_nlp()
    seen = _record_batches(monkeypatch, nlp)
    text = "He said “no.” She laughed. " * 3000  # ~80k characters, one line
    analysis = Analyzer(Options(user_kb=False, parse_batch_chars=10_000, max_paragraph_chars=2000)).analyze_text(text)
    assert analysis.stats["paragraphs"] >= 40
    assert max(seen) <= 10_000
