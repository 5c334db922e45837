"""POV, person, tense and presence: unit tests of the decisions, integration tests on small stories."""

from __future__ import annotations

from collections import Counter

import pytest

from ficlens.pov import _find_shift, _label_person, _label_tense
from ficlens.pov.lex import _best, _lex
from ficlens.pov.scan import _ParaStats


@pytest.mark.parametrize(
    ("first", "second", "third", "want"),
    [(20, 0, 10, "first"), (2, 0, 30, "third"), (0, 25, 12, "second"), (15, 14, 5, "mixed"), (0, 0, 0, "third"),
     (4, 0, 40, "third"), (1, 0, 0, "third")],
)
def test_pov_label_person(first: float, second: float, third: float, want: str) -> None:
    assert _label_person(first, second, third) == want


@pytest.mark.parametrize(
    ("past", "present", "want"), [(10, 1, "past"), (1, 10, "present"), (5, 5, "mixed"), (0, 0, "past")]
)
def test_pov_label_tense(past: int, present: int, want: str) -> None:
    assert _label_tense(past, present) == want


def _stats(strong: list[dict[str, float]]) -> list[_ParaStats]:
    return [_ParaStats(strong=Counter(s), focal=Counter(s)) for s in strong]


def test_pov_find_shift_detects_clear_change() -> None:
    stats = _stats([{"a": 1.5}, {"a": 1.0}, {"b": 2.0}, {"b": 1.0, "a": 0.2}])
    shift = _find_shift(stats)
    assert shift is not None
    k, before, after, conf = shift
    assert (k, before, after) == (2, "a", "b")
    assert 0 < conf <= 0.9


@pytest.mark.parametrize(
    "strong",
    [
        [{"a": 1.5}, {"b": 1.0}, {"a": 2.0}, {"b": 1.0}],  # interleaved: no clean change
        [{"a": 3.0}, {"a": 1.0}, {"a": 2.0}, {"a": 1.0}],  # one POV
        [{"a": 0.5}, {"a": 0.5}, {"b": 0.5}, {"b": 0.5}],  # too little evidence
        [{"a": 3.0}, {"b": 3.0}],  # too short
    ],
)
def test_pov_find_shift_none_without_clear_change(strong: list[dict[str, float]]) -> None:
    assert _find_shift(_stats(strong)) is None


def test_pov_best() -> None:
    assert _best(Counter({"a": 3, "b": 1})) == ("a", 3, 1)
    assert _best(Counter()) == (None, 0.0, 0.0)


@pytest.mark.parametrize(
    ("text", "name"),
    [("My name is Priya Raman and I bake.", "Priya Raman"), ("Call me Ishmael.", "Ishmael"),
     ("I'm Buffy, by the way.", "Buffy"), ("I am tired.", None), ("my name's Jo.", "Jo")],
)
def test_pov_self_naming_patterns(text: str, name: str | None) -> None:
    found = [m.group("name") for p in _lex().self_naming for m in p.finditer(text)]
    assert (found[0] if found else None) == name


# -- integration -------------------------------------------------------------------------------------------

FIRST_HEADER = """Buffy's POV

I walked into the library and dropped my bag on the table. I was late again, and I knew it.

"You're late," Giles said, without looking up from his book.

I rolled my eyes. I had saved the world twice this week, and nobody ever counted that."""

FIRST_VOCATIVE = """I wake up before the alarm and lie there, listening to the rain. I know I should get up. I do not.

"Maya, breakfast!" my father shouts from downstairs.

"Coming!" I shout back, and I pull the blanket over my head.

"Maya, I mean it."

I groan and roll out of bed. The floor is freezing under my feet."""

SECOND = """You open the door and the cold hits you like a slap. You pull your coat tighter and step out into the snow.

"Ready?" Kai asks, holding out his hand.

You take it. You feel your heart racing, and you tell yourself it is only the cold."""

THIRD_PAST_TWO = """Dean slammed the car door and stared at the motel. He knew Sam was inside. He wondered how long \
his brother would stay angry this time.

"Sam, open up," Dean said.

***

Castiel watched the motel from the roof across the street. He felt the cold, which surprised him. \
He wondered why the brothers fought so much, and he thought that he would never understand it."""


@pytest.mark.integration
def test_pov_first_person_header_names_narrator(analyzer) -> None:  # type: ignore[no-untyped-def]
    a = analyzer.analyze_text(FIRST_HEADER)
    s = a.scenes[0]
    assert (s.person, s.tense) == ("first", "past")
    assert a.character(s.pov).name.startswith("Buffy")  # type: ignore[union-attr]
    assert s.pov_confidence >= 0.9


@pytest.mark.integration
def test_pov_first_person_vocative_names_narrator(analyzer) -> None:  # type: ignore[no-untyped-def]
    a = analyzer.analyze_text(FIRST_VOCATIVE)
    s = a.scenes[0]
    assert (s.person, s.tense) == ("first", "present")
    assert s.pov is not None and "Maya" in a.character(s.pov).name  # type: ignore[union-attr]
    assert s.pov_note == "vocative"


@pytest.mark.integration
def test_pov_second_person_is_reader_insert(analyzer) -> None:  # type: ignore[no-untyped-def]
    a = analyzer.analyze_text(SECOND)
    s = a.scenes[0]
    assert (s.person, s.tense, s.pov, s.pov_note) == ("second", "present", None, "reader-insert")


@pytest.mark.integration
def test_pov_third_person_alternating(analyzer) -> None:  # type: ignore[no-untyped-def]
    a = analyzer.analyze_text(THIRD_PAST_TWO)
    assert [s.person for s in a.scenes] == ["third", "third"]
    names = [a.character(s.pov).name if s.pov else None for s in a.scenes]  # type: ignore[union-attr]
    assert "Dean" in (names[0] or "")
    assert "Castiel" in (names[1] or "")


@pytest.mark.integration
def test_pov_quoted_dialogue_does_not_set_person(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = ('"I know you think I did it," Dean said. "I didn\'t, you hear me? I swear I didn\'t."\n\n'
            "Sam looked at him for a long time. He did not believe a word of it, and he knew Dean could tell.")
    a = analyzer.analyze_text(text)
    assert a.scenes[0].person == "third"


SAME_GENDER_PRESENT = """Iris counts the boats. She knows there should be twelve, and she wonders where Delphine is.

Old Pascal drags his crates across the cobbles and calls something to her, but she does not hear it. She is \
thinking about Sunday.

***

Delphine cannot feel her fingers. She thinks of Iris on the harbour wall and wonders whether Iris is still \
angry. She knows she deserves it."""


@pytest.mark.integration
def test_pov_subject_chain_same_gender(analyzer) -> None:  # type: ignore[no-untyped-def]
    """A "she" subject stays with the scene's focal woman, not the nearest named woman; Iris, only wondered
    about in the second scene, is not present there."""
    a = analyzer.analyze_text(SAME_GENDER_PRESENT)
    names = [a.character(s.pov).name if s.pov else None for s in a.scenes]  # type: ignore[union-attr]
    assert names == ["Iris", "Delphine"]
    iris = next(c.id for c in a.characters if c.name == "Iris")
    assert iris not in a.scenes[1].characters


@pytest.mark.integration
def test_pov_compound_thought_and_conjoined_feeling(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = ('"You\'re late," Ruth said, and she dropped into the booth.\n\n'
            "Harper thought, not for the first time, that she had chosen badly. She knelt by the table and felt "
            "the old anger climb.")
    a = analyzer.analyze_text(text)
    assert a.character(a.scenes[0].pov).name == "Harper"  # type: ignore[union-attr]


@pytest.mark.integration
def test_pov_present_perfect_is_backstory_in_present_scene(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = ("Jonah misses the ferry. He sits down on a bollard and checks his phone. Felix has sent one message. "
            "Jonah reads it again, and he feels it land low in his stomach.")
    a = analyzer.analyze_text(text)
    felix = [c.id for c in a.characters if c.name == "Felix"]
    assert felix and felix[0] not in a.scenes[0].characters


@pytest.mark.integration
def test_pov_letter_signature_names_writer_and_you_is_addressee(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = ("Dear Tomas,\n\nThe river froze last night. I walked down to the mill and I thought of you. You fell "
            "through the ice once and I pulled you out. I laughed about it all the way home.\n\n"
            "Yours always,\nAnneliese")
    a = analyzer.analyze_text(text)
    s = a.scenes[0]
    assert (s.person, s.pov_note) == ("first", "signature")
    assert a.character(s.pov).name == "Anneliese"  # type: ignore[union-attr]


@pytest.mark.integration
def test_pov_chat_lines_are_dialogue(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = ("Dean sat in the car for ten minutes before his phone buzzed. He knew it was Sam.\n\n"
            "Sam: where are you\nDean: I know what I said\nSam: I just want to know you're ok\n"
            "Dean: I'm fine, I swear\n\n"
            "He stared at the screen. He thought about telling the truth and felt his chest tighten.")
    a = analyzer.analyze_text(text)
    s = a.scenes[0]
    assert s.person == "third"
    assert a.character(s.pov).name.startswith("Dean")  # type: ignore[union-attr]


@pytest.mark.integration
def test_pov_narrator_named_by_vocatives_the_character_stage_missed(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = ('I dug for cockles until the tide turned, and I filled my bucket. '
            '"Wren! You\'re going to drown out there!" the old woman '
            "shouted from the wall. I waved the rake at her and kept digging.\n\n***\n\n"
            'I made Dad toast when I got in. "Wren, love, I\'m not an invalid," he said. I made it anyway.')
    a = analyzer.analyze_text(text)
    names = [a.character(s.pov).name if s.pov else None for s in a.scenes]  # type: ignore[union-attr]
    assert names == ["Wren", "Wren"]
