"""Outputs never touch what is not ficlens's: inputs, foreign files, devices and FIFOs; names never collide;
temp files are cleaned; the output is checked writable before any analysis. (Blank pipeline: fast.)"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from blank_nlp import use_blank_pipeline
from ficlens import batch, outputs
from ficlens.cli import cli
from ficlens.errors import OutputError

STORY = "Chapter 1\n\n“We’re late,” Dean says.\n\nSam rolls his eyes. “You’re always late.”\n"
AO3_HTML = (
    '<!DOCTYPE html><html><head><title>T</title></head><body><div id="preface"><h1>Title</h1></div>'
    '<div id="chapters"><div class="userstuff"><p>“Hello,” Dean said.</p><p>Sam nodded.</p></div></div>'
    "</body></html>"
)


@pytest.fixture(autouse=True)
def _blank(monkeypatch):
    use_blank_pipeline(monkeypatch)


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_output_over_the_input_itself_is_refused(tmp_path):
    story = write(tmp_path / "story.txt", STORY)
    result = run("analyze", str(story), "-o", str(story))
    assert result.exit_code == 1
    assert "[E100]" in result.stderr
    assert story.read_text(encoding="utf-8") == STORY


def test_output_over_a_hard_link_or_symlink_to_the_input_is_refused(tmp_path):
    story = write(tmp_path / "story.txt", STORY)
    os.link(story, tmp_path / "alias.json")
    (tmp_path / "sym.json").symlink_to(story)
    for target in ("alias.json", "sym.json"):
        result = run("analyze", str(story), "-o", str(tmp_path / target), "--force")
        assert result.exit_code == 1 and "[E100]" in result.stderr
    assert story.read_text(encoding="utf-8") == STORY


def test_html_report_into_the_download_folder_never_replaces_the_download(tmp_path, monkeypatch):
    fic = write(tmp_path / "fic.html", AO3_HTML)
    monkeypatch.chdir(tmp_path)
    result = run("analyze", "fic.html", "--format", "html", "-o", "./")
    assert result.exit_code == 0, result.output
    assert fic.read_text(encoding="utf-8") == AO3_HTML
    report = tmp_path / "fic-2.html"
    assert "Made by ficlens" in report.read_text(encoding="utf-8")
    assert "[W100]" in result.stderr and "fic-2.html" in result.stderr
    # a second run finds its own report and replaces it, still not the download
    result = run("analyze", "fic.html", "--format", "html", "-o", "./")
    assert result.exit_code == 0 and fic.read_text(encoding="utf-8") == AO3_HTML
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fic-2.html", "fic.html"]


def test_colliding_output_names_all_survive_and_are_reported(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    paths = [write(src / n, STORY.replace("Dean", f"Dean{i}")) for i, n in
             enumerate(["story.md", "story.txt", "story-2.txt"])]
    out = tmp_path / "out"
    result = run("analyze", *map(str, paths), "-o", str(out))
    assert result.exit_code == 0, result.output
    files = sorted(out.iterdir())
    assert len(files) == 3
    sources = {json.loads(f.read_text(encoding="utf-8"))["work"]["source"] for f in files}
    assert sources == {str(p) for p in paths}
    assert "[W100]" in result.stderr


def test_output_names_never_repeat():
    names = batch.output_names(["a/story.md", "b/story.txt", "c/story-2.txt", "d/Story.txt"], ".json")
    assert len({n.casefold() for n in names.values()}) == 4


def test_existing_file_not_written_by_ficlens_is_refused_unless_forced(tmp_path):
    story = write(tmp_path / "story.txt", STORY)
    mine = write(tmp_path / "notes.json", '{"my": "own notes"}')
    result = run("analyze", str(story), "-o", str(mine))
    assert result.exit_code == 1 and "[E101]" in result.stderr
    assert mine.read_text(encoding="utf-8") == '{"my": "own notes"}'
    result = run("analyze", str(story), "-o", str(mine), "--force")
    assert result.exit_code == 0
    assert json.loads(mine.read_text(encoding="utf-8"))["tool"]["name"] == "ficlens"
    # now it is ficlens's own: replaced without --force
    result = run("analyze", str(story), "-o", str(mine))
    assert result.exit_code == 0


def test_a_foreign_file_in_the_output_folder_gets_a_distinct_name(tmp_path):
    story = write(tmp_path / "story.txt", STORY)
    out = tmp_path / "out"
    out.mkdir()
    foreign = write(out / "story.json", "my own file")
    result = run("analyze", str(story), "-o", f"{out}/")
    assert result.exit_code == 0, result.output
    assert foreign.read_text(encoding="utf-8") == "my own file"
    assert json.loads((out / "story-2.json").read_text(encoding="utf-8"))["work"]["source"] == str(story)


def test_device_fifo_and_folder_outputs_are_refused(tmp_path):
    story = write(tmp_path / "story.txt", STORY)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for target in (Path("/dev/null"), fifo):
        result = run("analyze", str(story), "-o", str(target), "--force")
        assert result.exit_code == 1 and "[E102]" in result.stderr
    assert fifo.exists() and not fifo.is_file()
    assert Path("/dev/null").is_char_device()
    with pytest.raises(OutputError, match="E102"):
        batch.write_atomic(Path("/dev/null"), "x", force=True)


def test_unwritable_output_folder_fails_before_any_analysis(tmp_path, monkeypatch):
    story = write(tmp_path / "story.txt", STORY)
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    if os.access(out, os.W_OK):  # root ignores permissions: make the probe fail instead
        def refuse(*_a, **_k):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(outputs.tempfile, "mkstemp", refuse)
    analysed = []
    monkeypatch.setattr("ficlens.pipeline.Analyzer.analyze_work", lambda *a, **k: analysed.append(1))
    result = run("analyze", str(story), "-o", f"{out}/")
    assert result.exit_code == 1
    assert "[E103]" in result.stderr and "Permission denied" in result.stderr
    assert ".tmp" not in result.stderr and analysed == []


def test_write_atomic_never_replaces_a_file_that_appears_meanwhile(tmp_path, monkeypatch):
    target = tmp_path / "x.json"
    real_check = outputs.check_target

    def appears(path, inputs, force=False):  # the check passes, then someone creates the file
        exists = real_check(path, inputs, force)
        write(path, "someone else's")
        return exists

    monkeypatch.setattr(batch, "check_target", appears)
    with pytest.raises(OutputError, match="E101"):
        batch.write_atomic(target, "ours")
    assert target.read_text(encoding="utf-8") == "someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_stale_temp_files_are_removed_on_the_next_run(tmp_path):
    story = write(tmp_path / "story.txt", STORY)
    out = tmp_path / "out"
    out.mkdir()
    old = time.time() - 3600
    stale = write(out / ".story.json.ficlens-abcd1234.tmp", "")
    legacy_empty = write(out / ".other.json.k2j4h5g6.tmp", "")
    foreign = write(out / ".notes.txt.abcdefgh.tmp", "someone's draft")
    live = write(out / ".story.json.ficlens-zzzz9999.tmp", "")  # a concurrent run's: young
    for p in (stale, legacy_empty, foreign):
        os.utime(p, (old, old))
    result = run("analyze", str(story), "-o", f"{out}/")
    assert result.exit_code == 0, result.output
    left = sorted(p.name for p in out.iterdir())
    assert left == sorted([foreign.name, live.name, "story.json"])


def test_several_files_to_stdout_are_json_lines(tmp_path):
    a = write(tmp_path / "a.txt", STORY)
    b = write(tmp_path / "b.txt", STORY.replace("Dean", "Cas"))
    result = run("analyze", str(a), str(b))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert [json.loads(ln)["work"]["source"] for ln in lines] == [str(a), str(b)]


def test_written_by_ficlens_recognises_its_own_outputs_only(tmp_path):
    story = write(tmp_path / "story.txt", STORY)
    for fmt, name in (("json", "a.json"), ("html", "a.html"), ("summary", "a.txt")):
        result = run("analyze", str(story), "--format", fmt, "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert outputs.written_by_ficlens(tmp_path / name), fmt
    assert not outputs.written_by_ficlens(story)
    assert not outputs.written_by_ficlens(write(tmp_path / "d.html", AO3_HTML))
    assert not outputs.written_by_ficlens(write(tmp_path / "e.json", '{"schema_version": 1, "tool": {}}'))
