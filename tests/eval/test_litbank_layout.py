"""LitBank's real paragraph layout: aligning tokenised sentences to an original text, the derived table, and
the loader laying a text out by it (made-up texts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.eval.litbank_data import _detokenise, load_doc
from ficlens.eval.litbank_layout import (
    align,
    blank_lines_are_paragraphs,
    derive,
    format_row,
    load_layout,
    paragraph_starts,
    parse_row,
)

ORIGINAL = """CHAPTER ONE


The lamp had gone out hours ago, and Mira
was still awake.  "Who's there?" she called.

"Only me," said Oskar, who didn't
sound sorry--not at all.

She sat up. "Go away."
"""

SENTENCES = [
    ["CHAPTER", "ONE", "The", "lamp", "had", "gone", "out", "hours", "ago", ",", "and", "Mira", "was", "still",
     "awake", "."],
    ["“", "Who", "'s", "there", "?", "”", "she", "called", "."],
    ["“", "Only", "me", ",", "”", "said", "Oskar", ",", "who", "did", "n't", "sound", "sorry", "--",
     "not", "at", "all", "."],
    ["She", "sat", "up", "."],
    ["“", "Go", "away", ".", "”"],
]


def test_align_places_every_token_despite_curly_quotes_split_words_and_dashes() -> None:
    placed = align(SENTENCES, ORIGINAL)
    assert len(placed) == sum(len(s) for s in SENTENCES)
    s, e = placed[(1, 2)]  # "'s" of "Who's"
    assert ORIGINAL[s:e] == "'s"
    s, e = placed[(2, 10)]  # "n't" of "didn't"
    assert ORIGINAL[s:e] == "n't"
    s, e = placed[(2, 13)]  # "--" written "--" in the original
    assert ORIGINAL[s:e] == "--"


def test_paragraph_starts_at_blank_lines_inside_and_between_sentences() -> None:
    starts, placed, blank = paragraph_starts(SENTENCES, ORIGINAL)
    # "The lamp" starts a paragraph inside LitBank's first sentence; "Who's there?" does not (same paragraph);
    # "Only me" does; "She sat up." does, and "Go away." does not (no blank line before it)
    assert starts == [(0, 2), (2, 0), (3, 0)]
    assert placed == 1.0
    assert blank


def test_align_skips_a_word_the_edition_lacks_and_walks_on() -> None:
    sentences = [["Mira", "was", "very", "still", "awake", "."], ["She", "sat", "up", "."]]
    placed = align(sentences, "Mira was still awake.\n\nShe sat up.\n")
    assert (0, 2) not in placed
    assert (0, 3) in placed and (1, 0) in placed


def test_blank_lines_are_not_paragraphs_when_speeches_start_lines_without_them() -> None:
    lines = ['"Come in," said Ann.', '"Thank you."', '"Sit down."', '"I will."', '"Tea?"', '"Please."']
    assert not blank_lines_are_paragraphs("Narration first.\n" + "\n".join(lines) + "\n")
    assert blank_lines_are_paragraphs("Narration first.\n\n" + "\n\n".join(lines) + "\n")
    assert blank_lines_are_paragraphs('Too few to judge.\n"Yes."\n"No."\n')


@pytest.mark.parametrize("starts", [[], [(3, 0)], [(0, 2), (2, 0), (7, 14)]])
def test_table_row_round_trip(starts: list[tuple[int, int]]) -> None:
    name, parsed = parse_row(format_row("1_some_text_brat", starts))
    assert name == "1_some_text_brat"
    assert parsed == set(starts)


def test_detokenise_with_breaks_lays_out_the_real_paragraphs() -> None:
    text, offsets = _detokenise(SENTENCES, {(0, 2), (2, 0), (3, 0)})
    assert text.split("\n\n") == [
        "CHAPTER ONE",
        "The lamp had gone out hours ago, and Mira was still awake. “Who's there?” she called.",
        "“Only me,” said Oskar, who didn't sound sorry -- not at all.",
        "She sat up. “Go away.”",
    ]
    s, e = offsets[2][6]
    assert text[s:e] == "Oskar"
    # the heuristic's layout of the same sentences differs: "Go away." would be a turn of its own
    rebuilt, _ = _detokenise(SENTENCES)
    assert rebuilt.split("\n\n")[-1] == "“Go away.”"


def test_derive_writes_rows_for_texts_with_an_original(tmp_path: Path) -> None:
    lb = tmp_path / "litbank"
    (lb / "coref" / "tsv").mkdir(parents=True)
    (lb / "coref" / "tsv" / "9_night_brat.txt").write_text("\n".join(" ".join(s) for s in SENTENCES) + "\n")
    (lb / "coref" / "tsv" / "8_lost_brat.txt").write_text("A line .\n")
    orig = tmp_path / "original"
    orig.mkdir()
    (orig / "9_night.txt").write_text(ORIGINAL)
    rows, report = derive(orig, lb)
    assert rows == ["9_night_brat\t0.2 2 3"]
    assert report[0] == "8_lost_brat: no original"
    table = tmp_path / "t.tsv"
    table.write_text("# header\n" + rows[0] + "\n")
    assert load_layout(table) == {"9_night_brat": {(0, 2), (2, 0), (3, 0)}}


def test_packaged_table_covers_litbank_and_the_loader_reads_it() -> None:
    table = load_layout()
    assert len(table) >= 90
    assert all(s >= 0 and t >= 0 for starts in table.values() for s, t in starts)
    litbank = Path(__file__).resolve().parents[3] / "shared" / "data" / "litbank"
    if not litbank.is_dir():
        pytest.skip("LitBank data not present")
    name = "1342_pride_and_prejudice_brat"
    real = load_doc(litbank, name)
    rebuilt = load_doc(litbank, name, layout="rebuilt")
    assert real.text.count("\n\n") == len(table[name])
    assert real.text.count("\n\n") != rebuilt.text.count("\n\n")
    # the gold quotations point at the same words in both layouts
    assert [q.text for q in real.quotes] == [q.text for q in rebuilt.quotes]
