"""read(): checks in order, format choice by extension and content, files left untouched."""

from __future__ import annotations

import contextlib
import hashlib
import os

import pytest

from ficlens.errors import InputError
from ficlens.ingest import FORMATS, read, read_text_input

ALL_FIXTURES = [
    ("ao3_download.html", "html"),
    ("ao3_download.epub", "epub"),
    ("fanficfare.epub", "epub"),
    ("draft.docx", "docx"),
    ("story_utf8.txt", "txt"),
    ("story_bom.txt", "txt"),
    ("story_utf16.txt", "txt"),
    ("story_cp1252.txt", "txt"),
    ("story.md", "md"),
]
BAD_FIXTURES = [
    ("empty.txt", "E003"),
    ("binary.bin", "E004"),
    ("binary.txt", "E004"),
    ("not_ao3.html", "E009"),
    ("truncated.epub", "E007"),
    ("not_a_zip.epub", "E007"),
    ("bad.docx", "E010"),
    ("invalid_utf8.txt", "E006"),
]


def test_ingest_read_formats():
    assert FORMATS == ("txt", "md", "html", "epub", "docx")


@pytest.mark.parametrize("name,fmt", ALL_FIXTURES)
def test_ingest_read_format_by_extension(fixture_path, name, fmt):
    work = read(fixture_path(name))
    assert work.format == fmt
    assert work.text.strip()
    for ch in work.chapters:
        assert 0 <= ch.start <= ch.body_start <= ch.end <= len(work.text)


@pytest.mark.parametrize("name,code", BAD_FIXTURES)
def test_ingest_read_bad_inputs(fixture_path, name, code):
    with pytest.raises(InputError, match=rf"\[{code}\]"):
        read(fixture_path(name))


@pytest.mark.parametrize("name", [n for n, _ in ALL_FIXTURES] + [n for n, _ in BAD_FIXTURES])
def test_ingest_read_never_modifies_the_file(fixture_path, name):
    path = fixture_path(name)
    before = (path.stat().st_mtime_ns, path.stat().st_size, hashlib.sha256(path.read_bytes()).hexdigest())
    with contextlib.suppress(InputError):
        read(path)
    after = (path.stat().st_mtime_ns, path.stat().st_size, hashlib.sha256(path.read_bytes()).hexdigest())
    assert before == after


def test_ingest_read_missing_path_e001(tmp_path):
    with pytest.raises(InputError, match=r"\[E001\]"):
        read(tmp_path / "nope.txt")


def test_ingest_read_directory_e002(tmp_path):
    with pytest.raises(InputError, match=r"\[E002\]"):
        read(tmp_path)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", b"\xef\xbb\xbf\r\n", b"\xff\xfe" + " \n".encode("utf-16-le")])
def test_ingest_read_empty_e003(tmp_path, data):
    path = tmp_path / "blank.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"\[E003\]"):
        read(path)


@pytest.mark.parametrize(
    "name,data",
    [
        ("paper.pdf", b"%PDF-1.4\nsome text\n"),
        ("notes.rtf", b"{\\rtf1\\ansi Hello}"),
        ("archive.zip", b"PK\x03\x04" + b"junk" * 10),
        ("story.weird", b"Just words in an odd file.\n"),
    ],
)
def test_ingest_read_unknown_format_e005(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"\[E005\]"):
        read(path)


@pytest.mark.parametrize(
    "source,name,fmt",
    [
        ("ao3_download.html", "really_html.txt", "html"),  # a .txt that is really HTML
        ("ao3_download.html", "noext", "html"),
        ("ao3_download.epub", "noext_epub", "epub"),
        ("ao3_download.epub", "mislabelled.docx", "epub"),
        ("draft.docx", "noext_docx", "docx"),
        ("story_utf8.txt", "README", "txt"),
        ("story.md", "CHAPTERS", "md"),
        ("story_utf8.txt", "story.htm", "txt"),  # an .htm without markup is plain text
    ],
)
def test_ingest_read_sniffs_content(fixture_path, tmp_path, source, name, fmt):
    path = tmp_path / name
    path.write_bytes(fixture_path(source).read_bytes())
    assert read(path).format == fmt


def test_ingest_read_text_input_plain():
    work = read_text_input("\ufeffChapter 1\r\n\r\nHello \u201cthere\u201d.\r\n", source="api")
    assert work.text == "Chapter 1\n\nHello \u201cthere\u201d.\n"
    assert work.format == "txt" and work.source == "api"
    assert [c.title for c in work.chapters] == ["Chapter 1"]


def test_ingest_read_text_input_html(fixture_path):
    html = fixture_path("ao3_download.html").read_text(encoding="utf-8")
    work = read_text_input(html)
    assert work.format == "html" and work.source == "<text>" and len(work.chapters) == 2


def test_ingest_read_text_input_empty_e003():
    with pytest.raises(InputError, match=r"\[E003\]"):
        read_text_input("  \n ")


def test_ingest_read_accepts_str_paths(fixture_path):
    path = str(fixture_path("story_utf8.txt"))
    assert read(path).source == path
    assert os.path.exists(path)
