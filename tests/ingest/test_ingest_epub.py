"""The EPUB reader: AO3's calibre export, FanFicFare output, a plain EPUB, broken files."""

from __future__ import annotations

import io
import zipfile

import pytest
from ingest_expected import AO3_SUMMARY, AO3_TAGS, AO3_TEXT, CH1, CH2, NOTE_MARKERS

from ficlens.errors import InputError
from ficlens.ingest import read
from ficlens.ingest.epub import read_epub

TITLE = "The Keeper\u2019s Ledger"
FFF_CH1 = CH1.replace("Chapter 1: The Lamp Room", "The Lamp Room")
FFF_CH2 = CH2.replace("Chapter 2: Low Tide", "Low Tide")


@pytest.fixture
def ao3_epub(fixture_path):
    return read(fixture_path("ao3_download.epub"))


@pytest.fixture
def fff_epub(fixture_path):
    return read(fixture_path("fanficfare.epub"))


def test_ingest_epub_ao3_text_matches_the_html_download(ao3_epub):
    assert ao3_epub.format == "epub"
    assert ao3_epub.text == AO3_TEXT


@pytest.mark.parametrize(
    "field,expected",
    [
        ("title", TITLE),
        ("authors", ["gullwing_writes"]),
        ("summary", AO3_SUMMARY),
        ("language", "en"),
        ("given", AO3_TAGS),
        ("warnings", []),
    ],
)
def test_ingest_epub_ao3_metadata(ao3_epub, field, expected):
    assert getattr(ao3_epub, field) == expected


@pytest.mark.parametrize("index,title,text", [(0, "Chapter 1: The Lamp Room", CH1), (1, "Chapter 2: Low Tide", CH2)])
def test_ingest_epub_ao3_chapters(ao3_epub, index, title, text):
    assert len(ao3_epub.chapters) == 2
    ch = ao3_epub.chapters[index]
    assert ch.title == title
    assert ao3_epub.text[ch.start : ch.end] == text
    assert ao3_epub.text[ch.start : ch.body_start] == title + "\n\n"


@pytest.mark.parametrize("marker", NOTE_MARKERS)
def test_ingest_epub_ao3_notes_are_not_in_text(ao3_epub, marker):
    assert marker not in ao3_epub.text


@pytest.mark.parametrize("name", ["ao3_download.epub", "fanficfare.epub"])
def test_ingest_epub_hr_is_a_scene_break(fixture_path, name):
    work = read(fixture_path(name))
    assert [work.text[s:e] for s, e, _ in work.scene_breaks] == ["* * *"]
    assert [m for _, _, m in work.scene_breaks] == ["<hr>"]


def test_ingest_epub_fanficfare_text(fff_epub):
    assert fff_epub.text == FFF_CH1 + "\n\n" + FFF_CH2


@pytest.mark.parametrize(
    "field,expected",
    [
        ("title", TITLE),
        ("authors", ["gullwing_writes"]),
        ("summary", "A storm, a lamp room, and a fishing boat that has to come home. Mara keeps the light. "
                    "Tobias keeps count."),
        ("language", "en"),
        # FanFicFare's "Category" is the fandom and its "Genre" holds AO3's categories and freeform tags
        ("given", AO3_TAGS),
        ("warnings", []),
    ],
)
def test_ingest_epub_fanficfare_metadata(fff_epub, field, expected):
    assert getattr(fff_epub, field) == expected


@pytest.mark.parametrize("index,title,text", [(0, "The Lamp Room", FFF_CH1), (1, "Low Tide", FFF_CH2)])
def test_ingest_epub_fanficfare_chapters(fff_epub, index, title, text):
    assert len(fff_epub.chapters) == 2
    ch = fff_epub.chapters[index]
    assert ch.title == title
    assert fff_epub.text[ch.start : ch.end] == text


@pytest.mark.parametrize("marker", ["Table of Contents", "Rating:", "Packaged", "archiveofourown.org"])
def test_ingest_epub_fanficfare_title_and_toc_pages_are_skipped(fff_epub, marker):
    assert marker not in fff_epub.text


@pytest.mark.parametrize("name", ["truncated.epub", "not_a_zip.epub"])
def test_ingest_epub_broken_raises_e007(fixture_path, name):
    with pytest.raises(InputError, match=r"\[E007\]"):
        read(fixture_path(name))


def _zip(entries: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return buf.getvalue()


CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="OPS/book.opf" media-type="application/oebps-package+xml"/></rootfiles>'
    "</container>"
)


def _opf(items: str, spine: str) -> str:
    return (
        '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Plain Book</dc:title>'
        "<dc:creator>A. Writer</dc:creator><dc:creator>B. Writer</dc:creator><dc:language>en-GB</dc:language>"
        "<dc:description>Just a book.</dc:description><dc:subject>Mature</dc:subject><dc:subject>Angst</dc:subject>"
        f"</metadata><manifest>{items}</manifest><spine>{spine}</spine></package>"
    )


def _xhtml(body: str) -> str:
    return f'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>{body}</body></html>'


def test_ingest_epub_generic_book():
    items = (
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        '<item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="c2" href="text/two%20b.xhtml" media-type="application/xhtml+xml"/>'
    )
    spine = '<itemref idref="nav"/><itemref idref="c1"/><itemref idref="c2"/>'
    data = _zip(
        {
            "mimetype": "application/epub+zip",
            "META-INF/container.xml": CONTAINER,
            "OPS/book.opf": _opf(items, spine),
            "OPS/nav.xhtml": _xhtml("<nav><ol><li>One</li></ol></nav>"),
            "OPS/text/one.xhtml": _xhtml("<h1>One</h1><p>First&nbsp;words.</p><p>More.</p>"),
            "OPS/text/two b.xhtml": _xhtml("<h2>Two</h2><div><p>Second.</p></div>"),
        }
    )
    work = read_epub("plain.epub", data)
    assert work.text == "One\n\nFirst words.\n\nMore.\n\nTwo\n\nSecond."
    assert [c.title for c in work.chapters] == ["One", "Two"]
    assert work.title == "Plain Book"
    assert work.authors == ["A. Writer", "B. Writer"]
    assert work.language == "en-GB"
    assert work.summary == "Just a book."
    assert work.given is not None and work.given.rating == "Mature" and work.given.freeform == ["Angst"]


@pytest.mark.parametrize(
    "entries,code",
    [
        ({"mimetype": "application/epub+zip"}, "E007"),  # no container.xml
        ({"META-INF/container.xml": CONTAINER}, "E007"),  # container points to a missing OPF
        (
            {
                "META-INF/container.xml": CONTAINER,
                "OPS/book.opf": _opf('<item id="c1" href="one.xhtml" media-type="application/xhtml+xml"/>',
                                     '<itemref idref="c1"/>'),
                "OPS/one.xhtml": _xhtml(""),
            },
            "E008",
        ),
        (
            {"META-INF/container.xml": CONTAINER, "OPS/book.opf": _opf("", "")},
            "E008",
        ),
    ],
)
def test_ingest_epub_structure_errors(entries, code):
    with pytest.raises(InputError, match=rf"\[{code}\]"):
        read_epub("x.epub", _zip(entries))
