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
_QUOTE_CHARS = frozenset("\"“”«»„")
_SPEECH_PUNCT = frozenset("?!,;")
_TRAILING = ".,:;!?…"


def _strip_decoration(s: str) -> str:
    """The line without leading/trailing symbols and spaces: "~Line Break~" -> "Line Break"."""
    i, j = 0, len(s)
    while i < j and not (s[i].isalnum() or s[i] in _QUOTE_CHARS):
        i += 1
    while j > i and not (s[j - 1].isalnum() or s[j - 1] in _QUOTE_CHARS or s[j - 1] == "'"):
        j -= 1
    return s[i:j]


@dataclass(frozen=True)
class BreakRules:
    """What a scene-break line looks like (``data/scene_breaks.toml``, ``data/lexicons/time_skips.txt``)."""

    symbols: frozenset[str]
    not_single: frozenset[str]
    min_dots: int
    patterns: tuple[re.Pattern[str], ...]
    pov_patterns: tuple[re.Pattern[str], ...]
    time_skips: tuple[re.Pattern[str], ...]
    not_names: frozenset[str]
    section_number: re.Pattern[str]

    def is_symbol_line(self, s: str) -> bool:
        compact = "".join(s.split())
        if not compact or any(ch.isalnum() or ch in _QUOTE_CHARS for ch in compact):
            return False
        if all(ch in _SPEECH_PUNCT or ch in ".…" for ch in compact):
            # "?!", "...": a silent reaction, not a break, unless a long run of dots
            return all(ch == "." for ch in compact) and len(compact) >= self.min_dots
        return len(compact) >= 2 or compact not in self.not_single

    def classify(self, line: str) -> str | None:
        """"break" (a break line, not story text), "pov" (a POV header), "time" (a time-skip line that is
        story text but opens a scene) or None."""
        s = line.strip()
        if not s or len(s) > _MAX_BREAK_LINE or "\n" in s:
            return None
        if self.is_symbol_line(s):
            return "break"
        if any(ch in _QUOTE_CHARS for ch in s):
            return None
        core = _strip_decoration(s)
        if any(p.fullmatch(s) or p.fullmatch(core) for p in self.patterns) or self.section_number.fullmatch(s):
            return "break"
        if self._pov_match(s) is not None:
            return "pov"
        if self.is_time_skip(s):
            return "time"
        return None

    def is_break(self, line: str) -> bool:
        """Whether ``line`` is a break line (symbols, "Line Break", a POV header); time skips excluded."""
        return self.classify(line) in ("break", "pov")

    def is_time_skip(self, line: str) -> bool:
        core = _strip_decoration(line.strip()).rstrip(_TRAILING).strip()
        return bool(core) and len(core.split()) <= 8 and any(p.fullmatch(core) for p in self.time_skips)

    def _pov_match(self, s: str) -> re.Match[str] | None:
        if not s or len(s) > _MAX_BREAK_LINE or any(ch in _QUOTE_CHARS for ch in s):
            return None
        for p in self.pov_patterns:
            m = p.fullmatch(s)
            if m is None:
                continue
            name = m.group("name").lower().split()
            if self.is_time_skip(m.group("name")):
                continue
            # "(Flashback)", "~Later~" are not headers; "Normal POV" is (with no name) when it says POV
            if all(w in self.not_names for w in name) and "pov" not in s.lower().replace(".", ""):
                continue
            return m
        return None

    def pov_name(self, line: str) -> str | None:
        """The name a POV header line gives ("Dean's POV" -> "Dean"; "Normal POV" -> None), else None."""
        m = self._pov_match(line.strip())
        if m is None:
            return None
        name = m.group("name").strip(" .-'’")
        for suffix in ("'s", "’s", "'", "’"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
        words = name.lower().split()
        if not words or all(w in self.not_names for w in words):
            return None
        return name

    def is_pov_line(self, line: str) -> bool:
        """Whether ``line`` is a POV header ("Dean's POV", "~Castiel~", "Normal POV")."""
        return self._pov_match(line.strip()) is not None


def _time_skip_patterns(raw: str, numbers: frozenset[str]) -> tuple[re.Pattern[str], ...]:
    num = "(?:\\d+|" + "|".join(sorted((re.escape(n) for n in numbers), key=len, reverse=True)) + ")"
    out = []
    for line in raw.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        out.append(re.compile(line.replace("NUM", num), re.IGNORECASE))
    return tuple(out)


@lru_cache(maxsize=1)
def break_rules() -> BreakRules:
    from .lexicons import wordlist

    pkg = resources.files("ficlens")
    data = tomllib.loads(pkg.joinpath("data/scene_breaks.toml").read_text(encoding="utf-8"))
    skips = pkg.joinpath("data/lexicons/time_skips.txt").read_text(encoding="utf-8")
    return BreakRules(
        symbols=frozenset(data["symbols"]),
        not_single=frozenset(data.get("not_single", "-.")),
        min_dots=int(data.get("min_dots", 4)),
        patterns=tuple(re.compile(p, re.IGNORECASE) for p in data["patterns"]),
        pov_patterns=tuple(re.compile(p) for p in data["pov_patterns"]),
        time_skips=_time_skip_patterns(skips, wordlist("data/lexicons/number_words.txt")),
        not_names=wordlist("data/lexicons/pov_not_names.txt"),
        section_number=re.compile(data["section_number"]),
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


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Whether the lines are a hard-wrapped text's (paragraphs of many lines, set apart by blank lines): most
    lines followed by another line stop mid-sentence. A chapter of long paragraphs has few blank lines, yet its
    lines are not paragraphs ("said Marilla," at a line's end tags the quote on the line before)."""
    inner = mid = 0
    for (s, e), (s2, e2) in zip(lines, lines[1:], strict=False):
        line = text[s:e].rstrip()
        if not line or not text[s2:e2].strip():
            continue
        inner += 1
        mid += line[-1].isalnum() or line[-1] in ",;-"
    return inner > 0 and mid >= inner * 0.5


def _blocks(text: str, start: int, end: int) -> tuple[list[_Block], bool]:
    """Split a chapter body into blocks separated by blank lines; returns (blocks, line_mode).

    In line mode (a text with no blank lines between paragraphs, not hard-wrapped) every non-empty line is a block
    and a single blank line counts as a gap of 2.
    """
    lines = _lines(text, start, end)
    nonblank = [(s, e) for s, e in lines if text[s:e].strip()]
    blank_count = len(lines) - len(nonblank)
    line_mode = (
        len(nonblank) >= 8 and blank_count < len(nonblank) * 0.1
        and not (blank_count and _hard_wrapped(text, lines))
    )
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
    """The text's ordinary paragraph gap in blank lines: the most common one (the smaller on a tie)."""
    gaps = Counter(b.gap_before for b in blocks if b.gap_before > 0)
    if not gaps:
        return 1
    top = max(gaps.values())
    return min(g for g, n in gaps.items() if n == top)


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
    """Chapters, paragraphs and scenes of ``work``.

    A scene opens at a chapter start, after a break line (symbols, "Line Break", a POV header such as
    "Dean's POV", an HTML ``<hr>`` listed in ``work.scene_breaks``), at a time-skip line ("Three weeks later",
    kept as story text), and at a gap of blank lines wider than the text's usual gap between paragraphs (the
    usual gap is measured over the whole work, so a text with two blank lines everywhere breaks only at three).
    ``break_marker`` is the first marker that opened the scene.
    """
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

    sources = _chapter_ranges(work)
    chapter_blocks = [_blocks(text, src.body_start, src.end)[0] for src in sources]
    usual = _usual_gap([b for blocks in chapter_blocks for b in blocks])
    for ci, (src, blocks) in enumerate(zip(sources, chapter_blocks, strict=True)):
        chapters.append(Chapter(index=ci, title=src.title, start=src.start, end=src.end))
        open_scene(ci, src.body_start, src.title if ci > 0 or src.title else None)
        pending_marker: str | None = None
        for bi, b in enumerate(blocks):
            line = text[b.start : b.end]
            marker = structural.get((b.start, b.end)) or structural_starts.get(b.start)
            kind = None if marker is not None else rules.classify(line)
            if kind in ("break", "pov"):
                marker = line.strip()
            if marker is not None:
                pending_marker = pending_marker or marker
                continue
            if pending_marker is None and bi > 0 and b.gap_before > usual and paragraphs:
                pending_marker = BLANK_MARKER
            if pending_marker is None and kind == "time":
                pending_marker = line.strip()
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


def header_lines(text: str, start: int, end: int) -> list[str]:
    """The non-empty lines of ``text[start:end]`` (the gap before a scene: its break and POV lines)."""
    return [ln.strip() for ln in text[start:end].split("\n") if ln.strip()]
