"""The first-person narrator of a scene whose POV the POV stage names is that character (characters.narrator_pov)."""

from __future__ import annotations

import pytest

from ficlens_testutil import FIXTURES

pytestmark = pytest.mark.integration

STORY = (FIXTURES / "characters" / "first_person_map.txt").read_text(encoding="utf-8")


def test_narrator_named_by_the_pov_stage_is_merged(analyzer):
    a = analyzer.analyze_text(STORY)
    doc = analyzer.last_document
    names = {c.id: c.name for c in a.characters}
    assert not any(c.name.lower() in ("narrator", "the narrator") for c in a.characters)
    assert [names.get(s.pov or "") for s in a.scenes] == ["Hermione Granger", "Harry Potter"]
    first_scene = a.scenes[0]
    i_mentions = [m for m in doc.mentions if m.text == "I" and not m.in_quote and m.start < first_scene.end]
    assert i_mentions and all(names.get(m.character or "") == "Hermione Granger" for m in i_mentions)
    told = next(q for q in a.quotes if q.text.startswith("It's blank"))
    assert names.get(told.speaker or "") == "Hermione Granger"
    assert told.speaker not in told.addressees
