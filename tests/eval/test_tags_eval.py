"""The tag evaluation: gold passages cover the brief, scoring is right on hand-built analyses, floors hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.eval import baseline, get
from ficlens.eval.tags import NO_WARNING, TagScores, default_root, load_gold, names_match, split_relationship
from ficlens.model import Analysis, CharacterTag, RelationshipTag, Tags, TagValue, WorkInfo

METRICS = ("rating_exact", "warnings_f1", "clean_without_false_warning", "romantic_f1", "category_exact",
           "freeform_f1")


def test_eval_tags_gold_covers_the_brief() -> None:
    gold = [g for _, g in load_gold(default_root())]
    assert len(gold) >= 60
    assert len({g["fandom"] for g in gold}) >= 6
    warnings = [w for g in gold for w in g["warnings"]]
    for w in ("Graphic Depictions Of Violence", "Major Character Death", "Rape/Non-Con", "Underage Sex"):
        assert warnings.count(w) >= 3, w
    assert warnings.count(NO_WARNING) >= 30
    freeform = [t for g in gold for t in g["freeform"]]
    for tone in ("Angst", "Fluff", "Humor", "Hurt/Comfort", "Romance", "Smut", "Angst with a Happy Ending"):
        assert freeform.count(tone) >= 3, tone
    assert {g["rating"] for g in gold} == {"General Audiences", "Teen And Up Audiences", "Mature", "Explicit"}


def test_eval_tags_names_and_relationships() -> None:
    assert names_match("Castiel (Supernatural)", "Castiel")
    assert names_match("Dean", "Dean Winchester")
    assert not names_match("Sam Winchester", "Dean Winchester")
    assert split_relationship("Castiel/Dean Winchester") == ("romantic", ["Castiel", "Dean Winchester"])
    assert split_relationship("Sam Winchester & Dean Winchester")[0] == "platonic"


def _analysis(tags: Tags) -> Analysis:
    return Analysis(work=WorkInfo(None, [], "", "txt", "en", 100), tags=tags)


def test_eval_tags_scores_each_field() -> None:
    s = TagScores(vocabulary=frozenset({"Fluff", "Angst"}))
    gold = {
        "rating": "Mature", "warnings": ["Major Character Death"], "categories": ["M/M"],
        "relationships": ["Castiel/Dean Winchester"], "characters": ["Dean Winchester", "Castiel"],
        "freeform": ["Angst", "Grief"],
    }
    got = Tags(
        rating=TagValue("Teen And Up Audiences"),
        warnings=[TagValue("Major Character Death")],
        categories=[TagValue("M/M")],
        relationships=[RelationshipTag("Dean Winchester/Castiel (Supernatural)", "romantic")],
        characters=[CharacterTag("Dean Winchester", "c1"), CharacterTag("Sam Winchester", "c2")],
        freeform=[TagValue("Fluff"), TagValue("Angst")],
    )
    s.add("x", _analysis(got), gold)
    clean = {"rating": "General Audiences", "warnings": [NO_WARNING], "categories": ["Gen"], "freeform": []}
    s.add("y", _analysis(Tags(rating=TagValue("General Audiences"), warnings=[TagValue("Rape/Non-Con")],
                              categories=[TagValue("Gen")])), clean)
    m = s.metrics()
    assert m["rating_exact"] == 0.5 and m["rating_within_one"] == 1.0
    assert m["warnings_recall"] == 1.0 and m["warnings_precision"] == 0.5
    assert m["clean_without_false_warning"] == 0.0
    assert m["romantic_f1"] == 1.0
    assert m["category_exact"] == 1.0
    assert m["characters_precision"] == 0.5 and m["characters_recall"] == 0.5
    assert m["freeform_precision"] == 0.5 and m["freeform_recall"] == 1.0  # "Grief" is outside the vocabulary
    assert s.unscored["Grief"] == 1


def test_eval_tags_baseline_pinned() -> None:
    floors = baseline()["tags"]
    assert set(METRICS) <= set(floors)


def test_eval_tags_missing_data_raises(tmp_path: Path) -> None:
    from ficlens.errors import DataError

    with pytest.raises(DataError):
        get("tags")(tmp_path, None)


@pytest.mark.integration
def test_eval_tags_meets_floors() -> None:
    result = get("tags")(None, None)
    floors = baseline()["tags"]
    for m in METRICS:
        assert result.metrics[m] >= floors[m], (m, result.metrics[m], floors[m], result.notes)
