"""The HTML report: self-contained, everything from the story escaped, the findings all shown."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from ficlens.model import (
    Analysis,
    Character,
    Evidence,
    FandomGuess,
    Interaction,
    Quote,
    Scene,
    Tags,
    TagValue,
    WorkInfo,
)
from ficlens.report import render

HOSTILE = '<script>alert("x")</script>'
TEXT = f"“{HOSTILE},” Dean says.\n\nSam <b>laughs</b> & \"leaves\".\n"


def _analysis() -> Analysis:
    q_end = TEXT.index("”") + 1
    return Analysis(
        work=WorkInfo(f"Title {HOSTILE}", ["<img src=x onerror=alert(1)>"], "s.txt", "txt", "en", 8,
                      summary=HOSTILE),
        scenes=[Scene(0, 0, 0, len(TEXT), f"*** {HOSTILE}", "c1", 0.8, "third", "present", ["c1", "c2"])],
        characters=[
            Character("c1", f"Dean {HOSTILE}", ["Dean"], "male", "he/him", "Supernatural", "Dean Winchester", 3, 1,
                      "main", 1),
            Character("c2", 'Sam"><svg onload=alert(1)>', [], "male", None, None, None, 1, 0, "supporting", 40),
        ],
        quotes=[Quote("q1", 0, q_end, HOSTILE, "c1", ["c2"], "explicit", 0.95)],
        interactions=[Interaction("c1", "c2", 2.0, 1, 1, "family", [Evidence(0, 5, HOSTILE)])],
        fandoms=[FandomGuess("Supernatural", 0.9, [Evidence(0, 4, HOSTILE)])],
        tags=Tags(rating=TagValue("Teen And Up Audiences", 0.6, [Evidence(0, 10, HOSTILE)]),
                  freeform=[TagValue(HOSTILE, 0.3)]),
        stats={"dialogue_ratio": 0.4, "seconds": 0.1},
        text=TEXT,
    )


@pytest.fixture()
def page() -> str:
    return render(_analysis(), "html")


def _our_script(page: str) -> str:
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S)
    assert len(scripts) == 1, "one inlined script, the report's own"
    return scripts[0]


def test_report_html_escapes_everything_from_the_story(page):
    script = _our_script(page)
    rest = page.replace(script, "")
    assert rest.lower().count("<script") == 1
    assert "<img" not in page.lower() and "<svg onload" not in page.lower() and "<b>laughs" not in page
    assert "&lt;script&gt;" in page
    assert "onerror=alert(1)>" not in page
    # no attribute can be broken out of: every double quote from the data is escaped
    assert '"><svg onload' not in page and 'Sam"><' not in page


def test_report_html_is_self_contained_and_its_csp_allows_only_its_own_script(page):
    assert not re.search(r"<(link|iframe|img|object|embed)\b", page, re.I)
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp
    policy = csp.group(1)
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy.split("script-src")[1]
    digest = base64.b64encode(hashlib.sha256(_our_script(page).encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy


def test_report_html_shows_findings_and_marks_quotes(page):
    for needle in ("Suggested AO3 tags", "Teen And Up Audiences", "Characters", "Scenes", "Who interacts",
                   "The story", "Dean Winchester", "family", "crossover" if False else "Dialogue"):
        assert needle in page
    # the quotation is wrapped with its speaker, addressee, method and confidence
    m = re.search(r'<span class="q s-c1" id="q-q1" data-q="q1" data-s="c1" data-to="c2" title="([^"]*)">', page)
    assert m and "explicit" in m.group(1) and "95%" in m.group(1) and "→" in m.group(1)
    # evidence links point at the paragraph of the story and the sentence is wrapped for highlighting
    link = re.search(r'<a class="evl" href="#p(\d+)" data-ev="(e\d+)">', page)
    assert link and f'id="p{link.group(1)}"' in page
    assert re.search(rf'<span class="evs" data-ev="[^"]*\b{link.group(2)}\b', page)
    assert 'id="p0"' in page and 'id="p1"' in page


def test_report_html_draws_the_network_timeline_and_dialogue(page):
    svg = re.search(r'<svg class="network".*?</svg>', page, re.S)
    assert svg
    # two nodes, one edge coloured as a family bond
    assert svg.group(0).count("<circle") == 2 and svg.group(0).count("<line") == 1
    assert 'class="edge k-family"' in svg.group(0)
    assert page.count('class="band') == 1 and 'href="#scene-0"' in page and 'id="scene-0"' in page
    assert '<table class="dlg">' in page


def test_report_header_names_the_file_never_its_path():
    a = _analysis()
    a.work.title = None
    a.work.source = "/home/reader/secret folder/my-fic.txt"
    page = render(a, "html")
    assert "my-fic.txt" in page and "secret folder" not in page and "/home/" not in page


def test_report_html_without_text_still_renders():
    a = _analysis()
    a.text = None
    page = render(a, "html")
    assert "The story" not in page and "Characters" in page and 'class="evl"' not in page


def test_network_nodes_stay_inside_the_picture():
    from ficlens.report._common import character_colours
    from ficlens.report.network_svg import render_network

    a = _analysis()
    a.characters += [Character(f"x{i}", f"Extra {i}", mentions=i + 1) for i in range(8)]
    a.interactions += [Interaction("c1", f"x{i}", 1.0 + i, 1, 1, "unknown") for i in range(8)]
    svg = render_network(a, character_colours(a))
    box = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    assert box
    w, h = int(box.group(1)), int(box.group(2))
    circles = re.findall(r'<circle cx="([-\d.]+)" cy="([-\d.]+)" r="([\d.]+)"', svg)
    assert len(circles) == 10
    for cx, cy, r in circles:
        assert float(r) <= float(cx) <= w - float(r) and float(r) <= float(cy) <= h - float(r)
    widths = [float(x) for x in re.findall(r'stroke-width="([\d.]+)"', svg)]
    assert max(widths) == 10.0 and min(widths) < 3  # line width follows the weight
