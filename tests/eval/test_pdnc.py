"""The PDNC evaluation on a tiny synthetic corpus in PDNC's file layout (no PDNC file is ever in the repo)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ficlens.errors import DataError
from ficlens.eval.pdnc import align, calibration_table, result, score_novel
from ficlens.eval.pdnc_data import PdncQuote, load_pdnc
from ficlens.model import Analysis, Character, Quote, WorkInfo

TEXT = (
    '"Is the kettle on?" asked Tamsin.\n\n'
    '"It is," I said. "Sit down."\n\n'
    '"Thank you, Rook."\n'
)


def _write(root: Path, name: str = "TinyNovel") -> Path:
    d = root / name
    d.mkdir(parents=True)
    (d / "novel_text.txt").write_text(TEXT, encoding="utf-8")
    with (d / "character_info.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Character ID", "Main Name", "Aliases", "Gender", "Category"])
        w.writerow([0, "Tamsin Hale", "{'Tamsin', 'Miss Hale'}", "F", "major"])
        w.writerow([1, "Rook", "{'Rook'}", "M", "major"])
        w.writerow([2, "Tamsin - Story", "{'Tamsin - Story'}", "F", "minor"])
    a = TEXT.index('"It is,"')
    b = TEXT.index('"Sit down."')
    c = TEXT.index('"Thank you')
    rows = [
        ("Q0", [[1, 18]], "Tamsin Hale", "['Rook']", "Explicit", "asked Tamsin"),
        ("Q1", [[a + 1, a + 7], [b + 1, b + 10]], "Rook", "['Tamsin Hale']", "Anaphoric", "I said"),
        ("Q2", [[c + 1, c + 16]], "Tamsin Hale", "['Rook']", "Implicit", ""),
    ]
    with (d / "quotation_info.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["quoteID", "quoteText", "subQuotationList", "quoteByteSpans", "speaker", "addressees",
                    "quoteType", "referringExpression"])
        for qid, spans, sp, ad, qt, ref in rows:
            w.writerow([qid, "", "[]", str(spans), sp, ad, qt, ref])
    return root


def test_load_reads_spans_aliases_and_types(tmp_path: Path) -> None:
    (novel,) = load_pdnc(_write(tmp_path))
    assert novel.name == "TinyNovel"
    assert [q.qtype for q in novel.quotes] == ["Explicit", "Anaphoric", "Implicit"]
    assert len(novel.quotes[1].spans) == 2
    assert novel.aliases["Tamsin Hale"] == {"tamsin hale", "tamsin", "miss hale"}
    assert novel.aliases["Tamsin - Story"] == {"tamsin - story", "tamsin"}  # PDNC's qualifier aside
    assert novel.quotes[0].addressees == ["Rook"]
    assert novel.narrator is None  # one "I said" is not a first-person narrator


def test_a_speaker_named_by_an_alias_is_its_character(tmp_path: Path) -> None:
    from ficlens.eval.pdnc_data import main_name

    aliases = {"Mr. Hale": {"mr. hale", "henry", "henry hale"}, "Rook": {"rook"}, "Ann": {"ann"}, "Anna": {"ann"}}
    assert main_name("Henry", aliases) == "Mr. Hale"
    assert main_name("Mr Hale", aliases) == "Mr. Hale"  # dots aside
    assert main_name("Rook", aliases) == "Rook"
    assert main_name("Ann", aliases) == "Ann"  # a main name stays
    assert main_name("Nobody", aliases) == "Nobody"


def test_missing_corpus_or_novel_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="E200"):
        load_pdnc(tmp_path)
    _write(tmp_path)
    with pytest.raises(DataError, match="E201"):
        load_pdnc(tmp_path, ["NoSuchNovel"])


def test_align_picks_the_prediction_overlapping_most() -> None:
    gold = [PdncQuote([(10, 20), (30, 40)], "A", [], "Explicit"), PdncQuote([(50, 60)], "B", [], "Implicit")]
    pred = [(12, 21), (29, 45), (70, 80)]
    assert align(gold, pred) == [1, None]


def test_scoring_counts_aliases_types_addressees_and_calibration(tmp_path: Path) -> None:
    (novel,) = load_pdnc(_write(tmp_path))
    spans = [(q.spans[0][0] - 1, q.spans[0][1] + 1) for q in novel.quotes]
    analysis = Analysis(work=WorkInfo(title=None, authors=[], source="t", format="txt", language="en", words=0))
    analysis.characters = [Character("c1", "Tamsin", aliases=["Tamsin"]), Character("c2", "Narrator")]
    analysis.quotes = [
        Quote("q1", *spans[0], text="", speaker="c1", addressees=["c2"], confidence=0.95),
        Quote("q2", *spans[1], text="", speaker="c2", addressees=["c1"], confidence=0.55),  # "Narrator" is not Rook
        Quote("q3", *spans[2], text="", speaker="c1", addressees=[], confidence=0.65),
    ]
    sc = score_novel(novel, analysis)
    assert (sc.gold, sc.found, sc.attributed, sc.correct) == (3, 3, 3, 2)
    assert sc.by_type == {"Explicit": [1, 1], "Anaphoric": [1, 0], "Implicit": [1, 1]}
    assert sc.addressee == [3, 1]  # q2 names Tamsin as addressee; c2 does not match Rook
    res = result({"TinyNovel": sc}, 0.0)
    assert res.metrics["speaker_accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert res.metrics["speaker_accuracy_anaphoric"] == 0.0
    bands = {b: (n, acc) for b, n, _c, acc in calibration_table(sc.calibration)}
    assert bands == {"0.5-0.6": (1, 0.0), "0.6-0.7": (1, 1.0), "0.9-1.0": (1, 1.0)}


def test_the_narrator_alias_matches_our_first_person_narrator(tmp_path: Path) -> None:
    (novel,) = load_pdnc(_write(tmp_path))
    novel.aliases["Rook"].add("_narr")
    spans = [(q.spans[0][0] - 1, q.spans[0][1] + 1) for q in novel.quotes]
    analysis = Analysis(work=WorkInfo(title=None, authors=[], source="t", format="txt", language="en", words=0))
    analysis.characters = [Character("c1", "Tamsin", aliases=["Tamsin"]), Character("c2", "Jo", aliases=["I"]),
                           Character("c3", "Narrator")]
    analysis.quotes = [Quote("q2", *spans[1], text="", speaker="c2", confidence=0.9)]
    assert score_novel(novel, analysis).by_type["Anaphoric"] == [1, 1]
    analysis.quotes = [Quote("q2", *spans[1], text="", speaker="c3", confidence=0.9)]  # not called "I"
    assert score_novel(novel, analysis).by_type["Anaphoric"] == [1, 0]
