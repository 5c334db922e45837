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


def test_map_characters_names_outvote_misresolved_pronouns() -> None:
    gold = [
        GoldMention(0, 10, "PARSON", "PER", "NOM", "The parson"),
        GoldMention(20, 22, "JACK", "PER", "PRON", "he"),
        GoldMention(30, 32, "JACK", "PER", "PRON", "he"),
        GoldMention(40, 43, "JACK", "PER", "PRON", "him"),
    ]
    pred = [(0, 10, "c1", "description"), (20, 22, "c1", "pronoun"), (30, 32, "c1", "pronoun"),
            (40, 43, "c1", "pronoun"), (20, 22, "c2", "pronoun")]
    assert map_characters(pred, gold)["c1"] == "PARSON"
    assert map_characters(pred, gold, all_votes=True)["c1"] == "JACK"
    assert map_characters(pred, gold)["c2"] == "JACK"  # pronouns stand in when nothing else lines up


def _layout(sentences: list[str]) -> list[str]:
    from ficlens.eval.litbank_data import _detokenise

    text, _ = _detokenise([s.split(" ") for s in sentences])
    return text.split("\n\n")


def test_layout_quote_after_quote_starts_a_turn_narration_stays() -> None:
    paras = _layout([
        "“ Hello . ”",
        "He turned away .",
        "“ Who are you ? ”",
        "“ Nobody , ” said Tom .",
        "“ We should go . ”",
        "Anna nodded .",
        "She stood up .",
        "“ Now ? ”",
    ])
    assert paras == [
        "“Hello.” He turned away.",
        "“Who are you?”",
        "“Nobody,” said Tom. “We should go.” Anna nodded. She stood up.",
        "“Now?”",
    ]


def test_layout_quotes_side_by_side_are_two_turns() -> None:
    assert _layout(["“ Well -- ” “ No ! ” she said ."]) == ["“Well --”", "“No!” she said."]


def test_appositive_name_maps_to_its_hosts_chain() -> None:
    from ficlens.eval.litbank_quotes import appositive_hosts

    text = "my old friend, Ned Vale, came in. He sat."
    gold = [
        GoldMention(0, 13, "NED", "PER", "NOM", "my old friend"),
        GoldMention(15, 23, "T9", "PER", "PROP", "Ned Vale"),
        GoldMention(34, 36, "NED", "PER", "PRON", "He"),
    ]
    pred = [(15, 23, "c1", "name"), (34, 36, "c1", "pronoun")]
    assert map_characters(pred, gold)["c1"] == "T9"  # the raw chains: a right character maps nowhere useful
    assert map_characters(pred, appositive_hosts(text, gold))["c1"] == "NED"


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("Tom, Dick came.", ("PROP", "PROP")),  # a list of names
        ("a cook, a maid came.", ("NOM", "NOM")),  # a list of descriptions
    ],
)
def test_appositive_hosts_leaves_lists_alone(text: str, kinds: tuple[str, str]) -> None:
    from ficlens.eval.litbank_quotes import appositive_hosts

    cut = text.index(",")
    second = text.index(" came")
    gold = [
        GoldMention(0, cut, "A", "PER", kinds[0], text[:cut]),
        GoldMention(cut + 2, second, "B", "PER", kinds[1], text[cut + 2:second]),
    ]
    assert [m.entity for m in appositive_hosts(text, gold)] == ["A", "B"]


def test_appositive_hosts_keeps_a_chained_mention_and_a_possessor() -> None:
    from ficlens.eval.litbank_quotes import appositive_hosts

    text = "Ned Vale, the Grays' cook, and the cook again"
    gold = [
        GoldMention(0, 8, "NED", "PER", "PROP", "Ned Vale"),
        GoldMention(10, 19, "GRAYS", "PER", "NOM", "the Grays"),  # opens a longer mention: a possessor
        GoldMention(10, 25, "COOK", "PER", "NOM", "the Grays' cook"),
        GoldMention(31, 39, "COOK", "PER", "NOM", "the cook"),  # COOK has two mentions: a chain, kept
    ]
    assert [m.entity for m in appositive_hosts(text, gold)] == ["NED", "GRAYS", "COOK", "COOK"]
