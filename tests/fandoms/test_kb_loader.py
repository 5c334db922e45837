"""KnowledgeBase.load: the packaged files, the user folder and extra paths, in order; errors and warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.errors import DataError
from ficlens.fandoms import KnowledgeBase

USER_SPN = """
name = "Supernatural"
terms = ["Winchester gospel"]
weak_terms = ["pie"]

[[characters]]
tag = "Dean Winchester"
nicknames = ["Deanie"]

[[characters]]
tag = "Kevin Tran"
name = "Kevin Tran"
main = true

[[characters]]
tag = "Jack Kline (Alternate Universe)"
name = "Jack Kline"
aliases = ["Jack"]
gender = "male"
"""

USER_NEW = """
name = "Fictional Fandom (TV)"
aliases = ["FFTV"]
universe = "fictional"
works = 12
characters_from = ["Supernatural"]
terms = ["Glimmerhold"]

[[characters]]
tag = "Zorblax Quenn"
name = "Zorblax Quenn"
aliases = ["Zorblax"]
nicknames = ["Zorby"]
descriptions = ["the glimmer knight"]
gender = "nonbinary"
main = true
"""


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "kb"
    folder.mkdir()
    monkeypatch.setenv("FICLENS_KB_DIR", str(folder))
    return folder


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _check_extended(kb: KnowledgeBase) -> None:
    spn = kb.fandom("Supernatural")
    assert spn is not None
    dean = spn.character("Dean Winchester")
    assert dean is not None
    assert "Deanie" in dean.nicknames and "Dean-o" in dean.nicknames  # lists joined
    assert dean.main and dean.gender == "male"  # fields not given are kept
    kevin = spn.character("Kevin Tran")
    assert kevin is not None and kevin.main  # a given field overrides
    assert spn.character("Jack Kline (Alternate Universe)") is not None
    assert spn.character("Castiel (Supernatural)") is not None
    assert "Winchester gospel" in spn.terms and "Impala" in spn.terms
    assert "pie" in spn.weak_terms and spn.universe == "supernatural"
    assert [c.tag for c in kb.characters_by_surface("Deanie")] == ["Dean Winchester"]

    new = kb.fandom("Fictional Fandom (TV)")
    assert new is not None
    assert kb.fandom("fftv") is new
    assert new.works == 12 and new.universe == "fictional"
    assert kb.same_universe("Fictional Fandom (TV)", "FFTV")
    assert not kb.same_universe("Fictional Fandom (TV)", "Supernatural")
    zee = kb.characters_by_surface("zorby")
    expected = [("Zorblax Quenn", "Fictional Fandom (TV)", "nonbinary")]
    assert [(c.tag, c.fandom, c.gender) for c in zee] == expected
    assert new.character("Sam Winchester").fandom == "Supernatural"  # via characters_from
    assert kb.descriptions_index()["the glimmer knight"] == zee
    assert kb.terms_index()["glimmerhold"] == [(new, True)]


def test_kb_loader_user_dir_extends_and_adds(user_dir: Path):
    _write(user_dir, "spn.toml", USER_SPN)
    _write(user_dir, "new.toml", USER_NEW)
    _write(user_dir, "notes.txt", "not a knowledge-base file")
    _check_extended(KnowledgeBase.load())


def test_kb_loader_user_dir_skipped(user_dir: Path):
    _write(user_dir, "new.toml", USER_NEW)
    assert KnowledgeBase.load(include_user=False).fandom("Fictional Fandom (TV)") is None


@pytest.mark.parametrize("as_folder", [False, True])
def test_kb_loader_extra_paths_extend_and_add(user_dir: Path, tmp_path: Path, as_folder: bool):
    extra = tmp_path / "extra"
    extra.mkdir()
    paths = [_write(extra, "a.toml", USER_SPN), _write(extra, "b.toml", USER_NEW)]
    _check_extended(KnowledgeBase.load(extra_paths=[extra] if as_folder else [str(p) for p in paths]))


def test_kb_loader_extra_path_overrides_user(user_dir: Path, tmp_path: Path):
    _write(user_dir, "new.toml", USER_NEW)
    extra = _write(tmp_path, "later.toml", 'name = "Fictional Fandom (TV)"\nworks = 99\nuniverse = "other"\n')
    fandom = KnowledgeBase.load(extra_paths=[extra]).fandom("Fictional Fandom (TV)")
    assert fandom is not None
    assert (fandom.works, fandom.universe) == (99, "other")
    assert fandom.path.endswith("new.toml")
    assert fandom.character("Zorblax Quenn") is not None


def test_kb_loader_without_user_files_is_cached(user_dir: Path):
    assert KnowledgeBase.load() is KnowledgeBase.load(include_user=False)


@pytest.mark.parametrize(
    "text,reason",
    [
        ('name = "X"\nterms = ["a"', "not valid TOML"),
        ('aliases = ["X"]\n', "no 'name'"),
        ('name = ""\n', "non-empty string"),
        ('name = "X"\nworks = "many"\n', "works"),
        ('name = "X"\nterms = "Hogwarts"\n', "terms must be a list"),
        ('name = "X"\nterms = [1]\n', "non-empty string"),
        ('name = "X"\ncharcters = []\n', "unknown keys"),
        ('name = "X"\ncharacters = 3\n', "array of tables"),
        ('name = "X"\n[[characters]]\nname = "Y"\n', "no 'tag'"),
        ('name = "X"\n[[characters]]\ntag = "Y"\ngender = "m"\n', "gender"),
        ('name = "X"\n[[characters]]\ntag = "Y"\nmain = "yes"\n', "main"),
        ('name = "X"\n[[characters]]\ntag = "Y"\nnickname = ["Z"]\n', "unknown keys"),
        ('name = "X"\n[[characters]]\ntag = "Y"\n[[characters]]\ntag = "Y"\n', "twice"),
        ('name = "X"\ncharacters_from = ["No Such Fandom"]\n', "characters_from"),
        (b"\xff\xfe\x00n", "not valid TOML"),
    ],
)
def test_kb_loader_malformed_file_raises_e040(user_dir: Path, text: str | bytes, reason: str):
    path = user_dir / "bad.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    # given explicitly (--kb): an error
    with pytest.raises(DataError) as err:
        KnowledgeBase.load(extra_paths=[path], include_user=False)
    message = str(err.value)
    assert message.startswith("[E040]")
    assert "bad.toml" in message and reason in message
    # in the user folder: skipped with a warning naming it, never fatal (issue 8)
    kb = KnowledgeBase.load()
    assert len(kb.warnings) == 1
    assert kb.warnings[0].startswith("[W103]") and "bad.toml" in kb.warnings[0] and reason in kb.warnings[0]
    assert kb.fandom("Supernatural") is not None


def test_kb_loader_missing_extra_path_raises_e040(user_dir: Path, tmp_path: Path):
    with pytest.raises(DataError, match=r"^\[E040\].*no such file"):
        KnowledgeBase.load(extra_paths=[tmp_path / "missing.toml"])
