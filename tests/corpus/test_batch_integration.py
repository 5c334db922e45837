"""Whole batches with the real model: every engine gives the same tables; resume after SIGINT/SIGKILL leaves
exactly one row set per work; failures and time limits are recorded; the documented SQL answers run."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner
from corpus_helpers import story, write_stories

from ficlens.cli import cli
from ficlens.config import Options
from ficlens.corpus import TABLES, duckdb_tables, expand_inputs, run_batch
from ficlens.corpus.local import run_local
from ficlens.corpus.store import read_commits
from ficlens_testutil import EXAMPLE, FIXTURES, ROOT

pytestmark = pytest.mark.integration
OPTIONS = Options(user_kb=False)


def _table(out: Path, name: str):  # type: ignore[no-untyped-def]
    return ds.dataset(out / name, format="parquet").to_table()


def _row_sets(out: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without run-dependent columns (seconds)."""
    sets = {}
    for t in TABLES:
        rows = _table(out, t).to_pylist()
        sets[t] = sorted(tuple((k, repr(v)) for k, v in r.items() if k != "seconds") for r in rows)
    return sets


def _check_one_row_set_per_work(out: Path, ids: set[str]) -> None:
    works = _table(out, "works").column("work_id").to_pylist()
    assert sorted(works) == sorted(ids)  # each work exactly once
    quotes = _table(out, "quotes").select(["work_id", "quote_id"]).to_pylist()
    assert len(quotes) == len({(q["work_id"], q["quote_id"]) for q in quotes}) > 0
    for t in TABLES:
        assert set(_table(out, t).column("work_id").to_pylist()) <= ids
    assert read_commits(out)[1] == ids


@pytest.fixture(scope="module")
def stories(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("stories")
    write_stories(folder / "in", 4)
    (folder / "in" / "broken.txt").write_bytes(b"\x00\x01\x02 binary")
    (folder / "in" / "tagged").mkdir()
    for name in ("ao3_download.html", "fanficfare.epub"):  # the file's own AO3 tags, in two formats
        shutil.copy(FIXTURES / "formats" / name, folder / "in" / "tagged" / name)
    return folder / "in"


@pytest.fixture(scope="module")
def reference(stories, tmp_path_factory, analyzer):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("ref") / "out"
    summary = run_batch([stories], out, options=OPTIONS, workers=0, json=True, flush_works=3)
    return out, summary


def test_batch_in_process_tables_json_and_errors(reference, stories):
    out, summary = reference
    assert (summary.done, summary.failed, summary.skipped) == (6, 1, 0)
    assert not summary.ok
    (err,) = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert err["path"].endswith("broken.txt") and err["stage"] == "read" and "[E004]" in err["reason"]
    ids = {i.work_id for i in expand_inputs([stories])[0]} - {err["work_id"]}
    _check_one_row_set_per_work(out, ids)
    assert len(read_commits(out)[0]) == 2  # flush_works=3: two parts of 3 works
    for wid in ids:
        data = json.loads((out / "json" / f"{wid}.json").read_text(encoding="utf-8"))
        (row,) = [r for r in _table(out, "works").to_pylist() if r["work_id"] == wid]
        assert data["work"]["words"] == row["words"] > 50
        assert len(data["quotes"]) == row["quotes"] >= 3
    names = {r["name"] for r in _table(out, "characters").to_pylist()}
    assert {"Mara Hale", "Tobin Varga"} <= names or {"Mara", "Tobin"} <= names


def test_batch_resume_skips_done_and_retries_failed(reference, stories, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(reference[0], out)
    before = _row_sets(out)
    summary = run_batch([stories], out, options=OPTIONS, workers=0, resume=True)
    assert (summary.done, summary.skipped, summary.failed) == (0, 6, 1)  # the broken file is retried
    assert _row_sets(out) == before
    new = tmp_path / "more"
    write_stories(new, 5)  # story0-3 are the same bytes as before: only story4 is new
    summary = run_batch([stories, new], out, options=OPTIONS, workers=0, resume=True)
    assert (summary.done, summary.skipped, summary.duplicates) == (1, 6, 4)


def test_batch_two_local_processes_and_a_dask_cluster_give_the_same_tables(reference, stories, tmp_path):
    ref_out, _ = reference
    out = tmp_path / "local"
    summary = run_batch([stories], out, options=OPTIONS, workers=2, flush_works=2)
    assert summary.engine == "local processes (2)"
    assert _row_sets(out) == _row_sets(ref_out)

    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        out2 = tmp_path / "dask"
        summary = run_batch([stories], out2, options=OPTIONS, client=client)
    assert summary.engine == "dask" and (summary.done, summary.failed) == (6, 1)
    assert _row_sets(out2) == _row_sets(ref_out)


def test_batch_time_limit_kills_the_worker_and_the_batch_goes_on(tmp_path, analyzer):
    folder = tmp_path / "in"
    write_stories(folder, 1)
    big = EXAMPLE.read_text(encoding="utf-8")
    (folder / "long.txt").write_text("\n\n".join([big] * 6), encoding="utf-8")  # ~20k words: many seconds
    items, _ = expand_inputs([folder])
    # the hard limit: the worker process is killed and replaced (the cooperative deadline left far away)
    results = list(run_local(items, OPTIONS, workers=1, time_limit=3.0))
    by_name = {Path(r.item.path).name: r for r in results}
    assert by_name["story0.txt"].ok
    late = by_name["long.txt"]
    assert (late.ok, late.stage, late.reason) == (False, "time-limit", "exceeded the time limit of 3 s")
    # through run_batch the analysis also stops itself at the limit (E117), on any engine
    summary = run_batch([folder], tmp_path / "out", options=OPTIONS, workers=0, time_limit=2.0)
    assert (summary.done, summary.failed) == (1, 1)
    (err,) = summary.errors
    assert err["path"].endswith("long.txt") and err["stage"] == "time-limit" and "[E117]" in err["reason"]


def _start_cli(inputs: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "ficlens", "batch", str(inputs), "--out", str(out), "--workers", "1",
         "--flush-every", "1", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _wait_for_commits(out: Path, n: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if len(read_commits(out)[1]) >= n:
            return
        if proc.poll() is not None:
            pytest.fail(f"batch ended early: {proc.stderr.read().decode() if proc.stderr else ''}")
        time.sleep(0.05)
    pytest.fail("no commit within 180 s")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_batch_killed_then_resumed_has_exactly_one_row_set_per_work(tmp_path, analyzer, sig):
    folder = tmp_path / "in"
    write_stories(folder, 8)
    out = tmp_path / "out"
    proc = _start_cli(folder, out)
    _wait_for_commits(out, 2, proc)
    proc.send_signal(sig)
    rc = proc.wait(60)
    assert rc == (-signal.SIGKILL if sig == signal.SIGKILL else 130)
    done_before = read_commits(out)[1]
    assert len(done_before) >= 2
    # every committed part is a whole, readable Parquet file
    for t in TABLES:
        for f in (out / t).glob("part-*.parquet"):
            if f.stem in read_commits(out)[0]:
                ds.dataset(f, format="parquet").to_table()
    summary = run_batch([folder], out, options=OPTIONS, workers=0, resume=True)
    ids = {i.work_id for i in expand_inputs([folder])[0]}
    assert summary.skipped == len(done_before) and summary.done == 8 - len(done_before)
    _check_one_row_set_per_work(out, ids)
    assert not list(out.rglob(".*.tmp"))


def test_batch_cli_exit_codes_and_refusals(tmp_path, analyzer):
    folder = tmp_path / "in"
    write_stories(folder, 1)
    runner = CliRunner()
    res = runner.invoke(cli, ["batch", str(folder), "--out", str(tmp_path / "out"), "--workers", "0"])
    assert res.exit_code == 0, res.output
    assert "1 done, 0 skipped (already done), 0 failed" in res.output
    res = runner.invoke(cli, ["batch", str(folder), "--out", str(tmp_path / "out"), "--workers", "0"])
    assert res.exit_code == 1 and "[E303]" in res.output
    (folder / "bad.epub").write_bytes(b"not a zip")
    res = runner.invoke(cli, ["batch", str(folder), "--out", str(tmp_path / "out"), "--workers", "0", "--resume"])
    assert res.exit_code == 1 and "1 skipped" in res.output and "bad.epub" in res.output
    res = runner.invoke(cli, ["batch", str(tmp_path / "none*.txt"), "--out", str(tmp_path / "o2")])
    assert res.exit_code == 1 and "[E300]" in res.output


def _doc_queries() -> dict[str, str]:
    doc = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r"```sql\n-- query: ([\w-]+)\n(.*?)```", doc, re.S)}


def test_batch_documented_research_questions_answer_on_a_small_batch(reference):
    out, _ = reference
    queries = _doc_queries()
    assert sorted(queries) == ["dialogue-by-pov-gender", "pairings-per-fandom", "scenes-per-work"]
    con = duckdb_tables(out)
    by_gender = con.sql(queries["dialogue-by-pov-gender"]).fetchall()
    assert sum(r[1] for r in by_gender) == con.sql("select count(*) from scenes").fetchall()[0][0] >= 10
    # the same share computed independently, from the quotes table and the scene spans
    scenes = _table(out, "scenes").to_pylist()
    quotes = _table(out, "quotes").to_pylist()
    for gender, _n, share in by_gender:
        mine = [s for s in scenes if (s["pov_gender"] or "no pov") == gender]
        quoted = sum(q["end"] - q["start"] for q in quotes for s in mine
                     if q["work_id"] == s["work_id"] and q["scene"] == s["scene"])
        assert share == round(quoted / sum(s["end"] - s["start"] for s in mine), 3)
    assert max(r[2] for r in by_gender) > 0.05
    pairings = con.sql(queries["pairings-per-fandom"]).fetchall()
    n_rel = con.sql("select count(distinct work_id) from tags where field = 'relationship'").fetchall()[0][0]
    assert n_rel >= 2
    salt = [r for r in pairings if r[0] == "Saltmarsh Chronicles (TV)"]
    # the two tagged files share their given pairings; their suggestions are not counted
    assert [(r[1], r[2], r[3]) for r in salt] == [("Mara Quill & Auntie Wren", "platonic", 2),
                                                  ("Mara Quill/Tobias Fenn", "romantic", 2)]
    lengths = con.sql(queries["scenes-per-work"]).fetchall()
    assert [r[:2] for r in lengths] == [("under 1k", 6)]
    assert story("A", "B").count("***") == 1  # each story has one break: two scenes


def test_batch_a_failing_stage_is_recorded_with_its_name_and_the_batch_goes_on(tmp_path, analyzer, monkeypatch):
    from ficlens.corpus import worker
    from ficlens.pipeline import Stage

    opts = Options(user_kb=False, batch_size=77)  # options of its own: an Analyzer of its own
    a = worker.analyzer_for(opts)

    def boom(doc, kb):  # type: ignore[no-untyped-def]
        if "Mara" in doc.work.text:
            raise ValueError("no such thing")

    monkeypatch.setattr(a, "stages", (*a.stages[:2], Stage("boom", boom, (), ()), *a.stages[2:]))
    write_stories(tmp_path / "in", 2)
    summary = run_batch([tmp_path / "in"], tmp_path / "out", options=opts, workers=0, time_limit=None)
    assert (summary.done, summary.failed) == (1, 1)
    (err,) = summary.errors
    assert err["stage"] == "analyse:boom" and "no such thing" in err["reason"] and err["path"].endswith("story0.txt")


def test_batch_a_work_result_carries_the_cpu_seconds_spent_on_it(stories):
    from ficlens.corpus.worker import analyse_item

    items = {Path(i.path).name: i for i in expand_inputs([stories])[0]}
    done = analyse_item(items["story0.txt"], OPTIONS)
    assert done.ok and done.words > 50 and done.cpu_seconds > 0
    broken = analyse_item(items["broken.txt"], OPTIONS)
    assert not broken.ok and broken.cpu_seconds == 0.0  # only analysed works count (bench/batch.py)
