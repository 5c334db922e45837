"""Read plain text (.txt) and Markdown (.md).

The work's text is the file decoded (a BOM removed, CRLF and CR turned into LF) with no other change,
so offsets into it are offsets into the file's decoded text. Chapters are found from heading lines.
"""

from __future__ import annotations

import codecs
import re
import threading
from pathlib import Path

from ..errors import Errors, InputError, Warnings
from .base import GivenTags, SourceChapter, Work

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_C1 = re.compile("[\u0080-\u009f]")


def has_unicode_bom(data: bytes) -> bool:
    """Whether data starts with a UTF-8/16/32 byte order mark."""
    return any(data.startswith(bom) for bom, _ in _BOMS)


_CONTEXT = threading.local()


def _count_replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    found = getattr(_CONTEXT, "errors", None)
    if found is not None:
        found.append(exc.start)
    return "\ufffd", exc.end


codecs.register_error("ficlens-count-replace", _count_replace)


def _utf8_with_replacements(data: bytes) -> tuple[str, list[int]]:
    """UTF-8 with each invalid byte sequence replaced by U+FFFD; also the byte offsets of those sequences."""
    _CONTEXT.errors = []
    try:
        text = data.decode("utf-8", "ficlens-count-replace")
        return text, _CONTEXT.errors
    finally:
        _CONTEXT.errors = None


def decode_text(data: bytes, path: str | Path = "<text>") -> tuple[str, list[str]]:
    """Decode a text file's bytes.

    UTF-8, UTF-8/16/32 with a BOM. A file that is UTF-8 but for a few bad bytes (more valid multi-byte
    characters than invalid sequences) is read as UTF-8 with U+FFFD for each bad sequence and a W101 warning
    saying how many and where. Otherwise Windows-1252 with a W001 warning; Latin-1 would decode anything, so
    it is only accepted when the result has no C1 control characters; else E006.
    RETURNS (tuple[str, list[str]]): the text with the BOM removed and line ends turned into LF, and the
        warnings.
    """
    warnings: list[str] = []
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise InputError(Errors.E006.format(path=path)) from None
            break
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _mostly_utf8(data, path, warnings)
    if text is None:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            if _C1.search(text):
                raise InputError(Errors.E006.format(path=path)) from None
        warnings.append(Warnings.W001.format(path=path))
    return normalize_newlines(text), warnings


def _mostly_utf8(data: bytes, path: str | Path, warnings: list[str]) -> str | None:
    """The text when ``data`` is UTF-8 as a whole with a few invalid sequences, else None."""
    text, errors = _utf8_with_replacements(data)
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    valid_multibyte = non_ascii - len(errors)
    if valid_multibyte <= len(errors):
        return None
    where = ", ".join(str(e) for e in errors[:5]) + (", …" if len(errors) > 5 else "")
    warnings.append(Warnings.W101.format(path=path, count=len(errors), where=where))
    return text


def normalize_newlines(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- chapters in plain text --------------------------------------------------------------------------

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NUMBER_WORD = rf"(?:(?:{_TENS})(?:[- ](?:{_UNITS}))?|{_TEENS}|{_UNITS}|hundred)"
_ROMAN = r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_NUMBER = rf"(?:\d{{1,4}}|{_ROMAN}|{_NUMBER_WORD})"
_SUBTITLE = r"(?:\s*[:.\-\u2013\u2014]\s*\S.*|\s+\(.*\))?"
CHAPTER_HEADING = re.compile(
    rf"(?:chapter|ch\.)\s*{_NUMBER}\b{_SUBTITLE}|(?:prologue|epilogue|interlude){_SUBTITLE}",
    re.IGNORECASE,
)
_MAX_HEADING = 100


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without its newline) for every line."""
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _chapters_from_headings(text: str, headings: list[tuple[int, int, str]]) -> list[SourceChapter]:
    """Chapters from (line start, line end, title) headings: each runs to the next heading."""
    chapters = []
    for i, (start, line_end, title) in enumerate(headings):
        limit = headings[i + 1][0] if i + 1 < len(headings) else len(text)
        segment = text[line_end:limit]
        stripped = segment.rstrip()
        end = line_end + len(stripped)
        lead = len(stripped) - len(stripped.lstrip())
        body_start = line_end + lead if stripped.strip() else end
        chapters.append(SourceChapter(start=start, body_start=body_start, end=end, title=title))
    return chapters


def find_text_chapters(text: str, first_line: int = 0) -> list[SourceChapter]:
    """Chapter heading lines ("Chapter 1", "Chapter One: Title", "CHAPTER IV", "Prologue", ...) standing
    alone between blank lines (or the start/end of the text)."""
    lines = _lines(text)
    headings = []
    for i, (pos, line) in enumerate(lines):
        if i < first_line:
            continue
        s = line.strip()
        if not s or len(s) > _MAX_HEADING or not CHAPTER_HEADING.fullmatch(s):
            continue
        before_blank = i == 0 or not lines[i - 1][1].strip()
        after_blank = i + 1 >= len(lines) or not lines[i + 1][1].strip()
        if before_blank and after_blank:
            start = pos + (len(line) - len(line.lstrip()))
            headings.append((start, pos + len(line.rstrip()), s))
    return _chapters_from_headings(text, headings)


# -- "Title: ..." header block -----------------------------------------------------------------------

_HEADER_KEYS = {
    "title": "title", "author": "authors", "authors": "authors", "by": "authors", "writer": "authors",
    "summary": "summary", "language": "language",
    "rating": "rating", "fandom": "fandoms", "fandoms": "fandoms",
    "relationship": "relationships", "relationships": "relationships", "pairing": "relationships",
    "pairings": "relationships", "character": "characters", "characters": "characters",
    "warning": "warnings", "warnings": "warnings", "archive warning": "warnings",
    "archive warnings": "warnings", "category": "categories", "categories": "categories",
    "additional tags": "freeform", "tags": "freeform", "words": "words", "word count": "words",
}
_HEADER_LINE = re.compile(r"\s*([A-Za-z][A-Za-z ]{0,20}?)\s*:\s*(.*?)\s*")


def parse_header(text: str) -> tuple[dict, int, int]:
    """A block of "Key: value" lines at the top of a text file ("Title:", "Author:", ...).

    RETURNS (tuple[dict, int, int]): the fields, the end offset of the block (0 when there is none) and
        the number of lines it takes.
    """
    fields: dict = {}
    lines = _lines(text)
    end = 0
    n = 0
    blank = 0
    for i, (pos, line) in enumerate(lines):
        if not line.strip():
            # a blank line or two may stand between the fields ("Title: ...", "", "Author: ..."); the block
            # ends at the first line after it that is no field
            blank += 1
            if fields and blank > 2:
                break
            continue
        blank = 0
        m = _HEADER_LINE.fullmatch(line)
        if not m or m.group(1).lower() not in _HEADER_KEYS:
            break
        key = _HEADER_KEYS[m.group(1).lower()]
        fields.setdefault(key, m.group(2))
        end = pos + len(line.rstrip())
        n = i + 1
    if "title" not in fields and "authors" not in fields:
        return {}, 0, 0
    return fields, end, n


def _given_from_header(fields: dict) -> GivenTags | None:
    given = GivenTags()
    for key, value in fields.items():
        if key == "rating":
            given.rating = value or None
        elif key == "words":
            digits = re.sub(r"\D", "", value)
            given.words = int(digits) if digits else None
        elif key in ("fandoms", "relationships", "characters", "warnings", "categories", "freeform"):
            getattr(given, key).extend(v.strip() for v in value.split(",") if v.strip())
    return None if given.is_empty() else given


def _split_authors(value: str) -> list[str]:
    return [a.strip() for a in re.split(r",|;|\s+&\s+|\s+and\s+", value) if a.strip()]


def read_txt(path: str | Path, data: bytes | None = None, text: str | None = None) -> Work:
    """Read a plain-text story.

    path (str | Path): the file as given.
    data (bytes | None): its bytes when already read.
    text (str | None): already decoded text (the API's string input); data is then ignored.
    """
    warnings: list[str] = []
    if text is None:
        if data is None:
            with open(path, "rb") as f:
                data = f.read()
        text, warnings = decode_text(data, path)
    else:
        text = normalize_newlines(text)
    if not text.strip():
        raise InputError(Errors.E003.format(path=path))
    fields, header_end, header_lines = parse_header(text)
    work = Work(text=text, format="txt", source=str(path), warnings=warnings)
    if fields:
        work.title = fields.get("title") or None
        work.authors = _split_authors(fields.get("authors", ""))
        work.summary = fields.get("summary") or None
        work.language = fields.get("language") or None
        work.given = _given_from_header(fields)
        work.notes.append((0, header_end))
    work.chapters = find_text_chapters(text, first_line=header_lines)
    if work.title is None and work.chapters:
        work.title = _title_line(text[header_end if fields else 0 : work.chapters[0].start])
    return work


def _title_line(preamble: str) -> str | None:
    """The title of a story whose text starts with one short line before its first chapter heading."""
    lines = [ln.strip() for ln in preamble.strip().splitlines() if ln.strip()]
    if len(lines) != 1:
        return None
    line = lines[0].strip("#*_ \t")
    if not line or len(line.split()) > 15 or line[-1] in ".,;:" or line[0] in "\"“‘'":
        return None
    return line


# -- Markdown ----------------------------------------------------------------------------------------

_ATX = re.compile(r" {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")
_FENCE = re.compile(r" {0,3}(```|~~~)")
# *emphasis* or _emphasis_ (not **strong**, not snake_case words): the span is the words inside the marks
_MD_EMPHASIS = re.compile(r"(?<![*\w])([*_])(?![*_\s])([^*_\n]+?)(?<![\s*_])\1(?![*_\w])")
_BYLINE = re.compile(r"\s*[*_]{0,2}\s*(?:by|author:)\s+(.+?)\s*[*_]{0,2}\s*", re.IGNORECASE)


def _md_headings(text: str) -> list[tuple[int, int, int, str]]:
    """(level, line start, line end, heading text) of ATX headings outside fenced code."""
    out = []
    fenced = False
    for pos, line in _lines(text):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        m = _ATX.fullmatch(line)
        if m and m.group(2).strip():
            out.append((len(m.group(1)), pos, pos + len(line.rstrip()), m.group(2).strip()))
    return out


def read_md(path: str | Path, data: bytes | None = None) -> Work:
    """Read a Markdown story. A lone level-1 heading at the top is the title; later level-1 and level-2
    headings start chapters. The text is the decoded file, markup included."""
    if data is None:
        with open(path, "rb") as f:
            data = f.read()
    text, warnings = decode_text(data, path)
    if not text.strip():
        raise InputError(Errors.E003.format(path=path))
    work = Work(text=text, format="md", source=str(path), warnings=warnings)
    headings = _md_headings(text)
    first_line_start = len(text) - len(text.lstrip())
    title_heading = None
    if headings and headings[0][0] == 1 and headings[0][1] == first_line_start:
        others_h1 = [h for h in headings[1:] if h[0] == 1]
        between = text[headings[0][2] : headings[1][1]] if len(headings) > 1 else text[headings[0][2] :]
        lines_between = [ln for ln in between.split("\n") if ln.strip()]
        only_byline = all(_BYLINE.fullmatch(ln) for ln in lines_between)
        if not others_h1 or only_byline:
            title_heading = headings[0]
    chapter_headings = [h for h in headings if h is not title_heading and h[0] <= 2]
    if title_heading is not None:
        work.title = title_heading[3]
        # a "by Author" line right under the title
        rest = text[title_heading[2] :].lstrip("\n")
        first = rest.split("\n", 1)[0]
        m = _BYLINE.fullmatch(first) if first.strip() else None
        if m:
            work.authors = _split_authors(m.group(1).strip("*_ "))
    work.chapters = _chapters_from_headings(text, [(s, e, t) for _, s, e, t in chapter_headings])
    work.italics = [(m.start(2), m.end(2)) for m in _MD_EMPHASIS.finditer(text)]
    return work
