"""The Python API: ficlens.analyze on a path or on text, options, and the JSON round trip."""

from __future__ import annotations

import pytest

import ficlens
from ficlens_testutil import EXAMPLE, check_analysis

pytestmark = pytest.mark.integration

TEXT = "“Run,” Dean says.\n\nSam runs. He does not look back.\n"


def test_api_analyze_path_and_pathlike_agree():
    a = ficlens.analyze(str(EXAMPLE), user_kb=False)
    b = ficlens.analyze(EXAMPLE, user_kb=False)
    assert a.work.source == str(EXAMPLE)
    assert [c.name for c in a.characters] == [c.name for c in b.characters]


def test_api_analyze_text_with_options():
    a = ficlens.analyze(TEXT, include_text=True, user_kb=False)
    assert a.text == TEXT
    assert a.work.format == "txt" and a.work.source == "<text>"
    data = a.to_dict(include_text=True)
    check_analysis(data, TEXT)
    assert data["quotes"][0]["text"] == "Run,"


def test_api_round_trip_of_a_real_analysis(example_analysis):
    again = ficlens.Analysis.from_json(example_analysis.to_json())
    assert again.to_json() == example_analysis.to_json()


def test_api_unknown_option_is_a_config_error():
    with pytest.raises(ficlens.ConfigError, match="E021"):
        ficlens.analyze(TEXT, colour="red")


def test_api_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(ficlens.InputError, match="E001"):
        ficlens.analyze(tmp_path / "nope.txt")
