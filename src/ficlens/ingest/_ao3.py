"""AO3 downloads (HTML, and the XHTML of AO3 EPUBs): telling one apart, the preface (title, authors, summary,
language, tags) and the chapters."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ._build import Block, TextBuilder
from ._given import _LABELS, _label, _put, language_code, parse_word_count, split_list
from ._markup import ancestors, classes, find_first, find_id, has_class, inline_text, iter_elements, tag_of
from ._paragraphs import BLOCK_TAGS, _flush, blocks_of, join_paragraphs, visit
from .base import GivenTags


def _dd_values(dd) -> list[str]:
    links = [inline_text(a) for a in iter_elements(dd, "a")]
    links = [v for v in links if v]
    if links:
        return links
    return split_list(inline_text(dd))


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
