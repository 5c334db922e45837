"""The POV evaluation runs on the annotated passages and stays above the pinned floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.eval import baseline, get
from ficlens.eval.pov import default_root, load_gold, load_gold_files, pov_matches

METRICS = ("pov", "person", "tense", "shift", "segmentation", "presence", "kind")


def test_eval_pov_gold_covers_the_brief() -> None:
    gold = load_gold(default_root())
    scenes = [g for _, gs in gold for g in gs]
    assert len(scenes) >= 20
    assert {g["person"] for g in scenes} >= {"first", "second", "third"}
    assert {g["tense"] for g in scenes} >= {"past", "present"}
    assert any(g.get("shift") for g in scenes)
    assert any(len({g["pov"] for g in gs}) > 1 for _, gs in gold)  # alternating POV
    assert len(gold) >= 24
    assert sum(len(g.get("present", [])) + len(g.get("absent", [])) for g in scenes) >= 30  # presence
    kinds = {i["kind"] for _, f in load_gold_files(default_root()) for i in f.get("interactions", [])}
    assert kinds >= {"romantic", "family", "hostile", "friendship"}


def test_eval_pov_baseline_pinned() -> None:
    floors = baseline()["pov"]
    assert set(METRICS) <= set(floors)
    assert all(0 < floors[m] <= 1 for m in METRICS)


def test_eval_pov_missing_data_raises(tmp_path: Path) -> None:
    from ficlens.errors import DataError

    with pytest.raises(DataError):
        get("pov")(tmp_path, None)


@pytest.mark.integration
def test_eval_pov_meets_floors() -> None:
    result = get("pov")(None, None)
    floors = baseline()["pov"]
    for m in METRICS:
        assert result.metrics[m] >= floors[m], (m, result.metrics[m], floors[m], result.notes)


def test_eval_pov_matches_by_name_or_alias() -> None:
    from ficlens.model import Analysis, Character, WorkInfo

    a = Analysis(work=WorkInfo(None, [], "", "txt", "en", 0), characters=[Character("c1", "Lady Corvina Vale")])
    assert pov_matches(a, "c1", "Corvina")
    assert not pov_matches(a, "c1", "Rowan")
    assert pov_matches(a, None, "")
    assert not pov_matches(a, "c1", "")
