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


def test_report_summary_never_prints_control_characters_raw():
    from ficlens.report.summary import json_safe, terminal_safe

    a = _analysis()
    a.work.title = "Evil\x1b]0;owned\x07\x1b[2J title\x9b31m\u202egnp.exe"
    a.work.authors = ["Me\x7f"]
    a.characters[0].name = "Dean\x1b[31m"
    out = render(a, "summary")
    assert not any(ch in out for ch in "\x1b\x07\x7f\x9b\u202e")
    assert "\\x1b]0;owned\\x07" in out and "\\u202e" in out and "Dean\\x1b[31m" in out
    assert terminal_safe(out) == out  # idempotent
    assert json_safe('{"t": "a\\u0001\x7f\x85"}') == '{"t": "a\\u0001\\u007f\\u0085"}'


def test_report_summary_escapes_what_ao3_html_entities_smuggle_in():
    from ficlens.ingest import read_text_input
    from hostile_files import ao3_html

    work = read_text_input(ao3_html(title="TITLE").replace("<h1>TITLE", "<h1>T&#27;[31mred&#27;]8;;x&#7;"))
    assert "\x1b" in (work.title or "")  # the reader keeps the title as written...
    a = _analysis()
    a.work.title = work.title
    assert "\x1b" not in render(a, "summary") and "\x07" not in render(a, "summary")  # ...the summary shows it safely


def test_report_summary_lists_the_surest_additional_tags_first_and_counts_the_rest():
    a = _analysis()
    assert a.tags is not None
    a.tags.freeform = [TagValue(f"Tag{i}", round(0.1 + i * 0.08, 2)) for i in range(10)]
    line = next(x for x in render(a, "summary").splitlines() if x.strip().startswith("Additional tags:"))
    shown = line.split(":", 1)[1].split("…")[0].strip().split(", ")
    assert shown == [f"Tag{i}" for i in range(9, 1, -1)]
    assert line.endswith("… and 2 more")
