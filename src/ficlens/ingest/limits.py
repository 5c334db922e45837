"""Limits on hostile or broken input, checked while reading (before memory is spent).

- :func:`read_regular_file`: regular files only (a symlink only to one), never a FIFO or device (opened
  with O_NONBLOCK and checked with fstat before any read), at most ``max_input_bytes``.
- :class:`CappedZip`: archive members inflated in chunks, at most ``max_member_bytes`` each and
  ``max_archive_bytes`` in all, at most ``max_archive_members`` members.
- :func:`check_markup`: HTML/XML walked by a streaming pull parser (elements freed as it goes), refused past
  ``max_markup_depth`` levels or ``max_markup_elements`` elements. libxml2 silently drops what lies deeper
  than 256 levels (2048 with its "huge" option), so the readers parse with the huge option and this check
  keeps every accepted document inside what libxml2 keeps: nothing is truncated silently.
- :func:`clean_text`: NULs and lone surrogates replaced with U+FFFD (offsets unchanged), with a warning.
- :class:`Deadline`: the cooperative per-work time limit.

Every refusal is a :class:`~ficlens.errors.LimitError` with its code (E110-E119; docs/security.md).
"""

from __future__ import annotations

import io
import os
import re
import stat
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from ..config import Options
from ..errors import Errors, InputError, LimitError, Warnings

# libxml2 keeps at most 2048 levels with XML_PARSE_HUGE; a deeper limit could not be honoured.
LIBXML_MAX_DEPTH = 2000
_CHUNK = 1 << 16
_FEED = 1 << 20


@dataclass(frozen=True)
class Limits:
    """The input limits of one run: the fields of :class:`ficlens.Options` of the same names (their defaults
    live there and in data/defaults.toml, nowhere else)."""

    max_input_bytes: int
    max_text_chars: int
    max_member_bytes: int
    max_archive_bytes: int
    max_archive_members: int
    max_markup_depth: int
    max_markup_elements: int

    @classmethod
    def from_options(cls, options: Any) -> Limits:
        return cls(**{name: getattr(options, name) for name in cls.__dataclass_fields__})

    @property
    def depth(self) -> int:
        return min(self.max_markup_depth, LIBXML_MAX_DEPTH)


DEFAULT_LIMITS = Limits.from_options(Options())


def read_regular_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a regular file, refusing FIFOs, devices and sockets (E110) without blocking on them,
    and files over ``max_input_bytes`` (E111) without reading past the limit."""
    try:
        st = os.stat(path)  # follows a symlink: what counts is what it points to
    except FileNotFoundError:
        raise InputError(Errors.E001.format(path=path)) from None
    except OSError as exc:
        raise InputError(Errors.E011.format(path=path, reason=exc.strerror or exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(Errors.E002.format(path=path))
    if not stat.S_ISREG(st.st_mode):
        raise LimitError(Errors.E110.format(path=path))
    if st.st_size > limits.max_input_bytes:
        raise LimitError(Errors.E111.format(path=path, limit=limits.max_input_bytes, option="max_input_bytes"))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(Errors.E011.format(path=path, reason=exc.strerror or exc)) from None
    with os.fdopen(fd, "rb", buffering=0) as fh:
        # the file may have been swapped for a FIFO between stat and open
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LimitError(Errors.E110.format(path=path))
        chunks = []
        size = 0
        while True:
            try:
                chunk = fh.read(min(_FEED, limits.max_input_bytes + 1 - size))
            except OSError as exc:
                raise InputError(Errors.E011.format(path=path, reason=exc.strerror or exc)) from None
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limits.max_input_bytes:
                raise LimitError(
                    Errors.E111.format(path=path, limit=limits.max_input_bytes, option="max_input_bytes")
                )
    return b"".join(chunks)


class CappedZip:
    """A zip archive whose members are inflated in chunks under the member and archive limits.

    Raises InputError ``bad`` (E007 for EPUB, E010 for docx) for a damaged archive.
    """

    def __init__(self, path: str, data: bytes, limits: Limits, bad: str) -> None:
        self.path = path
        self.limits = limits
        self.bad = bad
        self.inflated = 0
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise InputError(bad.format(path=path)) from None
        if len(infos) > limits.max_archive_members:
            raise LimitError(Errors.E116.format(path=path, limit=limits.max_archive_members))
        self.names = {i.filename for i in infos}

    def read(self, name: str) -> bytes:
        """A member's bytes; LimitError past the limits, InputError when it cannot be read."""
        lim = self.limits
        out = []
        size = 0
        try:
            with self.zip.open(name) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    self.inflated += len(chunk)
                    if size > lim.max_member_bytes:
                        raise LimitError(Errors.E112.format(path=self.path, member=name, limit=lim.max_member_bytes))
                    if self.inflated > lim.max_archive_bytes:
                        raise LimitError(Errors.E113.format(path=self.path, limit=lim.max_archive_bytes))
                    out.append(chunk)
        except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError,
                RuntimeError):
            raise InputError(self.bad.format(path=self.path)) from None
        return b"".join(out)

    def check_all(self) -> None:
        """Inflate every member once under the limits (for readers that hand the archive to a library)."""
        for name in sorted(self.names):
            self.read(name)


def check_markup(data: bytes | str, path: str | Path, limits: Limits = DEFAULT_LIMITS, html: bool = True) -> None:
    """Refuse markup nested deeper than ``max_markup_depth`` (E114) or with more than ``max_markup_elements``
    elements (E115), found by a streaming parse that frees each element once closed."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
        parser: Any = (etree.HTMLPullParser(events=("start", "end"), huge_tree=True, encoding="utf-8")
                       if html else None)
    else:
        parser = etree.HTMLPullParser(events=("start", "end"), huge_tree=True) if html else None
    if parser is None:
        parser = etree.XMLPullParser(events=("start", "end"), recover=True, resolve_entities=False,
                                     no_network=True, huge_tree=True)
    depth_limit = limits.depth
    depth = 0
    elements = 0

    def drain() -> None:
        nonlocal depth, elements
        for event, el in parser.read_events():
            if event == "start":
                depth += 1
                elements += 1
                if depth > depth_limit:
                    raise LimitError(Errors.E114.format(path=path, limit=depth_limit))
                if elements > limits.max_markup_elements:
                    raise LimitError(Errors.E115.format(path=path, limit=limits.max_markup_elements))
            else:
                depth -= 1
                el.clear()
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]

    try:
        for i in range(0, len(data), _FEED):
            parser.feed(data[i : i + _FEED])
            drain()
        parser.close()
        drain()
    except (etree.XMLSyntaxError, etree.ParserError, ValueError):
        return  # not well-formed: the reader's own parser (in recover mode) decides


_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")


def clean_text(text: str, source: str | Path, warnings: list[str]) -> str:
    """``text`` with NULs and lone surrogates replaced by U+FFFD (same length, so offsets stay valid);
    W102 added to ``warnings`` when any were found."""
    first = _BAD_CHARS.search(text)
    if first is None:
        return text
    where = [m.start() for _, m in zip(range(5), _BAD_CHARS.finditer(text), strict=False)]
    count = len(_BAD_CHARS.findall(text))
    warnings.append(Warnings.W102.format(path=source, count=count, where=", ".join(map(str, where))))
    return _BAD_CHARS.sub("\ufffd", text)


def check_text_size(text: str, source: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
    if len(text) > limits.max_text_chars:
        raise LimitError(Errors.E119.format(path=source, chars=len(text), limit=limits.max_text_chars))


class Deadline:
    """The cooperative per-work time limit: :meth:`check` between parse batches and between stages."""

    def __init__(self, source: str, seconds: float) -> None:
        self.source = source
        self.seconds = seconds
        self.start = time.monotonic()

    def check(self, stage: str) -> None:
        elapsed = time.monotonic() - self.start
        if elapsed > self.seconds:
            raise LimitError(Errors.E117.format(path=self.source, seconds=elapsed, stage=stage))
