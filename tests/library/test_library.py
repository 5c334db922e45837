"""The library: rows from analyses, reuse of earlier analyses, never writing over a file ficlens did not create,
the inline data safe inside its script element."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ficlens.errors import DataError
from ficlens.library import build_library, find_sources
from ficlens.library.rows import work_row
from ficlens.library.site import json_blob, render_index
from ficlens.library.store import MANIFEST
from ficlens.model import Tags, TagValue
from library.synthetic import analysis


def _blob(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="library-data">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


def test_work_row_prefers_the_works_own_tags():
    a = analysis(1)
    row = work_row(a, "works/w1.html", "w1.txt")
    assert row["rating"] == a.tags.rating.value and row["rating_own"] is False
    assert row["main"] == ["Hero 1"] and row["pov"] == ["Hero 1"] and row["person"] == "first"
    a.work.given_tags = Tags(rating=TagValue("Explicit"), warnings=[TagValue("Major Character Death")],
                             relationships=[])
    row = work_row(a, "works/w1.html", "w1.txt")
    assert row["rating"] == "Explicit" and row["rating_own"] is True
    assert row["warnings"] == ["Major Character Death"] and row["warnings_own"] is True
    # no pairing in the file: the suggested one
    assert row["relationships"] == [a.tags.relationships[0].value]


def test_json_blob_cannot_end_its_script_element():
    blob = json_blob({"t": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in blob and ">" not in blob and "&" not in blob
    assert json.loads(blob)["t"] == "</script><script>alert(1)</script> & <!--"


def test_index_carries_every_row():
    page = render_index([{"title": "A", "words": 5}, {"title": "B", "words": 7}], "My <shelf>")
    assert _blob(page)["works"][1]["title"] == "B"
    assert "<h1>My &lt;shelf&gt;</h1>" in page and "12 words" in page


def _write_analyses(folder, n):  # type: ignore[no-untyped-def]
    folder.mkdir()
    for i in range(n):
        (folder / f"w{i}.json").write_text(analysis(i, text=f"Text {i}.").to_json(include_text=True))
    (folder / "notes.json").write_text('{"not": "an analysis"}')
    (folder / ".hidden.json").write_text(analysis(99).to_json())


def test_library_from_analysis_json_files(tmp_path):
    _write_analyses(tmp_path / "in", 3)
    out = tmp_path / "lib"
    result = build_library([tmp_path / "in"], out)
    assert (result.works, result.analysed, result.reused, result.failures) == (3, 0, 3, [])
    rows = _blob((out / "index.html").read_text())["works"]
    assert [r["title"] for r in rows] == ["Work 0000", "Work 0001", "Work 0002"]
    for r in rows:
        report = (out / r["href"]).read_text()
        assert r["title"] in report and 'href="../index.html"' in report
    manifest = json.loads((out / MANIFEST).read_text())
    assert "index.html" in manifest["created"] and "works/w0.html" in manifest["created"]
    # again: ficlens may rewrite its own files, and the index is known as its own
    assert build_library([tmp_path / "in"], out).works == 3
    from ficlens.outputs import written_by_ficlens

    assert written_by_ficlens(out / "index.html") and written_by_ficlens(out / "works" / "w0.html")


def test_library_never_overwrites_a_file_it_did_not_create(tmp_path):
    _write_analyses(tmp_path / "in", 2)
    out = tmp_path / "lib"
    (out / "works").mkdir(parents=True)
    (out / "works" / "w1.html").write_text("my own page")
    result = build_library([tmp_path / "in"], out)
    assert result.works == 1 and len(result.failures) == 1 and "E352" in result.failures[0][1]
    assert (out / "works" / "w1.html").read_text() == "my own page"
    (out / MANIFEST).unlink()
    with pytest.raises(DataError, match="E352"):
        build_library([tmp_path / "in"], out)  # index.html is no longer known to be ficlens's


def test_find_sources_skips_hidden_files_and_the_library_itself(tmp_path):
    _write_analyses(tmp_path / "in", 1)
    (tmp_path / "in" / "story.txt").write_text("x")
    (tmp_path / "in" / "lib").mkdir()
    (tmp_path / "in" / "lib" / "old.txt").write_text("x")
    (tmp_path / "in" / "w0.html").write_text(render_index([], "an earlier ficlens page"))
    found = find_sources([tmp_path / "in"], exclude=tmp_path / "in" / "lib")
    assert sorted(p.name for p in found) == ["notes.json", "story.txt", "w0.json"]
    with pytest.raises(DataError, match="E353"):
        find_sources([tmp_path / "nope"])


def test_an_analysis_json_stands_for_its_story_and_gets_its_text(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    story = "Mara keeps the light. “Kettle on?” Wren asks.\n"
    (src / "w7.txt").write_text(story)
    a = analysis(7)
    a.work.source = "/elsewhere/w7.txt"
    (src / "w7-analysis.json").write_text(a.to_json(include_text=False))
    out = tmp_path / "lib"
    result = build_library([src], out)  # no model: the story is not analysed again
    assert (result.works, result.analysed, result.reused) == (1, 0, 1)
    row = _blob((out / "index.html").read_text())["works"][0]
    assert row["href"] == "works/w7.html" and row["file"] == "w7.txt"
    assert "Kettle on?" in (out / "works" / "w7.html").read_text()


def test_a_batch_folder_gives_its_per_work_analyses(tmp_path):
    batch = tmp_path / "batch"
    (batch / "_batch").mkdir(parents=True)
    (batch / "_batch" / "manifest.json").write_text('{"tool": "ficlens"}')
    (batch / "errors.jsonl").write_text('{"work_id": "x", "reason": "bad"}\n')
    with pytest.raises(DataError, match="E354"):
        find_sources([batch])
    _write_analyses(batch / "json", 2)
    assert sorted(p.name for p in find_sources([batch])) == ["notes.json", "w0.json", "w1.json"]
    result = build_library([batch], tmp_path / "lib")
    assert (result.works, result.failures) == (2, [])


def test_a_rerun_reads_nothing_of_unchanged_works_and_reanalyses_changed_ones(tmp_path, monkeypatch):
    import ficlens.library as lib
    from ficlens.batch import Outcome

    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"s{i}.txt").write_text(f"Story {i}.")
    analysed: list[str] = []

    def fake_analyze(paths, options=None):  # type: ignore[no-untyped-def]
        for p in paths:
            analysed.append(p)
            yield Outcome(p, analysis(int(p[-5]), text=Path(p).read_text()))

    monkeypatch.setattr(lib, "analyze_files", fake_analyze)
    out = tmp_path / "lib"
    assert build_library([src], out).analysed == 3 and len(analysed) == 3
    reads: list[str] = []
    real = lib._analysis_json
    monkeypatch.setattr(lib, "_analysis_json", lambda p: reads.append(str(p)) or real(p))
    again = build_library([src], out)
    assert (again.works, again.analysed, again.reused, reads, len(analysed)) == (3, 0, 3, [], 3)
    assert _blob((out / "index.html").read_text())["works"][0]["title"] == "Work 0000"
    (src / "s1.txt").write_text("Story 1, revised.")
    third = build_library([src], out)
    assert (third.analysed, third.reused, analysed[-1]) == (1, 2, str(src / "s1.txt"))
