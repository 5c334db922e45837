"""FanFicFare EPUBs: chapter head/foot notes, chapter summaries and the title page stay out of the story text
and are kept as notes metadata (issue 8)."""

from __future__ import annotations

from ficlens import ingest
from hostile_files import epub

TITLE_PAGE = (
    '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>'
    '<body class="fff_titlepage"><h3>Late Again by someone</h3><div><b>Category:</b> Supernatural<br/>'
    "<b>Characters:</b> Dean Winchester, Sam Winchester<br/><b>Summary:</b> The boys are late.<br/></div>"
    "</body></html>"
)


def chapter(n: int, story: str) -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>c</title>'
        f'</head><body class="fff_chapter"><h3 class="fff_chapter_title">Chapter {n}</h3>'
        '<div class="fff_chapter_notes fff_summary"><b>Summary:</b><blockquote>SUMMARYWORDS here.</blockquote></div>'
        '<div class="fff_chapter_notes fff_head_notes"><b>Author\'s Note:</b><blockquote><p>HEADNOTE thanks'
        " for reading!</p></blockquote></div>"
        f"<p>{story}</p><p>“Move,” Dean said.</p>"
        '<div class="fff_chapter_notes fff_foot_notes"><b>Notes:</b><blockquote>FOOTNOTE see you.</blockquote>'
        "</div></body></html>"
    )


def test_fanficfare_notes_and_title_page_stay_out_of_the_text(tmp_path):
    path = tmp_path / "fff.epub"
    path.write_bytes(epub([TITLE_PAGE, chapter(1, "Rain fell on the motel."), chapter(2, "Morning came.")],
                          fff=True))
    work = ingest.read(path)
    for marker in ("SUMMARYWORDS", "HEADNOTE", "FOOTNOTE", "Author's Note", "Category", "The boys are late"):
        assert marker not in work.text, marker
    assert "Rain fell on the motel." in work.text and "Morning came." in work.text
    assert [c.title for c in work.chapters] == ["Chapter 1", "Chapter 2"]
    assert len(work.outside_notes) == 6
    assert any("HEADNOTE thanks for reading!" in n for n in work.outside_notes)
    assert any("FOOTNOTE see you." in n for n in work.outside_notes)
    assert any(w.startswith("[W002]") and "6 author's notes" in w for w in work.warnings)
    assert work.given is not None and "Dean Winchester" in work.given.characters
