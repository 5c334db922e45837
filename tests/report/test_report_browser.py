"""The report in a real browser (headless Chromium): evidence links highlight their sentence, a character's
lines are listed and marked, nothing is requested from anywhere, and nothing from a hostile download runs."""

from __future__ import annotations

import re

import pytest

from ficlens.report import render
from ficlens_browser import assert_nothing_ran, hostile_download, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


@pytest.fixture(scope="module")
def report_file(example_analysis, tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("report") / "salt-and-stakes.html"
    path.write_text(render(example_analysis, "html"), encoding="utf-8")
    return path


def test_report_evidence_and_character_lines_in_the_browser(open_page, report_file, example_analysis,
                                                            example_text, tmp_path):  # type: ignore[no-untyped-def]
    opened = open_page(report_file)
    page = opened.page
    assert opened.errors == []
    assert opened.foreign_requests(report_file.resolve().as_uri()) == []
    save_screenshot(opened, "report.png", tmp_path)
    t = example_analysis.tags
    # the first evidence shown among the suggested tags, in the page's order
    ordered = [*([t.rating] if t.rating else []), *t.warnings, *t.categories, *t.fandoms, *t.relationships,
               *t.freeform]
    ev = next(x for x in ordered if x.evidence).evidence[0]
    page.locator("#tags details.ev summary").first.click()
    page.locator("#tags a.evl").first.click()
    marked = page.locator(".hl-ev")
    assert marked.count() >= 1
    assert _norm("".join(marked.all_text_contents())) == _norm(example_text[ev.start:ev.end])
    # scrolled into view
    box = marked.first.bounding_box()
    assert box is not None and 0 <= box["y"] <= 900
    # a character's lines: every line Sam says, listed with its addressee, and marked in the story
    sam = next(c for c in example_analysis.characters if c.name.startswith("Sam"))
    said = [q for q in example_analysis.quotes if q.speaker == sam.id]
    page.locator(f'#characters button.who[data-c="{sam.id}"]').click()
    assert page.locator("#lines li").count() == len(said)
    assert page.locator(f'.q.hl-q[data-s="{sam.id}"]').count() >= len(said)
    assert page.locator(".q.hl-q").count() == page.locator(f'.q[data-s="{sam.id}"]').count()
    if any(q.addressees for q in said):
        assert "→ to" in page.locator("#lines").inner_text()
    # the story was scrolled to the first of them; n goes to the next; Escape clears everything
    first = page.locator(".hl-now")
    assert first.count() == 1 and first.get_attribute("data-s") == sam.id
    box = first.bounding_box()
    assert box is not None and 0 <= box["y"] <= 900
    save_screenshot(opened, "report-story.png", tmp_path)
    was = first.get_attribute("data-q")
    page.keyboard.press("n")
    assert page.locator(".hl-now").count() == 1 and page.locator(".hl-now").get_attribute("data-q") != was
    page.keyboard.press("Escape")
    assert page.locator(".hl-q").count() == 0 and page.locator(".hl-ev").count() == 0
    assert page.locator("#lines").is_hidden()
    # the keyboard alone: focus a name, Enter lists their lines
    page.locator("#characters button.who").first.focus()
    page.keyboard.press("Enter")
    assert page.locator("#lines").is_visible() and page.locator("#lines li").count() >= 1
    page.keyboard.press("Escape")
    # the network is drawn: a circle per character drawn, a line per interaction drawn
    assert page.locator("svg.network circle").count() >= 3
    assert page.locator("svg.network line").count() >= 2
    page.locator("#network").scroll_into_view_if_needed()
    save_screenshot(opened, "report-network.png", tmp_path)


def test_report_dark_theme_and_print_styles(open_page, report_file):  # type: ignore[no-untyped-def]
    page = open_page(report_file).page
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    dark = open_page(report_file, dark=True).page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert light == "rgb(255, 255, 255)" and dark != light
    # printed: no navigation or side panel, the story in full width
    assert page.locator("nav.toc").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("nav.toc").is_visible() and not page.locator("aside.side").is_visible()
    assert page.locator("#story .story").is_visible()


def test_no_script_from_a_hostile_download_runs_in_its_report(open_page, analyzer, tmp_path):  # type: ignore[no-untyped-def]
    a = analyzer.analyze_path(hostile_download(tmp_path / "hostile.html"))
    assert "<script>" in (a.text or "") and a.work.title and "<b" in a.work.title
    page_file = tmp_path / "report.html"
    page_file.write_text(render(a, "html"), encoding="utf-8")
    opened = open_page(page_file)
    for link in opened.page.locator("a.evl").all()[:5]:
        link.dispatch_event("click")
    for who in opened.page.locator("button.who").all()[:5]:
        who.click()
    assert_nothing_ran(opened, scripts_allowed=1)
    assert opened.errors == []
    assert opened.foreign_requests(page_file.resolve().as_uri()) == []
    # the payloads are shown as text
    assert "<script>window.__pwned = 1" in opened.page.locator("#story").inner_text()
    assert "<b onmouseover" in opened.page.locator("h1").inner_text()
