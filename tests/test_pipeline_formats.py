"""Every supported format goes through the whole pipeline to a valid analysis; every bad input fails cleanly."""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner

from ficlens import ingest
from ficlens.cli import cli
from ficlens_testutil import FIXTURES, check_analysis

pytestmark = pytest.mark.integration

FORMATS = FIXTURES / "formats"
GOOD = [
    ("story_utf8.txt", "txt"),
    ("story_bom.txt", "txt"),
    ("story_utf16.txt", "txt"),
    ("story_cp1252.txt", "txt"),
    ("story.md", "md"),
    ("ao3_download.html", "html"),
    ("ao3_download.epub", "epub"),
    ("fanficfare.epub", "epub"),
    ("draft.docx", "docx"),
]
BAD = [
    ("empty.txt", "E003"),
    ("binary.txt", "E004"),
    ("binary.bin", None),
    ("invalid_utf8.txt", "E006"),
    ("truncated.epub", "E007"),
    ("not_a_zip.epub", "E007"),
    ("not_ao3.html", "E009"),
    ("bad.docx", "E010"),
]


@pytest.mark.parametrize("name,fmt", GOOD)
def test_pipeline_formats_analyse_and_validate(analyzer, name, fmt):
    path = FORMATS / name
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    analysis = analyzer.analyze_path(path)
    text = ingest.read(path).text
    data = json.loads(analysis.to_json())
    check_analysis(data, text)
    assert data["work"]["format"] == fmt
    assert data["work"]["words"] > 50
    assert data["scenes"] and data["characters"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_pipeline_formats_given_tags_reach_the_analysis(analyzer):
    data = analyzer.analyze_path(FORMATS / "ao3_download.html").to_dict()
    given = data["work"]["given_tags"]
    assert given is not None and given["rating"]["value"]
    assert given["fandoms"] and all(f["confidence"] == 1.0 for f in given["fandoms"])
    assert data["chapters"][0]["title"]


@pytest.mark.parametrize("name,code", BAD)
def test_pipeline_formats_bad_inputs_fail_in_one_line(name, code):
    result = CliRunner().invoke(cli, ["analyze", str(FORMATS / name)], catch_exceptions=False)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ficlens: error: [E")
    if code:
        assert code in lines[0]
    assert "Traceback" not in result.output
