"""Build a work's plain text from paragraphs, keeping the offsets of chapters and scene breaks.

Readers of structured formats (HTML, EPUB, DOCX) turn their input into a stream of blocks and feed
it to a :class:`TextBuilder`:

- a ``str`` is a paragraph (it may hold single "\\n" from line breaks);
- :data:`BLANK` is an empty paragraph between paragraphs (``<p>&nbsp;</p>``, an empty DOCX paragraph):
  it is written as an extra blank line, so the text has "\\n\\n\\n\\n" there;
- :data:`HR` is a structural scene break (``<hr>``): written as a "* * *" line and listed in
  ``scene_breaks`` with the marker "<hr>".

Paragraphs are separated by "\\n\\n". Blank paragraphs at the start or end of a chapter are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from .base import SourceChapter

SCENE_BREAK_TEXT = "* * *"
# Readers mark italic runs inside a paragraph string with these private-use characters; the builder removes
# them and records the spans in ``italics``.
ITALIC_ON = "\ue000"
ITALIC_OFF = "\ue001"


def strip_italics(s: str) -> tuple[str, list[tuple[int, int]]]:
    """The string without italic markers, and the (start, end) of each italic run in it (empty runs dropped)."""
    if ITALIC_ON not in s and ITALIC_OFF not in s:
        return s, []
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    depth = 0
    start = 0
    for ch in s:
        if ch == ITALIC_ON:
            if depth == 0:
                start = pos
            depth += 1
        elif ch == ITALIC_OFF:
            if depth > 0:
                depth -= 1
                if depth == 0 and pos > start:
                    spans.append((start, pos))
        else:
            out.append(ch)
            pos += 1
    if depth > 0 and pos > start:
        spans.append((start, pos))
    return "".join(out), spans


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


BLANK = _Marker("BLANK")
HR = _Marker("HR")

Block = str | _Marker


class TextBuilder:
    """Accumulate paragraphs into one text.

    scene_break_marker (str): the marker recorded for :data:`HR` blocks.
    """

    def __init__(self, scene_break_marker: str = "<hr>") -> None:
        self._parts: list[str] = []
        self._len = 0
        self._blank = False
        self._marker = scene_break_marker
        self.scene_breaks: list[tuple[int, int, str]] = []
        self.italics: list[tuple[int, int]] = []
        self.chapters: list[SourceChapter] = []
        # the open chapter: [start, body_start, title]; start/body_start None until known
        self._open: list | None = None
        self._open_has_body = False

    # -- low level -------------------------------------------------------------------------------
    def _append(self, s: str) -> tuple[int, int]:
        s, italic = strip_italics(s)
        if self._len:
            sep = "\n\n\n\n" if self._blank else "\n\n"
            self._parts.append(sep)
            self._len += len(sep)
        self._blank = False
        start = self._len
        self._parts.append(s)
        self._len += len(s)
        self.italics.extend((start + a, start + b) for a, b in italic)
        return start, self._len

    def _body(self, s: str) -> tuple[int, int]:
        start, end = self._append(s)
        if self._open is not None:
            if self._open[0] is None:
                self._open[0] = start
            if self._open[1] is None:
                self._open[1] = start
        self._open_has_body = True
        return start, end

    # -- public ----------------------------------------------------------------------------------
    @property
    def length(self) -> int:
        return self._len

    def add(self, block: Block) -> None:
        """Add one block (a paragraph string, BLANK or HR)."""
        if block is BLANK:
            if self._len and (self._open is None or self._open_has_body):
                self._blank = True
        elif block is HR:
            start, end = self._body(SCENE_BREAK_TEXT)
            self.scene_breaks.append((start, end, self._marker))
        elif isinstance(block, str):
            if strip_italics(block)[0].strip():
                self._body(block)
            else:
                self.add(BLANK)

    def add_all(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            self.add(block)

    def begin_chapter(self, title: str | None) -> None:
        """Close the open chapter (if any) and start a new one; a title is written as its heading line."""
        self.end_chapter()
        self._blank = False
        self._open_has_body = False
        if title:
            start, end = self._append(title)
            self._open = [start, None, title]
        else:
            self._open = [None, None, None]

    def end_chapter(self) -> None:
        if self._open is None:
            return
        start, body_start, title = self._open
        end = self._len
        if start is None:  # untitled chapter with no text at all: nothing to record
            self._open = None
            return
        if body_start is None:
            body_start = end
        self.chapters.append(SourceChapter(start=start, body_start=body_start, end=end, title=title))
        self._open = None
        self._blank = False

    def text(self) -> str:
        self.end_chapter()
        return "".join(self._parts)
