"""Nothing from a story reaches the terminal raw: summaries, kb list, error lines; the API cleans lone
surrogates and NULs (issue 8). Blank pipeline."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from blank_nlp import use_blank_pipeline
from ficlens.cli import cli
from ficlens.config import Options
from ficlens.pipeline import Analyzer


@pytest.fixture(autouse=True)
def _blank(monkeypatch):
    use_blank_pipeline(monkeypatch)


def test_api_text_with_lone_surrogates_and_nuls_is_analysed_with_a_warning():
    text = "“Hello,” Dean said.\ud83d And then\x00 he left.\n\nSam \udc00waited."
    analysis = Analyzer(Options(user_kb=False)).analyze_text(text)
    assert len(analysis.text) == len(text) and analysis.text.count("\ufffd") == 3
    assert any(w.startswith("[W102]") and "3 NUL" in w for w in analysis.warnings)
    analysis.to_json().encode("utf-8")  # encodable: no lone surrogate left


def test_summary_of_a_title_with_escape_sequences_is_inert(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text("Title: Evil\x1b]0;pwned\x07\x1b[2J\nAuthor: x\x9b\n\n“Hi,” Dean said.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(story), "--format", "summary"])
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output and "\x9b" not in result.output
    assert "Evil\\x1b]0;pwned\\x07" in result.stdout


def test_kb_list_escapes_names_learned_from_downloads(tmp_path, monkeypatch):
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "x.toml").write_text('name = "Bad\\u001b[31mFandom"\n', encoding="utf-8")
    (kb / "broken.toml").write_text("name = \n", encoding="utf-8")
    monkeypatch.setenv("FICLENS_KB_DIR", str(kb))
    result = CliRunner().invoke(cli, ["kb", "list"])
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "Bad\\x1b[31mFandom\t" in result.stdout
    assert "[W103]" in result.stderr and "broken.toml" in result.stderr


def test_text_command_pipes_the_exact_text(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text("One\x1b[31m two.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["text", str(story)])
    assert result.stdout == "One\x1b[31m two.\n"  # not a terminal: offsets must match the analysis
