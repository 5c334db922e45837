"""``kb learn``: given tags of downloaded works into user knowledge-base files (readers faked)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ficlens.fandoms import learn as learn_mod
from ficlens.fandoms.kb import KnowledgeBase
from ficlens.ingest.base import GivenTags, Work

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_TAGS = {
    "a.html": GivenTags(fandoms=["Supernatural"], characters=["Dean Winchester", "Jody Mills"],
                        relationships=["Dean Winchester/Castiel (Supernatural)"]),
    "b.html": GivenTags(fandoms=["Supernatural", "Sherlock (TV)"], characters=["Molly Hooper", "Mrs. Hudson"]),
    "c.html": GivenTags(fandoms=["Some Tiny Webcomic"], characters=["Pip Quill"]),
    "d.html": GivenTags(),
}


@pytest.fixture()
def stories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    src = tmp_path / "downloads"
    src.mkdir()
    for name in _TAGS:
        (src / name).write_text("<html></html>", encoding="utf-8")

    def fake_read(path: str | Path) -> Work:
        return Work(text="x", format="html", source=str(path), given=_TAGS[Path(path).name])

    import ficlens.ingest

    monkeypatch.setattr(ficlens.ingest, "read", fake_read)
    return src


def _load(path: Path) -> dict:  # type: ignore[type-arg]
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_learn_writes_one_file_per_fandom(stories: Path, tmp_path: Path) -> None:
    out = tmp_path / "kb"
    report = learn_mod.learn([stories], out)
    assert report.files == 3
    assert [p for p, _ in report.skipped] == [str(stories / "d.html")]
    assert report.fandoms["Supernatural"] == 2
    assert report.relationships["Supernatural"]["Dean Winchester/Castiel (Supernatural)"] == 1
    spn = _load(out / "supernatural.toml")
    tags = [c["tag"] for c in spn["characters"]]
    assert "Jody Mills" in tags and "Castiel (Supernatural)" in tags  # relationship members count
    assert "Molly Hooper" not in tags  # only in a crossover, and the packaged KB says she is Sherlock's
    sherlock = _load(out / "sherlock-tv.toml")
    assert "Molly Hooper" in [c["tag"] for c in sherlock["characters"]]
    assert "Mrs. Hudson" in [c["tag"] for c in sherlock["characters"]] or "Mrs. Hudson" in tags
    cas = next(c for c in spn["characters"] if c["tag"] == "Castiel (Supernatural)")
    assert cas["name"] == "Castiel" and "gender" not in cas
    tiny = _load(out / "some-tiny-webcomic.toml")
    assert tiny["characters"][0]["aliases"] == ["Pip", "Pip Quill"]
    # the files load as a knowledge base that extends the packaged one
    kb = KnowledgeBase.load([out], include_user=False)
    assert [k.tag for k in kb.characters_by_surface("Pip")] == ["Pip Quill"]
    dean = [k for k in kb.characters_by_surface("Dean Winchester") if k.fandom == "Supernatural"]
    assert dean and dean[0].gender == "male"  # the packaged fields survive


def test_learn_merges_with_existing_files(stories: Path, tmp_path: Path) -> None:
    out = tmp_path / "kb"
    out.mkdir()
    (out / "some-tiny-webcomic.toml").write_text(
        'name = "Some Tiny Webcomic"\nterms = ["Quillhaven"]\n\n[[characters]]\ntag = "Old One"\n'
        'name = "Old One"\ngender = "female"\n',
        encoding="utf-8",
    )
    learn_mod.learn([stories], out)
    data = _load(out / "some-tiny-webcomic.toml")
    assert data["terms"] == ["Quillhaven"]
    assert [c["tag"] for c in data["characters"]] == ["Old One", "Pip Quill"]
    assert data["characters"][0]["gender"] == "female"


def test_learn_reads_every_record_of_a_corpus_file(tmp_path: Path) -> None:
    """An AO3Scraper CSV / ao3-api JSON Lines file counts each of its works (a bad record is skipped)."""
    src = tmp_path / "corpus"
    src.mkdir()
    (src / "works.csv").write_text(
        "work_id,fandom,character,relationship,body\n"
        '1,Some Tiny Webcomic,"Pip Quill, Odo Fern",Pip Quill/Odo Fern,Pip waved.\n'
        "2,Some Tiny Webcomic,Pip Quill,,Odo waved back.\n", encoding="utf-8")
    (src / "more.jsonl").write_text('{"id": 3, "fandoms": ["Some Tiny Webcomic"], "characters": ["Wen"], '
                                    '"text": "Wen sang."}\n{not json\n', encoding="utf-8")
    out = tmp_path / "kb"
    report = learn_mod.learn([src], out)
    assert report.files == 3
    assert report.fandoms["Some Tiny Webcomic"] == 3
    assert report.characters["Some Tiny Webcomic"]["Pip Quill"] == 2
    assert [s[0].rsplit("#", 1)[1] for s in report.skipped] == ["2"]  # the broken JSON line
    data = _load(out / "some-tiny-webcomic.toml")
    assert {c["name"] for c in data["characters"]} >= {"Pip Quill", "Odo Fern", "Wen"}
