"""Headless Chromium for the browser tests: one browser per session, a fresh context per page, every request the
page makes recorded (and anything but the page's own file refused), console messages and page errors kept.

Uses Debian's ``chromium`` (``make test`` installs it where it may) through Playwright's ``executable_path``;
``playwright install`` is never run. Without a browser the tests skip and say why."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
        "--disable-extensions"]


def chromium_path() -> str | None:
    return os.environ.get("FICLENS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Opened:
    page: Any
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def foreign_requests(self, own: str) -> list[str]:
        return [u for u in self.requests if u.split("#")[0] != own]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    exe = chromium_path()
    if exe is None:
        pytest.skip("no Chromium browser found: install Debian's chromium (make test does so as root) or set "
                    "FICLENS_CHROMIUM")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[dev]'")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=exe, headless=True, args=ARGS)
        except Exception as exc:  # noqa: BLE001 - a browser that cannot start is a reason to skip, with the reason
            pytest.skip(f"Chromium at {exe} could not start: {str(exc).splitlines()[0]}")
        yield b
        b.close()


@pytest.fixture()
def open_page(browser: Any) -> Iterator[Any]:
    """open_page(path, width=1100, height=900, dark=False) -> Opened, in a fresh browser context."""
    contexts = []

    def opener(path: Path, width: int = 1100, height: int = 900, dark: bool = False) -> Opened:
        ctx = browser.new_context(viewport={"width": width, "height": height},
                                  color_scheme="dark" if dark else "light", java_script_enabled=True)
        contexts.append(ctx)
        page = ctx.new_page()
        opened = Opened(page)
        url = path.resolve().as_uri()

        def route(r: Any) -> None:
            if r.request.url.split("#")[0] == url:
                r.continue_()
            else:
                r.abort()

        ctx.route("**/*", route)
        page.on("request", lambda r: opened.requests.append(r.url))
        page.on("console", lambda m: opened.console.append(m.text))
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.goto(url)
        page.wait_for_load_state("load")
        return opened

    yield opener
    for ctx in contexts:
        ctx.close()


def save_screenshot(opened: Opened, name: str, tmp: Path, full_page: bool = False) -> Path:
    """A PNG of the page in ``tmp`` (and in $FICLENS_SCREENSHOTS, e.g. docs/img, when set: make screenshots)."""
    target_dir = Path(os.environ.get("FICLENS_SCREENSHOTS") or tmp)
    target_dir.mkdir(parents=True, exist_ok=True)
    out = target_dir / name
    opened.page.screenshot(path=str(out), full_page=full_page)
    return out


# A download that tries everything: each payload would set window.__pwned or log "PWNED" if it ever ran.
PAYLOADS = [
    "<script>window.__pwned = 1; console.log('PWNED')</script>",
    '<img src=x onerror="window.__pwned = 2; console.log(\'PWNED\')">',
    '<a href="javascript:window.__pwned=3">click me</a>',
    "</style><script>window.__pwned = 4</script>",
    '"><svg onload="window.__pwned = 5">',
    "</script><script>window.__pwned = 6</script>",
    "<iframe src=\"javascript:parent.__pwned=7\"></iframe>",
]


def hostile_download(path: Path) -> Path:
    """An AO3-style HTML download whose title, author, tags, summary and text carry script payloads, both as
    markup and as escaped text (which becomes literal ``<script>`` in the story text)."""
    from html import escape

    raw = "".join(PAYLOADS)
    esc = escape(raw)
    path.write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title>
<style>body {{}}</style><script>window.__pwned = 99</script></head><body>
<div id="preface"><div class="meta"><dl class="tags">
<dt>Rating:</dt><dd><a href="javascript:window.__pwned=8">Teen And Up Audiences{esc}</a></dd>
<dt>Archive Warning:</dt><dd><a href="x">No Archive Warnings Apply</a></dd>
<dt>Fandom:</dt><dd><a href="x">Saltmarsh Chronicles (TV){esc}</a></dd>
<dt>Relationships:</dt><dd><a href="x">Mara Quill/Tobias Fenn{esc}</a></dd>
<dt>Characters:</dt><dd><a href="x">Mara Quill</a>, <a href="x">{esc}</a></dd>
<dt>Additional Tags:</dt><dd><a href="x">{esc}</a></dd>
</dl>
<h1>The &lt;b onmouseover=&quot;window.__pwned=9&quot;&gt;Keeper&lt;/b&gt; {esc}</h1>
<div class="byline">by <a rel="author" href="x">{esc}</a></div>
<p>Summary</p><blockquote class="userstuff"><p>A storm. {esc} {raw}</p></blockquote>
</div></div>
<div id="chapters" class="userstuff"><div class="userstuff">
<p>The storm came in sideways and {raw} the lamp room smelled of salt. {esc}</p>
<p>&#8220;You&#8217;re dripping on my logbook {esc},&#8221; Mara said without looking up.</p>
<p>Tobias shook his coat out. &#8220;You&#8217;re welcome {esc} for the paraffin.&#8221;</p>
<p onclick="window.__pwned=10">&#8220;Ninety-two,&#8221; Mara said. &#8220;You always miss the cracked one.&#8221;</p>
<hr/>
<p>At midnight the radio crackled. Mara kissed Tobias. {esc}</p>
</div></div></body></html>
""", encoding="utf-8")
    return path


def assert_nothing_ran(opened: Opened, scripts_allowed: int) -> None:
    """No payload ran: window.__pwned unset, no PWNED message, no element with an event attribute, no
    javascript: link, no script element but the page's own."""
    page = opened.page
    page.mouse.move(200, 200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not any("PWNED" in m for m in opened.console)
    assert page.evaluate("document.scripts.length") == scripts_allowed
    on_attrs = page.evaluate(
        "Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes).map(a => a.name))"
        ".filter(n => n.startsWith('on')).length")
    assert on_attrs == 0
    assert page.evaluate("document.querySelectorAll('[href^=\"javascript\" i], [src^=\"javascript\" i], "
                         "iframe, img, object, embed').length") == 0
