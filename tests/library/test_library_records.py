"""The library on a folder holding research record files: one work per record, reused while the file is
unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ficlens.config import Options
from ficlens.library import build_library, find_sources

pytestmark = pytest.mark.integration

RECORDS = Path(__file__).resolve().parent.parent / "fixtures" / "records"


def test_library_reads_record_files_and_reuses_them(tmp_path: Path):
    src = tmp_path / "corpus"
    src.mkdir()
    shutil.copy(RECORDS / "ao3scraper_works.csv", src)
    shutil.copy(RECORDS / "ao3api_works.jsonl", src)
    assert [p.name for p in find_sources([src])] == ["ao3api_works.jsonl", "ao3scraper_works.csv"]
    out = tmp_path / "site"
    options = Options(user_kb=False)
    first = build_library([src], out, options)
    assert (first.works, first.analysed, first.failures) == (4, 4, [])
    assert sorted(p.name for p in (out / "works").glob("*.html")) == [
        "ao3api_works-91001.html", "ao3api_works-91002.html", "ao3scraper_works-90001.html",
        "ao3scraper_works-90002.html"]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Tea at the Lighthouse" in page and "Two Letters" in page
    again = build_library([src], out, options)
    assert (again.works, again.analysed, again.reused) == (4, 0, 4)
    # a changed file is analysed again, all its records
    rows = [json.loads(line) for line in (src / "ao3api_works.jsonl").read_text(encoding="utf-8").splitlines()]
    rows[0]["text"] += "\n\nPim dropped an apple on Hester's head."
    (src / "ao3api_works.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    third = build_library([src], out, options)
    assert (third.analysed, third.reused) == (2, 2)
