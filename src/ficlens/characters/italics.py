"""Italic (and bold) spans of plain text: ``*thought*``, ``_text message_``, ``**Sender:**``.

Fan fiction sets thoughts, text messages and remembered speech in italics. A name inside them is not the
narration naming someone in the third person (``*Watson, stay with me*`` is remembered speech), which matters
when the first-person narrator is named by what the others call them.
"""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["ItalicSpans"]

_SPAN = re.compile(r"(?<![\w*])(\*{1,2}|_{1,2})(?=\S)([^\n]+?)(?<=\S)\1(?![\w*])")


class ItalicSpans:
    """The emphasised spans of a text (offsets into it), asked by offset."""

    def __init__(self, text: str) -> None:
        spans = [(m.start(), m.end()) for m in _SPAN.finditer(text)]
        self._starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]

    def __contains__(self, offset: int) -> bool:
        k = bisect_right(self._starts, offset) - 1
        return k >= 0 and offset < self._ends[k]

    def __len__(self) -> int:
        return len(self._starts)
