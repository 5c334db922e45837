"""Read AO3 HTML downloads (and FanFicFare's HTML output).

The text is built from the chapters only: each chapter's heading line ("Chapter 1: Title") and then its
paragraphs, separated by "\\n\\n". The preface (tags, summary, notes), chapter notes, end notes and the
afterword are left out. ``<hr>`` becomes a "* * *" line listed in ``work.scene_breaks``.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Errors, InputError
from . import _ao3, _given, _markup, _paragraphs
from ._build import TextBuilder
from .base import Work
from .limits import DEFAULT_LIMITS, Limits, read_regular_file


def read_html(path: str | Path, data: bytes | str | None = None, limits: Limits = DEFAULT_LIMITS) -> Work:
    """Read an HTML file (AO3 download or FanFicFare HTML).

    path (str | Path): the file, as given (also used in messages).
    data (bytes | str | None): the file's content when already read.
    RETURNS (Work): the work. Raises InputError E009 when the HTML is not a fan-fiction download.
    """
    if data is None:
        data = read_regular_file(path, limits)
    root = _markup.parse_html(data, str(path), limits)
    if _ao3.is_ao3(root):
        return _read_ao3(root, str(path))
    work = _read_fanficfare(root, str(path))
    if work is not None:
        return work
    raise InputError(Errors.E009.format(path=path))


def _read_ao3(root, source: str) -> Work:
    info = _ao3.parse_ao3_preface(root)
    builder = TextBuilder()
    containers = [el for el in _markup.iter_elements(root) if el.get("id") == "chapters"]
    if containers:
        for c in containers:
            _ao3.walk_ao3_chapters(c, builder)
    else:
        body = _markup.find_first(root, "body")
        _ao3.walk_ao3_chapters(body if body is not None else root, builder)
    text = builder.text()
    if not text.strip():
        raise InputError(Errors.E012.format(path=source))
    if not info["language"]:
        info["language"] = root.get("lang") or None
    return Work(
        text=text,
        format="html",
        source=source,
        title=info["title"],
        authors=info["authors"],
        summary=info["summary"],
        language=info["language"],
        chapters=builder.chapters,
        scene_breaks=builder.scene_breaks,
        italics=builder.italics,
        given=info["given"],
    )


_FFF_HEADINGS = ("h2", "h3")


def _read_fanficfare(root, source: str) -> Work | None:
    """FanFicFare's HTML: an <h1> "Title by Author", ``<b>Label:</b> value<br/>`` lines, then chapters
    each under an <h2> (or <h3>) heading. Returns None when the page does not have that shape."""
    body = _markup.find_first(root, "body")
    if body is None:
        return None
    entries = _given.parse_label_lines(body)
    known = sum(1 for k in entries if k in ("rating", "category", "characters", "words", "genre", "status",
                                            "relationships", "fandoms", "warnings", "summary"))
    headings = [h for h in _markup.iter_elements(body) if _markup.tag_of(h) in _FFF_HEADINGS]
    if known < 2 or not headings:
        return None
    builder = TextBuilder()
    heading_tag = _markup.tag_of(headings[0])
    started = False
    pending: list = []
    for child in body:
        tag = _markup.tag_of(child)
        if tag == heading_tag:
            if started:
                builder.add_all(_paragraphs.blocks_of_nodes(pending))
            pending = []
            started = True
            builder.begin_chapter(_markup.inline_text(child) or None)
        elif started:
            pending.append(child)
    if started:
        builder.add_all(_paragraphs.blocks_of_nodes(pending))
    text = builder.text()
    if not text.strip():
        return None
    title = None
    authors: list[str] = []
    h1 = _markup.find_first(body, "h1")
    if h1 is not None:
        links = [_markup.inline_text(a) for a in _markup.iter_elements(h1, "a")]
        if links:
            title, authors = links[0], links[1:]
        else:
            title = _markup.inline_text(h1)
    return Work(
        text=text,
        format="html",
        source=source,
        title=title,
        authors=authors,
        summary=entries.get("summary") or None,
        language=_given.language_code(entries.get("language")),
        chapters=builder.chapters,
        scene_breaks=builder.scene_breaks,
        italics=builder.italics,
        given=_given.given_from_labels(entries),
    )
