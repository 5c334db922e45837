"""Who stands among a conversation's candidate speakers (quotes/candidates.py): a lone quotation opening its
scene with no one in reach stays unattributed (integration: the real spaCy model)."""

from __future__ import annotations

import pytest

SCENE_BEFORE = (
    "Tony and Brenda sat late in the library at Hetton. Tony read the paper while Brenda wrote her letters.\n\n"
    "The fire burned low. Rain ran down the long windows and the clock in the hall struck eleven.\n\n"
    "The papers lay unread on the table, and the dogs slept by the hearth.\n\n"
    "Outside, the wind moved in the elms of the park.\n\n"
    "* * *\n\n"
)


@pytest.mark.integration
def test_a_lone_quotation_opening_its_scene_stays_unattributed(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = SCENE_BEFORE + '"Hello?"\n\nThe house was dark and the wind had risen over the park in the night.\n'
    a = analyzer.analyze_text(text)
    (q,) = [q for q in a.quotes if "Hello" in q.text]
    assert q.speaker is None
