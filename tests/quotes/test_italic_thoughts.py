"""Italic thoughts (HTML <em>, DOCX italics, Markdown *emphasis*) are quotations of kind "thought"."""

from __future__ import annotations

import pytest

from ficlens import ingest

pytestmark = pytest.mark.integration

PAGE = """<!DOCTYPE html><html><head><title>T</title></head><body>
<div id="preface"><h1>Thinking Hard</h1><div class="byline">by <a rel="author">me</a></div></div>
<div id="chapters" class="userstuff">
<p>Dean stares at the motel door. <em>This is a bad idea,</em> he thinks. <em>A really bad one.</em></p>
<p>“You coming?” Sam asks. “It’s <em>really cold</em> out here, you know.”</p>
<p>Dean shrugs. “Yeah, yeah.” He follows his brother inside. <em>Don't screw this up, Winchester.</em></p>
<p>The book on the table is <i>The Lord of the Rings</i>. Sam reads it, <em>very</em> slowly.</p>
</div></body></html>
"""


@pytest.fixture()
def page_analysis(analyzer, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "t.html"
    path.write_text(PAGE, encoding="utf-8")
    return analyzer.analyze_work(ingest.read(path))


def test_italic_thoughts_are_thought_quotes_with_their_thinker(page_analysis):
    a = page_analysis
    names = {c.id: c.name for c in a.characters}
    thoughts = [(q.text, names.get(q.speaker or "")) for q in a.quotes if q.kind == "thought"]
    assert [t for t, _ in thoughts] == ["This is a bad idea,", "A really bad one.", "Don't screw this up, Winchester."]
    assert all(who == "Dean Winchester" or who == "Dean" for _, who in thoughts)
    for q in a.quotes:
        if q.kind == "thought":
            assert a.text is not None and a.text[q.start : q.end] == q.text


def test_italic_emphasis_and_titles_are_not_thoughts(page_analysis):
    texts = {q.text for q in page_analysis.quotes}
    assert "The Lord of the Rings" not in texts and "very" not in texts and "really cold" not in texts
    speech = [q.text for q in page_analysis.quotes if q.kind == "speech"]
    assert "You coming?" in speech and "Yeah, yeah." in speech
