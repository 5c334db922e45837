"""Scene segmentation: stories joined with each kind of break marker, HTML layouts, blank-line gaps."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.ingest import read
from ficlens.ingest._build import BLANK, HR, TextBuilder
from ficlens.ingest.base import Work
from ficlens.segment import BLANK_MARKER, break_rules, segment

FIXTURES = Path(__file__).parent.parent / "fixtures"

STORIES = [
    "Dean parked the car outside the diner.\n\nHe was hungry, and the coffee smelled burnt.",
    "Castiel stood in the rain for an hour.\n\nNobody came to find him, which he had expected.",
    "Sam read the same page three times.\n\nThe lamp flickered and went out with a pop.",
]


def _work(text: str, breaks: list[tuple[int, int, str]] | None = None) -> Work:
    return Work(text=text, format="txt", source="<test>", scene_breaks=breaks or [])


def _scene_texts(text: str, work: Work | None = None) -> list[str]:
    seg = segment(work or _work(text))
    return [text[s.start : s.end] for s in seg.scenes]


MARKERS = [
    "***", "* * *", "~~~", "---", "xXx", "oOo", "+++", "#", "-x-x-", "=====", "~*~*~", "❀❀❀", "§", "~", "*",
    "Line Break", "~Line Break~", "POV change", "Scene Break", "-Page Break-", "Flashback", "(Flashback)",
    "Dean's POV", "~Castiel~", "Sam POV", "POV: Sam", "Normal POV", "*~Dean~*", "[Castiel]",
    # a section's number alone (A Handful of Dust's "[III]", The Awakening's "XIV")
    "III", "[IV]", "XIV", "II.", "2", "(12)",
]


@pytest.mark.parametrize("marker", MARKERS)
def test_segment_marker_joins_stories(marker: str) -> None:
    text = f"\n\n{marker}\n\n".join(STORIES)
    seg = segment(_work(text))
    assert [text[s.start : s.end] for s in seg.scenes] == STORIES
    assert [s.break_marker for s in seg.scenes[1:]] == [marker, marker]
    # The marker line is not a story paragraph.
    assert all(marker not in text[p.start : p.end] for p in seg.paragraphs)


@pytest.mark.parametrize(
    "line",
    ["Three weeks later", "Two days later...", "The next morning.", "Later that night", "Meanwhile, at the bunker",
     "A few hours later", "Twenty years ago"],
)
def test_segment_time_skip_opens_scene_and_stays_text(line: str) -> None:
    text = STORIES[0] + "\n\n" + line + "\n\n" + STORIES[1]
    scenes = _scene_texts(text)
    assert scenes == [STORIES[0], line + "\n\n" + STORIES[1]]


@pytest.mark.parametrize(
    "line",
    ["Dean walked in.", '"..."', "?!", "Oh.", "-", "—", "...",
     "He was later than usual that night, and knew it.", "Dean", "Liv", "Vi", "Ill.", "CIVIC"],
)
def test_segment_ordinary_line_is_not_a_break(line: str) -> None:
    text = STORIES[0] + "\n\n" + line + "\n\n" + STORIES[1]
    assert len(_scene_texts(text)) == 1


def test_segment_blank_gap_breaks_only_when_wider_than_usual() -> None:
    text = "\n\n\n".join(STORIES)  # two blank lines between scenes, one between paragraphs
    assert _scene_texts(text) == STORIES
    assert segment(_work(text)).scenes[1].break_marker == BLANK_MARKER


@pytest.mark.parametrize("gap", [2, 3])
def test_segment_uniform_double_blank_lines_make_no_break(gap: int) -> None:
    sep = "\n" * (gap + 1)
    text = sep.join(p for s in STORIES for p in s.split("\n\n"))
    assert len(_scene_texts(text)) == 1
    # ...but one wider gap in such a text is a break
    wide = "\n" * (gap + 2)
    text2 = wide.join(sep.join(s.split("\n\n")) for s in STORIES)
    assert len(_scene_texts(text2)) == 3


def test_segment_line_mode_single_blank_line_is_break() -> None:
    lines = [ln for s in STORIES for ln in s.split("\n\n")]
    # every paragraph on its own line, no blank lines, except between the stories
    text = "\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:4]) + "\n\n" + "\n".join(lines[4:])
    text = text + "\n" + "\n".join(["More text here, a paragraph."] * 30)
    assert len(_scene_texts(text)) == 3


def _wrapped(words: int, width: int = 40) -> str:
    """A paragraph of ``words`` words hard-wrapped at ``width`` characters."""
    out, line = [], ""
    for i in range(words):
        w = f"word{i}"
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    out.append(line + ".")
    return "\n".join(out)


@pytest.mark.parametrize("sep", ["\n\n", "\n"])
def test_segment_hard_wrapped_long_paragraphs_are_not_lines(sep: str) -> None:
    # paragraphs of 20+ lines have fewer than one blank line in ten, yet their lines stop mid-sentence: a
    # hard-wrapped text, whose paragraphs are the blocks between blank lines (with no blank line at all, the
    # lines are all there is to go on)
    paras = [_wrapped(150), _wrapped(160), '"Yes," said Tom.', _wrapped(170)]
    text = sep.join(paras)
    seg = segment(_work(text))
    got = [text[p.start : p.end] for p in seg.paragraphs]
    if sep == "\n\n":
        assert got == paras
    else:
        assert len(got) == text.count("\n") + 1


def _html_work(blocks: list) -> Work:
    b = TextBuilder()
    b.add_all(blocks)
    text = b.text()
    return Work(text=text, format="html", source="<t>", scene_breaks=b.scene_breaks)


def _paras(story: str) -> list[str]:
    return story.split("\n\n")


def test_segment_html_hr_is_break_with_marker() -> None:
    work = _html_work([*_paras(STORIES[0]), HR, *_paras(STORIES[1])])
    seg = segment(work)
    assert len(seg.scenes) == 2
    assert seg.scenes[1].break_marker == "<hr>"
    assert "* * *" not in "".join(work.text[p.start : p.end] for p in seg.paragraphs)


def test_segment_html_empty_paragraph_is_break() -> None:
    work = _html_work([*_paras(STORIES[0]), BLANK, *_paras(STORIES[1]), BLANK, BLANK, *_paras(STORIES[2])])
    assert [work.text[s.start : s.end] for s in segment(work).scenes] == STORIES


def test_segment_html_empty_paragraphs_everywhere_no_break() -> None:
    blocks: list = []
    for s in STORIES:
        for p in _paras(s):
            blocks += [p, BLANK]
    assert len(segment(_html_work(blocks)).scenes) == 1


def test_segment_ao3_html_fixture_breaks() -> None:
    """The AO3 fixture has an empty paragraph, an <hr> and a centred "~" paragraph."""
    work = read(FIXTURES / "formats" / "ao3_download.html")
    seg = segment(work)
    markers = [(s.chapter, s.break_marker) for s in seg.scenes]
    assert [m for c, m in markers if c == 0][1:] == [BLANK_MARKER, "<hr>"]
    assert [m for c, m in markers if c == 1][1:] == ["~"]


def test_segment_pov_header_then_symbol_keeps_first_marker() -> None:
    text = STORIES[0] + "\n\n***\n\nCastiel's POV\n\n" + STORIES[1]
    seg = segment(_work(text))
    assert len(seg.scenes) == 2
    assert seg.scenes[1].break_marker == "***"


@pytest.mark.parametrize(
    ("line", "name"),
    [("Dean's POV", "Dean"), ("~Castiel~", "Castiel"), ("POV: Sam Winchester", "Sam Winchester"),
     ("Normal POV", None), ("Y/N's POV", "Y/N"), ("Buffy Summers's Point of View", "Buffy Summers")],
)
def test_segment_pov_name(line: str, name: str | None) -> None:
    rules = break_rules()
    assert rules.is_pov_line(line)
    assert rules.pov_name(line) == name


def test_segment_paragraph_scene_indices_consistent() -> None:
    text = "\n\n***\n\n".join(STORIES)
    seg = segment(_work(text))
    for p in seg.paragraphs:
        s = seg.scenes[p.scene]
        assert s.start <= p.start and p.end <= s.end
