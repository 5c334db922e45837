"""Action beats as evidence for the hand-weighted decoder: a beat before any quote of its paragraph (between two
quotes too) speaks for the paragraph's speaker."""

from __future__ import annotations

import pytest

from ficlens_testutil import speakers

pytestmark = pytest.mark.integration


def test_a_beat_between_two_quotes_names_their_speaker(analyzer):  # type: ignore[no-untyped-def]
    text = (
        "Ash, Ben and Lin bent over the map on the kitchen table.\n\n"
        '"Okay," Ash said. "We go in at nine."\n\n'
        '"Why nine?" Ben asked.\n\n'
        '"Because the guards change then," said Lin.\n\n'
        '"Can we focus?" Ash tapped the map. "We have twenty minutes."\n'
    )
    keep = analyzer.speaker_model
    analyzer.speaker_model = None  # the hand-weighted decoder
    try:
        analysis = analyzer.analyze_text(text)
    finally:
        analyzer.speaker_model = keep
    assert speakers(analysis)[-2:] == ["Ash", "Ash"]
