"""Parsing HTML and XHTML into lxml elements (charset, entities, namespaces) and the element queries."""

from __future__ import annotations

import pytest

from ficlens.ingest._markup import (
    ancestors,
    find_first,
    find_id,
    has_class,
    inline_text,
    iter_elements,
    parse_html,
    parse_xhtml,
    tag_of,
)


def test_ingest_markup_html_without_charset_is_read_as_utf8(tmp_path):
    from ficlens.ingest import read

    page = (
        "<html><body><div id='preface'><h1>T</h1></div><div id='chapters' class='userstuff'>"
        "<p>“It’s fine,” she says. Café.</p></div></body></html>"
    )
    path = tmp_path / "nocharset.html"
    path.write_bytes(page.encode("utf-8"))
    assert read(path).text == "“It’s fine,” she says. Café."


def test_ingest_markup_xhtml_named_entities_and_namespaces():
    data = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        b"<p>It&rsquo;s&nbsp;late &amp; dark</p></body></html>"
    )
    root = parse_xhtml(data)
    assert root.tag == "html"  # the namespace is stripped
    p = find_first(root, "p")
    assert p is not None and p.text == "It\u2019s\u00a0late & dark"


@pytest.mark.parametrize("data", [b"", "   ", "<?xml version='1.0'?>  "])
def test_ingest_markup_empty_input_is_an_empty_document(data):
    root = parse_html(data)
    assert tag_of(root) == "html" and inline_text(root) == ""
    assert find_first(root, "body") is not None


def test_ingest_markup_queries():
    root = parse_html(
        "<html><body><!-- note --><div id='a' class='x  y'><p>One <b>two</b>\n three</p></div></body></html>"
    )
    assert [tag_of(el) for el in iter_elements(root)] == ["html", "body", "div", "p", "b"]  # no comment
    div = find_id(root, "a")
    assert div is not None and has_class(div, "z", "y") and not has_class(div, "x y")
    assert find_id(root, "missing") is None
    b = find_first(root, "b")
    assert [tag_of(a) for a in ancestors(b)] == ["p", "div", "body", "html"]
    assert inline_text(div) == "One two three"
