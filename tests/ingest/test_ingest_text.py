"""The .txt and .md readers: decoding, offsets, chapter headings, header blocks."""

from __future__ import annotations

import codecs

import pytest

from ficlens.errors import InputError
from ficlens.ingest import read
from ficlens.ingest.base import GivenTags
from ficlens.ingest.text import decode_text, find_text_chapters, parse_header, read_md


def _decoded(path) -> str:
    """The spec's text of a .txt: decoded, BOM removed, CRLF/CR -> LF, nothing else."""
    data = path.read_bytes()
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        if data.startswith(bom):
            return data[len(bom) :].decode(enc).replace("\r\n", "\n").replace("\r", "\n")
    try:
        return data.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return data.decode("cp1252").replace("\r\n", "\n")


TXT_FIXTURES = ["story_utf8.txt", "story_bom.txt", "story_utf16.txt", "story_cp1252.txt", "story.md"]


@pytest.mark.parametrize("name", TXT_FIXTURES)
def test_ingest_text_is_the_decoded_file(fixture_path, name):
    path = fixture_path(name)
    work = read(path)
    assert work.text == _decoded(path)
    assert "\r" not in work.text
    assert not work.text.startswith("\ufeff")
    assert work.format == ("md" if name.endswith(".md") else "txt")


def test_ingest_text_bom_and_crlf(fixture_path):
    path = fixture_path("story_bom.txt")
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8) and b"\r\n" in raw
    work = read(path)
    assert work.text == raw[3:].decode("utf-8").replace("\r\n", "\n")
    assert work.warnings == []


@pytest.mark.parametrize("name,warned", [("story_utf8.txt", False), ("story_utf16.txt", False),
                                         ("story_cp1252.txt", True)])
def test_ingest_text_cp1252_fallback_warns(fixture_path, name, warned):
    work = read(fixture_path(name))
    assert bool(work.warnings) == warned
    if warned:
        assert work.warnings[0].startswith("[W001]")
        # curly quotes decoded from cp1252 bytes 0x93/0x94/0x92, never rewritten
        assert "\u201cYou\u2019re dripping" in work.text


@pytest.mark.parametrize(
    "name,titles",
    [
        ("story_utf8.txt", ["Chapter 1", "Chapter 2: The Point"]),
        ("story_bom.txt", ["CHAPTER I", "CHAPTER II"]),
        ("story_utf16.txt", ["Prologue", "Chapter 1 - The Lamp Room", "Chapter 2 - Low Tide"]),
        ("story_cp1252.txt", ["Chapter One: The Lamp Room", "Chapter Two: Low Tide"]),
        ("story.md", ["Chapter 1", "Chapter 2: The Point"]),
    ],
)
def test_ingest_text_chapters(fixture_path, name, titles):
    work = read(fixture_path(name))
    assert [c.title for c in work.chapters] == titles
    for i, ch in enumerate(work.chapters):
        heading = work.text[ch.start : ch.body_start]
        assert heading.strip().lstrip("# ") == ch.title
        assert work.text[ch.body_start] not in " \n"
        assert work.text[ch.end - 1] not in " \n"
        nxt = work.chapters[i + 1].start if i + 1 < len(work.chapters) else len(work.text)
        assert work.text[ch.end : nxt].strip() == ""


def test_ingest_text_chapter_bodies(fixture_path):
    work = read(fixture_path("story_utf8.txt"))
    first, second = work.chapters
    assert work.text[first.body_start : first.end].startswith("The fog came in")
    assert work.text[first.body_start : first.end].endswith("reaching for her boots.")
    assert "* * *" in work.text[first.body_start : first.end]
    assert work.text[second.body_start : second.end].endswith("rattle their teeth.")


@pytest.mark.parametrize(
    "field,expected",
    [
        ("title", "Fog Signal"),
        ("authors", ["gullwing_writes"]),
        ("given", GivenTags(rating="General Audiences", fandoms=["Saltmarsh Chronicles (TV)"])),
        ("notes", [(0, 101)]),
        ("scene_breaks", []),
    ],
)
def test_ingest_text_header_block(fixture_path, field, expected):
    work = read(fixture_path("story_utf8.txt"))
    assert getattr(work, field) == expected


def test_ingest_text_header_note_span_covers_the_header(fixture_path):
    work = read(fixture_path("story_utf8.txt"))
    start, end = work.notes[0]
    assert work.text[start:end].startswith("Title: Fog Signal")
    assert work.text[start:end].endswith("Fandom: Saltmarsh Chronicles (TV)")


def test_ingest_text_header_fields_apart_by_blank_lines_are_one_block():
    text = "Title: The Lantern Keeper\n\nAuthor: M. R. Quill\n\n\nCHAPTER I.\nThe keeper came in February."
    fields, end, lines = parse_header(text)
    assert fields == {"title": "The Lantern Keeper", "authors": "M. R. Quill"}
    assert text[:end].endswith("M. R. Quill") and lines == 3
    # the block ends at the first line that is no field, and three blank lines end it too
    assert parse_header("Title: X\n\nThe story: it starts.\n")[0] == {"title": "X"}
    assert parse_header("Title: X\n\n\n\nAuthor: Y\n")[0] == {"title": "X"}


@pytest.mark.parametrize("name", ["story_bom.txt", "story_cp1252.txt"])
def test_ingest_text_without_header(fixture_path, name):
    work = read(fixture_path(name))
    assert work.title is None and work.authors == [] and work.given is None and work.notes == []


@pytest.mark.parametrize(
    "field,expected",
    [("title", "Fog Signal"), ("authors", ["gullwing_writes"]), ("given", None), ("language", None)],
)
def test_ingest_text_markdown_metadata(fixture_path, field, expected):
    assert getattr(read(fixture_path("story.md")), field) == expected


def test_ingest_text_markdown_keeps_markup(fixture_path):
    work = read(fixture_path("story.md"))
    assert "*slow*" in work.text and "\n***\n" in work.text
    assert work.text[work.chapters[0].start :].startswith("## Chapter 1\n")


@pytest.mark.parametrize(
    "text,titles",
    [
        ("# A\n\ntext\n\n# B\n\nmore\n", ["A", "B"]),  # several level-1 headings: all chapters
        ("# Title\n\n## One\n\nx\n\n## Two\n\ny\n", ["One", "Two"]),
        ("# Title\n\n# One\n\nx\n\n# Two\n\ny\n", ["One", "Two"]),  # title directly over chapters
        ("Intro\n\n## One\n\nx\n```\n## not a heading\n```\n", ["One"]),
        ("no headings at all\n", []),
    ],
)
def test_ingest_text_markdown_headings(tmp_path, text, titles):
    path = tmp_path / "s.md"
    path.write_text(text, encoding="utf-8")
    work = read_md(path)
    assert [c.title for c in work.chapters] == titles


@pytest.mark.parametrize(
    "text,titles",
    [
        ("Chapter 1\n\nA.\n\nChapter 2\n\nB.", ["Chapter 1", "Chapter 2"]),
        ("CHAPTER IV\n\nA.\n", ["CHAPTER IV"]),
        ("Chapter Twenty-One: Late\n\nA.\n", ["Chapter Twenty-One: Late"]),
        ("Chapter 12 - The Drive\n\nA.\n", ["Chapter 12 - The Drive"]),
        ("Prologue\n\nA.\n\nEpilogue\n\nB.\n", ["Prologue", "Epilogue"]),
        ("He read chapter 1 aloud.\n\nA.\n", []),  # not a heading line
        ("Text before\nChapter 1\nText after\n", []),  # not standing alone between blank lines
        ("Chapter mid-way\n\nA.\n", []),
        ("No chapters here.\n", []),
    ],
)
def test_ingest_text_chapter_heading_lines(text, titles):
    assert [c.title for c in find_text_chapters(text)] == titles


@pytest.mark.parametrize(
    "data,text,warned",
    [
        (b"plain", "plain", False),
        (codecs.BOM_UTF8 + b"a\r\nb\rc", "a\nb\nc", False),
        (codecs.BOM_UTF16_BE + "hi \u201cthere\u201d".encode("utf-16-be"), "hi \u201cthere\u201d", False),
        (codecs.BOM_UTF16_LE + "x\r\ny".encode("utf-16-le"), "x\ny", False),
        (b"caf\xe9 \x93ok\x94", "caf\u00e9 \u201cok\u201d", True),
    ],
)
def test_ingest_text_decode(data, text, warned):
    decoded, warnings = decode_text(data, "p")
    assert decoded == text
    assert bool(warnings) == warned


def test_ingest_text_invalid_raises_e006(fixture_path):
    with pytest.raises(InputError, match=r"\[E006\]"):
        read(fixture_path("invalid_utf8.txt"))


@pytest.mark.parametrize(
    "text,title",
    [
        ("Salt and Stakes\n\nChapter 1\n\nDean drives.\n", "Salt and Stakes"),
        ("Dean drives. It rains.\n\nChapter 1\n\nSam sleeps.\n", None),
        ("“Run,” he said\n\nChapter 1\n\nSam sleeps.\n", None),
        ("Just a story with no chapters\n\nDean drives.\n", None),
    ],
)
def test_ingest_text_title_line_before_first_chapter(text, title):
    from ficlens.ingest import read_text_input

    assert read_text_input(text).title == title
