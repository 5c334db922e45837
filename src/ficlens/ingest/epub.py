"""Read EPUBs: AO3 downloads, FanFicFare output and, as a fallback, any EPUB.

Read with zipfile and lxml directly (container.xml -> OPF -> metadata and spine), which copes with
broken files better than ebooklib. The text is built as for HTML: chapter heading lines and paragraphs
separated by "\\n\\n"; ``<hr>`` becomes a "* * *" line listed in ``work.scene_breaks``.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from ..errors import Errors, InputError, LimitError, Warnings
from . import _ao3, _given, _markup, _paragraphs
from ._build import TextBuilder
from .base import Work
from .limits import DEFAULT_LIMITS, CappedZip, Limits, check_markup, read_regular_file

_XHTML_TYPES = ("application/xhtml+xml", "text/html", "application/xml", "text/xml")
_NON_STORY = ("title_page", "toc_page", "log_page", "cover", "nav", "toc", "titlepage", "log")
_FFF_BODY_CLASSES = ("fff_titlepage", "fff_tocpage", "fff_logpage", "fff_coverpage")
_FFF_NOTE_CLASSES = ("fff_chapter_notes", "fff_head_notes", "fff_foot_notes")


class _Epub:
    def __init__(self, path: str, data: bytes, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.zip = CappedZip(path, data, limits, Errors.E007)
        self.names = self.zip.names

    def read(self, name: str) -> bytes:
        return self.zip.read(name)

    def read_optional(self, name: str) -> bytes | None:
        if name not in self.names:
            return None
        try:
            return self.read(name)
        except LimitError:
            raise
        except InputError:
            return None

    def xml(self, name: str):
        data = self.read(name)
        check_markup(data, f"{self.path}:{name}", self.limits, html=False)
        return _xml(data)


def _xml(data: bytes):
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is not None:
        _markup.strip_namespaces(root)
    return root


def _local(el) -> str | None:
    return _markup.tag_of(el)


def read_epub(path: str | Path, data: bytes | None = None, limits: Limits = DEFAULT_LIMITS) -> Work:
    """Read an EPUB.

    path (str | Path): the file, as given.
    data (bytes | None): its bytes when already read.
    RETURNS (Work): the work. Raises InputError E007 (not a readable EPUB) or E008 (no chapters).
    """
    if data is None:
        data = read_regular_file(path, limits)
    source = str(path)
    epub = _Epub(source, data, limits)
    if "META-INF/container.xml" not in epub.names:
        raise InputError(Errors.E007.format(path=source))
    container = epub.xml("META-INF/container.xml")
    opf_path = None
    if container is not None:
        for el in container.iter():
            if _local(el) == "rootfile" and el.get("full-path"):
                opf_path = el.get("full-path")
                break
    if not opf_path or opf_path not in epub.names:
        raise InputError(Errors.E007.format(path=source))
    opf = epub.xml(opf_path)
    if opf is None:
        raise InputError(Errors.E007.format(path=source))
    meta = _opf_metadata(opf)
    docs, warnings = _spine_documents(epub, opf, posixpath.dirname(opf_path))

    parsed = []
    for href, ident in docs:
        raw = epub.read_optional(href)
        if raw is None:
            continue
        parsed.append((ident, _markup.parse_xhtml(raw, f"{source}:{href}", limits)))

    if _is_fanficfare(meta, parsed):
        work = _read_fanficfare(source, meta, parsed)
    elif _is_ao3(meta, parsed):
        work = _read_ao3(source, meta, parsed)
    else:
        work = _read_generic(source, meta, parsed)
    work.warnings.extend(warnings)
    return work


def _opf_metadata(opf) -> dict:
    meta: dict = {"title": None, "creators": [], "language": None, "description": None, "subjects": [],
                  "publisher": None, "contributors": []}
    for el in opf.iter():
        tag = _local(el)
        text = _markup.inline_text(el) if tag else ""
        if tag == "title" and meta["title"] is None and text:
            meta["title"] = text
        elif tag == "creator" and text:
            meta["creators"].append(text)
        elif tag == "contributor" and text:
            meta["contributors"].append(text)
        elif tag == "language" and meta["language"] is None and text:
            meta["language"] = text
        elif tag == "description" and meta["description"] is None:
            raw = "".join(el.itertext()).strip()
            meta["description"] = raw or None
        elif tag == "subject" and text:
            meta["subjects"].append(text)
        elif tag == "publisher" and text:
            meta["publisher"] = text
    return meta


def _spine_documents(epub: _Epub, opf, base: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(zip path, "id href") of the spine's XHTML documents in order."""
    manifest: dict[str, tuple[str, str]] = {}
    order: list[str] = []
    spine_ids: list[str] = []
    for el in opf.iter():
        tag = _local(el)
        if tag == "item" and el.get("id") and el.get("href"):
            href = posixpath.normpath(posixpath.join(base, unquote(el.get("href").split("#")[0])))
            manifest[el.get("id")] = (href, el.get("media-type") or "")
            order.append(el.get("id"))
            if "nav" in (el.get("properties") or "").split():
                manifest[el.get("id")] = (href, "nav")
        elif tag == "itemref" and el.get("idref"):
            spine_ids.append(el.get("idref"))
    warnings: list[str] = []
    ids = [i for i in spine_ids if i in manifest and manifest[i][1] in _XHTML_TYPES]
    if not ids:
        ids = [i for i in order if manifest[i][1] in _XHTML_TYPES]
        if ids:
            warnings.append(Warnings.W003.format(path=epub.path))
    return [(manifest[i][0], f"{i} {manifest[i][0]}") for i in ids], warnings


def _body(root):
    body = _markup.find_first(root, "body")
    return body if body is not None else root


def _is_fanficfare(meta: dict, parsed) -> bool:
    if any("fanficfare" in c.lower() or "fanficdownloader" in c.lower() for c in meta["contributors"]):
        return True
    return any(_markup.has_class(_body(root), *_FFF_BODY_CLASSES, "fff_chapter") for _, root in parsed)


def _is_ao3(meta: dict, parsed) -> bool:
    if (meta["publisher"] or "").strip() == "Archive of Our Own":
        return True
    return any(_ao3.is_ao3(root) for _, root in parsed)


def _summary(description: str | None) -> str | None:
    if not description:
        return None
    if "<" in description and ">" in description:
        return _paragraphs.join_paragraphs(_paragraphs.parse_fragment(description)) or None
    return description.strip() or None


def _finish(source: str, meta: dict, builder: TextBuilder, **fields) -> Work:
    text = builder.text()
    if not text.strip() or (not builder.chapters and fields.pop("need_chapters", False)):
        raise InputError(Errors.E008.format(path=source))
    fields.pop("need_chapters", None)
    return Work(
        text=text,
        format="epub",
        source=source,
        chapters=builder.chapters,
        scene_breaks=builder.scene_breaks,
        italics=builder.italics,
        **fields,
    )


def _read_ao3(source: str, meta: dict, parsed) -> Work:
    # calibre splits AO3's single HTML file into several documents (the preface itself may be split):
    # put all bodies back together and read it as the HTML download.
    merged = etree.Element("html")
    body = etree.SubElement(merged, "body")
    for _, root in parsed:
        for child in list(_body(root)):
            body.append(child)
    info = _ao3.parse_ao3_preface(merged)
    builder = TextBuilder()
    _ao3.walk_ao3_chapters(body, builder)
    given = info["given"] or _given.given_from_subjects(meta["subjects"])
    return _finish(
        source,
        meta,
        builder,
        title=info["title"] or meta["title"],
        authors=info["authors"] or meta["creators"],
        summary=info["summary"] or _summary(meta["description"]),
        language=meta["language"] or info["language"],
        given=given,
    )


def _is_skipped_doc(ident: str, root) -> bool:
    name = posixpath.splitext(posixpath.basename(ident.split(" ", 1)[1]))[0].lower()
    item_id = ident.split(" ", 1)[0].lower()
    if name in _NON_STORY or item_id in _NON_STORY:
        return True
    return _markup.has_class(_body(root), *_FFF_BODY_CLASSES)


def _take_out_notes(body) -> list[str]:
    """Remove FanFicFare's ``fff_chapter_notes`` blocks (head notes, foot notes, chapter summaries) from a
    chapter body; return their text. Text after a removed block (its tail) stays in the chapter."""
    notes = []
    for el in [e for e in _markup.iter_elements(body) if _markup.has_class(e, *_FFF_NOTE_CLASSES)]:
        parent = el.getparent()
        if parent is None or any(_markup.has_class(a, *_FFF_NOTE_CLASSES) for a in _markup.ancestors(el)):
            continue  # the body itself, or inside a block already taken out
        text = _paragraphs.join_paragraphs(_paragraphs.blocks_of(el))
        if text.strip():
            notes.append(text)
        tail = el.tail
        prev = el.getprevious()
        parent.remove(el)
        if tail:
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
    return notes


def _read_fanficfare(source: str, meta: dict, parsed) -> Work:
    entries: dict[str, str] = {}
    builder = TextBuilder()
    notes: list[str] = []
    for ident, root in parsed:
        body = _body(root)
        if _markup.has_class(body, "fff_titlepage") or "title_page" in ident:
            entries.update(_given.parse_label_lines(body))
            continue
        if _is_skipped_doc(ident, root):
            continue
        notes.extend(_take_out_notes(body))
        _add_chapter_document(body, builder)
    given = _given.given_from_labels(entries) or _given.given_from_subjects(meta["subjects"])
    return _finish(
        source,
        meta,
        builder,
        outside_notes=notes,
        warnings=[Warnings.W002.format(path=source, count=len(notes))] if notes else [],
        need_chapters=True,
        title=meta["title"],
        authors=meta["creators"],
        summary=_summary(meta["description"]) or (entries.get("summary") or None),
        language=meta["language"] or _given.language_code(entries.get("language")),
        given=given,
    )


def _add_chapter_document(body, builder: TextBuilder) -> None:
    """One chapter per document: its first heading (h1-h3) before any text is the chapter title."""
    children = [c for c in body if _markup.tag_of(c) is not None]
    heading = None
    rest_start = 0
    for i, child in enumerate(children):
        tag = _markup.tag_of(child)
        if tag in ("h1", "h2", "h3"):
            heading = child
            rest_start = i + 1
            break
        if _paragraphs.blocks_of(child) or (body.text or "").strip():
            break
    if heading is None:
        blocks = _paragraphs.blocks_of(body)
        if not any(isinstance(b, str) for b in blocks):
            return
        builder.begin_chapter(None)
        builder.add_all(blocks)
        return
    builder.begin_chapter(_markup.inline_text(heading) or None)
    builder.add_all(_paragraphs.blocks_of_nodes(children[rest_start:], leading_text=heading.tail))


def _read_generic(source: str, meta: dict, parsed) -> Work:
    builder = TextBuilder()
    for ident, root in parsed:
        if _is_skipped_doc(ident, root):
            continue
        _add_chapter_document(_body(root), builder)
    return _finish(
        source,
        meta,
        builder,
        need_chapters=True,
        title=meta["title"],
        authors=meta["creators"],
        summary=_summary(meta["description"]),
        language=meta["language"],
        given=_given.given_from_subjects(meta["subjects"]) if meta["subjects"] else None,
    )
