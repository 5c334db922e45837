"""Input expansion: files, folders (recursive), globs; stable ids; duplicates; multi-work files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.corpus import inputs
from ficlens.corpus.inputs import MultiReader, expand_inputs, expand_paths, work_id
from ficlens.errors import InputError
from ficlens.ingest import read_text_input


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "deep").mkdir()
    (tmp_path / "a" / ".hidden").mkdir()
    (tmp_path / "a" / "one.txt").write_text("One story.", encoding="utf-8")
    (tmp_path / "a" / "deep" / "two.md").write_text("# Two\n\nA second story.", encoding="utf-8")
    (tmp_path / "a" / "deep" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a" / ".hidden" / "three.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / "a" / ".secret.txt").write_text("Hidden too.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>Three.</p></body></html>", encoding="utf-8")
    return tmp_path


def test_inputs_folder_is_walked_recursively_skipping_hidden_and_unsupported(tree):
    names = [p.name for p in expand_paths([tree / "a"])]
    assert names == ["one.txt", "two.md"]


def test_inputs_globs_and_files_once_each_in_input_order(tree):
    got = expand_paths([tree / "b.html", str(tree / "a" / "**" / "*.md"), tree / "a", tree / "b.html"])
    assert [p.name for p in got] == ["b.html", "two.md", "one.txt"]


def test_inputs_exclude_skips_the_output_folder(tree):
    out = tree / "a" / "deep"
    assert [p.name for p in expand_paths([tree / "a"], exclude=out)] == ["one.txt"]


@pytest.mark.parametrize("bad", ["nope.txt", "nope/*.txt"])
def test_inputs_an_input_naming_nothing_is_E300(tree, bad):
    with pytest.raises(InputError, match=r"\[E300\]"):
        expand_paths([str(tree / bad)])


def test_inputs_no_story_at_all_is_E301(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"\[E301\]"):
        expand_inputs([tmp_path / "empty"])


def test_inputs_ids_come_from_the_bytes_and_agree_across_runs_and_places(tree, tmp_path_factory):
    items1, _ = expand_inputs([tree])
    moved = tmp_path_factory.mktemp("moved")
    for it in items1:
        (moved / f"x-{it.work_id}.txt").write_bytes(Path(it.path).read_bytes())
    items2, _ = expand_inputs([moved])
    assert sorted(i.work_id for i in items1) == sorted(i.work_id for i in items2)
    assert items1 == expand_inputs([tree])[0]
    assert all(len(i.work_id) == 16 and int(i.work_id, 16) >= 0 for i in items1)
    assert work_id(b"abc") != work_id(b"abd")


def test_inputs_byte_identical_files_are_one_work(tmp_path):
    (tmp_path / "x.txt").write_text("Same story.", encoding="utf-8")
    (tmp_path / "y.txt").write_text("Same story.", encoding="utf-8")
    (tmp_path / "z.txt").write_text("Other story.", encoding="utf-8")
    items, dups = expand_inputs([tmp_path])
    assert [i.path.rsplit("/", 1)[1] for i in items] == ["x.txt", "z.txt"]
    assert dups == 1


def test_inputs_a_multi_work_file_yields_one_item_per_record(tmp_path, monkeypatch):
    def count(path, data):
        return len(data.decode().split("\n---\n"))

    def read(path, data, i):
        return read_text_input(data.decode().split("\n---\n")[i], f"{path}#{i}")

    monkeypatch.setitem(inputs.MULTI_READERS, ".many", MultiReader(count, read))
    f = tmp_path / "works.many"
    f.write_text("First story here.\n---\nSecond story here.\n---\nThird.", encoding="utf-8")
    items, _ = expand_inputs([tmp_path])
    assert [(i.path, i.record) for i in items] == [(str(f), 0), (str(f), 1), (str(f), 2)]
    assert len({i.work_id for i in items}) == 3
    assert items[1].read().text.strip() == "Second story here."
    assert items[1].work_id == work_id(f.read_bytes(), 1)
