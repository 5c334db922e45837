"""``kb learn`` writes TOML with a TOML library: whatever a download's tags hold, the file stays valid and a
later broken user file is skipped with a warning, never fatal (issue 8)."""

from __future__ import annotations

import sys

from ficlens.fandoms.kb import KnowledgeBase
from ficlens.fandoms.learn import learn, render
from hostile_files import ao3_html

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

NASTY = ["Dean\x7fWinchester", 'Sam "Sammy" Winchester', "Cas\\tiel", "Line\nBreak", "Bell\x07", "Zero\u200b"]


def test_render_escapes_every_character_toml_requires():
    fandom = {"name": "Supern\x7fatural \"X\"", "aliases": ["a\\b"], "characters": [
        {"tag": t, "name": t, "aliases": [t, t + "2"], "main": True} for t in NASTY]}
    data = tomllib.loads(render(fandom, "learned\nfrom 2 works"))
    assert data["name"] == fandom["name"] and data["aliases"] == ["a\\b"]
    assert [c["tag"] for c in data["characters"]] == NASTY


def _download_with_tags(fandom: str, characters: list[str]) -> str:
    html = ao3_html()  # tags as raw markup: entities such as &#127; are the download's own
    tags = (f'<dl class="tags"><dt>Fandom:</dt><dd><a>{fandom}</a></dd><dt>Characters:</dt><dd>'
            + ", ".join(f"<a>{c}</a>" for c in characters) + "</dd></dl>")
    return html.replace('<div id="preface">', '<div id="preface">' + tags)


def test_kb_learn_with_control_characters_keeps_the_knowledge_base_readable(tmp_path, monkeypatch):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "a.html").write_text(_download_with_tags("Original Work", ["Ta&#127;g Person", "Bo&quot;b"]),
                                encoding="utf-8")
    kb_dir = tmp_path / "kb"
    monkeypatch.setenv("FICLENS_KB_DIR", str(kb_dir))
    report = learn([lib])
    assert report.written
    kb = KnowledgeBase.load()
    assert kb.warnings == []
    fandom = kb.fandom("Original Work")
    assert fandom is not None
    assert {"Ta\x7fg Person", 'Bo"b'} <= {c.tag for c in fandom.characters}
    # a hand-broken file next to it is skipped with a warning naming it
    (kb_dir / "broken.toml").write_text('name = "Y"\nterms = ["unclosed', encoding="utf-8")
    kb = KnowledgeBase.load()
    assert kb.fandom("Original Work") is not None
    assert len(kb.warnings) == 1 and "broken.toml" in kb.warnings[0] and kb.warnings[0].startswith("[W103]")
