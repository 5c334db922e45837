"""The LitBank quotation evaluation: its matching and mapping on made-up data, and its floor on a subset."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.eval import baseline
from ficlens.eval.litbank_data import GoldMention
from ficlens.eval.litbank_quotes import map_characters, match_quotes

LITBANK = Path(__file__).resolve().parents[3] / "shared" / "data" / "litbank"


def test_match_quotes_one_to_one_by_overlap() -> None:
    gold = [(0, 10), (20, 30), (40, 50)]
    pred = [(21, 30), (0, 4), (0, 10), (60, 70)]
    assert match_quotes(gold, pred) == {0: 2, 1: 0}


def test_map_characters_by_mention_votes() -> None:
    gold = [
        GoldMention(0, 4, "ANNA", "PER", "PROP", "Anna"),
        GoldMention(10, 13, "ANNA", "PER", "PRON", "her"),
        GoldMention(20, 32, "BOB", "PER", "NOM", "the old man"),
        GoldMention(40, 45, "TOWN", "GPE", "PROP", "Paris"),
    ]
    pred = [(0, 4, "c1"), (10, 13, "c1"), (24, 32, "c2"), (40, 45, "c3"), (0, 4, "c2")]
    m = map_characters(pred, gold)
    assert m["c1"] == "ANNA"
    assert m.get("c3") is None  # not a person
    assert m["c2"] in ("ANNA", "BOB")


@pytest.mark.integration
@pytest.mark.skipif(not (LITBANK / "quotations" / "tsv").is_dir(), reason="LitBank data not present")
def test_litbank_quotes_subset_floor() -> None:
    from ficlens.eval.litbank_quotes import evaluate

    result = evaluate(LITBANK, 10)
    floor = baseline()["litbank-quotes"]
    for key in ("detection_precision", "detection_recall", "speaker_accuracy"):
        assert result.metrics[key] >= floor[f"subset10_{key}"], (key, result.metrics[key])
    assert result.metrics["documents"] == 10
