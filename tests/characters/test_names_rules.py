"""Name-shape rules: stutters, nicknames."""

from __future__ import annotations

import pytest

from ficlens.characters.mentions import _unstutter
from ficlens.characters.names import shortens


@pytest.mark.parametrize(
    ("word", "want"),
    [("H-Harry", "Harry"), ("Ha-Harry", "Harry"), ("D-D-Dean", "Dean"), ("Jean-Luc", "Jean-Luc"),
     ("Mary-Kate", "Mary-Kate"), ("Harry", "Harry")],
)
def test_a_stutter_is_the_name_it_stutters(word: str, want: str) -> None:
    assert _unstutter(word) == want


def test_shortens() -> None:
    assert shortens("cas", "castiel") and shortens("sammy", "sam") and not shortens("sam", "dean")
