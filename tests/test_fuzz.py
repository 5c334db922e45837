"""Property-based fuzzing (hypothesis) of the text pipeline and of each reader: whatever the input, the only
allowed outcomes are a valid analysis (offsets inside the text, the schema validates) or a clean FiclensError.

``make test`` runs a short profile (few examples, blank pipeline); ``make fuzz`` runs the long one
(``FICLENS_FUZZ=long``: many more examples, no deadline).
"""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blank_nlp import blank_nlp
from ficlens import ingest
from ficlens.config import Options
from ficlens.errors import FiclensError
from ficlens.ingest.limits import Limits
from ficlens.pipeline import Analyzer
from hostile_files import PARAGRAPHS, ao3_html, docx_paragraphs, epub

LONG = os.environ.get("FICLENS_FUZZ") == "long"
settings.register_profile("short", max_examples=12, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=400, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = settings.get_profile("long" if LONG else "short")
# small limits: a mutated input can never take long or much memory
LIMITS = Limits(max_input_bytes=400_000, max_text_chars=200_000, max_member_bytes=400_000,
                max_archive_bytes=1_000_000, max_archive_members=200, max_markup_depth=300,
                max_markup_elements=50_000)


def _analyzer() -> Analyzer:
    a = Analyzer(Options(user_kb=False, max_input_bytes=LIMITS.max_input_bytes,
                         max_text_chars=LIMITS.max_text_chars, max_member_bytes=LIMITS.max_member_bytes,
                         max_archive_bytes=LIMITS.max_archive_bytes, max_markup_depth=LIMITS.max_markup_depth,
                         max_markup_elements=LIMITS.max_markup_elements, max_archive_members=200))
    a._nlp = blank_nlp()
    return a


ANALYZER = _analyzer()


def check_outcome(run) -> None:  # type: ignore[no-untyped-def]
    """Run ``run()``: a FiclensError is fine; anything else must be a valid analysis."""
    try:
        analysis = run()
    except FiclensError as exc:
        msg = str(exc)
        assert msg.startswith("[E") and "\n" not in msg.strip(), msg
        return
    text = analysis.text
    assert isinstance(text, str) and text.strip()
    assert "\x00" not in text and not any("\ud800" <= ch <= "\udfff" for ch in text)
    for q in analysis.quotes:
        assert 0 <= q.start <= q.end <= len(text)
    for s in analysis.scenes:
        assert 0 <= s.start <= s.end <= len(text)
    for c in analysis.chapters:
        assert 0 <= c.start <= c.end <= len(text)
    analysis.to_json()  # serialises
    from ficlens.model import Analysis

    Analysis.from_dict(analysis.to_dict())  # and reads back


# -- mutations of bytes ----------------------------------------------------------------------------------

def mutate(data: bytes, ops: list[tuple[int, int, bytes]]) -> bytes:
    """Apply (kind, position, bytes) edits: 0 overwrite, 1 insert, 2 delete, 3 duplicate a slice."""
    buf = bytearray(data)
    for kind, pos, chunk in ops:
        if not buf:
            buf.extend(chunk)
            continue
        i = pos % len(buf)
        if kind == 0:
            buf[i : i + len(chunk)] = chunk
        elif kind == 1:
            buf[i:i] = chunk
        elif kind == 2:
            del buf[i : i + 1 + len(chunk) * 3]
        else:
            buf[i:i] = buf[i : i + 1 + len(chunk) * 8] * 3
    return bytes(buf)


MARKUP_BITS = st.sampled_from([
    b"<", b">", b"</div>", b"<div>", b"<p>", b"</p>", b"&", b"&#27;", b"&#0;", b"&nbsp;", b"<i>", b"<hr/>",
    b'<div class="userstuff">', b'<h2 class="heading">', b"<![CDATA[", b"<!--", b"-->", b"\x00", b"\xff\xfe",
    b"\xe2\x80", b"\xe2\x80\x9c", b'"', b"\n\n", b"\r", b"<?xml ", b"]]>", b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b'<div class="fff_chapter_notes">', b"\x1b[31m",
])
OPS = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 10**6), MARKUP_BITS | st.binary(max_size=8)),
               max_size=8)


def _zip_mutate(archive: bytes, member_ops: list[tuple[int, int, bytes]], which: int) -> bytes:
    """Re-pack the archive with one member's bytes mutated (a valid zip with broken contents)."""
    src = zipfile.ZipFile(io.BytesIO(archive))
    names = src.namelist()
    target = names[which % len(names)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            data = src.read(name)
            dst.writestr(name, mutate(data, member_ops) if name == target else data)
    return out.getvalue()


def _read_and_analyze(tmp_path, name: str, data: bytes):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(data)
    return lambda: ANALYZER.analyze_path(path)


@PROFILE
@given(ops=OPS)
def test_fuzz_ao3_html(tmp_path_factory, ops):
    data = mutate(ao3_html(list(PARAGRAPHS) * 3).encode("utf-8"), ops)
    check_outcome(_read_and_analyze(tmp_path_factory.mktemp("h"), "fic.html", data))


@PROFILE
@given(ops=OPS, which=st.integers(0, 10), raw=st.booleans())
def test_fuzz_epub(tmp_path_factory, ops, which, raw):
    base = epub(["<h1>Chapter 1</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS),
                 "<h1>Chapter 2</h1><p>Later.</p>"])
    data = mutate(base, ops) if raw else _zip_mutate(base, ops, which)
    check_outcome(_read_and_analyze(tmp_path_factory.mktemp("e"), "fic.epub", data))


@PROFILE
@given(ops=OPS, which=st.integers(0, 10), raw=st.booleans())
def test_fuzz_docx(tmp_path_factory, ops, which, raw):
    base = docx_paragraphs(list(PARAGRAPHS))
    data = mutate(base, ops) if raw else _zip_mutate(base, ops, which)
    check_outcome(_read_and_analyze(tmp_path_factory.mktemp("d"), "fic.docx", data))


@PROFILE
@given(ops=OPS)
def test_fuzz_text_file_bytes(tmp_path_factory, ops):
    data = mutate("\n\n".join(PARAGRAPHS * 3).encode("utf-8"), ops)
    check_outcome(_read_and_analyze(tmp_path_factory.mktemp("t"), "fic.txt", data))


STORY_PIECES = st.sampled_from([
    "“", "”", '"', "'", "‘", "’", "—", "–", "...", "…", "\n", "\n\n", "\n\n\n\n", "***", "* * *", "xXx",
    "Chapter 1", "Dean's POV", "said", "Dean", "Sam", " ", "\t", "\x00", "\ud800", "\x1b]0;x\x07", "\u202e",
    "<i>", "*", "_", "#", "Three weeks later", "he", "she", "they", ".", "!", "?", ",", "\ufeff", "\r\n",
])


@PROFILE
@given(pieces=st.lists(STORY_PIECES | st.text(max_size=12), min_size=1, max_size=120))
def test_fuzz_text_pipeline(pieces):
    text = " ".join(pieces)
    check_outcome(lambda: ANALYZER.analyze_text(text))


def test_fuzz_reader_functions_directly_on_random_bytes():
    """Each reader, given bytes that are not its format at all, raises a FiclensError or returns a Work."""
    from ficlens.ingest.docx import read_docx
    from ficlens.ingest.epub import read_epub
    from ficlens.ingest.html import read_html

    samples = [b"", b"PK\x03\x04", b"<html>", b"\x00" * 10, "“”".encode(), b"PK" + b"\xff" * 40]
    for reader in (read_html, read_epub, read_docx):
        for data in samples:
            try:
                work = reader("x", data, limits=LIMITS)
            except FiclensError as exc:
                assert str(exc).startswith("[E")
                continue
            assert work.text.strip()


@pytest.mark.skipif(not LONG, reason="long fuzz only (make fuzz)")
def test_fuzz_long_profile_is_active():
    assert PROFILE.max_examples >= 400
    assert ingest.read  # the long run covers every reader above with many more examples


def test_docx_whose_document_element_is_not_a_word_body_is_a_clean_error(tmp_path):
    # found by the long fuzz run: a one-byte deletion in word/document.xml (python-docx then raised AttributeError)
    base = docx_paragraphs(list(PARAGRAPHS))
    check_outcome(_read_and_analyze(tmp_path, "fic.docx", _zip_mutate(base, [(2, 42, b"")], 2)))


def test_html_that_is_all_an_unclosed_comment_is_a_clean_error(tmp_path):
    # found by the long fuzz run: lxml raised ParserError ("Document is empty")
    data = mutate(ao3_html(list(PARAGRAPHS)).encode("utf-8"), [(0, 0, b"<!--")])
    check_outcome(_read_and_analyze(tmp_path, "fic.html", data))
    check_outcome(_read_and_analyze(tmp_path, "fic.epub", _zip_mutate(epub(["<p>Hi.</p>"]), [(0, 0, b"<!--")], 3)))
