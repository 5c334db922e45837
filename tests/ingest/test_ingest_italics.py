"""Italic runs (HTML <em>/<i>, DOCX italic) are recorded as spans of the plain text; the text has no markup."""

from __future__ import annotations

import pytest

from ficlens.ingest._build import ITALIC_OFF, ITALIC_ON, TextBuilder, strip_italics
from ficlens.ingest._markup import parse_html
from ficlens.ingest._paragraphs import blocks_of_nodes


@pytest.mark.parametrize(
    "marked,clean,spans",
    [
        ("plain", "plain", []),
        (f"a {ITALIC_ON}b c{ITALIC_OFF} d", "a b c d", [(2, 5)]),
        (f"{ITALIC_ON}x{ITALIC_ON}y{ITALIC_OFF}z{ITALIC_OFF}", "xyz", [(0, 3)]),  # nested: one run
        (f"a{ITALIC_ON}{ITALIC_OFF}b", "ab", []),  # empty run dropped
        (f"a {ITALIC_ON}open to the end", "a open to the end", [(2, 17)]),  # unclosed run ends with the text
        (f"stray{ITALIC_OFF} close", "stray close", []),
    ],
)
def test_ingest_italics_strip(marked, clean, spans):
    assert strip_italics(marked) == (clean, spans)


def _build(html: str) -> tuple[str, list[tuple[int, int]]]:
    root = parse_html(html)
    body = root.find(".//body")
    builder = TextBuilder()
    builder.add_all(blocks_of_nodes(list(body)))
    return builder.text(), builder.italics


def test_ingest_italics_from_html_offsets_point_at_the_words():
    text, spans = _build(
        "<html><body><p>Dean stops. <em> This is bad. </em> He runs.</p>"
        "<p>Second <i>para<b>graph</b></i>, and <em>one<br/>two</em>.</p></body></html>"
    )
    assert ITALIC_ON not in text and ITALIC_OFF not in text
    assert text == "Dean stops. This is bad. He runs.\n\nSecond paragraph, and one\ntwo."
    assert [text[a:b] for a, b in spans] == ["This is bad.", "paragraph", "one\ntwo"]


def test_ingest_italics_from_docx(tmp_path):
    import docx

    from ficlens.ingest import read

    d = docx.Document()
    p = d.add_paragraph("Sam waits. ")
    p.add_run("Come on, come on.").italic = True
    p.add_run(" Nothing.")
    d.add_paragraph("No italics here.")
    path = tmp_path / "t.docx"
    d.save(str(path))
    work = read(path)
    assert [work.text[a:b] for a, b in work.italics] == ["Come on, come on."]
    assert ITALIC_ON not in work.text


def test_ingest_italics_from_markdown(tmp_path):
    from ficlens.ingest import read

    path = tmp_path / "s.md"
    path.write_text("# T\n\nHe thinks *this is bad* and _so is that_, not snake_case or **bold** or 2*3*4.\n",
                    encoding="utf-8")
    work = read(path)
    assert [work.text[a:b] for a, b in work.italics] == ["this is bad", "so is that"]
    assert work.text == path.read_text(encoding="utf-8")  # markdown text keeps its marks: offsets are the file's
