"""Paragraph spans (linear, whitespace-only lines are blank), colours and names shared by the renderers."""

from __future__ import annotations

from ficlens.model import Analysis, Character, WorkInfo
from ficlens.report import render
from ficlens.report._common import Paragraphs, character_colours, work_name


def test_paragraphs_split_on_blank_and_whitespace_only_lines():
    text = "One\ntwo\n\n  \t \nThree  \n   \n\nFour"
    p = Paragraphs(text)
    assert [text[s:e] for s, e in p.spans] == ["One\ntwo", "Three", "Four"]
    assert p.index(text.index("two")) == 0 and p.index(text.index("Four")) == 2


def test_many_whitespace_only_lines_render_with_the_text_intact():
    text = "Start here.\n" + " \n" * 200_000 + "“End,” she said.\n"
    a = Analysis(work=WorkInfo("T", [], "t.txt", "txt", "en", 4), text=text)
    page = render(a, "html")
    assert page.count('<p id="p') == 2 and "“End,” she said." in page


def test_colours_go_to_the_most_prominent_first_and_names_never_a_path():
    a = Analysis(work=WorkInfo(None, [], "C:\\Users\\me\\fic.txt", "txt", "en", 1),
                 characters=[Character("c1", "A", mentions=1), Character("c2", "B", mentions=50)])
    colours = character_colours(a)
    assert colours["c2"] == "#4e79a7" and colours["c1"] != colours["c2"]
    assert work_name(a) == "fic.txt"


def test_band_labels_get_the_more_readable_ink():
    from ficlens.report._common import PALETTE, ink_on

    assert ink_on("#edc948") == "#1f2328" and ink_on("#4e79a7") == "#fff" and ink_on("#ffffff") == "#1f2328"
    assert all(ink_on(c) in ("#fff", "#1f2328") for c in PALETTE) and ink_on("hsl(1,2%,3%)") == "#fff"
