"""Table rows from an analysis, and the documented schema in docs/batch.md agreeing with the code."""

from __future__ import annotations

import re

import pyarrow as pa
import pytest

from ficlens.corpus.inputs import WorkItem
from ficlens.corpus.tables import SCHEMAS, TABLES, rows_for, to_table
from ficlens.model import (
    Analysis,
    Character,
    Interaction,
    Quote,
    RelationshipTag,
    Scene,
    Tags,
    TagValue,
    WorkInfo,
)
from ficlens_testutil import ROOT

TEXT = 'Ann smiled. "Hello, Ben," she said.\n\n***\n\nBen walked home alone.'


def _analysis() -> Analysis:
    a = Analysis(work=WorkInfo(title="T", authors=["Me"], source="t.txt", format="txt", language="en", words=11))
    a.characters = [Character("c1", "Ann", gender="female", quotes=1, mentions=2),
                    Character("c2", "Ben", gender="male", mentions=2)]
    a.scenes = [Scene(0, 0, 0, 36, None, pov="c1", person="third", tense="past", characters=["c1", "c2"]),
                Scene(1, 0, 43, len(TEXT), "***", pov="c2", person="third", tense="past", characters=["c2"])]
    a.quotes = [Quote("q1", 12, 25, '"Hello, Ben,"', speaker="c1", addressees=["c2"], method="tag")]
    a.interactions = [Interaction("c1", "c2", weight=1.5, dialogue=1, cooccurrence=1, kind="friends")]
    a.tags = Tags(rating=TagValue("General Audiences", 0.6),
                  relationships=[RelationshipTag("Ann & Ben", "platonic", ["c1", "c2"], 0.5)])
    a.work.given_tags = Tags(fandoms=[TagValue("Original Work")],
                             relationships=[RelationshipTag("Ann/Ben", "romantic")])
    a.stats = {"paragraphs": 3, "dialogue_ratio": 0.2, "seconds": 0.1}
    a.tool = {"version": "9.9"}
    return a


def test_tables_rows_of_one_analysis():
    item = WorkItem("abcdef0123456789", "t.txt", None, len(TEXT))
    rows = rows_for(item, _analysis(), TEXT)
    assert set(rows) == set(TABLES)
    assert all(r["work_id"] == item.work_id for t in TABLES for r in rows[t])
    (work,) = rows["works"]
    assert (work["fandom"], work["fandom_confidence"], work["rating"]) == ("Original Work", 1.0, "General Audiences")
    assert (work["person"], work["tense"], work["scenes"], work["quotes"]) == ("third", "past", 2, 1)
    s0, s1 = rows["scenes"]
    assert (s0["quotes"], s0["quoted_chars"], s0["pov_gender"]) == (1, 13, "female")
    assert (s1["quotes"], s1["pov_name"]) == (0, "Ben")
    assert s1["words"] == 4
    (q,) = rows["quotes"]
    assert (q["scene"], q["speaker_name"], q["speaker_gender"], q["addressees"]) == (0, "Ann", "female", ["c2"])
    assert rows["interactions"][0]["b_name"] == "Ben"
    tags = {(t["source"], t["field"], t["value"], t["kind"]) for t in rows["tags"]}
    assert tags == {("given", "fandom", "Original Work", None), ("given", "relationship", "Ann/Ben", "romantic"),
                    ("suggested", "rating", "General Audiences", None),
                    ("suggested", "relationship", "Ann & Ben", "platonic")}
    for t in TABLES:
        table = to_table(t, rows[t])
        assert table.schema == SCHEMAS[t] and table.num_rows == len(rows[t])


def _documented() -> dict[str, list[tuple[str, str]]]:
    doc = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    out: dict[str, list[tuple[str, str]]] = {}
    for m in re.finditer(r"^### (\w+)\n\n\| column \| type \| meaning \|\n\|---\|---\|---\|\n((?:\|.*\n)+)", doc, re.M):
        out[m.group(1)] = [tuple(c.strip() for c in line.strip("|").split("|")[:2])  # type: ignore[misc]
                           for line in m.group(2).strip().splitlines()]
    return out


def _type_name(t: pa.DataType) -> str:
    return {"double": "float64"}.get(str(t), str(t)).replace("list<item: string>", "list<string>")


@pytest.mark.parametrize("table", TABLES)
def test_tables_schema_is_documented_column_by_column(table):
    documented = _documented()[table]
    actual = [(f.name, _type_name(f.type)) for f in SCHEMAS[table]]
    assert documented == actual
