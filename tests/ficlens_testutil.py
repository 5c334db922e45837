"""Checks shared by tests: every analysis the tests produce must validate and keep its offsets in range."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import spacy
from spacy.tokens import Doc

from ficlens.document import Document, Paragraph
from ficlens.ingest.base import Work
from ficlens.model import Analysis, WorkInfo
from ficlens.schema import validate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "salt-and-stakes.txt"
FIXTURES = ROOT / "tests" / "fixtures"
LITBANK = ROOT.parent / "shared" / "data" / "litbank"


def check_analysis(data: dict[str, Any], text: str) -> None:
    validate(data)
    n = len(text)

    def span(obj: dict[str, Any], where: str) -> None:
        assert 0 <= obj["start"] <= obj["end"] <= n, f"{where}: {obj['start']}..{obj['end']} outside 0..{n}"

    for c in data["chapters"]:
        span(c, "chapter")
    for s in data["scenes"]:
        span(s, "scene")
    ids = {c["id"] for c in data["characters"]}
    for q in data["quotes"]:
        span(q, "quote")
        assert q["speaker"] is None or q["speaker"] in ids
        assert set(q["addressees"]) <= ids
    for s in data["scenes"]:
        assert s["pov"] is None or s["pov"] in ids
        assert set(s["characters"]) <= ids
        assert all(sh["pov"] is None or sh["pov"] in ids for sh in s.get("pov_shifts", []))
    for i in data["interactions"]:
        assert i["a"] in ids and i["b"] in ids
        for e in i["evidence"]:
            span(e, "interaction evidence")
            assert text[e["start"] : e["end"]].startswith(e["text"].rstrip("…"))
    assert [c["id"] for c in data["characters"]] == [f"c{k + 1}" for k in range(len(ids))], "ids are c1..cN"
    assert all(t["id"] is None or t["id"] in ids for t in data["tags"]["characters"])
    assert all(set(r["members"]) <= ids for r in data["tags"]["relationships"])
    for f in data["fandoms"]:
        for e in f["evidence"]:
            span(e, "fandom evidence")
    for field in ("warnings", "freeform"):
        for t in data["tags"][field]:
            for e in t["evidence"]:
                span(e, f"{field} evidence")
                assert text[e["start"] : e["end"]].startswith(e["text"].rstrip("…"))


def speakers(analysis: Any) -> list[str | None]:
    """First names of the speakers of an analysis's quotations (scare quotes and titles left out), in order."""
    names = {c.id: c.name.split()[0] for c in analysis.characters}
    return [names.get(q.speaker) for q in analysis.quotes if q.kind != "other"]


def said_by(text: str, model: str) -> dict[str, str | None]:
    """Each quotation's text -> its speaker's full name (None: unattributed), the text analysed end to end with
    speaker model ``model`` ("rules", "learned")."""
    from ficlens.config import Options
    from ficlens.pipeline import Analyzer

    a = Analyzer(Options(speaker_model=model)).analyze_text(text)
    names = {c.id: c.name for c in a.characters}
    return {q.text: names.get(q.speaker or "") for q in a.quotes}


_VOCAB = spacy.blank("en").vocab


def tagged_parse(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> tuple[Document, Doc]:
    """One paragraph holding a hand-built parse (no model), and a Document with no characters yet."""
    d = Doc(_VOCAB, words=words, heads=heads, deps=deps, pos=pos)
    text = d.text
    doc = Document(
        work=Work(text=text, format="txt", source="t"), analysis=Analysis(work=WorkInfo(None, [], "t", "txt", "en", 0)),
        paragraphs=[Paragraph(0, 0, len(text), 0, 0)],
    )
    doc.docs = [d]
    return doc, d
