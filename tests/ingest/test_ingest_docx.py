"""The .docx reader."""

from __future__ import annotations

import io

import pytest
from ingest_expected import AO3_TEXT, CH1, CH2

from ficlens.errors import InputError
from ficlens.ingest import read
from ficlens.ingest.docx import read_docx

DOCX_TEXT = AO3_TEXT.replace("* * *", "***")


@pytest.fixture
def draft(fixture_path):
    return read(fixture_path("draft.docx"))


def test_ingest_docx_text(draft):
    assert draft.format == "docx"
    assert draft.text == DOCX_TEXT


@pytest.mark.parametrize(
    "field,expected",
    [
        ("title", "The Keeper\u2019s Ledger"),  # the Title paragraph, kept out of the text
        ("authors", ["gullwing_writes"]),
        ("summary", "A storm, a lamp room, and a fishing boat that has to come home. Mara keeps the light. "
                    "Tobias keeps count."),
        ("language", "en-GB"),
        ("given", None),
        ("scene_breaks", []),  # "***" paragraphs stay as text for the segmenter
        ("warnings", []),
    ],
)
def test_ingest_docx_metadata(draft, field, expected):
    assert getattr(draft, field) == expected


@pytest.mark.parametrize(
    "index,title,text",
    [(0, "Chapter 1: The Lamp Room", CH1.replace("* * *", "***")), (1, "Chapter 2: Low Tide", CH2)],
)
def test_ingest_docx_heading_paragraphs_are_chapters(draft, index, title, text):
    ch = draft.chapters[index]
    assert ch.title == title
    assert draft.text[ch.start : ch.end] == text
    assert draft.text[ch.start : ch.body_start] == title + "\n\n"


@pytest.mark.parametrize(
    "snippet",
    ["paraffin.\nI carried", "steps.\u201d\n\n\n\n\u201cNinety-two", "cracked one.\u201d\n\n***\n\nAt midnight"],
)
def test_ingest_docx_line_breaks_blank_paragraphs_and_scene_breaks(draft, snippet):
    assert snippet in draft.text


def _docx(build) -> bytes:
    import docx

    doc = docx.Document()
    build(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_ingest_docx_without_headings_uses_core_title():
    def build(doc):
        doc.core_properties.title = "Core Title"
        doc.core_properties.author = "one; two"
        doc.add_paragraph("")
        doc.add_paragraph("Just text.")
        doc.add_paragraph("")
        doc.add_paragraph("")
        doc.add_paragraph("More text.")
        doc.add_paragraph("")

    work = read_docx("x.docx", _docx(build))
    assert work.text == "Just text.\n\n\n\nMore text."
    assert work.chapters == []
    assert work.title == "Core Title"
    assert work.authors == ["one", "two"]


def test_ingest_docx_bad_file_raises_e010(fixture_path):
    with pytest.raises(InputError, match=r"\[E010\]"):
        read(fixture_path("bad.docx"))


def test_ingest_docx_not_a_zip_raises_e010(tmp_path):
    path = tmp_path / "letter.docx"
    path.write_text("Dear reader, this is not a Word file.\n")
    with pytest.raises(InputError, match=r"\[E010\]"):
        read(path)


def test_ingest_docx_empty_document_raises_e012():
    with pytest.raises(InputError, match=r"\[E012\]"):
        read_docx("empty.docx", _docx(lambda doc: doc.add_paragraph("")))
