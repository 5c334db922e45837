"""HTML to paragraphs: the blocks (paragraphs, blank-line and ``<hr>`` markers) of an element's content,
italics marked, walked with an explicit stack."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ._build import BLANK, HR, ITALIC_OFF, ITALIC_ON, Block
from ._markup import _WS, find_first, parse_html, tag_of

_BR = object()  # a <br> inside a paragraph
_ITALIC_TAGS = frozenset({"em", "i"})

BLOCK_TAGS = frozenset(
    (
        "p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "pre", "center", "section",
        "article", "header", "footer", "aside", "nav", "figure", "figcaption", "main", "address",
        "details", "summary", "body", "html", "form", "fieldset", "hgroup",
    )
)
# block elements that, when empty (only whitespace or &nbsp;), count as a blank-line break
PARAGRAPH_TAGS = frozenset({"p", "div", "center"})
SKIP_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template", "svg", "math", "object"})

_NL_SPACES = re.compile(r" *\n *")
_MANY_NL = re.compile(r"\n{5,}")
_SPACE_IN_ITALIC_START = re.compile(ITALIC_ON + r"([ \n]+)")
_SPACE_IN_ITALIC_END = re.compile(r"([ \n]+)" + ITALIC_OFF)
_DOUBLE_SPACE = re.compile(r"(?<=[^\n]) {2,}")


# -- HTML to paragraphs ----------------------------------------------------------------------------


def _flush(buf: list, out: list[Block]) -> None:
    if not buf:
        return
    pieces = []
    for piece in buf:
        if piece is _BR:
            pieces.append("\n")
        elif piece in (ITALIC_ON, ITALIC_OFF):
            pieces.append(piece)
        else:
            pieces.append(_WS.sub(" ", piece.replace(ITALIC_ON, "").replace(ITALIC_OFF, "")))
    buf.clear()
    text = "".join(pieces)
    # italic markers sit inside the words they mark, never around the spaces next to them
    text = _SPACE_IN_ITALIC_START.sub(r"\1" + ITALIC_ON, text)
    text = _SPACE_IN_ITALIC_END.sub(ITALIC_OFF + r"\1", text)
    text = _DOUBLE_SPACE.sub(" ", text)
    text = _NL_SPACES.sub("\n", text).strip(" \n")
    text = _MANY_NL.sub("\n\n\n\n", text)
    if text:
        out.append(text)


# Markup is walked with an explicit stack, never by recursion: nesting depth costs memory, not stack frames.
_VISIT, _APPEND, _END_BLOCK = 0, 1, 2


def _push_content(stack: list, el, buf: list) -> None:
    """Push an element's text, children and their tails (to be handled in document order)."""
    items: list = []
    if isinstance(el.text, str) and tag_of(el) is not None:
        items.append((_APPEND, el.text, buf))
    for child in el:
        items.append((_VISIT, child, buf))
        if child.tail:
            items.append((_APPEND, child.tail, buf))
    stack.extend(reversed(items))


def _run(stack: list, out: list[Block]) -> None:
    while stack:
        op, item, buf = stack.pop()
        if op == _APPEND:
            buf.append(item)
            continue
        if op == _END_BLOCK:
            tag, n = item
            _flush(buf, out)
            if len(out) == n and tag in PARAGRAPH_TAGS:
                out.append(BLANK)
            continue
        el = item
        tag = tag_of(el)
        if tag is None or tag in SKIP_TAGS:
            continue
        if tag == "br":
            buf.append(_BR)
        elif tag == "hr":
            _flush(buf, out)
            out.append(HR)
        elif tag in BLOCK_TAGS:
            _flush(buf, out)
            inner: list = []
            stack.append((_END_BLOCK, (tag, len(out)), inner))
            _push_content(stack, el, inner)
        elif tag in _ITALIC_TAGS:
            buf.append(ITALIC_ON)
            stack.append((_APPEND, ITALIC_OFF, buf))
            _push_content(stack, el, buf)
        else:
            _push_content(stack, el, buf)


def _walk(el, out: list[Block], buf: list) -> None:
    stack: list = []
    _push_content(stack, el, buf)
    _run(stack, out)


def visit(el, out: list[Block], buf: list) -> None:
    """Add the blocks of one element to out; inline text goes to buf (flushed by the caller)."""
    _run([(_VISIT, el, buf)], out)


def blocks_of(el) -> list[Block]:
    """The paragraphs (and blank/hr markers) of an element's content."""
    out: list[Block] = []
    buf: list = []
    _walk(el, out, buf)
    _flush(buf, out)
    return out


def blocks_of_nodes(nodes: Iterable, leading_text: str | None = None) -> list[Block]:
    """The paragraphs of a run of sibling elements (with their tails)."""
    out: list[Block] = []
    buf: list = []
    if leading_text:
        buf.append(leading_text)
    for node in nodes:
        visit(node, out, buf)
        if node.tail:
            buf.append(node.tail)
    _flush(buf, out)
    return out


def join_paragraphs(blocks: Iterable[Block]) -> str:
    return "\n\n".join(b for b in blocks if isinstance(b, str))


def parse_fragment(markup: str) -> list[Block]:
    """Paragraphs of an HTML fragment (e.g. an EPUB dc:description holding HTML)."""
    root = parse_html("<html><body>" + markup + "</body></html>")
    body = find_first(root, "body")
    return blocks_of(body if body is not None else root)
