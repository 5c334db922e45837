"""Our own fan-fiction-style passages: cast with canonical names, no junk, POV and fandoms (floors pinned)."""

from __future__ import annotations

import pytest

from ficlens.eval import baseline, get
from ficlens.eval.cast import default_root, load


def test_cast_gold_covers_the_brief() -> None:
    gold = load(default_root())
    assert len(gold) >= 20
    texts = {p.stem: p.read_text(encoding="utf-8") for p, _ in gold}
    assert sum(1 for _, g in gold if g.get("narrator")) >= 3  # first-person narrators named by the others
    assert len({tuple(g["fandoms"]) for _, g in gold}) >= 8  # several fandoms (and original work)
    assert any(g.get("referenced") for _, g in gold)
    assert any(g.get("crossover") for _, g in gold) and any(g.get("crossover") is False for _, g in gold)
    assert any("*" in t for t in texts.values())  # italics
    assert any(len(t.split()) > 250 for t in texts.values())
    junk = [j for _, g in gold for j in g.get("junk", [])]
    for kind in ("Accio", "Behind Harry", "H-Harry", "Ugh", "Healer Granger", "Weasleys", "the narrator"):
        assert kind in junk, kind


@pytest.mark.integration
def test_eval_cast_stays_above_its_floors() -> None:
    result = get("cast")(None, None)
    floors = baseline()["cast"]
    for key, floor in floors.items():
        assert result.metrics[key] >= floor, (key, result.notes)
