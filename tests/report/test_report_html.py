"""The HTML report: self-contained, everything from the story escaped, the findings all shown."""

from __future__ import annotations

import re

import pytest

from ficlens.model import (
    Analysis,
    Character,
    Evidence,
    FandomGuess,
    Interaction,
    Quote,
    Scene,
    Tags,
    TagValue,
    WorkInfo,
)
from ficlens.report import render

HOSTILE = '<script>alert("x")</script>'
TEXT = f"“{HOSTILE},” Dean says.\n\nSam <b>laughs</b> & \"leaves\".\n"


def _analysis() -> Analysis:
    q_end = TEXT.index("”") + 1
    return Analysis(
        work=WorkInfo(f"Title {HOSTILE}", ["<img src=x onerror=alert(1)>"], "s.txt", "txt", "en", 8,
                      summary=HOSTILE),
        scenes=[Scene(0, 0, 0, len(TEXT), f"*** {HOSTILE}", "c1", 0.8, "third", "present", ["c1", "c2"])],
        characters=[
            Character("c1", f"Dean {HOSTILE}", ["Dean"], "male", "he/him", "Supernatural", "Dean Winchester", 3, 1,
                      "main", 1),
            Character("c2", 'Sam"><svg onload=alert(1)>', [], "male", None, None, None, 1, 0, "supporting", 40),
        ],
        quotes=[Quote("q1", 0, q_end, HOSTILE, "c1", ["c2"], "explicit", 0.95)],
        interactions=[Interaction("c1", "c2", 2.0, 1, 1, "family", [Evidence(0, 5, HOSTILE)])],
        fandoms=[FandomGuess("Supernatural", 0.9, [Evidence(0, 4, HOSTILE)])],
        tags=Tags(rating=TagValue("Teen And Up Audiences", 0.6, [Evidence(0, 10, HOSTILE)]),
                  freeform=[TagValue(HOSTILE, 0.3)]),
        stats={"dialogue_ratio": 0.4, "seconds": 0.1},
        text=TEXT,
    )


@pytest.fixture()
def page() -> str:
    return render(_analysis(), "html")


def test_report_html_escapes_everything_from_the_story(page):
    assert "<script" not in page.lower()
    assert "<img" not in page.lower() and "<svg" not in page.lower() and "<b>laughs" not in page
    assert "&lt;script&gt;" in page
    assert 'onerror=alert(1)>' not in page
    # no attribute can be broken out of: every double quote from the data is escaped
    assert '"><svg' not in page


def test_report_html_is_self_contained(page):
    assert not re.search(r"<(script|link|iframe|img)\b", page, re.I)
    assert "Content-Security-Policy" in page
    assert "http://" not in page and "https://" not in page


def test_report_html_shows_findings_and_marks_quotes(page):
    for needle in ("Suggested AO3 tags", "Teen And Up Audiences", "Characters", "Scenes", "Who interacts",
                   "The story", "Supernatural / Dean Winchester", "family"):
        assert needle in page
    # the quotation is wrapped with its speaker and method
    m = re.search(r'<span class="q s-c1" data-speaker="c1" title="([^"]*)">', page)
    assert m and "explicit" in m.group(1) and "95%" in m.group(1)
    # evidence links point at the paragraph of the story
    assert 'href="#p0"' in page and 'id="p0"' in page and 'id="p1"' in page


def test_report_html_without_text_still_renders():
    a = _analysis()
    a.text = None
    page = render(a, "html")
    assert "The story" not in page and "Characters" in page
