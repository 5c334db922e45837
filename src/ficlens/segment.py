"""Chapters, paragraphs and scenes: where the story's units begin and end.

Scenes split at explicit break lines (``***``, ``xXx``, "Line Break", "Dean's POV", an HTML ``<hr>``) and at
gaps of blank lines wider than the text's usual paragraph gap.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .document import Paragraph
from .ingest.base import SourceChapter, Work
from .model import Chapter, Scene

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

BLANK_MARKER = "\n\n\n"
_MAX_BREAK_LINE = 60


@dataclass(frozen=True)
class BreakRules:
    symbols: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    pov_patterns: tuple[re.Pattern[str], ...]

    def is_break(self, line: str) -> bool:
        s = line.strip()
        if not s or len(s) > _MAX_BREAK_LINE:
            return False
        compact = s.replace(" ", "").replace("\t", "")
        if compact and all(ch in self.symbols for ch in compact):
            # "#", "§" alone are breaks; other symbols need repeating, so a lone "-" or "." is not.
            return len(compact) >= 2 or compact in {"#", "§", "*"}
        if any(p.fullmatch(s) for p in self.patterns):
            return True
        return self.is_pov_line(s)

    def is_pov_line(self, line: str) -> bool:
        s = line.strip()
        return bool(s) and len(s) <= _MAX_BREAK_LINE and any(p.fullmatch(s) for p in self.pov_patterns)


@lru_cache(maxsize=1)
def break_rules() -> BreakRules:
    raw = resources.files("ficlens").joinpath("data/scene_breaks.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    return BreakRules(
        symbols=frozenset(data["symbols"]),
        patterns=tuple(re.compile(p, re.IGNORECASE) for p in data["patterns"]),
        pov_patterns=tuple(re.compile(p) for p in data["pov_patterns"]),
    )


@dataclass
class _Block:
    start: int
    end: int
    gap_before: int  # blank lines between this block and the previous one (-1 for the first)


@dataclass
class Segmentation:
    chapters: list[Chapter]
    paragraphs: list[Paragraph]
    scenes: list[Scene]


def _chapter_ranges(work: Work) -> list[SourceChapter]:
    text = work.text
    n = len(text)
    if not work.chapters:
        return [SourceChapter(start=0, body_start=0, end=n, title=None)]
    chapters = sorted(work.chapters, key=lambda c: c.start)
    first = chapters[0]
    preamble = text[: first.start]
    # Text before the first heading is a chapter of its own only when it is story-sized, not a title line.
    if len(preamble.split()) > 50:
        chapters = [SourceChapter(start=0, body_start=0, end=first.start, title=None), *chapters]
    return chapters


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        out.append((pos, stop))
        pos = stop + 1
    return out


def _blocks(text: str, start: int, end: int) -> tuple[list[_Block], bool]:
    """Split a chapter body into blocks separated by blank lines; returns (blocks, line_mode).

    In line mode (a text with no blank lines between paragraphs) every non-empty line is a block and a single
    blank line counts as a gap of 2.
    """
    lines = _lines(text, start, end)
    nonblank = [(s, e) for s, e in lines if text[s:e].strip()]
    blank_count = len(lines) - len(nonblank)
    line_mode = len(nonblank) >= 8 and blank_count < len(nonblank) * 0.1
    blocks: list[_Block] = []
    gap = -1
    cur_start = cur_end = None
    for s, e in lines:
        if not text[s:e].strip():
            if cur_start is not None:
                blocks.append(_Block(cur_start, cur_end, gap))  # type: ignore[arg-type]
                cur_start = None
                gap = 0
            if gap >= 0:
                gap += 1
            continue
        if line_mode or cur_start is None:
            if cur_start is not None:
                blocks.append(_Block(cur_start, cur_end, gap))  # type: ignore[arg-type]
                gap = 0
            cur_start = s
        cur_end = e
        if line_mode:
            pass
    if cur_start is not None:
        blocks.append(_Block(cur_start, cur_end, gap))  # type: ignore[arg-type]
    if line_mode:
        for b in blocks[1:]:
            b.gap_before = b.gap_before + 1 if b.gap_before > 0 else 1
            if b.gap_before > 1:
                b.gap_before = 2
    # Trim leading/trailing whitespace inside each block so offsets cover the words.
    for b in blocks:
        seg = text[b.start : b.end]
        b.start += len(seg) - len(seg.lstrip())
        b.end -= len(seg) - len(seg.rstrip())
    return blocks, line_mode


def _usual_gap(blocks: list[_Block]) -> int:
    gaps = Counter(b.gap_before for b in blocks if b.gap_before > 0)
    if not gaps:
        return 1
    gap, count = gaps.most_common(1)[0]
    return gap


def _split_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut a paragraph longer than ``limit`` characters at sentence ends (or spaces) near the limit."""
    out = []
    pos = start
    while end - pos > limit:
        window = text[pos : pos + limit]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "), window.rfind("\n"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit - 1
        out.append((pos, pos + cut + 1))
        pos = pos + cut + 1
        while pos < end and text[pos].isspace():
            pos += 1
    if pos < end:
        out.append((pos, end))
    return out


def segment(work: Work, max_paragraph_chars: int = 20000) -> Segmentation:
    """Chapters, paragraphs and scenes of ``work``."""
    text = work.text
    rules = break_rules()
    structural = {(s, e): m for s, e, m in work.scene_breaks}
    structural_starts = {s: m for s, e, m in work.scene_breaks}
    chapters: list[Chapter] = []
    paragraphs: list[Paragraph] = []
    scenes: list[Scene] = []

    def open_scene(chapter: int, start: int, marker: str | None) -> None:
        if scenes and scenes[-1].end <= scenes[-1].start:
            scenes.pop()  # an empty scene (two breaks in a row): the later marker opens the next one
        scenes.append(Scene(index=len(scenes), chapter=chapter, start=start, end=start, break_marker=marker))

    for ci, src in enumerate(_chapter_ranges(work)):
        chapters.append(Chapter(index=ci, title=src.title, start=src.start, end=src.end))
        blocks, _line_mode = _blocks(text, src.body_start, src.end)
        usual = _usual_gap(blocks)
        open_scene(ci, src.body_start, src.title if ci > 0 or src.title else None)
        pending_marker: str | None = None
        for bi, b in enumerate(blocks):
            line = text[b.start : b.end]
            marker = structural.get((b.start, b.end)) or structural_starts.get(b.start)
            if marker is None and "\n" not in line and rules.is_break(line):
                marker = line.strip()
            if marker is not None:
                pending_marker = marker
                continue
            if pending_marker is None and bi > 0 and b.gap_before > usual and paragraphs:
                pending_marker = BLANK_MARKER
            if pending_marker is not None:
                if scenes[-1].end > scenes[-1].start:
                    open_scene(ci, b.start, pending_marker)
                else:
                    scenes[-1].break_marker = pending_marker
                    scenes[-1].start = b.start
                pending_marker = None
            for ps, pe in _split_long(text, b.start, b.end, max_paragraph_chars):
                paragraphs.append(Paragraph(len(paragraphs), ps, pe, ci, len(scenes) - 1))
                scenes[-1].end = pe
                if scenes[-1].start > ps:
                    scenes[-1].start = ps
    scenes = [s for s in scenes if s.end > s.start]
    renumber = {}
    for i, s in enumerate(scenes):
        renumber[s.index] = i
        s.index = i
    for p in paragraphs:
        p.scene = renumber.get(p.scene, p.scene)
    return Segmentation(chapters=chapters, paragraphs=paragraphs, scenes=scenes)
