"""Reading knowledge-base files: where they are, and what one file gives once checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.errors import DataError
from ficlens.fandoms.kb_files import _read_file, _toml_files, user_kb_dir


def test_kb_files_user_dir_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FICLENS_KB_DIR", str(tmp_path / "kb"))
    assert user_kb_dir() == tmp_path / "kb"
    monkeypatch.delenv("FICLENS_KB_DIR")
    assert user_kb_dir() == Path.home() / ".config" / "ficlens" / "kb"


def test_kb_files_record_holds_only_the_keys_the_file_sets(tmp_path: Path):
    path = tmp_path / "x.toml"
    path.write_text(
        'name = " X "\nterms = ["a", " a ", "b"]\n[[characters]]\ntag = "Y"\nnicknames = ["Z", "Z"]\n',
        encoding="utf-8",
    )
    record = _read_file(path)
    assert record.path == str(path)
    assert dict(record.fields) == {"name": "X", "terms": ("a", "b")}  # stripped, duplicates dropped
    assert record.characters == ({"tag": "Y", "nicknames": ("Z",)},)


def test_kb_files_toml_files_of_a_folder_a_file_and_a_missing_path(tmp_path: Path):
    for name in ("b.toml", "a.toml", "notes.txt"):
        (tmp_path / name).write_text('name = "X"\n', encoding="utf-8")
    (tmp_path / "sub.toml").mkdir()
    assert _toml_files(tmp_path) == [tmp_path / "a.toml", tmp_path / "b.toml"]
    assert _toml_files(tmp_path / "notes.txt") == [tmp_path / "notes.txt"]  # a file given by name is read
    with pytest.raises(DataError, match=r"^\[E040\].*no such file"):
        _toml_files(tmp_path / "missing.toml")
