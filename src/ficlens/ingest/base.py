"""The object every reader returns: the work's plain text plus what the file itself says about it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SourceChapter:
    """A chapter as the file marks it.

    start (int): offset of the chapter's first character (its heading line, when it has one).
    body_start (int): offset where the story text of the chapter begins (after the heading).
    end (int): offset one past the chapter's last character.
    title (str | None): the chapter title as given ("Chapter 3: The Impala"), or None.
    """

    start: int
    body_start: int
    end: int
    title: str | None = None


@dataclass
class GivenTags:
    """Tags found in the file's own metadata (an AO3 preface, EPUB dc:subject, a title page).

    Plain strings exactly as the file spells them; the pipeline turns them into the analysis tag shape.
    """

    rating: str | None = None
    warnings: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    freeform: list[str] = field(default_factory=list)
    words: int | None = None

    def is_empty(self) -> bool:
        return not (
            self.rating
            or self.warnings
            or self.categories
            or self.fandoms
            or self.relationships
            or self.characters
            or self.freeform
            or self.words
        )


@dataclass
class Work:
    """A story as read from a file, before any analysis.

    text (str): the plain text every offset refers to. Paragraphs are separated by a blank line ("\\n\\n") in
        texts built from HTML/EPUB/DOCX; for .txt/.md it is the decoded file (BOM removed, CRLF/CR -> LF).
    format (str): "txt", "md", "html", "epub" or "docx".
    source (str): the path as given.
    chapters (list[SourceChapter]): in order; empty means the whole text is one untitled chapter.
    scene_breaks (list[tuple[int, int, str]]): (start, end, marker) of breaks the file marks structurally
        (e.g. an HTML <hr> written into the text as a "* * *" line: marker "<hr>"). Breaks written as text
        ("***", "xXx") are found by the segmenter and need not be listed here.
    italics (list[tuple[int, int]]): spans the file sets in italics (HTML <em>/<i>, DOCX italic runs): fan
        fiction often writes thoughts, remembered words and texts that way.
    notes (list[tuple[int, int]]): spans of the text that are author's notes or other non-story matter kept
        in the text (readers keep notes out of the text where they can; this is for those they cannot).
    given (GivenTags | None): metadata tags the file carries, or None when it has none.
    outside_notes (list[str]): notes the file carries outside the story text (FanFicFare's chapter head and foot
        notes and chapter summaries), each as plain text, in order: metadata, never part of ``text``.
    warnings (list[str]): coded warnings raised while reading (e.g. a cp1252 fallback), for the user.
    """

    text: str
    format: str
    source: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    summary: str | None = None
    language: str | None = None
    chapters: list[SourceChapter] = field(default_factory=list)
    scene_breaks: list[tuple[int, int, str]] = field(default_factory=list)
    notes: list[tuple[int, int]] = field(default_factory=list)
    italics: list[tuple[int, int]] = field(default_factory=list)
    given: GivenTags | None = None
    outside_notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
