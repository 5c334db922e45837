"""``ficlens batch`` on research corpora: an AO3Scraper CSV and a JSON Lines file give one row per record,
with the records' own tags as given tags."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from ficlens.config import Options
from ficlens.corpus import expand_inputs, run_batch

pytestmark = pytest.mark.integration

RECORDS = Path(__file__).resolve().parent.parent / "fixtures" / "records"


def test_batch_records_one_row_per_record(tmp_path: Path):
    src = tmp_path / "corpus"
    src.mkdir()
    shutil.copy(RECORDS / "ao3scraper_works.csv", src)
    shutil.copy(RECORDS / "ao3api_works.jsonl", src)
    items, _ = expand_inputs([src])
    assert [(Path(i.path).name, i.record) for i in items] == [
        ("ao3api_works.jsonl", 0), ("ao3api_works.jsonl", 1), ("ao3scraper_works.csv", 0),
        ("ao3scraper_works.csv", 1)]
    out = tmp_path / "tables"
    run_batch([src], out, options=Options(user_kb=False), workers=0)
    works = ds.dataset(out / "works", format="parquet").to_table().to_pylist()
    by_title = {w["title"]: w for w in works}
    assert set(by_title) == {"Tea at the Lighthouse", "The Long Walk Home", "Orchard Weather", "Two Letters"}
    assert by_title["Two Letters"]["format"] == "jsonl" and by_title["Two Letters"]["record"] == 1
    assert by_title["The Long Walk Home"]["authors"] == ["pebblewright", "co_author"]
    tags = ds.dataset(out / "tags", format="parquet").to_table().to_pylist()
    tea = by_title["Tea at the Lighthouse"]["work_id"]
    given = {(t["field"], t["value"]) for t in tags if t["work_id"] == tea and t["source"] == "given"}
    assert {("relationship", "Wren/Odile"), ("category", "F/F"), ("freeform", "Tea")} <= given
