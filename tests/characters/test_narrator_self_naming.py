"""The names a first-person narrator gives themself (no model): a title is no name."""

from __future__ import annotations

import pytest

from ficlens.characters.narrator import _self_named
from ficlens_testutil import tagged_parse


@pytest.mark.parametrize(
    ("words", "want"),
    [
        (["Call", "me", "Ann", "."], {"Ann": 1}),
        (["Call", "me", "Mrs.", "Cole", "."], {}),  # "Mrs" before its period: a title, not a name
    ],
)
def test_narrator_self_naming_skips_a_title(words: list[str], want: dict[str, int]) -> None:
    n = len(words)
    doc, _d = tagged_parse(words, [0] * n, ["ROOT"] + ["dep"] * (n - 1), ["VERB"] + ["X"] * (n - 1))
    named, _where = _self_named(doc, "c1")
    assert dict(named) == want
