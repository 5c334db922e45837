"""``ficlens kb``: list the knowledge base, learn from downloads."""

from __future__ import annotations

import shutil
import sys

from click.testing import CliRunner

from ficlens.cli import cli
from ficlens_testutil import FIXTURES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def test_cli_kb_list_names_packaged_fandoms():
    result = CliRunner().invoke(cli, ["kb", "list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(line.startswith("Supernatural\t") for line in lines)
    assert len(lines) >= 60


def test_cli_kb_learn_writes_user_files(tmp_path):
    lib = tmp_path / "library"
    lib.mkdir()
    shutil.copy(FIXTURES / "formats" / "ao3_download.html", lib)
    shutil.copy(FIXTURES / "formats" / "fanficfare.epub", lib)
    out = tmp_path / "kb"
    result = CliRunner().invoke(cli, ["kb", "learn", str(lib), "-o", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.toml"))
    assert files
    data = [tomllib.loads(f.read_text(encoding="utf-8")) for f in files]
    assert all(d["name"] for d in data)
    assert any(d.get("characters") for d in data)
    # what was learned is readable by the knowledge base
    listed = CliRunner().invoke(cli, ["kb", "list", "--kb", str(out)])
    assert listed.exit_code == 0
    assert all(d["name"] in listed.stdout for d in data)


def test_cli_kb_learn_missing_dir_is_usage_error(tmp_path):
    assert CliRunner().invoke(cli, ["kb", "learn", str(tmp_path / "nope")]).exit_code == 2
