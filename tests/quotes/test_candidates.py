"""Who stands among a conversation's candidate speakers (quotes/candidates.py): a conversation that opens its
scene before anyone is named reaches back to the scene before (integration: the real spaCy model)."""

from __future__ import annotations

import pytest

SCENE_BEFORE = (
    "Tony and Brenda sat late in the library at Hetton. Tony read the paper while Brenda wrote her letters.\n\n"
    "The fire burned low. Rain ran down the long windows and the clock in the hall struck eleven.\n\n"
    "The papers lay unread on the table, and the dogs slept by the hearth.\n\n"
    "Outside, the wind moved in the elms of the park.\n\n"
    "* * *\n\n"
)


def _candidates(analyzer, text: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    from ficlens.quotes.train import collect

    col = collect(analyzer, text, "scene")
    return [[" ".join(sorted(col.names[c])) for c in rec.features.candidates] for rec in col.records]


@pytest.mark.integration
def test_a_conversation_opening_its_scene_has_the_people_of_the_scene_before(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = SCENE_BEFORE + '"Tired?"\n\n"Mmm. Little bit."\n\n"Was it awful?"\n\n"Not really. Good night."\n'
    (cands,) = _candidates(analyzer, text)
    assert any("tony" in c for c in cands) and any("brenda" in c for c in cands)
    a = analyzer.analyze_text(text)
    names = {c.id: c.name for c in a.characters}
    spoken = [names.get(q.speaker or "") for q in a.quotes]
    # both of them talk: the lines alternate between the two people of the scene before
    assert set(spoken) == {"Tony", "Brenda"}
    assert all(spoken[k] != spoken[k + 1] for k in range(len(spoken) - 1))


@pytest.mark.integration
def test_a_lone_quotation_opening_its_scene_stays_unattributed(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = SCENE_BEFORE + '"Hello?"\n\nThe house was dark and the wind had risen over the park in the night.\n'
    a = analyzer.analyze_text(text)
    (q,) = [q for q in a.quotes if "Hello" in q.text]
    assert q.speaker is None
