"""``ficlens library``: one line per problem, exit codes, the site written (analysis JSON inputs: no model)."""

from __future__ import annotations

from click.testing import CliRunner

from ficlens.cli import cli
from library.synthetic import analysis


def test_cli_library_writes_the_site_and_refuses_foreign_files(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(2):
        (src / f"w{i}.json").write_text(analysis(i, text="Some text.").to_json(include_text=True))
    out = tmp_path / "lib"
    result = CliRunner().invoke(cli, ["library", str(src), "-o", str(out), "--title", "Shelf"])
    assert result.exit_code == 0, result.output
    assert "library of 2 work(s)" in result.output and (out / "index.html").exists()
    assert "<h1>Shelf</h1>" in (out / "index.html").read_text()
    # a folder with someone else's index.html: refused, one line, exit 1, the file untouched
    other = tmp_path / "other"
    other.mkdir()
    (other / "index.html").write_text("mine")
    result = CliRunner().invoke(cli, ["library", str(src), "-o", str(other)])
    assert result.exit_code == 1 and "[E352]" in result.output and "Traceback" not in result.output
    assert (other / "index.html").read_text() == "mine"
