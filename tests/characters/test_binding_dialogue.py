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
