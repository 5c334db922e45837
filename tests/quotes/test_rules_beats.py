"""The hand-weighted decoder on hand-built turns (no model): an action beat between two quotes of a paragraph."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ficlens.model import Quote
from ficlens.quotes.common import _Evidence
from ficlens.quotes.conversation import _Turn
from ficlens.quotes.rules import _decode_conversation


@pytest.mark.parametrize(("between", "want"), [(True, "c"), (False, "a")])
def test_rules_a_beat_between_two_quotes_leads_the_second(between: bool, want: str) -> None:
    # A and B speak by their tags; the third paragraph's two untagged quotes have C's beat between them
    # ("“Can we focus?” Cal tapped the map. “We have twenty minutes.”"): it counts as a beat before a quote,
    # stronger than A answering in turn; without it turn-taking gives the paragraph back to A
    quotes = [Quote(str(k), 10 * k, 10 * k + 5, "x") for k in range(4)]
    quotes[0].speaker, quotes[0].method = "a", "explicit"
    quotes[1].speaker, quotes[1].method = "b", "explicit"
    conv = [_Turn(0, [0], None, False, None), _Turn(1, [1], None, False, None), _Turn(2, [2, 3], None, False, None)]
    ev = _Evidence()
    ev.beats[2] = [("c", 0.6 * 0.5)]  # as the sieve leaves it: after the paragraph's first quote
    if between:  # the sieve saw the beat between the two quotes
        ev.between[2] = [("c", 0.6)]
    speakers = SimpleNamespace(gender={}, narrator=None)
    _decode_conversation(quotes, conv, speakers, {"a", "b", "c"}, ev)  # type: ignore[arg-type]
    assert [q.speaker for q in quotes] == ["a", "b", want, want]
