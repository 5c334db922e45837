"""Parsing HTML and XHTML into lxml elements, and the element queries the readers share.

Works on lxml elements from either lxml.html or lxml.etree (namespaces stripped with
:func:`strip_namespaces`), so the EPUB reader can parse XHTML strictly and fall back to the HTML parser.
The markup limits (``limits.py``) are checked before any parse.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lhtml

from .limits import DEFAULT_LIMITS, Limits, check_markup

_WS = re.compile(r"[ \t\n\r\f\v\u00a0\u2028\u2029\u200b]+")


# -- parsing ---------------------------------------------------------------------------------------


def tag_of(el) -> str | None:
    """The lower-case local tag name of an element, or None for comments, PIs and entities."""
    tag = el.tag
    if not isinstance(tag, str):
        return None
    if tag.startswith("{"):
        tag = tag.split("}", 1)[1]
    return tag.lower()


def strip_namespaces(root) -> None:
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            try:
                el.tag = el.tag.split("}", 1)[1]
            except ValueError:  # a broken name lxml accepted with its namespace but not without
                el.tag = "span"


_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")


def _numeric_entities(data: bytes) -> bytes:
    """Turn HTML named entities (&nbsp; &rsquo; ...) into numeric ones an XML parser understands."""

    def repl(m: re.Match) -> bytes:
        name = m.group(1).decode("ascii")
        if name in _XML_ENTITIES:
            return m.group(0)
        cp = html.entities.name2codepoint.get(name)
        if cp is None:
            return m.group(0)
        return b"&#%d;" % cp

    return _ENTITY.sub(repl, data)


def parse_xhtml(data: bytes, source: str = "<xhtml>", limits: Limits = DEFAULT_LIMITS):
    """Parse an XHTML document (from an EPUB). Returns the root element with namespaces stripped.

    The markup limits are checked first (a streaming pass); LimitError when over one.
    """
    check_markup(data, source, limits, html=False)
    root = None
    try:
        parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True)
        root = etree.fromstring(_numeric_entities(data), parser)
    except (etree.XMLSyntaxError, ValueError):
        root = None
    if root is None or tag_of(root) != "html" or find_first(root, "body") is None:
        root = parse_html(data, source, limits)
    strip_namespaces(root)
    return root


_HTML_PARSER = lhtml.HTMLParser(huge_tree=True)


def _document(data: bytes | str):
    """lxml.html's document, or an empty one when lxml finds none (e.g. all inside an unclosed comment): the
    reader then reports a file with no story text, never lxml's own error."""
    try:
        return lhtml.document_fromstring(data, parser=_HTML_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return lhtml.document_fromstring("<html><body></body></html>", parser=_HTML_PARSER)


def parse_html(data: bytes | str, source: str = "<html>", limits: Limits = DEFAULT_LIMITS):
    """Parse an HTML document with lxml.html; returns the <html> root element.

    The markup limits are checked first (a streaming pass): deeper or larger markup is refused with
    LimitError, never truncated (libxml2 drops what is nested past its own depth limit; see limits.py).
    """
    if isinstance(data, str):
        # lxml refuses str input with an XML encoding declaration
        data = re.sub(r"^\s*<\?xml[^>]*\?>", "", data, count=1)
        if not data.strip():
            data = "<html><body></body></html>"
        check_markup(data, source, limits)
        root = _document(data)
    else:
        if not data.strip():
            data = b"<html><body></body></html>"
        check_markup(data, source, limits)
        text = _utf8_without_declared_charset(data)
        root = _document(text if text is not None else data)
    strip_namespaces(root)
    return root


_DECLARED_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w-]+)", re.IGNORECASE)


def _utf8_without_declared_charset(data: bytes) -> str | None:
    """The page as text when it declares no charset but is valid UTF-8 (lxml would guess Latin-1)."""
    head = data[:4096]
    if _DECLARED_CHARSET.search(head) or head.lstrip().startswith(b"<?xml"):
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return text

# -- element queries -------------------------------------------------------------------------------


def classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def has_class(el, *names: str) -> bool:
    c = classes(el)
    return any(n in c for n in names)


def iter_elements(root, tag: str | None = None) -> Iterator:
    for el in root.iter():
        t = tag_of(el)
        if t is None:
            continue
        if tag is None or t == tag:
            yield el


def find_first(root, tag: str):
    return next(iter_elements(root, tag), None)


def find_id(root, id_: str):
    for el in iter_elements(root):
        if el.get("id") == id_:
            return el
    return None


def inline_text(el) -> str:
    """All the text of an element on one line, whitespace collapsed."""
    return _WS.sub(" ", "".join(t for t in el.itertext() if isinstance(t, str))).strip()


def ancestors(el) -> Iterator:
    p = el.getparent()
    while p is not None:
        yield p
        p = p.getparent()
