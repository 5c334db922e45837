"""EPUBs FanFicFare itself wrote (its offline test site, tests/fanficfare_fixtures.py) and the ``--json-meta``
file it writes beside them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fanficfare_fixtures import HERE, SOURCES, fanficfare_exe, write_epubs
from ficlens.ingest import read
from ficlens.ingest.base import GivenTags
from ficlens.ingest.fanficfare_meta import merge_given, read_meta, sidecar_path

QUARRY = HERE / "The Quarry Road-tst1_1002.epub"
LANTERN = HERE / "Salt Lantern-tst1_1001.epub"


def _paragraphs(source: Path, chapter: str) -> list[str]:
    """The story's paragraphs as written in its source HTML (what FanFicFare downloaded)."""
    from lxml import html

    root = html.fromstring(source.read_text(encoding="utf-8"))
    li = root.get_element_by_id(chapter)
    return [" ".join(p.text_content().split()) for p in li.iter("p")]


def test_ingest_fanficfare_epub_text_and_chapters():
    work = read(LANTERN)
    assert work.format == "epub" and work.title == "Salt Lantern" and work.authors == ["ficlens tests"]
    assert [c.title for c in work.chapters] == ["Chapter 1: The Boathouse", "Chapter 2: The White Rock"]
    for chapter, cid in zip(work.chapters, ("c1", "c2"), strict=True):
        body = work.text[chapter.body_start : chapter.end]
        got = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
        assert got == _paragraphs(SOURCES / "1001.html", cid)
    assert "Puella Magi" not in work.text and "Lorem" not in work.text  # no test-site filler


def test_ingest_fanficfare_json_meta_gives_the_tags():
    work = read(QUARRY)
    assert work.given is not None
    assert work.given.rating == "Teen And Up Audiences"
    assert work.given.warnings == ["Creator Chose Not To Use Archive Warnings"]
    assert work.given.fandoms == ["Original Work"]
    assert work.given.characters == ["Idris", "Senna"]
    assert work.given.freeform == ["Action"]


def test_ingest_fanficfare_json_meta_overrides_the_title_page(tmp_path: Path):
    epub = tmp_path / QUARRY.name
    shutil.copy(QUARRY, epub)
    meta = json.loads((HERE / (QUARRY.name + ".json")).read_text(encoding="utf-8"))
    meta.update({"warnings": "Graphic Depictions Of Violence", "freeformtags": "Ambush, Found Family",
                 "genre": "Action, Ambush, Found Family", "ships": "Idris & Senna"})
    (tmp_path / (QUARRY.name + ".json")).write_text(json.dumps(meta), encoding="utf-8")
    given = read(epub).given
    assert given is not None
    assert given.warnings == ["Graphic Depictions Of Violence"]
    assert given.freeform == ["Ambush", "Found Family"]  # AO3's freeform tags, not FanFicFare's genre
    assert given.relationships == ["Idris & Senna"]
    assert given.rating == "Teen And Up Audiences"


def test_ingest_fanficfare_stem_json_and_damaged_json(tmp_path: Path):
    epub = tmp_path / "story.epub"
    shutil.copy(QUARRY, epub)
    # fanficfare -j URL > story.json
    shutil.copy(HERE / (QUARRY.name + ".json"), tmp_path / "story.json")
    assert sidecar_path(epub) == tmp_path / "story.json"
    assert read(epub).given.warnings == ["Creator Chose Not To Use Archive Warnings"]  # type: ignore[union-attr]
    (tmp_path / "story.epub.json").write_text("{not json", encoding="utf-8")
    work = read(epub)
    assert any(w.startswith("[W400]") and "story.epub.json" in w for w in work.warnings)


def test_ingest_fanficfare_analysis_json_beside_is_not_metadata(tmp_path: Path):
    p = tmp_path / "story.json"
    p.write_text(json.dumps({"schema_version": 1, "work": {"title": "x"}}), encoding="utf-8")
    assert read_meta(p) == (None, None)


def test_ingest_fanficfare_merge_given():
    own = GivenTags(rating="Mature", freeform=["Genre Soup"], characters=["A"])
    meta = GivenTags(freeform=["Angst"], warnings=["Major Character Death"])
    merged = merge_given(own, meta)
    assert merged == GivenTags(rating="Mature", warnings=["Major Character Death"], characters=["A"],
                               freeform=["Angst"])
    assert merge_given(None, meta) is meta and merge_given(own, None) is own


@pytest.mark.skipif(fanficfare_exe() is None, reason="FanFicFare is not installed (pip install -e '.[dev]')")
def test_ingest_fanficfare_fresh_output_reads_like_the_committed(tmp_path: Path):
    """FanFicFare as installed now still writes EPUBs ficlens reads the same way as the committed ones."""
    fresh = write_epubs(tmp_path, ids=(1002,))[1002]
    assert (tmp_path / (fresh.name + ".json")).is_file()
    new, old = read(fresh), read(QUARRY)
    assert new.text == old.text
    assert new.given == old.given and new.title == old.title
