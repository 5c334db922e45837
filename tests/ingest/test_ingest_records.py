"""Files of many works: AO3Scraper-style CSV and JSON Lines with ao3-api metadata (tests/fixtures/records)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ficlens.errors import InputError
from ficlens.ingest.records import given_from_fields, is_records_file, iter_records, iter_works

RECORDS = Path(__file__).resolve().parent.parent / "fixtures" / "records"
CSV = RECORDS / "ao3scraper_works.csv"
JSONL = RECORDS / "ao3api_works.jsonl"


def test_ingest_records_ao3scraper_csv():
    works = list(iter_works(CSV))
    assert [w.source for w in works] == [f"{CSV}#90001", f"{CSV}#90002"]
    first, second = works
    assert first.format == "csv" and first.title == "Tea at the Lighthouse"
    assert first.authors == ["quillfeather"]  # AO3Scraper writes a Python list literal
    assert second.authors == ["pebblewright", "co_author"]
    assert first.text.startswith("Wren climbed") and "\n\n\"You brought the good cups,\"" in first.text
    assert first.language == "en"
    g = first.given
    assert g is not None
    assert (g.rating, g.categories, g.fandoms) == ("General Audiences", ["F/F"], ["Original Work"])
    assert (g.relationships, g.characters, g.freeform, g.words) == (["Wren/Odile"], ["Wren", "Odile"],
                                                                     ["Fluff", "Tea"], 142)
    # chapter headings written in the body are found as in a .txt file
    assert [c.title for c in second.chapters] == ["Chapter 1", "Chapter 2"]


def test_ingest_records_jsonl_ao3_api_fields():
    first, second = iter_works(JSONL)
    assert first.source.endswith("#91001") and first.format == "jsonl"
    assert first.authors == ["applewhistle"]  # an ao3-api User as a dict
    assert first.summary == "Apples, rain, a borrowed ladder."
    g = first.given
    assert g is not None
    assert g.warnings == ["No Archive Warnings Apply"] and g.categories == ["Gen"]
    assert g.freeform == ["Autumn", "Found Family"] and g.characters == ["Hester", "Pim"]
    # the story given as chapters: joined, each a chapter with its title
    assert [c.title for c in second.chapters] == ["The First Letter", "The Answer"]
    ch = second.chapters[1]
    assert second.text[ch.start : ch.body_start] == "The Answer\n\n"
    assert second.text[ch.body_start : ch.end] == "Dear Ansel, it is always unwise. Do it anyway.\n\nMarguerite"
    assert second.given is not None and second.given.relationships == ["Ansel/Marguerite"]


def test_ingest_records_bad_record_does_not_stop_the_file(tmp_path: Path):
    p = tmp_path / "mixed.jsonl"
    lines = [json.dumps({"id": "a1", "text": "Ana waved."}), "{oops", json.dumps([1, 2]),
             json.dumps({"id": "a4", "title": "no text"}), json.dumps({"id": "a1", "text": "Bo waved back."})]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = list(iter_records(p))
    assert [name.rsplit("#", 1)[1] for name, _, _ in out] == ["a1", "2", "3", "a4", "a1-2"]
    errors = [e for _, w, e in out if w is None]
    assert errors[0].startswith("[E409]") and "line 2" in errors[0]
    assert "not an object" in errors[1] and errors[2].startswith("[E410]")
    assert [w.text for _, w, _ in out if w is not None] == ["Ana waved.", "Bo waved back."]
    with pytest.raises(InputError, match=r"\[E409\]"):
        list(iter_works(p))


def test_ingest_records_csv_row_numbers_when_no_id(tmp_path: Path):
    p = tmp_path / "plain.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["title", "body", "Additional Tags"])
        w.writerow(["One", "First story, with a comma.", "Tag A, Tag B"])
        w.writerow(["Two", "Second story.\n\nTwo paragraphs.", ""])
    works = list(iter_works(p))
    assert [x.source.rsplit("#", 1)[1] for x in works] == ["1", "2"]
    assert works[0].given is not None and works[0].given.freeform == ["Tag A", "Tag B"]
    assert works[1].given is None


@pytest.mark.parametrize("content,code", [("", "E003"), ("title,body\n", "E411")])
def test_ingest_records_empty_files(tmp_path: Path, content: str, code: str):
    p = tmp_path / "empty.csv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=rf"\[{code}\]"):
        list(iter_records(p))


def test_ingest_records_fanficfare_names():
    g = given_from_fields({"category": "Star Wars, Gen", "genre": "Angst, F/M", "ships": "A/B", "numwords": "1,204"})
    assert g is not None
    assert g.fandoms == ["Star Wars"] and g.categories == ["Gen", "F/M"]
    assert g.freeform == ["Angst"] and g.relationships == ["A/B"] and g.words == 1204


@pytest.mark.parametrize("name,expected", [("a.csv", True), ("b.JSONL", True), ("c.ndjson", True), ("d.json", False),
                                           ("e.txt", False)])
def test_ingest_records_is_records_file(name: str, expected: bool):
    assert is_records_file(name) is expected


def test_ingest_records_by_index_from_bytes():
    """The batch reads record i of a file's bytes in whichever process analyses it."""
    from ficlens.ingest.records import count_records, read_record

    data = JSONL.read_bytes()
    assert count_records(str(JSONL), data) == 2
    second = read_record(str(JSONL), data, 1)
    assert second.title == "Two Letters" and second.source == f"{JSONL}#91002"
    second.text = "changed"
    assert read_record(str(JSONL), data, 1).text != "changed"  # each read is a fresh Work
    bad = b'{"id": 1, "text": "Ana."}\n[1]\n'
    assert count_records("x.jsonl", bad) == 2
    with pytest.raises(InputError, match=r"\[E409\].*not an object"):
        read_record("x.jsonl", bad, 1)
    with pytest.raises(InputError, match=r"\[E006\]"):
        count_records("y.csv", b"title,body\nA,\xff\xfe\xfa\n")
