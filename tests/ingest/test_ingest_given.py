"""The file's own tags: AO3 vocabularies, languages, word counts, FanFicFare title-page labels, subject lists."""

from __future__ import annotations

import pytest

from ficlens.ingest._given import (
    given_from_labels,
    given_from_subjects,
    language_code,
    parse_label_lines,
    parse_word_count,
    split_list,
)
from ficlens.ingest._markup import find_first, parse_html


@pytest.mark.parametrize(
    "name,code",
    [("English", "en"), (" Português brasileiro ", "pt-BR"), ("中文-普通话 國語", "zh"), ("en", "en"),
     ("Klingon", "Klingon"), ("", None), (None, None)],
)
def test_ingest_given_language_code(name, code):
    assert language_code(name) == code


@pytest.mark.parametrize(
    "text,words",
    [("Published: 2020-01-01 Words: 12,345 Chapters: 2/2", 12345), ("1 204", 1204), ("4.500", 4500),
     ("Words: none", None), ("many", None)],
)
def test_ingest_given_parse_word_count(text, words):
    assert parse_word_count(text) == words


def test_ingest_given_split_list():
    assert split_list(" Angst, , Fluff ,Humor") == ["Angst", "Fluff", "Humor"]


def test_ingest_given_label_lines_of_a_title_page():
    body = find_first(
        parse_html(
            "<html><body><b>Category:</b> Supernatural, Gen<br/><b>Genre:</b> Angst, M/M<br/>"
            "<b>Rating:</b> <a href='#'>Teen</a><br/><b>Words:</b> 1,204<br/><b>Status:</b><br/>"
            "<table><tr><td><b>Language:</b></td><td>English</td></tr></table></body></html>"
        ),
        "body",
    )
    entries = parse_label_lines(body)
    assert entries == {"category": "Supernatural, Gen", "genre": "Angst, M/M", "rating": "Teen",
                       "words": "1,204", "status": "", "language": "English"}
    tags = given_from_labels(entries)
    assert tags is not None
    assert tags.fandoms == ["Supernatural"] and tags.categories == ["Gen", "M/M"]
    assert tags.freeform == ["Angst"] and tags.rating == "Teen" and tags.words == 1204


def test_ingest_given_labels_category_is_a_fandom_only_without_fandoms():
    tags = given_from_labels({"fandoms": "Merlin (TV)", "category": "Gen, Merlin (TV)"})
    assert tags is not None and tags.fandoms == ["Merlin (TV)"] and tags.categories == ["Gen", "Merlin (TV)"]
    tags = given_from_labels({"category": "Gen, Merlin (TV)"})
    assert tags is not None and tags.fandoms == ["Merlin (TV)"] and tags.categories == ["Gen"]
    assert given_from_labels({"status": "Completed"}) is None


def test_ingest_given_from_subjects():
    tags = given_from_subjects(["Fanworks", "Mature", "Explicit", "No Archive Warnings Apply", "F/M", " Fluff ", ""])
    assert tags is not None
    assert tags.rating == "Mature"  # the first rating wins
    assert (tags.warnings, tags.categories, tags.freeform) == (["No Archive Warnings Apply"], ["F/M"], ["Fluff"])
    assert given_from_subjects(["Fanworks"]) is None
