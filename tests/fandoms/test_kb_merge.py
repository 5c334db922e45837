"""Merging knowledge-base files into fandoms: defaults, a later file extending an earlier one,
``characters_from``."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.errors import DataError
from ficlens.fandoms.kb_files import _read_file
from ficlens.fandoms.kb_merge import _build


def _records(tmp_path: Path, *texts: str):
    paths = []
    for i, text in enumerate(texts):
        path = tmp_path / f"{i}.toml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return [_read_file(p) for p in paths]


def test_kb_merge_defaults(tmp_path: Path):
    fandoms = _build(_records(tmp_path, 'name = "Bare Fandom"\n[[characters]]\ntag = "Someone (Bare)"\n'))
    fandom = fandoms["Bare Fandom"]
    assert (fandom.universe, fandom.works, fandom.terms, fandom.aliases) == ("bare-fandom", 0, (), ())
    char = fandom.characters[0]
    assert (char.name, char.gender, char.main, char.uncertain) == ("Someone (Bare)", "unknown", False, False)
    assert char.fandom == "Bare Fandom"


def test_kb_merge_later_file_extends(tmp_path: Path):
    first = 'name = "F"\nterms = ["a"]\nworks = 3\n[[characters]]\ntag = "Y"\ngender = "male"\nnicknames = ["Z"]\n'
    second = 'name = "F"\nterms = ["b"]\nweak_terms = ["a", "c"]\n[[characters]]\ntag = "Y"\nnicknames = ["W"]\n'
    fandom = _build(_records(tmp_path, first, second))["F"]
    assert fandom.terms == ("a", "b") and fandom.works == 3
    assert fandom.weak_terms == ("c",)  # a strong term is never also weak
    (char,) = fandom.characters
    assert char.nicknames == ("Z", "W") and char.gender == "male"
    assert fandom.path.endswith("0.toml")  # the file that first defined it


def test_kb_merge_characters_from_nearest_first(tmp_path: Path):
    fandoms = _build(
        _records(
            tmp_path,
            'name = "A"\n[[characters]]\ntag = "X"\nname = "X of A"\n',
            'name = "B"\ncharacters_from = ["A"]\n[[characters]]\ntag = "X"\nname = "X of B"\n',
            'name = "C"\ncharacters_from = ["B"]\n',
        )
    )
    assert [(c.tag, c.name, c.fandom) for c in fandoms["C"].characters] == [("X", "X of B", "B")]


def test_kb_merge_characters_from_unknown_fandom_raises_e040(tmp_path: Path):
    with pytest.raises(DataError, match=r"^\[E040\].*No Such Fandom"):
        _build(_records(tmp_path, 'name = "A"\ncharacters_from = ["No Such Fandom"]\n'))
