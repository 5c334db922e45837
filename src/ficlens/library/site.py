"""The library's index page: one self-contained HTML file listing every work. The rows are an inline JSON blob
(``<script type="application/json">``, never executed) and a small script (allowed by its hash) renders,
filters, sorts and searches them, so 5,000 works stay fast and the page works offline from ``file://``."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ..report._common import e
from ..report.html import page
from .rows import RATING_ORDER


def _template(name: str) -> str:
    return resources.files("ficlens").joinpath(f"library/templates/{name}").read_text(encoding="utf-8")


def json_blob(data: Any) -> str:
    """JSON safe inside a ``<script type="application/json">`` element: no ``<``, ``>`` or ``&`` appear raw,
    so nothing in the data can end the element or open a new one."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_index(rows: list[dict[str, Any]], title: str = "Fan fiction library") -> str:
    """The index page of ``rows`` (from :func:`ficlens.library.rows.work_row`)."""
    data = {"ratings": list(RATING_ORDER), "works": rows}
    words = sum(int(r.get("words") or 0) for r in rows)
    body = (
        '<a class="skip" href="#works">Skip to the list</a>'
        f'<header class="top"><p class="kicker">ficlens library</p><h1>{e(title)}</h1>'
        f'<p class="note">{len(rows):,} works · {words:,} words. Click a tag in the list to filter by it '
        "(Alt-click to exclude it); click a column heading to sort.</p></header>"
        '<form class="controls" id="controls" autocomplete="off" role="search" aria-label="filter the library">'
        '<label class="grow">Search titles, summaries and authors '
        '<input type="search" id="q" placeholder="e.g. lighthouse storm"></label>'
        '<label>Rating <select id="rating"><option value="">any</option>'
        '<option value="0">General only</option><option value="1">Teen or below</option>'
        '<option value="2">Mature or below</option><option value="3">Explicit only</option>'
        '<option value="4">Not rated</option></select></label>'
        '<label>Words from <input type="number" id="wmin" min="0" step="1000" inputmode="numeric"></label>'
        '<label>to <input type="number" id="wmax" min="0" step="1000" inputmode="numeric"></label>'
        '<fieldset class="add"><legend>Filter by a tag</legend>'
        '<select id="ffield" aria-label="field"><option value="fandoms">Fandom</option>'
        '<option value="categories">Category</option><option value="relationships">Pairing</option>'
        '<option value="characters">Character</option><option value="warnings">Warning</option>'
        '<option value="freeform">Additional tag</option><option value="authors">Author</option>'
        '<option value="pov">POV</option></select>'
        '<select id="fmode" aria-label="include or exclude"><option value="+">with</option>'
        '<option value="-">without</option></select>'
        '<input id="fvalue" list="fvalues" aria-label="tag" placeholder="start typing…">'
        '<datalist id="fvalues"></datalist><button type="submit" id="fadd">Add filter</button></fieldset>'
        '<div id="chips" class="chips" aria-live="polite"></div>'
        '<button type="button" id="reset" class="link">Clear all</button></form>'
        '<main id="works"><p id="count" class="count" aria-live="polite"></p>'
        '<table class="works"><thead><tr>'
        '<th scope="col"><button type="button" data-sort="title">Title</button></th>'
        '<th scope="col"><button type="button" data-sort="fandoms">Fandoms</button></th>'
        '<th scope="col"><button type="button" data-sort="rating">Rating</button></th>'
        '<th scope="col"><button type="button" data-sort="warnings">Warnings</button></th>'
        '<th scope="col"><button type="button" data-sort="relationships">Pairings</button></th>'
        '<th scope="col"><button type="button" data-sort="main">Main characters</button></th>'
        '<th scope="col" class="num"><button type="button" data-sort="words">Words</button></th>'
        '<th scope="col"><button type="button" data-sort="pov">POV</button></th>'
        '</tr></thead><tbody id="rows"></tbody></table>'
        '<p><button type="button" id="more" hidden>Show more</button></p>'
        '<noscript><p>The list needs JavaScript; each work\'s report is in the works/ folder.</p></noscript>'
        "</main><footer>Made by ficlens. Tags in italics are ficlens's suggestions (the file carried none); "
        "they are for a person to check.</footer>"
        f'<script type="application/json" id="library-data">{json_blob(data)}</script>'
    )
    return page(f"{title} · ficlens", _template("library.css"), body, _template("library.js"))
