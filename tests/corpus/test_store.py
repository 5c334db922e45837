"""The batch folder: parts committed atomically, orphans of a killed run removed on resume, folder checks."""

from __future__ import annotations

import json

import pyarrow.dataset as ds
import pytest

from ficlens.corpus.store import Store, read_commits
from ficlens.corpus.tables import TABLES
from ficlens.errors import InputError


def _rows(wid: str, n_quotes: int = 2) -> dict:
    return {
        "works": [{"work_id": wid, "path": f"{wid}.txt", "words": 10}],
        "quotes": [{"work_id": wid, "quote_id": f"q{i}", "text": "Hi."} for i in range(n_quotes)],
    }


def test_store_flush_commits_parts_of_every_table(tmp_path):
    s = Store(tmp_path / "out", flush_works=2)
    s.open(resume=False)
    assert s.add("w1", _rows("w1")) is False
    assert s.add("w2", _rows("w2")) is True
    parts, done = read_commits(tmp_path / "out")
    assert done == {"w1", "w2"} and len(parts) == 1
    for t in TABLES:
        files = list((tmp_path / "out" / t).glob("*.parquet"))
        assert [f.stem for f in files] == list(parts)
    assert ds.dataset(tmp_path / "out" / "quotes").to_table().num_rows == 4


def test_store_resume_deletes_orphans_and_keeps_commits(tmp_path):
    out = tmp_path / "out"
    s = Store(out, flush_works=1)
    s.open(resume=False)
    s.add("w1", _rows("w1"))
    # a killed run: a part renamed into place but never committed, and a temporary file
    (out / "works" / "part-000009-dead.parquet").write_bytes(b"PAR1 torn")
    (out / "quotes" / ".part-000009-dead.parquet.tmp").write_bytes(b"x")
    s2 = Store(out, flush_works=1)
    s2.open(resume=True)
    assert s2.done == {"w1"}
    assert sorted(f.name for f in (out / "works").iterdir()) == [f"{next(iter(read_commits(out)[0]))}.parquet"]
    assert not any(f.name.startswith(".") for f in (out / "quotes").iterdir())
    s2.add("w2", _rows("w2"))
    table = ds.dataset(out / "works").to_table()
    assert sorted(table.column("work_id").to_pylist()) == ["w1", "w2"]


def test_store_a_torn_commit_line_is_not_a_commit_and_is_repaired(tmp_path):
    out = tmp_path / "out"
    s = Store(out, flush_works=1)
    s.open(resume=False)
    s.add("w1", _rows("w1"))
    with open(out / "_batch" / "commits.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"part": "part-000002-x", "works": ["w')  # killed mid-append
    s2 = Store(out, flush_works=1)
    s2.open(resume=True)
    assert s2.done == {"w1"}
    s2.add("w2", _rows("w2"))
    assert read_commits(out)[1] == {"w1", "w2"}
    lines = (out / "_batch" / "commits.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["works"] for x in lines] == [["w1"], ["w2"]]


def test_store_refuses_a_foreign_folder_and_an_existing_batch_without_resume(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_bytes(b"x")
    with pytest.raises(InputError, match=r"\[E302\]"):
        Store(tmp_path / "mine").open(resume=True)
    s = Store(tmp_path / "out")
    s.open(resume=False)
    with pytest.raises(InputError, match=r"\[E303\]"):
        Store(tmp_path / "out").open(resume=False)
    assert (tmp_path / "mine" / "thesis.docx").read_bytes() == b"x"


def test_store_errors_of_works_done_later_are_pruned(tmp_path):
    s = Store(tmp_path / "out", flush_works=1)
    s.open(resume=False)
    s.record_error({"work_id": "w1", "stage": "read", "reason": "boom"})
    s.record_error({"work_id": "w2", "stage": "time-limit", "reason": "slow"})
    s.add("w1", _rows("w1"))
    s.prune_errors()
    lines = (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["work_id"] for x in lines] == ["w2"]
