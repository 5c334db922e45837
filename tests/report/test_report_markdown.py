"""``--format md``: the summary for a forum post; nothing from the story can become markup."""

from __future__ import annotations

from ficlens.report import EXTENSIONS, render
from ficlens.report.markdown import md
from report.test_report_html import HOSTILE, _analysis


def test_markdown_escapes_story_values():
    assert md("*bold* [x](javascript:alert(1)) <b>|</b>") == (
        "\\*bold\\* \\[x\\](javascript:alert(1)) &lt;b&gt;\\|&lt;/b&gt;")
    assert md("line\n# heading") == "line # heading"


def test_markdown_summary_of_a_work():
    out = render(_analysis(), "md")
    assert EXTENSIONS["md"] == ".md"
    lines = out.splitlines()
    assert lines[0].startswith("# Title &lt;script&gt;")
    assert HOSTILE not in out and "<img" not in out
    assert "| **Rating** | Teen And Up Audiences (suggested, 60%) |" in out
    assert "## Characters" in out and "| Dean &lt;script&gt;alert(\"x\")&lt;/script&gt; | main | 3 | 1 |" in out
    assert "1\\. POV Dean" in out and "family, 1 lines between them" in out


def test_html_and_markdown_outputs_are_known_as_ficlens_files(tmp_path):
    from ficlens.outputs import written_by_ficlens

    for fmt in ("html", "md"):
        path = tmp_path / f"out.{fmt}"
        path.write_text(render(_analysis(), fmt), encoding="utf-8")
        assert written_by_ficlens(path), fmt
