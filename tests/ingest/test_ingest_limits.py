"""Input limits (ingest/limits.py): regular files only, sizes, zip bombs, markup depth and element count,
encodings, NULs and surrogates. Small limits keep the hostile inputs small."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from ficlens import ingest
from ficlens.errors import InputError, LimitError
from ficlens.ingest.limits import DEFAULT_LIMITS, Limits, check_markup, clean_text
from hostile_files import PARAGRAPHS, ao3_html, docx, docx_paragraphs, epub

SMALL = Limits(max_input_bytes=200_000, max_text_chars=100_000, max_member_bytes=100_000,
               max_archive_bytes=150_000, max_archive_members=20, max_markup_depth=64, max_markup_elements=5_000)


def put(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# -- regular files only --------------------------------------------------------------------------


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)  # nobody writes to it: any read would block forever
    with pytest.raises(LimitError, match="E110"):
        ingest.read(fifo)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_device_and_symlink_to_device_are_refused(tmp_path, device):
    with pytest.raises(LimitError, match="E110"):
        ingest.read(device)
    link = tmp_path / "story.txt"
    link.symlink_to(device)
    with pytest.raises(LimitError, match="E110"):
        ingest.read(link)


def test_symlink_to_a_regular_file_is_read(tmp_path):
    real = put(tmp_path / "real.txt", "\n\n".join(PARAGRAPHS))
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert ingest.read(link).text.startswith("“We’re late,”")


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    big = put(tmp_path / "big.txt", "word " * 50_000)
    with pytest.raises(LimitError, match=r"E111.*max_input_bytes"):
        ingest.read(big, SMALL)


def test_text_over_the_character_limit_is_refused(tmp_path):
    with pytest.raises(LimitError, match="E119"):
        ingest.read_text_input("word " * 30_000, "<text>", SMALL)


# -- archives --------------------------------------------------------------------------------------


def test_epub_member_bomb_is_refused_while_inflating(tmp_path):
    bomb = put(tmp_path / "bomb.epub", epub([b"<p>" + b"a " * 2_000_000 + b"</p>"]))
    assert bomb.stat().st_size < 20_000
    with pytest.raises(LimitError, match=r"E112.*c0\.xhtml"):
        ingest.read(bomb, SMALL)


def test_epub_many_members_inflating_past_the_archive_limit_are_refused(tmp_path):
    chapters = [b"<p>" + b"b " * 40_000 + b"</p>" for _ in range(5)]  # 80 KB each, 400 KB in all
    with pytest.raises(LimitError, match="E113"):
        ingest.read(put(tmp_path / "many.epub", epub(chapters)), SMALL)


def test_epub_with_too_many_members_is_refused(tmp_path):
    extra = {f"junk/{i}.txt": b"x" for i in range(50)}
    with pytest.raises(LimitError, match="E116"):
        ingest.read(put(tmp_path / "junk.epub", epub(["<p>Hello there.</p>"], extra)), SMALL)


def test_docx_bomb_and_element_bomb_are_refused(tmp_path):
    para = b"<w:p><w:r><w:t>word</w:t></w:r></w:p>"
    with pytest.raises(LimitError, match="E112"):
        ingest.read(put(tmp_path / "bomb.docx", docx(para * 20_000)), SMALL)
    small_para = b"<w:p/>"
    with pytest.raises(LimitError, match="E115"):
        ingest.read(put(tmp_path / "elements.docx", docx(small_para * 6_000)), SMALL)


def test_a_normal_docx_is_read_under_the_limits(tmp_path):
    work = ingest.read(put(tmp_path / "ok.docx", docx_paragraphs(list(PARAGRAPHS))), SMALL)
    assert work.text.split("\n\n") == list(PARAGRAPHS)


# -- markup depth and size ----------------------------------------------------------------------------


def _deep_ao3(depth: int) -> str:
    inner = "<div>" * depth + "<p>She said hello at the bottom.</p>" + "</div>" * depth
    return ao3_html().replace('<div class="userstuff">', '<div class="userstuff">' + inner)


def test_deep_html_is_read_whole_below_the_limit():
    # 600 levels: deeper than libxml2's default 256 (which silently dropped the story) and than Python's
    # recursion limit allows a recursive walk
    work = ingest.read_text_input(_deep_ao3(600), "deep.html", replace(DEFAULT_LIMITS, max_markup_depth=1000))
    assert "She said hello at the bottom." in work.text
    assert all(p in work.text for p in PARAGRAPHS)


def test_deep_html_past_the_limit_is_refused_never_truncated():
    work = ingest.read_text_input(_deep_ao3(600), "deep.html")  # the default limit (1000) reads it whole
    assert "She said hello at the bottom." in work.text
    with pytest.raises(LimitError, match="E114"):
        ingest.read_text_input(_deep_ao3(1200), "deep.html")
    with pytest.raises(LimitError, match="E114"):
        ingest.read_text_input(_deep_ao3(5000), "deeper.html", replace(DEFAULT_LIMITS, max_markup_depth=100_000))


def test_deep_epub_is_read_whole_and_too_deep_epub_refused(tmp_path):
    deep = "<div>" * 700 + "<p>She said hello at the bottom.</p>" + "</div>" * 700
    path = put(tmp_path / "deep.epub", epub(["<h1>Chapter 1</h1><p>First words.</p>" + deep]))
    work = ingest.read(path)
    assert "She said hello at the bottom." in work.text and "First words." in work.text
    with pytest.raises(LimitError, match="E114"):
        ingest.read(path, replace(DEFAULT_LIMITS, max_markup_depth=500))


def test_element_count_limit():
    html = ao3_html(["word"] * 6_000)
    with pytest.raises(LimitError, match="E115"):
        ingest.read_text_input(html, "many.html", SMALL)
    check_markup(ao3_html(["word"] * 100), "few.html", SMALL)  # under the limit: no error


# -- encodings, NULs, surrogates ----------------------------------------------------------------------


def test_utf8_with_a_stray_byte_stays_utf8_with_a_warning(tmp_path):
    good = "Café au lait, “she said”, naïve résumé.\n\n" * 20
    data = good.encode("utf-8")
    data = data[:100] + b"\xff" + data[100:]
    work = ingest.read(put(tmp_path / "story.txt", data))
    assert "Café" in work.text and "“she said”" in work.text  # not mojibake
    assert work.text.count("\ufffd") == 1
    assert any("W101" in w and "1 invalid" in w and "100" in w for w in work.warnings)


def test_cp1252_file_is_still_read_as_cp1252(tmp_path):
    data = "He said \u201chello\u201d and left \u2014 caf\u00e9.\n\nThe end.".encode("cp1252")
    work = ingest.read(put(tmp_path / "story.txt", data))
    assert "\u201chello\u201d" in work.text and "café" in work.text
    assert any("W001" in w for w in work.warnings)


def test_nul_and_lone_surrogates_are_replaced_keeping_offsets():
    text = "Dean said hello.\x00 Sam \ud800waved.\n\nThe end."
    work = ingest.read_text_input(text)
    assert len(work.text) == len(text)
    assert "\x00" not in work.text and "\ud800" not in work.text
    assert work.text.count("\ufffd") == 2
    assert any("W102" in w and "2 NUL" in w for w in work.warnings)
    warnings: list[str] = []
    assert clean_text("clean", "<t>", warnings) == "clean" and warnings == []


def test_nul_late_in_a_file_is_replaced(tmp_path):
    data = ("Plain words here. " * 1000).encode() + b"\x00" + b" More words."
    work = ingest.read(put(tmp_path / "story.txt", data))
    assert "\x00" not in work.text and any("W102" in w for w in work.warnings)


def test_limits_are_options(tmp_path):
    from ficlens.config import load_options

    opts = load_options(max_input_bytes=10, max_markup_depth=7)
    assert Limits.from_options(opts).max_input_bytes == 10 and Limits.from_options(opts).depth == 7
    with pytest.raises(InputError, match="E111"):
        ingest.read(put(tmp_path / "s.txt", "Hello there, general."), Limits.from_options(opts))


def test_html_string_with_nul_and_surrogate_is_read_with_a_warning():
    html = ao3_html(["Dean said \x00hello.", "Sam \ud800waved."])
    work = ingest.read_text_input(html)
    assert "Dean said \ufffdhello." in work.text and "Sam \ufffdwaved." in work.text
    assert any(w.startswith("[W102]") for w in work.warnings)
