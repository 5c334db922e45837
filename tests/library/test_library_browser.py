"""The library index in a real browser: filters, search and sorting over 5,000 works give exactly the rows the
data says; nothing is requested from anywhere; nothing from a hostile download runs."""

from __future__ import annotations

import pytest

from ficlens.library import build_library
from ficlens.library.site import render_index
from ficlens_browser import assert_nothing_ran, hostile_download, save_screenshot
from library.synthetic import RATINGS, rows

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def _add_filter(page, field: str, value: str, mode: str = "+") -> None:  # type: ignore[no-untyped-def]
    page.select_option("#ffield", field)
    page.select_option("#fmode", mode)
    page.fill("#fvalue", value)
    page.click("#fadd")


def test_filter_sort_and_search_5000_works(open_page, tmp_path):  # type: ignore[no-untyped-def]
    works = rows(5000)
    index = tmp_path / "index.html"
    index.write_text(render_index(works, "Five thousand"), encoding="utf-8")
    opened = open_page(index, height=800)
    page = opened.page
    assert opened.errors == []
    assert opened.foreign_requests(index.resolve().as_uri()) == []
    assert page.inner_text("#count") == "All 5,000 works (showing 200)"
    assert page.locator("#rows tr").count() == 200
    # "M/M, Teen or below, no Major Character Death, Draco Malfoy/Harry Potter"
    _add_filter(page, "categories", "M/M")
    page.select_option("#rating", "1")
    _add_filter(page, "warnings", "Major Character Death", "-")
    _add_filter(page, "relationships", "Draco Malfoy/Harry Potter")
    want = [w for w in works if "M/M" in w["categories"] and RATINGS.index(w["rating"]) <= 1
            and "Major Character Death" not in w["warnings"] and "Draco Malfoy/Harry Potter" in w["relationships"]]
    assert 0 < len(want) < 200
    assert page.inner_text("#count") == f"{len(want)} of 5,000 works match"
    shown = page.locator("#rows td.title a").all_inner_texts()
    assert shown == sorted(w["title"] for w in want)
    assert page.locator("#chips button.chip").count() == 3
    # the filters live in the address, so a reload (or a bookmark) keeps them
    page.reload()
    assert page.inner_text("#count") == f"{len(want)} of 5,000 works match"
    # sort by words, most first
    page.click('th button[data-sort="words"]')
    words = [int(x.replace(",", "")) for x in page.locator("#rows td.num").all_inner_texts()]
    assert words == sorted((w["words"] for w in want), reverse=True)
    save_screenshot(opened, "library.png", tmp_path)
    # clear, then full-text search of summaries
    page.click("#reset")
    page.fill("#q", "lighthouse")
    expect(page.locator("#count")).to_contain_text("match")
    hits = [w for w in works if "lighthouse" in w["summary"]]
    assert page.inner_text("#count") == f"{len(hits):,} of 5,000 works match (showing 200)"
    page.click("#more")
    assert page.locator("#rows tr").count() == min(len(hits), 1200)
    # clicking a tag in a row filters by it
    page.fill("#q", "")
    expect(page.locator("#count")).to_contain_text("All")
    page.locator('#rows button.t[data-f="fandoms"]', has_text="Good Omens").first.click()
    assert page.inner_text("#count") == \
        f"{sum('Good Omens' in w['fandoms'] for w in works):,} of 5,000 works match (showing 200)"


@pytest.mark.integration
def test_no_script_from_a_hostile_download_runs_in_the_library(open_page, analyzer, tmp_path):  # type: ignore[no-untyped-def]
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    a = analyzer.analyze_path(hostile_download(tmp_path / "hostile.html"))
    # the library reuses the analysis (with its text) instead of loading a second model
    (downloads / "hostile.json").write_text(a.to_json(include_text=True), encoding="utf-8")
    result = build_library([downloads], tmp_path / "lib")
    assert result.works == 1
    opened = open_page(tmp_path / "lib" / "index.html")
    page = opened.page
    assert page.locator("#rows tr").count() == 1
    title = page.locator("#rows td.title a")
    assert "<b onmouseover" in title.inner_text() and title.get_attribute("href") == "works/hostile.html"
    for tag in page.locator("#rows button.t").all()[:3]:
        tag.click()
    page.click("#reset")
    assert_nothing_ran(opened, scripts_allowed=2)  # the data blob (never run) and the page's own script
    assert opened.errors == []
    assert opened.foreign_requests((tmp_path / "lib" / "index.html").resolve().as_uri()) == []
    report = open_page(tmp_path / "lib" / "works" / "hostile.html")
    assert_nothing_ran(report, scripts_allowed=1)
