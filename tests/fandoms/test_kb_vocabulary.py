"""The per-fandom vocabulary: words of a canon that are never a person."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.errors import DataError
from ficlens.fandoms import KnowledgeBase

VOCAB = """
name = "Glimmer Saga"
terms = ["Glimmerhold"]

[[characters]]
tag = "Ysolde Vane"
name = "Ysolde Vane"
aliases = ["Ysolde", "Vane"]

[vocabulary]
spells = ["Brightfall", "Vane"]
places = ["Ashmarket"]
exclamations = ["Ysolde's teeth"]
"""


def _kb(tmp_path: Path, text: str) -> KnowledgeBase:
    f = tmp_path / "glimmer.toml"
    f.write_text(text, encoding="utf-8")
    return KnowledgeBase.load([f], include_user=False)


def test_vocabulary_words_are_non_persons_unless_someone_is_called_so(tmp_path: Path) -> None:
    kb = _kb(tmp_path, VOCAB)
    fandom = kb.fandom("Glimmer Saga")
    assert fandom is not None and set(fandom.vocabulary_words) >= {"Brightfall", "Ashmarket", "Ysolde's teeth"}
    words = kb.non_persons()
    assert {"brightfall", "ashmarket", "glimmerhold", "ysolde's teeth"} <= set(words)
    assert words["ashmarket"] == {"Glimmer Saga"}
    assert "vane" not in words  # a spell word that is also a character's name stays a possible name


def test_an_unknown_vocabulary_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError) as err:
        _kb(tmp_path, VOCAB.replace("places =", "weapons ="))
    assert "[E040]" in str(err.value) and "weapons" in str(err.value)


def test_a_later_file_extends_the_vocabulary(tmp_path: Path) -> None:
    first = tmp_path / "a.toml"
    first.write_text(VOCAB, encoding="utf-8")
    second = tmp_path / "b.toml"
    second.write_text('name = "Glimmer Saga"\n[vocabulary]\nplaces = ["Dunmere"]\n', encoding="utf-8")
    kb = KnowledgeBase.load([first, second], include_user=False)
    fandom = kb.fandom("Glimmer Saga")
    assert fandom is not None
    assert set(fandom.vocabulary["places"]) == {"Ashmarket", "Dunmere"}
    assert "brightfall" in kb.non_persons()


def test_the_packaged_big_fandoms_have_vocabulary() -> None:
    kb = KnowledgeBase.load(include_user=False)
    for name in ("Harry Potter - J. K. Rowling", "Supernatural", "Star Wars - All Media Types"):
        fandom = kb.fandom(name)
        assert fandom is not None and len(fandom.vocabulary_words) >= 20, name
    words = kb.non_persons()
    assert {"accio", "hogsmeade", "jakku", "gotham", "merlin's beard"} <= set(words)
    assert "harry" not in words and "castiel" not in words


def test_learned_vocabulary_keeps_one_canon_things_only() -> None:
    from collections import Counter

    from ficlens.fandoms.learn import learned_vocabulary, render

    freeform = {
        "Glimmer Saga": Counter({"Ashmarket": 3, "Fluff": 4, "Ysolde Vane Needs a Hug": 2, "Brightfall": 1}),
        "Other Canon": Counter({"Fluff": 5, "Dunmere": 2}),
    }
    names = {"Glimmer Saga": {"Ysolde Vane"}, "Other Canon": set()}
    got = learned_vocabulary(freeform, names)
    # a trope both canons use, a tag naming a character, a tag of one work: not vocabulary
    assert got == {"Glimmer Saga": ["Ashmarket"], "Other Canon": ["Dunmere"]}
    text = render({"name": "Glimmer Saga", "characters": [], "vocabulary": {"learned": got["Glimmer Saga"]}})
    from ficlens.fandoms.kb_files import tomllib

    assert tomllib.loads(text)["vocabulary"] == {"learned": ["Ashmarket"]}
