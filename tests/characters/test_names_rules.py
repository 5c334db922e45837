"""Name-shape rules: stutters, nicknames."""

from __future__ import annotations

import pytest

from ficlens.characters.name_scan import _unstutter
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


def test_adverbs_and_abstract_nouns_are_word_shaped() -> None:
    from ficlens.characters.name_votes import _Seen, _word_shaped

    seen = _Seen(lower={"wretched", "happy"})
    assert _word_shaped("wretchedly", seen) and _word_shaped("happily", seen)
    assert _word_shaped("theosophy", seen) and _word_shaped("socialism", seen)
    assert not _word_shaped("kelly", seen) and not _word_shaped("emily", seen) and not _word_shaped("lily", seen)


def test_a_cheer_is_an_interjection_and_no_name() -> None:
    from ficlens.characters.lex import lexicon

    lx = lexicon()
    # "Hurrah!" alone on a line was a supporting character of a novel's cast
    assert {"hurrah", "hurray", "hooray", "huzzah"} <= lx.interjections
    assert "harry" not in lx.interjections
