"""HTML to paragraphs: blocks, blank-line and rule markers, line breaks, skipped elements."""

from __future__ import annotations

import pytest

from ficlens.ingest._build import BLANK, HR, ITALIC_OFF, ITALIC_ON
from ficlens.ingest._markup import find_first, parse_html
from ficlens.ingest._paragraphs import blocks_of, blocks_of_nodes, join_paragraphs, parse_fragment


def _body(inner: str):
    return find_first(parse_html("<html><body>" + inner + "</body></html>"), "body")


@pytest.mark.parametrize(
    "inner,blocks",
    [
        ("<p>One  two\n three</p><p>Four</p>", ["One two three", "Four"]),
        ("<p>a</p><p>&nbsp;</p><p>b</p>", ["a", BLANK, "b"]),  # an empty paragraph is a blank line
        ("<p>a</p><hr/><p>b</p>", ["a", HR, "b"]),
        ("<p>line one<br/>line two</p>", ["line one\nline two"]),
        ("<p>a</p><script>x = 1</script><style>p {}</style><p>b</p>", ["a", "b"]),
        ("loose text <span>inline</span><div>block</div>tail", ["loose text inline", "block", "tail"]),
        ("<blockquote><p>deep</p></blockquote>", ["deep"]),
    ],
)
def test_ingest_paragraphs_blocks_of(inner, blocks):
    assert blocks_of(_body(inner)) == blocks


def test_ingest_paragraphs_blocks_of_nodes_keeps_leading_text_and_tails():
    body = _body("<h2>Title</h2>after the heading<p>para</p>end")
    nodes = list(body)[1:]  # after the heading
    assert blocks_of_nodes(nodes, leading_text=list(body)[0].tail) == ["after the heading", "para", "end"]


def test_ingest_paragraphs_deep_nesting_needs_no_recursion():
    inner = "<div>" * 990 + "deep" + "</div>" * 990  # under the markup depth limit, over the recursion limit
    assert blocks_of(_body(inner)) == ["deep"]


def test_ingest_paragraphs_fragment_and_join():
    blocks = parse_fragment("<p>A summary.</p><hr/><p>Two <em>lines</em>.</p>")
    assert blocks[1] is HR
    assert join_paragraphs(blocks) == f"A summary.\n\nTwo {ITALIC_ON}lines{ITALIC_OFF}."  # markers only
