"""The bundled example, end to end: facts the story itself establishes (we wrote it, so we know them)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def _speaker_of(analysis, text: str, quote_text: str) -> str | None:  # type: ignore[no-untyped-def]
    names = {c.id: c.name for c in analysis.characters}
    for q in analysis.quotes:
        if q.text.startswith(quote_text):
            return names.get(q.speaker) if q.speaker else None
    raise AssertionError(f"quote {quote_text!r} not found")


def test_example_scenes_pov_person_tense(example_analysis):
    a = example_analysis
    names = {c.id: c.name for c in a.characters}
    assert [s.break_marker for s in a.scenes] == ["Chapter 1: Welcome to Sunnydale", "***"]
    assert [names.get(s.pov) for s in a.scenes] == ["Dean Winchester", "Buffy Summers"]
    assert [(s.person, s.tense) for s in a.scenes] == [("third", "present")] * 2
    assert a.work.title == "Salt and Stakes"


def test_example_characters_and_fandoms(example_analysis):
    a = example_analysis
    by_name = {c.name: c for c in a.characters}
    for name in ("Dean Winchester", "Sam Winchester", "Buffy Summers"):
        assert by_name[name].role == "main"
    assert "Sammy" in by_name["Sam Winchester"].aliases
    assert by_name["Buffy Summers"].gender == "female" and by_name["Dean Winchester"].gender == "male"
    assert by_name["Castiel"].ao3_tag is not None and "Cas" in by_name["Castiel"].aliases
    # "the girl" who says "Buffy Summers. Hi." (and is asked "Your name is Buffy?") is Buffy, not a character
    assert "The girl" not in by_name and "the girl" in by_name["Buffy Summers"].aliases
    assert by_name["Buffy Summers"].quotes >= 40
    assert _speaker_of(a, "", "Did you just call me lady?") == "Buffy Summers"
    assert {f.name for f in a.fandoms[:2]} == {"Supernatural", "Buffy the Vampire Slayer (TV)"}
    assert a.crossover


def test_example_speakers(example_analysis, example_text):
    a = example_analysis
    assert _speaker_of(a, example_text, "Twelve cemeteries") == "Sam Winchester"
    assert _speaker_of(a, example_text, "Barbecue fork") == "Dean Winchester"
    assert _speaker_of(a, example_text, "Why here, though?") == "Sam Winchester"
    assert _speaker_of(a, example_text, "Spike, sit down") == "Buffy Summers"
    assert _speaker_of(a, example_text, "Whatever. Humor me.") == "Dean Winchester"
    assert _speaker_of(a, example_text, "It’s for ghosts") == "Dean Winchester"
    attributed = sum(1 for q in a.quotes if q.speaker)
    assert attributed >= 0.9 * len(a.quotes)


def test_example_tags(example_analysis):
    t = example_analysis.tags
    assert t.rating is not None and t.rating.value == "Teen And Up Audiences" and t.rating.evidence
    assert [w.value for w in t.warnings] == ["No Archive Warnings Apply"]
    freeform = {f.value for f in t.freeform}
    assert {"Crossover", "Alternating Points of View", "Present Tense"} <= freeform
    assert "Dean Winchester & Sam Winchester" in {r.value for r in t.relationships}
    assert not any(r.kind == "romantic" for r in t.relationships)
