"""The packaged fandom knowledge base: every file follows docs/kb-format.md and the loader reads it."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from ficlens.fandoms import DATA_DIR, GENDERS, KnowledgeBase
from ficlens.fandoms.kb import _packaged_kb
from ficlens.fandoms.kb_files import _packaged_records

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
FANDOMS_CSV = SHARED / "data" / "ao3" / "fandoms_by_works_2021.csv"
EXTRAS = {
    "The Vampire Diaries (TV)",
    "The Originals (TV)",
    "Buffy the Vampire Slayer (TV)",
    "Angel: the Series",
}
FILES = sorted(DATA_DIR.glob("*.toml"))
REQUIRED = {"name": str, "universe": str, "works": int}
OPTIONAL_LISTS = ("aliases", "characters_from", "terms", "weak_terms")


def _load(path: Path) -> dict:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _kb() -> KnowledgeBase:
    return KnowledgeBase.load(include_user=False)


def test_kb_data_has_files():
    assert len(FILES) >= 36


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_kb_data_file_has_required_fields(path: Path):
    data = _load(path)
    for key, kind in REQUIRED.items():
        assert isinstance(data.get(key), kind), f"{path.name}: {key}"
    assert data["name"].strip() == data["name"] and data["name"]
    assert data["works"] > 0
    for key in OPTIONAL_LISTS:
        assert all(isinstance(x, str) and x.strip() for x in data.get(key, [])), f"{path.name}: {key}"
    for char in data.get("characters", []):
        assert isinstance(char.get("tag"), str) and char["tag"].strip()
        assert isinstance(char.get("name"), str) and char["name"].strip()
        assert isinstance(char.get("aliases"), list)
        assert isinstance(char.get("main", False), bool)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_kb_data_file_tags_unique_and_genders_valid(path: Path):
    chars = _load(path).get("characters", [])
    tags = [c["tag"] for c in chars]
    assert len(tags) == len(set(tags)), [t for t in tags if tags.count(t) > 1]
    assert {c.get("gender", "unknown") for c in chars} <= set(GENDERS)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_kb_data_file_terms_are_not_also_weak(path: Path):
    data = _load(path)
    strong = {t.casefold() for t in data.get("terms", [])}
    assert not strong & {t.casefold() for t in data.get("weak_terms", [])}


@pytest.mark.skipif(not FANDOMS_CSV.exists(), reason="shared/ AO3 fandom list not present")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_kb_data_fandom_name_is_canonical(path: Path):
    with FANDOMS_CSV.open(encoding="utf-8-sig", newline="") as fh:
        works = {row["fandom_name"]: int(row["works_num"]) for row in csv.DictReader(fh)}
    data = _load(path)
    assert data["name"] in works or data["name"] in EXTRAS
    if data["name"] in works:
        assert data["works"] == works[data["name"]]


def test_kb_data_fandom_names_unique():
    names = [_load(p)["name"] for p in FILES]
    assert len(names) == len(set(names))


def test_kb_data_characters_from_resolves():
    kb = _kb()
    for fandom in kb.fandoms:
        for ref in fandom.characters_from:
            target = kb.fandom(ref)
            assert target is not None and target.name == ref, f"{fandom.name} -> {ref}"
            own = {c.tag for c in target.characters}
            assert own <= {c.tag for c in fandom.characters}


def test_kb_data_umbrella_keeps_defining_fandom():
    kb = _kb()
    avengers = kb.fandom("The Avengers (Marvel Movies)")
    assert avengers is not None
    by_tag = {c.tag: c for c in avengers.characters}
    assert by_tag["Tony Stark"].fandom == "Marvel Cinematic Universe"
    assert kb.same_universe("The Avengers (Marvel Movies)", "Marvel Cinematic Universe")


@pytest.mark.parametrize(
    "a,b,same",
    [
        ("The Vampire Diaries (TV)", "The Originals (TV)", True),
        ("Buffy the Vampire Slayer (TV)", "Angel: the Series", True),
        ("Harry Potter - J. K. Rowling", "Harry Potter - J. K. Rowling", True),
        ("Star Wars Sequel Trilogy", "Star Wars - All Media Types", True),
        ("Game of Thrones (TV)", "A Song of Ice and Fire - George R. R. Martin", True),
        ("Captain America (Movies)", "Iron Man (Movies)", True),
        ("Supernatural", "Buffy the Vampire Slayer (TV)", False),
        ("The Vampire Diaries (TV)", "Buffy the Vampire Slayer (TV)", False),
        ("Sherlock (TV)", "Doctor Who (2005)", False),
        ("Supernatural", "No Such Fandom", False),
    ],
)
def test_kb_data_same_universe(a: str, b: str, same: bool):
    assert _kb().same_universe(a, b) is same


@pytest.mark.parametrize(
    "surface,fandom,tag",
    [
        ("Sammy", "Supernatural", "Sam Winchester"),
        ("Cas", "Supernatural", "Castiel (Supernatural)"),
        ("cas", "Supernatural", "Castiel (Supernatural)"),
        ("Castiel", "Supernatural", "Castiel (Supernatural)"),
        ("Padfoot", "Harry Potter - J. K. Rowling", "Sirius Black"),
        ("Stiles", "Teen Wolf (TV)", "Stiles Stilinski"),
        ("Spike", "Buffy the Vampire Slayer (TV)", "Spike (Buffy the Vampire Slayer)"),
    ],
)
def test_kb_data_characters_by_surface(surface: str, fandom: str, tag: str):
    hits = {(c.fandom, c.tag) for c in _kb().characters_by_surface(surface)}
    assert (fandom, tag) in hits


@pytest.mark.parametrize(
    "description,tag",
    [
        ("the older Winchester", "Dean Winchester"),
        ("The Angel", "Castiel (Supernatural)"),
        ("the boy who lived", "Harry Potter"),
    ],
)
def test_kb_data_descriptions_index(description: str, tag: str):
    index = _kb().descriptions_index()
    assert tag in {c.tag for c in index[description.lower()]}


@pytest.mark.parametrize(
    "term,fandom,strong",
    [
        ("impala", "Supernatural", True),
        ("Hogwarts", "Harry Potter - J. K. Rowling", True),
        ("mystic falls", "The Vampire Diaries (TV)", True),
        ("Sunnydale", "Buffy the Vampire Slayer (TV)", True),
        ("hunter", "Supernatural", False),
    ],
)
def test_kb_data_terms_index(term: str, fandom: str, strong: bool):
    hits = {(f.name, s) for f, s in _kb().terms_index()[term.lower()]}
    assert (fandom, strong) in hits


def test_kb_data_original_work_is_a_bare_tag():
    fandom = _kb().fandom("Original Work")
    assert fandom is not None
    assert fandom.universe == "original"
    assert fandom.characters == () and fandom.terms == ()


def test_kb_data_packaged_kb_is_cached_and_indexed():
    _packaged_records.cache_clear()
    _packaged_kb.cache_clear()
    kb = KnowledgeBase.load(include_user=False)
    assert KnowledgeBase.load(include_user=False) is kb
    assert any(c.name == "Dean Winchester" for c in kb.characters_by_surface("Dean"))
    assert kb.descriptions_index() and kb.terms_index()
