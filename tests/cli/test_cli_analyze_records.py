"""``ficlens analyze`` on files of many works (CSV / JSON Lines): one analysis per record, distinct names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ficlens.cli import cli

pytestmark = pytest.mark.integration

RECORDS = Path(__file__).resolve().parent.parent / "fixtures" / "records"


def test_cli_analyze_records_to_folder(tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": 7, "text": "Ana laughed."}) + "\n{broken\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["analyze", str(RECORDS / "ao3scraper_works.csv"),
                                      str(RECORDS / "ao3api_works.jsonl"), str(bad), "-o", str(out),
                                      "--no-summary"])
    assert result.exit_code == 1  # the broken record is reported; every other record is written
    assert "[E409]" in result.output and "1 of 6" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["ao3api_works-91001.json", "ao3api_works-91002.json",
                                                     "ao3scraper_works-90001.json", "ao3scraper_works-90002.json",
                                                     "bad-7.json"]
    a = json.loads((out / "ao3scraper_works-90001.json").read_text(encoding="utf-8"))
    assert a["work"]["format"] == "csv" and a["work"]["title"] == "Tea at the Lighthouse"
    assert a["work"]["given_tags"]["relationships"][0]["value"] == "Wren/Odile"
    assert {c["name"] for c in a["characters"]} >= {"Wren", "Odile"}


def test_cli_analyze_records_to_stdout_as_json_lines():
    result = CliRunner().invoke(cli, ["analyze", str(RECORDS / "ao3api_works.jsonl")])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [x["work"]["title"] for x in lines] == ["Orchard Weather", "Two Letters"]
