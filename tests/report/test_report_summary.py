import pytest

from ficlens.errors import ConfigError
from ficlens.model import Analysis, Character, FandomGuess, Quote, Scene, Tags, TagValue, WorkInfo
from ficlens.report import render


def _analysis() -> Analysis:
    return Analysis(
        work=WorkInfo("Salt", ["Me"], "s.txt", "txt", "en", 1200),
        scenes=[Scene(0, 0, 0, 10, None, "c1", 0.75, "third", "present", ["c1"]),
                Scene(1, 0, 12, 20, "***", None, 0.0, "first", "past", [])],
        characters=[Character("c1", "Dean Winchester", ["Dean", "Dean Winchester"], "male", "he/him",
                              "Supernatural", "Dean Winchester", 40, 2, "main", 0)],
        quotes=[Quote("q1", 0, 5, "Hi", "c1", [], "explicit", 0.9), Quote("q2", 6, 9, "Yo")],
        fandoms=[FandomGuess("Supernatural", 0.9), FandomGuess("Buffy the Vampire Slayer (TV)", 0.6)],
        crossover=True,
        tags=Tags(rating=TagValue("Mature", 0.55), warnings=[TagValue("No Archive Warnings Apply", 0.5)],
                  freeform=[TagValue("Crossover", 0.6)]),
        stats={"dialogue_ratio": 0.25, "seconds": 1.0},
    )


def test_report_summary_says_what_was_found():
    out = render(_analysis(), "summary")
    assert out.startswith("Salt by Me\n")
    assert "1,200 words" in out and "2 scene(s)" in out and "25% dialogue" in out
    assert "Supernatural (90%)" in out and "[crossover]" in out
    assert "Dean Winchester (also Dean)" in out
    assert "POV Dean Winchester (75%), third person, present tense" in out
    assert "POV unknown (0%), first person, past tense, opened by '***'" in out
    assert "Speakers found for 1 of 2 quotes (explicit 1)" in out
    assert "Suggested rating: Mature (55%)" in out


def test_report_json_is_the_analysis_json():
    a = _analysis()
    assert render(a, "json") == a.to_json() + "\n"


def test_report_unknown_format():
    with pytest.raises(ConfigError, match="E030"):
        render(_analysis(), "pdf")
