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


def _parsed(words: list[str], heads: list[int], deps: list[str]):  # type: ignore[no-untyped-def]
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)


@pytest.mark.parametrize(
    ("words", "heads", "deps", "at", "want"),
    [
        # '"Not him," Irish laughed.': a nationality as the bare subject of a speech verb is a nickname
        (['"', "Not", "him", ",", '"', "Irish", "laughed", "."], [6, 2, 6, 6, 6, 6, 6, 6],
         ["punct", "neg", "dep", "punct", "punct", "nsubj", "ROOT", "punct"], 5, True),
        # "said Dutch": after the verb too
        (["said", "Dutch", "."], [0, 0, 0], ["ROOT", "nsubj", "punct"], 1, True),
        # "the Irish said": with an article it is a people, no one's name
        (["The", "Irish", "said", "no", "."], [1, 2, 2, 2, 2], ["det", "nsubj", "ROOT", "dobj", "punct"], 1, False),
        # "Mom said": a kinship word has its own reading
        (["Mom", "said", "so", "."], [1, 1, 1, 1], ["nsubj", "ROOT", "advmod", "punct"], 0, False),
        # "Irish whiskey burned": not a speech verb's subject
        (["Irish", "whiskey", "burned", "."], [1, 2, 2, 2], ["amod", "nsubj", "ROOT", "punct"], 0, False),
    ],
)
def test_a_listed_word_as_a_speech_verbs_bare_subject_is_a_nickname(
    words: list[str], heads: list[int], deps: list[str], at: int, want: bool
) -> None:
    from ficlens.characters.lex import lexicon
    from ficlens.characters.name_scan import _nickname_speaker

    d = _parsed(words, heads, deps)
    assert _nickname_speaker(d, at, at + 1, lexicon()) is want


@pytest.mark.integration
def test_a_nickname_speaker_becomes_a_character_and_speaks() -> None:
    from ficlens.pipeline import Analyzer

    text = (
        "The boys came out to the corral to look at the new man.\n\n"
        '"He is a fine sight," Irish murmured to Cal.\n\n'
        '"All he needs is a band," Cal returned.\n\n'
        '"Not him," Irish laughed. "He is too pretty."\n'
    )
    a = Analyzer().analyze_text(text, source="nickname")
    names = {c.id: c.name for c in a.characters}
    assert "Irish" in names.values()
    said = [names.get(q.speaker) for q in a.quotes]
    assert said[0] == "Irish" and said[1] == "Cal" and said[2] == "Irish"
