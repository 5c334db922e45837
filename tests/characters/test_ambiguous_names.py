"""A first name two characters share ("John" for John Beaver and the boy John Andrew) goes to the one in reach,
else the one the story names by its own names nearby, else the one named most often."""

from __future__ import annotations

from ficlens.characters.grouping import _Cluster
from ficlens.characters.pronouns import _Salience
from ficlens.characters.resolve import _ambiguous_host


def _clusters(*sizes: int) -> list[_Cluster]:
    out = []
    for n in sizes:
        c = _Cluster(keys=["x"])
        c.mentions = [object()] * n  # type: ignore[list-item]
        out.append(c)
    return out


def test_the_one_named_nearby_beats_the_one_named_more_often() -> None:
    clusters = _clusters(800, 100)  # 0: the frequent namesake, 1: the boy
    named = {0: [10, 20, 600, 650], 1: [300, 380]}
    assert _ambiguous_host([0, 1], 390, _Salience(), named, clusters) == 1
    assert _ambiguous_host([0, 1], 640, _Salience(), named, clusters) == 0
    # both named nearby: the one named more often and closer there
    named[1] = [630]
    named[0] = [600, 610, 620, 660]
    assert _ambiguous_host([0, 1], 640, _Salience(), named, clusters) == 0


def test_salience_in_reach_comes_first_and_no_evidence_falls_back_to_frequency() -> None:
    clusters = _clusters(800, 100)
    named = {0: [395], 1: [100]}
    sal = _Salience()
    sal.add(1, 100.0, 399)  # the boy was just named (a pronoun or a name in the sentence before)
    assert _ambiguous_host([0, 1], 400, sal, named, clusters) == 1
    # nobody named within reach of the window: the one named most often overall
    assert _ambiguous_host([0, 1], 5000, _Salience(), named, clusters) == 0


def test_only_a_shared_first_name_looks_for_nearby_names() -> None:
    from ficlens.characters.resolve import _first_name_of

    beaver, boy, papa = _Cluster(keys=["john beaver"]), _Cluster(keys=["john andrew"]), _Cluster(keys=["papa poirot"])
    hercule = _Cluster(keys=["hercule poirot"])
    assert _first_name_of("john", [0, 1], [beaver, boy])
    # a surname ("Poirot"): its bearer is called by it alone, so his other names are rare; no nearby reading
    assert not _first_name_of("poirot", [0, 1], [hercule, papa])
    clusters = _clusters(800, 5)
    named = {0: [10], 1: [395, 398]}
    assert _ambiguous_host([0, 1], 400, _Salience(), named, clusters, first_name=False) == 0
    assert _ambiguous_host([0, 1], 400, _Salience(), named, clusters, first_name=True) == 1
