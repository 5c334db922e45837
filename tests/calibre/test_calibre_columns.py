"""ficlens's Calibre columns, ids, formats and calibredb's messages, without Calibre (hand-built analyses and a
stand-in calibredb script)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ficlens.calibre import Calibredb, CalibreError, parse_ids, select_columns
from ficlens.calibre.columns import all_columns, as_field, evidence_html, same, values
from ficlens.calibre.sync import _pick_format, fingerprint
from ficlens.cli import cli
from ficlens.errors import ConfigError
from ficlens.model import Analysis, Character, Evidence, RelationshipTag, Scene, Tags, TagValue, WorkInfo


def _analysis() -> Analysis:
    story = 'He screamed, <b>"Run"</b>, and the blade came down.'
    tags = Tags(
        rating=TagValue("Mature", 0.5, [Evidence(0, len(story), story)]),
        warnings=[TagValue("Graphic Depictions Of Violence", 0.5, [Evidence(0, len(story), story)])],
        categories=[TagValue("Gen", 0.5)],
        relationships=[RelationshipTag("Ana & Bo", "platonic", ["c1", "c2"], 0.6)],
        freeform=[TagValue("Hurt/Comfort, Eventually", 0.6)],
    )
    return Analysis(
        work=WorkInfo(title="T", authors=[], source="t.epub", format="epub", language="en", words=9),
        scenes=[Scene(0, 0, 0, 5, None, pov="c2", person="first"), Scene(1, 0, 5, 9, None, pov="c2"),
                Scene(2, 0, 9, 12, None, pov="c1")],
        characters=[Character("c1", "Ana"), Character("c2", "Bo")],
        tags=tags,
        tool={"name": "ficlens", "version": "9.9"},
    )


def _spec(key: str):  # type: ignore[no-untyped-def]
    return all_columns()[key]


def test_calibre_columns_values_from_analysis():
    a = _analysis()
    assert values(a, _spec("warnings")) == ["Graphic Depictions Of Violence"]
    assert values(a, _spec("rating")) == "Mature"
    assert values(a, _spec("pairings")) == ["Ana & Bo"]
    # calibre splits tag-like values on commas: a comma inside a value becomes ';'
    assert values(a, _spec("tags")) == ["Gen", "Hurt/Comfort; Eventually"]
    # narration persons (most scenes first), then focal characters by scene count
    assert values(a, _spec("pov")) == ["third person", "first person", "Bo", "Ana"]
    assert as_field(_spec("tags"), ["a", "b"]) == "a,b"


def test_calibre_columns_rating_outside_enumeration_is_empty():
    a = _analysis()
    a.tags.rating = TagValue("Tweenie", 0.5)
    assert values(a, _spec("rating")) == ""


def test_calibre_evidence_escapes_story_text():
    out = evidence_html(_analysis(), "EPUB")
    assert "<b>\"Run\"</b>" not in out and "&lt;b&gt;&quot;Run&quot;&lt;/b&gt;" in out
    assert "Graphic Depictions Of Violence" in out and "ficlens 9.9 from the EPUB" in out


def test_calibre_same_compares_lists_without_order_or_case():
    spec = _spec("warnings")
    assert same(spec, ["B", "a"], ["A", "b"])
    assert not same(spec, ["a"], ["a", "b"])
    assert same(spec, None, [])
    assert same(_spec("rating"), None, "")
    assert not same(_spec("rating"), "Mature", "Explicit")


@pytest.mark.parametrize(
    "names,expected",
    [(None, list(all_columns())), (["warnings", "#ficlens_rating"], ["warnings", "rating"]),
     (["Tags", "tags"], ["tags"])],
)
def test_calibre_select_columns(names, expected):
    assert [c.key for c in select_columns(names)] == expected


def test_calibre_select_columns_unknown():
    with pytest.raises(ConfigError, match=r"\[E405\].*'shipz'"):
        select_columns(["shipz"])


@pytest.mark.parametrize("text,ids", [("3", [3]), ("1, 2,5-7", [1, 2, 5, 6, 7])])
def test_calibre_parse_ids(text, ids):
    assert parse_ids(text) == ids


@pytest.mark.parametrize("text", ["", "a", "7-3", "1,,x"])
def test_calibre_parse_ids_bad(text):
    with pytest.raises(ConfigError, match=r"\[E408\]"):
        parse_ids(text)


def test_calibre_pick_format_prefers_epub():
    local = ["/lib/a/b.pdf", "/lib/a/b.txt", "/lib/a/b.epub"]
    assert _pick_format(local, remote=False) == ("EPUB", "/lib/a/b.epub")
    assert _pick_format(["/x.mobi", "/x.pdf"], remote=False) is None
    assert _pick_format(["MOBI", "DOCX"], remote=True) == ("DOCX", "DOCX")


def test_calibre_fingerprint_changes_with_file_and_columns():
    cols = select_columns(None)
    fp = fingerprint("EPUB", "abc", cols, False)
    assert fp != fingerprint("EPUB", "abd", cols, False)
    assert fp != fingerprint("EPUB", "abc", cols[:2], False)
    assert fp != fingerprint("EPUB", "abc", cols, True)


def test_calibre_not_a_library(tmp_path: Path):
    with pytest.raises(CalibreError, match=r"\[E401\]"):
        Calibredb(str(tmp_path))
    result = CliRunner().invoke(cli, ["calibre", str(tmp_path)])
    assert result.exit_code == 1
    assert "[E401]" in result.output and "Traceback" not in result.output


def _fake_calibredb(tmp_path: Path, stdout: str, stderr: str, code: int) -> str:
    """A stand-in calibredb that prints canned output (calibre's own messages) and exits with ``code``."""
    script = tmp_path / "calibredb"
    script.write_text(
        f"#!{sys.executable}\nimport sys\nsys.stdout.write({stdout!r})\nsys.stderr.write({stderr!r})\n"
        f"sys.exit({code})\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "metadata.db").write_bytes(b"")
    return lib


def test_calibre_library_open_in_gui_is_said_clearly(tmp_path: Path, library: Path, monkeypatch):
    msg = ("Another calibre program such as calibre-server or the main calibre program is running. Having "
           "multiple programs that can make changes to a calibre library running at the same time is a bad idea.")
    monkeypatch.setenv("FICLENS_CALIBREDB", _fake_calibredb(tmp_path, "", msg, 1))
    monkeypatch.setenv("FICLENS_CALIBREDB_WAIT", "0.3")
    with pytest.raises(CalibreError, match=r"\[E402\].*Content server"):
        Calibredb(str(library)).custom_columns()


def test_calibre_waits_out_a_short_lock(tmp_path: Path, library: Path, monkeypatch):
    """calibre's lock is per user: another calibredb running at the same moment only delays the call."""
    count = tmp_path / "calls"
    script = tmp_path / "calibredb"
    script.write_text(
        f"#!{sys.executable}\nimport sys, pathlib\np = pathlib.Path({str(count)!r})\n"
        "n = int(p.read_text()) if p.exists() else 0\np.write_text(str(n + 1))\n"
        "if n < 2:\n    sys.stderr.write('Another calibre program such as calibre-server is running.')\n"
        "    sys.exit(1)\nsys.stdout.write('[]')\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("FICLENS_CALIBREDB", str(script))
    monkeypatch.setenv("FICLENS_CALIBREDB_WAIT", "10")
    assert Calibredb(str(library)).list_books(["id"]) == []
    assert count.read_text() == "3"


def test_calibre_server_refusing_writes(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("FICLENS_CALIBREDB", _fake_calibredb(tmp_path, "", "Forbidden", 1))
    with pytest.raises(CalibreError, match=r"\[E403\].*enable-local-write"):
        Calibredb("http://127.0.0.1:1#lib").set_fields(1, {"#ficlens_rating": "Mature"})


def test_calibre_other_failure_keeps_calibres_last_line(tmp_path: Path, library: Path, monkeypatch):
    monkeypatch.setenv("FICLENS_CALIBREDB", _fake_calibredb(tmp_path, "", "Traceback\nValueError: no such column", 2))
    with pytest.raises(CalibreError, match=r"\[E404\] calibredb list failed: ValueError: no such column"):
        Calibredb(str(library)).list_books(["id"])


def test_calibre_custom_columns_parsed_from_details(tmp_path: Path, library: Path, monkeypatch):
    details = (
        "ficlens_warnings\n\n{'datatype': 'text',\n 'display': {},\n 'is_multiple': True,\n"
        " 'label': 'ficlens_warnings',\n 'multiple_seps': {'cache_to_list': '|', 'ui_to_list': ','},\n"
        " 'num': 1}\n\n\nficlens_rating\n\n{'datatype': 'enumeration',\n 'display': {'enum_values': ['Mature']},\n"
        " 'is_multiple': False,\n 'label': 'ficlens_rating',\n 'num': 2}\n"
    )
    monkeypatch.setenv("FICLENS_CALIBREDB", _fake_calibredb(tmp_path, details, "", 0))
    cols = Calibredb(str(library)).custom_columns()
    assert set(cols) == {"ficlens_warnings", "ficlens_rating"}
    assert cols["ficlens_warnings"].is_multiple and cols["ficlens_warnings"].datatype == "text"
    assert cols["ficlens_rating"].datatype == "enumeration" and not cols["ficlens_rating"].is_multiple


def test_calibre_missing_calibredb(library: Path, monkeypatch):
    monkeypatch.delenv("FICLENS_CALIBREDB", raising=False)
    monkeypatch.setenv("PATH", os.defpath if not Path("/usr/bin/calibredb").exists() else "/nonexistent")
    with pytest.raises(CalibreError, match=r"\[E400\]"):
        Calibredb(str(library))


def test_calibre_column_of_another_type_is_refused(tmp_path: Path, library: Path, monkeypatch):
    """A user's own #ficlens_rating of another kind is never written into or changed: E406 before any work."""
    details = ("ficlens_rating\n\n{'datatype': 'int',\n 'is_multiple': False,\n 'label': 'ficlens_rating',\n"
               " 'num': 1}\n")
    monkeypatch.setenv("FICLENS_CALIBREDB", _fake_calibredb(tmp_path, details, "", 0))
    from ficlens.calibre import sync_library

    with pytest.raises(ConfigError, match=r"\[E406\] .*#ficlens_rating .* type int, not a column of type enumeration"):
        sync_library(str(library), columns=["rating"])
