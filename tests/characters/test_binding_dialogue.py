"""Binding constraints, surname clustering and vocative addressees in speech tags (passages written here)."""

from __future__ import annotations

import pytest


def _char_of(analyzer, text: str, needle: str, nth: int = 0):  # type: ignore[no-untyped-def]
    analyzer.analyze_text(text)
    doc = analyzer.last_document
    hits = [m for m in doc.mentions if m.text == needle]
    names = {c.id: c.name for c in doc.analysis.characters}
    return names.get(hits[nth].character or ""), doc.analysis.characters


@pytest.mark.integration
def test_accusative_subject_of_hearing_verb_is_not_the_hearer(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Mary Lennox sat by the window with her aunt Clara Moss. Clara talked about the garden.\n\n"
        "Later Mary heard her say that the roses were dead."
    )
    who, _ = _char_of(analyzer, text, "her", 1)
    assert who != "Mary Lennox"


@pytest.mark.integration
def test_titled_surname_stays_apart_from_full_name_of_unknown_first_name(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Mr Corvane left the shop early. Zella Corvane watched him go and sighed.\n\n"
        "Mr Corvane walked to the station. Zella Corvane closed the shutters and sat down."
    )
    analyzer.analyze_text(text)
    names = [c.name for c in analyzer.last_document.analysis.characters]
    assert "Zella Corvane" in names
    assert any(n.startswith("Mr") for n in names)


@pytest.mark.integration
def test_speech_tag_pronoun_is_not_the_addressee_named_in_its_quote(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Tom Baker and Jed Grant walked down to the river. Jed carried the rods.\n\n"
        "“Jed, hand me the bait,” he said."
    )
    who, _ = _char_of(analyzer, text, "he")
    assert who != "Jed Grant"


@pytest.mark.integration
def test_unreached_pronoun_falls_back_to_the_scenes_focal_character(analyzer):
    text = (
        "Nora climbs the ladder. Nora checks the lamp. Nora wipes the glass and Nora hums.\n\n"
        "The sea is grey for miles. Gulls wheel over the rocks. The wind smells of rain and diesel. "
        "A trawler crawls along the horizon. Its lights blink twice. The tide turns. The rocks go dark. "
        "Somewhere below, a door bangs in the wind. The rain starts at last.\n\n"
        "She sits down on the top step.\n"
    )
    a = analyzer.analyze_text(text)
    doc = analyzer.last_document
    names = {c.id: c.name for c in a.characters}
    she = [m for m in doc.mentions if m.text == "She"]
    assert she and names.get(she[-1].character or "") == "Nora"


_GREENHOUSE = (
    "I was repotting the last of the ferns when the door banged open.\n\n"
    "“Still here, Priya?”\n\n"
    "I kept my eyes on the soil. “Go home, {other}.”\n\n"
    "“Can't. Sprout left me the watering.” He set the can down beside me. “All of it.”\n\n"
    "“All of it?”\n\n"
    "“Don't laugh.”\n\n"
    "I did not laugh. He filled the can again and started on the far bench.\n\n"
    "“You missed a pot,” he said after a while.\n\n"
    "“I did not.”"
)


@pytest.mark.integration
def test_first_person_he_is_the_one_man_the_dialogue_addressed(analyzer):  # type: ignore[no-untyped-def]
    """A first-person narrator's "He set the can down" in a two-person exchange is the other participant, the
    one man called by name in the scene's dialogue, even sentences after that vocative; his lines are his, and
    the narrator is the one the other calls by name."""
    a = analyzer.analyze_text(_GREENHOUSE.format(other="Daniel"))
    doc = analyzer.last_document
    names = {c.id: c.name for c in a.characters}
    hes = [m for m in doc.mentions if m.text.lower() == "he"]
    assert len(hes) == 3 and all("Daniel" in (names.get(m.character or "") or "") for m in hes)
    by_text = {q.text: names.get(q.speaker or "") or "" for q in a.quotes}
    assert "Daniel" in by_text["Can't. Sprout left me the watering."]
    assert "Daniel" in by_text["You missed a pot,"]
    assert "Priya" in by_text["Go home, Daniel."]  # the narrator took the name the other calls them


@pytest.mark.integration
def test_first_person_he_is_the_man_addressed_last_when_two_were(analyzer):  # type: ignore[no-untyped-def]
    """With two men called by name in the scene's dialogue, the beat "He set the can down" in the quote
    paragraph answering "Go home, Daniel." is the one called last (the conversation's latest participant), not
    the one called a turn before."""
    text = _GREENHOUSE.format(other="Daniel").replace("“Still here, Priya?”", "“Still here, Priya? Marcus, you too?”")
    a = analyzer.analyze_text(text)
    doc = analyzer.last_document
    names = {c.id: c.name for c in a.characters}
    first = next(m for m in doc.mentions if m.text == "He")
    assert "Daniel" in (names.get(first.character or "") or "")


@pytest.mark.integration
@pytest.mark.parametrize("clause", ["He handed Theo the rope.", "He smiled at Theo."])
def test_subject_pronoun_is_not_a_name_its_own_verb_takes_as_object(analyzer, clause: str):  # type: ignore[no-untyped-def]
    """Theo is the most salient man and the last sentence's subject, but "He" cannot be the Theo its own verb
    takes as object: it is the other man."""
    text = f"Marcus waited by the gate. Theo walked out to the barn and Theo checked the latch.\n\n{clause}"
    who, _ = _char_of(analyzer, text, "He")
    assert who == "Marcus"


@pytest.mark.integration
def test_names_inside_quotations_do_not_draw_narration_pronouns(analyzer) -> None:  # type: ignore[no-untyped-def]
    """A name said inside a quotation is someone talked about: the narration's next "she" is still the woman the
    narration was about, however often the quotation names the other."""
    text = (
        "Anna Moss stood at the window of the shop.\n\n"
        "“Clara Webb wrote to me,” Anna said. “Clara is coming home, and Clara wants the room. "
        "Clara, Clara, Clara!”\n\n"
        "She turned from the window and picked up her basket."
    )
    who, _ = _char_of(analyzer, text, "She")
    assert who == "Anna Moss"
