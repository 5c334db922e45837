"""HTML helpers shared by the HTML and EPUB readers: HTML to paragraphs, AO3 prefaces and chapters,
FanFicFare title pages.

Works on lxml elements from either lxml.html or lxml.etree (namespaces stripped with
:func:`strip_namespaces`), so the EPUB reader can parse XHTML strictly and fall back to the HTML parser.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterable, Iterator

from lxml import etree
from lxml import html as lhtml

from ._build import BLANK, HR, ITALIC_OFF, ITALIC_ON, Block, TextBuilder
from .base import GivenTags
from .limits import DEFAULT_LIMITS, Limits, check_markup

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

_WS = re.compile(r"[ \t\n\r\f\v\u00a0\u2028\u2029\u200b]+")
_NL_SPACES = re.compile(r" *\n *")
_MANY_NL = re.compile(r"\n{5,}")
_SPACE_IN_ITALIC_START = re.compile(ITALIC_ON + r"([ \n]+)")
_SPACE_IN_ITALIC_END = re.compile(r"([ \n]+)" + ITALIC_OFF)
_DOUBLE_SPACE = re.compile(r"(?<=[^\n]) {2,}")


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


def parse_fragment(markup: str) -> list[Block]:
    """Paragraphs of an HTML fragment (e.g. an EPUB dc:description holding HTML)."""
    root = parse_html("<html><body>" + markup + "</body></html>")
    body = find_first(root, "body")
    return blocks_of(body if body is not None else root)


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


# -- AO3 -----------------------------------------------------------------------------------------

_LANGUAGES = {
    "english": "en", "español": "es", "spanish": "es", "français": "fr", "french": "fr", "deutsch": "de",
    "german": "de", "italiano": "it", "italian": "it", "português brasileiro": "pt-BR",
    "português europeu": "pt-PT", "português": "pt", "portuguese": "pt", "русский": "ru", "russian": "ru",
    "中文-普通话 國語": "zh", "chinese": "zh", "日本語": "ja", "japanese": "ja", "한국어": "ko",
    "korean": "ko", "polski": "pl", "polish": "pl", "nederlands": "nl", "dutch": "nl", "svenska": "sv",
    "suomi": "fi", "dansk": "da", "norsk": "no", "čeština": "cs", "magyar": "hu", "türkçe": "tr",
    "tiếng việt": "vi", "bahasa indonesia": "id", "українська": "uk", "العربية": "ar", "עברית": "he",
}


def language_code(name: str | None) -> str | None:
    """AO3 language name ("English") -> code ("en"); codes and unknown names pass through."""
    if not name:
        return None
    name = name.strip()
    return _LANGUAGES.get(name.lower(), name)


_WORDS = re.compile(r"Words:\s*([\d,.\s\u00a0]*\d)", re.I)


def parse_word_count(text: str) -> int | None:
    m = _WORDS.search(text)
    if not m:
        m = re.fullmatch(r"\s*([\d,.\s\u00a0]*\d)\s*", text)
    if not m:
        return None
    digits = re.sub(r"\D", "", m.group(1))
    return int(digits) if digits else None


# AO3 preface labels (singular and plural) and FanFicFare title-page labels -> GivenTags field
_LABELS = {
    "rating": "rating", "ratings": "rating",
    "archive warning": "warnings", "archive warnings": "warnings", "warning": "warnings",
    "warnings": "warnings",
    "category": "categories", "categories": "categories", "ao3 categories": "categories",
    "fandom": "fandoms", "fandoms": "fandoms",
    "relationship": "relationships", "relationships": "relationships", "ships": "relationships",
    "pairing": "relationships", "pairings": "relationships",
    "character": "characters", "characters": "characters",
    "additional tags": "freeform", "additional tag": "freeform", "freeform": "freeform",
    "freeform tags": "freeform", "freeforms": "freeform", "tags": "freeform",
}

AO3_CATEGORIES = ("F/F", "F/M", "Gen", "M/M", "Multi", "Other")
AO3_RATINGS = ("Not Rated", "General Audiences", "Teen And Up Audiences", "Mature", "Explicit")
AO3_WARNINGS = (
    "Creator Chose Not To Use Archive Warnings", "Choose Not To Use Archive Warnings",
    "No Archive Warnings Apply", "Graphic Depictions Of Violence", "Major Character Death",
    "Rape/Non-Con", "Underage", "Underage Sex",
)


def _dd_values(dd) -> list[str]:
    links = [inline_text(a) for a in iter_elements(dd, "a")]
    links = [v for v in links if v]
    if links:
        return links
    return split_list(inline_text(dd))


def split_list(text: str) -> list[str]:
    return [v.strip() for v in text.split(",") if v.strip()]


def _label(text: str) -> str:
    return _WS.sub(" ", text).strip().rstrip(":").strip().lower()


def parse_ao3_tags(root) -> tuple[GivenTags | None, str | None]:
    """Tags from AO3's ``<dl class="tags">`` (every such list in the document); also the Language."""
    tags = GivenTags()
    language = None
    found = False
    for dl in iter_elements(root, "dl"):
        if not has_class(dl, "tags"):
            continue
        found = True
        label = None
        for child in dl:
            t = tag_of(child)
            if t == "dt":
                label = _label(inline_text(child))
            elif t == "dd" and label is not None:
                if label == "stats":
                    tags.words = parse_word_count(" ".join(child.itertext()))
                elif label == "language":
                    language = language_code(inline_text(child))
                elif label in _LABELS:
                    _put(tags, _LABELS[label], _dd_values(child))
                label = None
    if not found:
        return None, None
    return (None if tags.is_empty() else tags), language


def _put(tags: GivenTags, field_: str, values: list[str]) -> None:
    if not values:
        return
    if field_ == "rating":
        if tags.rating is None:
            tags.rating = values[0]
        return
    current = getattr(tags, field_)
    for v in values:
        if v not in current:
            current.append(v)


def is_ao3(root) -> bool:
    """Whether a parsed document has the structure of an AO3 download."""
    if find_id(root, "chapters") is not None:
        return True
    has_tags = any(has_class(dl, "tags") for dl in iter_elements(root, "dl"))
    has_userstuff = any(is_userstuff(el) for el in iter_elements(root))
    posted = "Archive of Our Own" in " ".join(
        inline_text(p) for p in iter_elements(root, "p") if has_class(p, "message")
    )
    return has_userstuff and (has_tags or posted)


def _in_preface(el) -> bool:
    return any(a.get("id") in ("preface", "afterword") for a in ancestors(el))


def parse_ao3_preface(root) -> dict:
    """Title, authors, summary, language and tags from an AO3 preface."""
    info: dict = {"title": None, "authors": [], "summary": None, "language": None, "given": None}
    info["given"], info["language"] = parse_ao3_tags(root)
    preface = [el for el in iter_elements(root) if el.get("id") == "preface"] or [root]
    for pre in preface:
        for h1 in iter_elements(pre, "h1"):
            if info["title"] is None and inline_text(h1):
                info["title"] = inline_text(h1)
        for el in iter_elements(pre, "div"):
            if has_class(el, "byline") and not info["authors"]:
                authors = [inline_text(a) for a in iter_elements(el, "a") if "author" in (a.get("rel") or "")]
                if not authors:
                    authors = [inline_text(a) for a in iter_elements(el, "a")]
                if not authors:
                    text = re.sub(r"^\s*by\s+", "", inline_text(el), flags=re.I)
                    authors = [a.strip() for a in re.split(r",| and ", text) if a.strip()]
                info["authors"] = [a for a in authors if a]
        if not info["authors"]:
            info["authors"] = [
                inline_text(a) for a in iter_elements(pre, "a") if "author" in (a.get("rel") or "").split()
            ]
        for p in iter_elements(pre, "p"):
            if info["summary"] is None and inline_text(p).lower() == "summary":
                nxt = p.getnext()
                while nxt is not None and tag_of(nxt) is None:
                    nxt = nxt.getnext()
                if nxt is not None and tag_of(nxt) in ("blockquote", "div"):
                    info["summary"] = join_paragraphs(blocks_of(nxt)) or None
    if info["title"] is None:
        for p in iter_elements(root, "p"):
            if has_class(p, "message"):
                b = find_first(p, "b")
                if b is not None and inline_text(b):
                    info["title"] = inline_text(b)
                    break
    return info


_SKIP_IDS = ("preface", "afterword", "notes", "endnotes", "summary")
_SKIP_CLASSES = ("notes", "endnote", "endnotes", "end-notes", "endnote-link", "afterword", "preface",
                 "message", "byline", "toc", "landmarks")


def _is_heading(el) -> bool:
    return tag_of(el) in ("h2", "h3") and has_class(el, "heading", "toc-heading")


def _is_skipped(el) -> bool:
    id_ = el.get("id") or ""
    if id_ in _SKIP_IDS or id_.startswith("endnotes") or id_.startswith("chapter-endnotes"):
        return True
    return has_class(el, *_SKIP_CLASSES)


_USERSTUFF = re.compile(r"userstuff\d*")


def is_userstuff(el) -> bool:
    """``class="userstuff"`` (AO3) or calibre's renumbered ``userstuff1``/``userstuff2`` (AO3 EPUBs)."""
    return any(_USERSTUFF.fullmatch(c) for c in classes(el))


def _is_content(el) -> bool:
    """A div of chapter text (a blockquote.userstuff is a summary or a note)."""
    return tag_of(el) == "div" and is_userstuff(el) and el.get("id") != "chapters"


def _is_chapter_header(el, holds_content: set) -> bool:
    """AO3's ``div.meta.group`` above a chapter (calibre renames its class): it holds the chapter
    heading, then the chapter summary and notes."""
    if tag_of(el) != "div":
        return False
    if el in holds_content:
        return False
    if has_class(el, "meta"):
        return True
    return any(_is_heading(c) for c in el)


def _is_structure(d) -> bool:
    return _is_content(d) or has_class(d, "meta") or _is_heading(d) or d.get("id") == "chapters"


def _mark_ancestors(root) -> tuple[set, set]:
    """Elements under ``root`` holding chapter text below them, and those holding any chapter structure
    below them: one pass, each ancestor marked once (so the walk is linear in the document's size)."""
    holds_content: set = set()
    holds_structure: set = set()
    for d in root.iter():
        if tag_of(d) is None:
            continue
        content = _is_content(d)
        if not (content or _is_structure(d)):
            continue
        for marks, on in ((holds_content, content), (holds_structure, True)):
            if not on:
                continue
            p = d.getparent()
            while p is not None and p not in marks:
                marks.add(p)
                if p is root:
                    break
                p = p.getparent()
    return holds_content, holds_structure


def walk_ao3_chapters(container, builder: TextBuilder) -> None:
    """Write the chapters under an AO3 ``#chapters`` container (or a body holding such parts).

    Chapter headings (``h2.heading`` in ``div.meta.group``, or ``h2.toc-heading``) start chapters;
    ``div.userstuff`` holds story text; meta blocks (chapter summaries and notes, end notes), the
    preface and the afterword are left out. Nested containers are walked with an explicit stack.
    """
    holds_content, holds_structure = _mark_ancestors(container)
    out: list[Block] = []
    buf: list = []

    def flush() -> None:
        _flush(buf, out)
        builder.add_all(out)
        out.clear()

    if isinstance(container.text, str):
        buf.append(container.text)
    # frames: an iterator over a container's children; a child's tail is added after its own content
    stack: list = [iter(container)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = tag_of(child)
        if tag is None:
            pass
        elif _is_heading(child):
            flush()
            builder.begin_chapter(inline_text(child) or None)
        elif _is_skipped(child):
            flush()
        elif _is_chapter_header(child, holds_content):
            # chapter header (heading, chapter summary, notes) or chapter end notes
            flush()
            heading = next((h for h in iter_elements(child) if tag_of(h) in ("h2", "h3")), None)
            if heading is not None:
                builder.begin_chapter(inline_text(heading) or None)
        elif _is_content(child):
            flush()
            builder.add_all(blocks_of(child))
        elif tag in BLOCK_TAGS and child in holds_structure:
            flush()
            # walk the child's children as a container of their own, then its tail
            if isinstance(child.text, str):
                buf.append(child.text)
            stack.append(_then_tail(child, buf, flush))
            continue
        else:
            visit(child, out, buf)
        if child.tail:
            buf.append(child.tail)
    flush()


def _then_tail(el, buf: list, flush) -> Iterator:
    """The children of ``el``; when they are done, flush (as the end of a nested walk) and add el's tail."""
    yield from el
    flush()
    if el.tail:
        buf.append(el.tail)


# -- FanFicFare title pages ----------------------------------------------------------------------


def parse_label_lines(root) -> dict[str, str]:
    """``<b>Label:</b> value<br/>`` entries of a FanFicFare title page (also its table layout)."""
    entries: dict[str, str] = {}
    for b in iter_elements(root):
        if tag_of(b) not in ("b", "strong"):
            continue
        label = inline_text(b)
        if not label.endswith(":"):
            continue
        pieces = [b.tail or ""]
        sib = b.getnext()
        while sib is not None and tag_of(sib) not in ("br", "b", "strong") and not (
            tag_of(sib) in BLOCK_TAGS and tag_of(sib) not in ("div", "p", "blockquote")
        ):
            pieces.append("".join(t for t in sib.itertext() if isinstance(t, str)))
            pieces.append(sib.tail or "")
            sib = sib.getnext()
        value = _WS.sub(" ", "".join(pieces)).strip()
        if not value:
            parent = b.getparent()
            if parent is not None and tag_of(parent) == "td":
                nxt = parent.getnext()
                if nxt is not None and tag_of(nxt) == "td":
                    value = inline_text(nxt)
        key = _label(label)
        if key and key not in entries:
            entries[key] = value
    return entries


def given_from_labels(entries: dict[str, str]) -> GivenTags | None:
    """GivenTags from FanFicFare title-page entries.

    FanFicFare calls the fandom "Category" and puts AO3's freeform tags (and, by default, AO3's
    categories) in "Genre"; "AO3 Categories" and "Fandoms" are used when present.
    """
    tags = GivenTags()
    has_fandoms = any(k in entries for k in ("fandom", "fandoms"))
    for key, value in entries.items():
        values = split_list(value)
        if key in ("category", "categories") and not has_fandoms:
            cats = [v for v in values if v in AO3_CATEGORIES]
            _put(tags, "categories", cats)
            _put(tags, "fandoms", [v for v in values if v not in AO3_CATEGORIES])
        elif key in ("genre", "genres"):
            _put(tags, "categories", [v for v in values if v in AO3_CATEGORIES])
            _put(tags, "freeform", [v for v in values if v not in AO3_CATEGORIES])
        elif key in ("words", "word count"):
            tags.words = parse_word_count(value)
        elif key in _LABELS:
            _put(tags, _LABELS[key], values)
    return None if tags.is_empty() else tags


def given_from_subjects(subjects: list[str]) -> GivenTags | None:
    """Classify a flat tag list (EPUB dc:subject) by AO3's fixed vocabularies; the rest is freeform."""
    tags = GivenTags()
    for s in subjects:
        s = s.strip()
        if not s or s == "Fanworks":
            continue
        if s in AO3_RATINGS:
            _put(tags, "rating", [s])
        elif s in AO3_WARNINGS:
            _put(tags, "warnings", [s])
        elif s in AO3_CATEGORIES:
            _put(tags, "categories", [s])
        else:
            _put(tags, "freeform", [s])
    return None if tags.is_empty() else tags
