"""Batches: results written atomically, bad files reported without stopping, interruption loses nothing done."""

from __future__ import annotations

import pytest

from ficlens import batch
from ficlens.errors import Errors, InputError
from ficlens.model import Analysis, WorkInfo


def test_batch_output_names_are_distinct():
    names = batch.output_names(["a/story.txt", "b/story.txt", "c/other.epub", "d/story.md"], ".json")
    assert names == {
        "a/story.txt": "story.json",
        "b/story.txt": "story-2.json",
        "c/other.epub": "other.json",
        "d/story.md": "story-3.json",
    }


def test_batch_write_atomic_replaces_and_leaves_no_temp(tmp_path):
    target = tmp_path / "sub" / "x.json"
    batch.write_atomic(target, "one", force=True)
    batch.write_atomic(target, "two", force=True)
    assert target.read_text(encoding="utf-8") == "two"
    assert [p.name for p in target.parent.iterdir()] == ["x.json"]


def test_batch_write_atomic_interrupted_keeps_old_file(tmp_path, monkeypatch):
    target = tmp_path / "x.json"
    batch.write_atomic(target, "old", force=True)

    def boom(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(batch.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        batch.write_atomic(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


class _FakeAnalyzer:
    calls: list[str] = []

    def __init__(self, options=None):  # type: ignore[no-untyped-def]
        pass

    def analyze_path(self, path, progress=None):  # type: ignore[no-untyped-def]
        _FakeAnalyzer.calls.append(path)
        if path.endswith("bad.txt"):
            raise InputError(Errors.E003.format(path=path))
        if path.endswith("stop.txt"):
            raise KeyboardInterrupt
        return Analysis(work=WorkInfo(path, [], path, "txt", "en", 1))


def test_batch_bad_file_does_not_stop_the_batch(monkeypatch):
    monkeypatch.setattr(batch, "Analyzer", _FakeAnalyzer)
    _FakeAnalyzer.calls = []
    out = list(batch.analyze_files(["a.txt", "bad.txt", "c.txt"]))
    assert [o.path for o in out] == ["a.txt", "bad.txt", "c.txt"]
    assert out[1].analysis is None and "[E003]" in (out[1].error or "")
    assert out[0].analysis is not None and out[2].analysis is not None


def test_batch_interrupted_then_resumed_loses_and_duplicates_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(batch, "Analyzer", _FakeAnalyzer)
    paths = ["a.txt", "b.txt", "stop.txt", "d.txt"]
    names = batch.output_names(paths, ".json")
    _FakeAnalyzer.calls = []
    with pytest.raises(KeyboardInterrupt):
        for o in batch.analyze_files(paths):
            assert o.analysis is not None
            batch.write_atomic(tmp_path / names[o.path], o.analysis.to_json())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]
    # resume: skip what exists; the interrupted file is done again, nothing twice
    paths[2] = "c.txt"
    names = batch.output_names(paths, ".json")
    _FakeAnalyzer.calls = []
    for o in batch.analyze_files(paths, skip=lambda p: (tmp_path / names[p]).exists()):
        batch.write_atomic(tmp_path / names[o.path], o.analysis.to_json())  # type: ignore[union-attr]
    assert _FakeAnalyzer.calls == ["c.txt", "d.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json", "c.json", "d.json"]
