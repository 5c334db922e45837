"""AO3 downloads: telling one apart, the preface, the chapters."""

from __future__ import annotations

import pytest

from ficlens.ingest._ao3 import is_ao3, parse_ao3_preface, parse_ao3_tags, walk_ao3_chapters
from ficlens.ingest._build import TextBuilder
from ficlens.ingest._markup import find_id, parse_html

PREFACE = (
    "<div id='preface'><p class='message'>Posted originally on the <a>Archive of Our Own</a> at <b>x</b>.</p>"
    "<div class='meta'><dl class='tags'><dt>Rating:</dt><dd><a>Mature</a></dd>"
    "<dt>Relationships:</dt><dd><a>A/B</a>, <a>C &amp; D</a></dd><dt>Language:</dt><dd>Deutsch</dd>"
    "<dt>Stats:</dt><dd>Published: 2021-01-01 Words: 2,001</dd></dl>"
    "<h1>The Long Road</h1><div class='byline'>by <a rel='author'>quill</a>, <a rel='author'>ink</a></div>"
    "<p>Summary</p><blockquote class='userstuff'><p>They walk.</p><p>Far.</p></blockquote></div></div>"
)
CHAPTERS = (
    "<div id='chapters'>"
    "<div class='meta group'><h2 class='heading'>Chapter 1: Start</h2><p>Chapter Notes</p>"
    "<blockquote class='userstuff'><p>a note</p></blockquote></div>"
    "<div class='userstuff'><p>First words.</p></div>"
    "<div id='chapter-endnotes1' class='end notes'><p>bye</p></div>"
    "<div class='meta group'><h2 class='heading'>Chapter 2</h2></div>"
    "<div class='userstuff'><p>Second words.</p></div></div>"
)


def _doc(inner: str):
    return parse_html("<html><body>" + inner + "</body></html>")


@pytest.mark.parametrize(
    "inner,ao3",
    [
        (PREFACE + CHAPTERS, True),
        ("<div id='chapters'><p>x</p></div>", True),  # a #chapters container alone
        ("<dl class='tags'></dl><div class='userstuff1'><p>x</p></div>", True),  # calibre's renumbered class
        ("<div class='userstuff'><p>x</p></div>", False),  # text without tags or the AO3 message
        ("<p>Just a page.</p>", False),
    ],
)
def test_ingest_ao3_is_ao3(inner, ao3):
    assert is_ao3(_doc(inner)) is ao3


def test_ingest_ao3_preface():
    info = parse_ao3_preface(_doc(PREFACE + CHAPTERS))
    assert (info["title"], info["authors"], info["language"]) == ("The Long Road", ["quill", "ink"], "de")
    assert info["summary"] == "They walk.\n\nFar."
    given = info["given"]
    assert given is not None and given.rating == "Mature" and given.words == 2001
    assert given.relationships == ["A/B", "C & D"]


def test_ingest_ao3_no_tag_list_gives_no_tags():
    assert parse_ao3_tags(_doc("<p>x</p>")) == (None, None)


def test_ingest_ao3_chapters_leave_notes_out():
    root = _doc(PREFACE + CHAPTERS)
    builder = TextBuilder()
    walk_ao3_chapters(find_id(root, "chapters"), builder)
    text = builder.text()
    assert "First words." in text and "Second words." in text
    assert "a note" not in text and "bye" not in text and "They walk." not in text
    assert text.index("Chapter 1: Start") < text.index("First words.") < text.index("Chapter 2")
