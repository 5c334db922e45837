"""The AO3 HTML download reader."""

from __future__ import annotations

import pytest
from ingest_expected import AO3_SUMMARY, AO3_TAGS, AO3_TEXT, CH1, CH2, NOTE_MARKERS

from ficlens.errors import InputError
from ficlens.ingest import read, read_text_input
from ficlens.ingest.base import GivenTags, SourceChapter


@pytest.fixture
def ao3_html(fixture_path):
    return read(fixture_path("ao3_download.html"))


def test_ingest_html_text_is_built_from_chapters(ao3_html):
    assert ao3_html.format == "html"
    assert ao3_html.text == AO3_TEXT


@pytest.mark.parametrize(
    "field,expected",
    [
        ("title", "The Keeper's Ledger"),
        ("authors", ["gullwing_writes"]),
        ("summary", AO3_SUMMARY),
        ("language", "en"),
        ("given", AO3_TAGS),
        ("notes", []),
        ("warnings", []),
    ],
)
def test_ingest_html_metadata(ao3_html, field, expected):
    assert getattr(ao3_html, field) == expected


def test_ingest_html_source_is_the_path_as_given(fixture_path):
    path = str(fixture_path("ao3_download.html"))
    assert read(path).source == path


@pytest.mark.parametrize(
    "index,title,heading_text,body_head,body_tail",
    [
        (0, "Chapter 1: The Lamp Room", "Chapter 1: The Lamp Room", "The storm came", "always out there.\u201d"),
        (1, "Chapter 2: Low Tide", "Chapter 2: Low Tide", "By morning", "keep the light.\u201d"),
    ],
)
def test_ingest_html_chapters(ao3_html, index, title, heading_text, body_head, body_tail):
    assert len(ao3_html.chapters) == 2
    ch = ao3_html.chapters[index]
    assert ch.title == title
    assert ao3_html.text[ch.start : ch.body_start].strip() == heading_text
    assert ao3_html.text[ch.body_start :].startswith(body_head)
    assert ao3_html.text[: ch.end].endswith(body_tail)
    assert ao3_html.text[ch.start : ch.end] == (CH1, CH2)[index]


@pytest.mark.parametrize("marker", NOTE_MARKERS)
def test_ingest_html_notes_and_preface_are_not_in_text(ao3_html, marker):
    assert marker not in ao3_html.text


def test_ingest_html_hr_is_a_scene_break(ao3_html):
    assert len(ao3_html.scene_breaks) == 1
    start, end, marker = ao3_html.scene_breaks[0]
    assert marker == "<hr>"
    assert ao3_html.text[start:end] == "* * *"
    assert ao3_html.text[start - 2 : end + 2] == "\n\n* * *\n\n"


@pytest.mark.parametrize(
    "snippet",
    [
        "paraffin.\nI carried",  # <br> inside a paragraph
        "steps.\u201d\n\n\n\n\u201cNinety-two",  # an empty &nbsp; paragraph is an extra blank line
        "worried.\u201d\n\n~\n\n\u201cSome of us",  # a centred symbol paragraph stays as text
        "my logbook,\u201d",  # italics become plain text
    ],
)
def test_ingest_html_paragraph_rules(ao3_html, snippet):
    assert snippet in ao3_html.text


def test_ingest_html_quotes_are_never_rewritten(ao3_html):
    assert "\u201c" in ao3_html.text and "\u2019" in ao3_html.text
    assert '"' not in ao3_html.text


def test_ingest_html_not_ao3_raises_e009(fixture_path):
    with pytest.raises(InputError, match=r"\[E009\]"):
        read(fixture_path("not_ao3.html"))


SINGLE = """<html><body>
<div id="preface"><div class="meta"><dl class="tags"><dt>Rating:</dt><dd><a>General Audiences</a></dd>
<dt>Stats:</dt><dd>Published: 2024-01-01 Words: 17 Chapters: 1/1</dd></dl>
<h1>One Shot</h1><div class="byline">by <a rel="author">first_author</a>, <a rel="author">second</a></div>
</div></div>
<div id="chapters" class="userstuff"><div class="userstuff">
<p>Only one chapter here, with no heading at all.</p><p>And a second paragraph.</p>
</div></div>
<div id="afterword"><p class="message">Please comment!</p></div>
</body></html>"""


def test_ingest_html_single_chapter_work_has_no_chapter_list():
    work = read_text_input(SINGLE, source="single.html")
    assert work.format == "html"
    assert work.text == "Only one chapter here, with no heading at all.\n\nAnd a second paragraph."
    assert work.chapters == []
    assert work.title == "One Shot"
    assert work.authors == ["first_author", "second"]
    assert work.given == GivenTags(rating="General Audiences", words=17)


FFF_HTML = """<html><head><title>Harbour Song by quay_writer</title></head><body>
<h1><a href="https://example.org/s/1">Harbour Song</a> by <a href="https://example.org/u/2">quay_writer</a></h1>
<div>
<b>Category:</b> Saltmarsh Chronicles (TV)<br />
<b>Genre:</b> Gen, Fluff<br />
<b>Characters:</b> Mara Quill, Auntie Wren<br />
<b>Rating:</b> General Audiences<br />
<b>Words:</b> 1,002<br />
</div>
<h2>Morning</h2>
<p>The gulls were up before anyone.</p><hr/><p>Later, the tea.</p>
<h2>Evening</h2>
<p>The lamp again.</p>
</body></html>"""


def test_ingest_html_fanficfare_output():
    work = read_text_input(FFF_HTML, source="fff.html")
    assert work.text == (
        "Morning\n\nThe gulls were up before anyone.\n\n* * *\n\nLater, the tea.\n\nEvening\n\nThe lamp again."
    )
    assert work.title == "Harbour Song"
    assert work.authors == ["quay_writer"]
    assert work.chapters == [
        SourceChapter(start=0, body_start=9, end=65, title="Morning"),
        SourceChapter(start=67, body_start=76, end=91, title="Evening"),
    ]
    assert work.given == GivenTags(
        rating="General Audiences",
        categories=["Gen"],
        fandoms=["Saltmarsh Chronicles (TV)"],
        characters=["Mara Quill", "Auntie Wren"],
        freeform=["Fluff"],
        words=1002,
    )
