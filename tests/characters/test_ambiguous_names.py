"""A first name two characters share ("John" for John Beaver and the boy John Andrew) goes to the one in reach,
else the one the story names by its own names nearby, else the one named most often; in the narration, the one
it calls by the surname alone ("Beaver") seldom has it."""

from __future__ import annotations

from ficlens.characters.grouping import _Cluster
from ficlens.characters.pronouns import _Salience
from ficlens.characters.resolve import _ambiguous_host, _first_name_habit
from ficlens.document import Mention


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


def _name(text: str, in_quote: bool = False) -> Mention:
    return Mention(start=0, end=len(text), para=0, tok=0, tok_end=1, kind="name", text=text, in_quote=in_quote)


def test_the_habit_is_the_share_of_narration_names_holding_the_first_name() -> None:
    beaver, boy, reggie = _Cluster(keys=["john beaver"]), _Cluster(keys=["john andrew"]), _Cluster(keys=["reggie"])
    clusters = [beaver, boy, reggie]
    his = [_name("Beaver") for _ in range(8)] + [_name("Mr Beaver"), _name("John Beaver")]
    his += [_name("John Beaver", in_quote=True) for _ in range(5)]  # what the others call him: no narration habit
    boys = [_name("John Andrew") for _ in range(4)]
    reggies = [_name("Reggie") for _ in range(9)]
    john = _name("John")  # the ambiguous one: no owner yet
    owner = {id(m): ci for ci, ms in enumerate((his, boys, reggies)) for m in ms}
    habit = _first_name_habit([*his, *boys, *reggies, john], owner, clusters)
    assert habit[0] == (1 + 1) / (10 + 2)  # one "John Beaver" of ten narration names, smoothed
    assert habit[1] == (4 + 1) / (4 + 2)
    assert 2 not in habit  # a one-word name says nothing of a habit
    few = _first_name_habit(his[:2] + boys, owner, clusters)
    assert 0 not in few and 1 in few  # two narration names are too few to read a habit from


def test_in_the_narration_the_habit_outweighs_the_surnames_nearby() -> None:
    clusters = _clusters(160, 40)  # 0: Beaver, named everywhere; 1: the boy
    named = {0: [395, 398, 402], 1: [100]}
    habit = {0: 0.1, 1: 0.9}
    # without the habit the namesake named nearby wins; with it, the boy the narration calls "John"
    assert _ambiguous_host([0, 1], 400, _Salience(), named, clusters) == 0
    assert _ambiguous_host([0, 1], 400, _Salience(), named, clusters, habit=habit) == 1
    # nobody nearby: the habit alone, not the count of names
    assert _ambiguous_host([0, 1], 5000, _Salience(), named, clusters, habit=habit) == 1
    # a character without a habit counts as even (0.5): the one with the strong habit still wins
    assert _ambiguous_host([0, 1], 5000, _Salience(), named, clusters, habit={1: 0.9}) == 1
    assert _ambiguous_host([0, 1], 5000, _Salience(), named, clusters, habit={1: 0.2}) == 0
    # salience in reach still comes first
    sal = _Salience()
    sal.add(0, 100.0, 399)
    assert _ambiguous_host([0, 1], 400, sal, named, clusters, habit=habit) == 0
