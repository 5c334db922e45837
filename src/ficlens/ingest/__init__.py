"""Read a story file into a :class:`Work`: one reader per format, chosen by extension and by content.

>>> from ficlens.ingest import read
>>> work = read("story.epub")
>>> work.title, len(work.chapters)

Checks, in order: a missing path (E001), a directory (E002), an empty file (E003), a binary file (E004),
an unknown format (E005); a FIFO, device or socket (E110) and a file over the size limit (E111) are refused
before any read (ingest/limits.py). Files are opened read-only and never modified.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

from ..errors import Errors, InputError
from .base import GivenTags, SourceChapter, Work
from .docx import read_docx
from .epub import read_epub
from .fanficfare_meta import apply_sidecar
from .html import read_html
from .limits import DEFAULT_LIMITS, Limits, check_text_size, clean_text, read_regular_file
from .text import decode_text, has_unicode_bom, normalize_newlines, read_md, read_txt

__all__ = ["FORMATS", "EXTENSIONS", "GivenTags", "Limits", "SourceChapter", "Work", "read", "read_text_input",
           "sniff_format"]

FORMATS = ("txt", "md", "html", "epub", "docx")

EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".epub": "epub",
    ".docx": "docx",
}
_ZIP_FORMATS = ("epub", "docx")
_SNIFF_BYTES = 8192
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S
)
_OTHER_MAGIC = (b"%PDF", b"{\\rtf", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!",
                b"\x1f\x8b", b"7z\xbc\xaf")


def _formats_list() -> str:
    return ", ".join(sorted(EXTENSIONS))


def _zip_kind(data: bytes) -> str | None:
    """'epub', 'docx' or None for the bytes of a zip archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "META-INF/container.xml" in names:
                return "epub"
            if "mimetype" in names:
                try:
                    with zf.open("mimetype") as fh:  # at most a few bytes inflated (zip bombs)
                        if fh.read(64).strip() == b"application/epub+zip":
                            return "epub"
                except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, NotImplementedError,
                        RuntimeError, zlib.error):
                    pass
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError, zlib.error):
        pass
    # damaged archives: guess from the first entries' names
    head = data[:4096]
    if b"mimetypeapplication/epub+zip" in head or b"META-INF/" in head:
        return "epub"
    if b"word/" in head or b"[Content_Types].xml" in head:
        return "docx"
    return None


def looks_like_html(text: str) -> bool:
    """Whether decoded text is an HTML document."""
    head = text[:_SNIFF_BYTES]
    if _HTML_START.match(head):
        return True
    return bool(re.search(r"<html[\s>]", head, re.I)) and bool(re.search(r"<body[\s>]", text, re.I))


def _is_binary(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES]
    if has_unicode_bom(head):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(head) // 20)


def sniff_format(path: str | Path, data: bytes) -> str:
    """The format of a file from its extension and content (one of FORMATS); raises E004/E005."""
    ext = Path(path).suffix.lower()
    by_ext = EXTENSIONS.get(ext)
    if data[:2] == b"PK":
        kind = _zip_kind(data)
        if kind is not None:
            return kind
        if by_ext in _ZIP_FORMATS:
            return by_ext  # the reader reports the damaged archive
        raise InputError(Errors.E005.format(path=path, formats=_formats_list()))
    if by_ext in _ZIP_FORMATS:
        return by_ext  # not a zip: the reader raises E007 / E010
    if _is_binary(data):
        raise InputError(Errors.E004.format(path=path))
    if any(data.startswith(m) for m in _OTHER_MAGIC):
        raise InputError(Errors.E005.format(path=path, formats=_formats_list()))
    try:
        text, _ = decode_text(data[: _SNIFF_BYTES * 4], path)
    except InputError:
        text = data[: _SNIFF_BYTES * 4].decode("latin-1")
    if looks_like_html(text):
        return "html"
    if by_ext == "html" and not re.search(r"<[A-Za-z!/]", text):
        return "txt"  # an .html file without any markup
    if by_ext is not None:
        return by_ext
    if ext == "" or not re.fullmatch(r"\.[a-z][a-z0-9]{0,5}", ext):
        first = next((ln for ln in text.split("\n") if ln.strip()), "")
        return "md" if re.match(r" {0,3}#{1,2} \S", first) else "txt"
    raise InputError(Errors.E005.format(path=path, formats=_formats_list()))


_LIMITED = ("html", "epub", "docx")  # readers that take the markup and archive limits
_READERS: dict = {
    "txt": read_txt,
    "md": read_md,
    "html": read_html,
    "epub": read_epub,
    "docx": read_docx,
}


def read(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Work:
    """Read a story file.

    path (str | Path): the file (.txt, .md, .html, .epub, .docx; the content decides when the
        extension is missing or wrong). Regular files only (a symlink only to one); never a FIFO or device.
    limits (Limits): input limits (sizes, markup depth and elements); a file over one is refused, never
        read in part.
    RETURNS (Work): the work's plain text, chapters and the metadata the file carries.
    """
    data = read_regular_file(path, limits)
    if not data.strip():
        raise InputError(Errors.E003.format(path=path))
    if data[:2] != b"PK" and not _is_binary(data):
        try:
            text, _ = decode_text(data, path)
        except InputError:
            text = "x"
        if not text.strip():
            raise InputError(Errors.E003.format(path=path))
    fmt = sniff_format(path, data)
    work = _READERS[fmt](path, data, limits=limits) if fmt in _LIMITED else _READERS[fmt](path, data)
    return apply_sidecar(path, _checked(work, limits))


def _checked(work: Work, limits: Limits) -> Work:
    check_text_size(work.text, work.source, limits)
    work.text = clean_text(work.text, work.source, work.warnings)
    return work


def read_text_input(text: str, source: str = "<text>", limits: Limits = DEFAULT_LIMITS) -> Work:
    """Read a story given as a string (the API's input): HTML when it is an HTML document, else plain
    text (line ends turned into LF, a BOM removed). NULs and lone surrogates become U+FFFD (W102).

    text (str): the story.
    source (str): a name for it in the Work and in messages.
    limits (Limits): as for :func:`read`.
    """
    if not text.strip():
        raise InputError(Errors.E003.format(path=source))
    check_text_size(text, source, limits)
    if looks_like_html(text):
        warnings: list[str] = []  # NULs and surrogates out before lxml sees the markup (it refuses them)
        work = read_html(source, clean_text(text, source, warnings), limits=limits)
        work.warnings[:0] = warnings
        return _checked(work, limits)
    return _checked(read_txt(source, text=normalize_newlines(text)), limits)
