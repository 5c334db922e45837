"""Read Word documents (.docx) with python-docx.

Paragraphs are separated by "\\n\\n"; Heading 1/Heading 2 paragraphs start chapters; a Title paragraph
before any text gives the work's title (and is not part of the text). Empty paragraphs between text
become an extra blank line, as in HTML. Scene-break paragraphs ("***", "~~~", "#") stay as text lines.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ..errors import Errors, InputError
from ._build import BLANK, ITALIC_OFF, ITALIC_ON, TextBuilder
from .base import Work
from .limits import DEFAULT_LIMITS, CappedZip, Limits, check_markup, read_regular_file

_HEADING = re.compile(r"heading\s*([12])", re.IGNORECASE)


def _style_name(paragraph) -> str:
    try:
        style = paragraph.style
    except (KeyError, ValueError, AttributeError):
        return ""
    return (style.name or "") if style is not None else ""


def _with_italics(paragraph, text: str) -> str:
    """The paragraph's text with its italic runs marked (or the plain text when runs do not add up to it)."""
    runs = list(paragraph.runs)
    if not any(r.italic for r in runs) or "".join(r.text for r in runs).replace("\r", "\n").strip() != text:
        return text
    parts = []
    for r in runs:
        t = r.text.replace("\r", "\n")
        parts.append(f"{ITALIC_ON}{t}{ITALIC_OFF}" if r.italic and t.strip() else t)
    return "".join(parts).strip()


def read_docx(path: str | Path, data: bytes | None = None, limits: Limits = DEFAULT_LIMITS) -> Work:
    """Read a .docx file.

    path (str | Path): the file, as given.
    data (bytes | None): its bytes when already read.
    RETURNS (Work): the work. Raises InputError E010 when the file is not a valid .docx.
    """
    import docx  # python-docx; imported here so the other readers work without it
    from docx.opc.exceptions import PackageNotFoundError

    if data is None:
        data = read_regular_file(path, limits)
    source = str(path)
    # python-docx inflates and parses the whole package: inflate every member under the limits first, and
    # walk the document XML under the markup limits (zip bombs, element bombs, deep nesting).
    package = CappedZip(source, data, limits, Errors.E010)
    package.check_all()
    if "word/document.xml" in package.names:
        check_markup(package.read("word/document.xml"), f"{source}:word/document.xml", limits, html=False)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError,
            AttributeError, TypeError):
        raise InputError(Errors.E010.format(path=source)) from None
    except Exception as e:  # lxml / zlib errors from a damaged package
        raise InputError(Errors.E010.format(path=source)) from e

    builder = TextBuilder()
    title = None
    seen_text = False
    try:
        paragraphs = list(document.paragraphs)
        props = document.core_properties
    except (AttributeError, KeyError, ValueError, TypeError, IndexError):
        # a damaged package python-docx opened: its document element is not a Word document
        raise InputError(Errors.E010.format(path=source)) from None
    for paragraph in paragraphs:
        style = _style_name(paragraph)
        text = paragraph.text.replace("\r", "\n").strip()
        if style.lower() == "title" and not seen_text and title is None:
            title = text or None
            continue
        heading = _HEADING.fullmatch(style.strip())
        if heading and text:
            builder.begin_chapter(" ".join(text.split()))
            seen_text = True
        elif text:
            builder.add(_with_italics(paragraph, text))
            seen_text = True
        else:
            builder.add(BLANK)

    text = builder.text()
    if not text.strip():
        raise InputError(Errors.E012.format(path=source))
    authors = [a.strip() for a in re.split(r";", props.author or "") if a.strip()]
    return Work(
        text=text,
        format="docx",
        source=source,
        title=title or (props.title or "").strip() or None,
        authors=authors,
        summary=(props.comments or "").strip() or None,
        language=(props.language or "").strip() or None,
        chapters=builder.chapters,
        scene_breaks=builder.scene_breaks,
        italics=builder.italics,
    )
