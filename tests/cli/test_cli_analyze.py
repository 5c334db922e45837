"""The command line, end to end (loads the real model once per test session through the CLI's cache)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ficlens.cli import cli
from ficlens_testutil import check_analysis

pytestmark = pytest.mark.integration

STORY = (
    "Chapter 1\n\n"
    "Dean leans against the Impala. “We’re late,” Dean says.\n\n"
    "Sam rolls his eyes. “You’re always late,” Sam says.\n\n"
    "***\n\n"
    "Buffy Summers watches them from the cemetery gate. She thinks they look like trouble.\n\n"
    "“Slayer,” Dean says. “Nice stake.”\n"
)


@pytest.fixture()
def story(tmp_path: Path) -> Path:
    p = tmp_path / "story.txt"
    p.write_text(STORY, encoding="utf-8")
    return p


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_analyze_one_file_to_stdout(story):
    result = run("analyze", str(story))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    check_analysis(data, story.read_text(encoding="utf-8"))
    assert data["work"]["source"] == str(story)
    assert len(data["scenes"]) == 2 and data["scenes"][1]["break_marker"] == "***"
    assert "text" not in data


def test_cli_analyze_output_file_and_include_text(story, tmp_path):
    out = tmp_path / "a.json"
    result = run("analyze", str(story), "-o", str(out), "--include-text")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["text"] == STORY
    q = data["quotes"][0]
    assert data["text"][q["start"]] == "“" and data["text"][q["end"] - 1] == "”"
    assert q["text"] == "We’re late,"
    # the human summary goes to stderr
    assert "words" in result.stderr and "wrote" in result.stderr


def test_cli_analyze_several_files_to_folder_with_bad_ones(story, tmp_path):
    other = tmp_path / "other" / "story.txt"
    other.parent.mkdir()
    shutil.copy(story, other)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out"
    result = run("analyze", str(story), str(empty), str(other), str(missing), "-o", str(out))
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["story-2.json", "story.json"]
    assert "2 of 4 file(s) could not be analysed" in result.stderr
    assert "[E003]" in result.stderr and "[E001]" in result.stderr
    assert "Traceback" not in result.output


def test_cli_analyze_resume_skips_existing(story, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "story.json").write_text("kept", encoding="utf-8")
    result = run("analyze", str(story), "-o", f"{out}/", "--resume")
    assert result.exit_code == 0
    assert (out / "story.json").read_text(encoding="utf-8") == "kept"


def test_cli_analyze_never_modifies_input(story):
    before = (story.read_bytes(), os.stat(story).st_mtime_ns)
    run("analyze", str(story))
    assert (story.read_bytes(), os.stat(story).st_mtime_ns) == before


@pytest.mark.parametrize(
    "content,code",
    [(b"", "E003"), (b"\x00\x01\x02\x03binary\x00" * 50, "E004")],
)
def test_cli_analyze_bad_input_is_one_line(tmp_path, content, code):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    result = run("analyze", str(p))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and code in lines[0] and lines[0].startswith("ficlens: error:")


def test_cli_analyze_directory_and_missing(tmp_path):
    r1 = run("analyze", str(tmp_path))
    r2 = run("analyze", str(tmp_path / "nope.txt"))
    assert (r1.exit_code, r2.exit_code) == (1, 1)
    assert "[E002]" in r1.stderr and "[E001]" in r2.stderr


def test_cli_usage_errors_exit_2():
    assert run("analyze").exit_code == 2
    assert run("analyze", "x.txt", "--format", "pdf").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_cli_version_and_help():
    from ficlens import __version__

    assert __version__ in run("--version").output
    for cmd in (["--help"], ["analyze", "--help"], ["text", "--help"], ["eval", "--help"], ["kb", "--help"]):
        r = run(*cmd)
        assert r.exit_code == 0 and "Usage:" in r.output


def test_cli_text_prints_offset_text(story):
    result = run("text", str(story))
    assert result.exit_code == 0
    assert result.stdout == STORY


def test_cli_summary_format(story):
    result = run("analyze", str(story), "--format", "summary")
    assert result.exit_code == 0
    assert "Dean" in result.stdout and "scene" in result.stdout


def test_cli_html_report(story, tmp_path):
    out = tmp_path / "r.html"
    result = run("analyze", str(story), "--format", "html", "-o", str(out), "--no-summary")
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Dean" in page and "The story" in page
    assert oct(out.stat().st_mode & 0o777) != "0o600"


def test_cli_debug_shows_the_traceback(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    result = CliRunner().invoke(cli, ["--debug", "analyze", str(p)])
    assert result.exit_code != 0
    assert result.exception is not None and "[E003]" in str(result.exception)


def test_cli_unknown_extension_is_one_line(tmp_path):
    p = tmp_path / "story.pdf"
    p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    result = run("analyze", str(p))
    assert result.exit_code == 1
    assert "[E005]" in result.stderr and len(result.stderr.strip().splitlines()) == 1
