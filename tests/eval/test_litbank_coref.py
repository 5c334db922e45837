"""The LitBank coreference evaluation: B-cubed and character recall on made-up spans, its floor on a subset."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.eval import baseline
from ficlens.eval.litbank_coref import Span, align, score_document

LITBANK = Path(__file__).resolve().parents[3] / "shared" / "data" / "litbank"


def _gold() -> list[Span]:
    return [
        Span(0, 4, "name", "ANNA"), Span(10, 13, "pronoun", "ANNA"), Span(20, 23, "name", "BOB"),
        Span(30, 32, "pronoun", "BOB"), Span(40, 44, "name", "ANNA"), Span(50, 53, "pronoun", "ANNA"),
        Span(60, 64, "name", "ANNA"),
    ]


def test_perfect_prediction_scores_one() -> None:
    pred = [Span(g.start, g.end, g.kind, "c" + g.cluster) for g in _gold()]
    sc = score_document(_gold(), pred)
    assert sc.prf("all") == (1.0, 1.0, 1.0)
    assert (sc.chars_found, sc.chars_total) == (1, 1)  # ANNA has 5 mentions, BOB 2


def test_merging_everything_costs_precision_not_recall() -> None:
    pred = [Span(g.start, g.end, g.kind, "c1") for g in _gold()]
    p, r, _ = score_document(_gold(), pred).prf("all")
    assert r == 1.0
    assert p < 0.7


def test_missed_mentions_cost_recall() -> None:
    pred = [Span(g.start, g.end, g.kind, "c" + g.cluster) for g in _gold() if g.kind == "name"]
    sc = score_document(_gold(), pred)
    assert sc.prf("name")[0] == 1.0
    assert sc.prf("pronoun")[1] < 0.6


def test_alignment_needs_overlap_and_same_kind() -> None:
    gold = [Span(0, 10, "name", "A"), Span(12, 14, "pronoun", "A")]
    pred = [Span(4, 10, "name", "x"), Span(12, 14, "name", "x"), Span(20, 24, "name", "y")]
    assert align(gold, pred) == {0: 0}


def test_character_recall_counts_characters_with_five_mentions() -> None:
    gold = [Span(i * 10, i * 10 + 4, "name" if i % 2 else "pronoun", "ANNA") for i in range(6)]
    found = score_document(gold, [Span(10, 14, "name", "c1"), Span(30, 34, "name", "c1")])
    assert (found.chars_found, found.chars_total) == (1, 1)
    missed = score_document(gold, [Span(0, 4, "pronoun", "c1")])
    assert (missed.chars_found, missed.chars_total) == (0, 1)


@pytest.mark.integration
@pytest.mark.skipif(not (LITBANK / "coref" / "tsv").is_dir(), reason="LitBank data not present")
def test_litbank_coref_subset_floor() -> None:
    from ficlens.eval.litbank_coref import evaluate

    result = evaluate(LITBANK, 10)
    floor = baseline()["litbank"]
    for key in ("b3_all_f1", "b3_name_f1", "b3_pronoun_f1"):
        assert result.metrics[key] >= floor["subset10_" + key], key
