"""The file's own tags (:class:`GivenTags`): AO3's fixed vocabularies, languages and word counts, labelled
values (AO3 preface labels, FanFicFare title pages) and flat subject lists (EPUB ``dc:subject``)."""

from __future__ import annotations

import re

from ._markup import _WS, inline_text, iter_elements, tag_of
from ._paragraphs import BLOCK_TAGS
from .base import GivenTags

_LANGUAGES = {
    "english": "en", "español": "es", "spanish": "es", "français": "fr", "french": "fr", "deutsch": "de",
    "german": "de", "italiano": "it", "italian": "it", "português brasileiro": "pt-BR",
    "português europeu": "pt-PT", "português": "pt", "portuguese": "pt", "русский": "ru", "russian": "ru",
    "中文-普通话 國語": "zh", "chinese": "zh", "日本語": "ja", "japanese": "ja", "한국어": "ko",
    "korean": "ko", "polski": "pl", "polish": "pl", "nederlands": "nl", "dutch": "nl", "svenska": "sv",
    "suomi": "fi", "dansk": "da", "norsk": "no", "čeština": "cs", "magyar": "hu", "türkçe": "tr",
    "tiếng việt": "vi", "bahasa indonesia": "id", "українська": "uk", "العربية": "ar", "עברית": "he",
}


def language_code(name: str | None) -> str | None:
    """AO3 language name ("English") -> code ("en"); codes and unknown names pass through."""
    if not name:
        return None
    name = name.strip()
    return _LANGUAGES.get(name.lower(), name)


_WORDS = re.compile(r"Words:\s*([\d,.\s\u00a0]*\d)", re.I)


def parse_word_count(text: str) -> int | None:
    m = _WORDS.search(text)
    if not m:
        m = re.fullmatch(r"\s*([\d,.\s\u00a0]*\d)\s*", text)
    if not m:
        return None
    digits = re.sub(r"\D", "", m.group(1))
    return int(digits) if digits else None


# AO3 preface labels (singular and plural) and FanFicFare title-page labels -> GivenTags field
_LABELS = {
    "rating": "rating", "ratings": "rating",
    "archive warning": "warnings", "archive warnings": "warnings", "warning": "warnings",
    "warnings": "warnings",
    "category": "categories", "categories": "categories", "ao3 categories": "categories",
    "fandom": "fandoms", "fandoms": "fandoms",
    "relationship": "relationships", "relationships": "relationships", "ships": "relationships",
    "pairing": "relationships", "pairings": "relationships",
    "character": "characters", "characters": "characters",
    "additional tags": "freeform", "additional tag": "freeform", "freeform": "freeform",
    "freeform tags": "freeform", "freeforms": "freeform", "tags": "freeform",
}

AO3_CATEGORIES = ("F/F", "F/M", "Gen", "M/M", "Multi", "Other")
AO3_RATINGS = ("Not Rated", "General Audiences", "Teen And Up Audiences", "Mature", "Explicit")
AO3_WARNINGS = (
    "Creator Chose Not To Use Archive Warnings", "Choose Not To Use Archive Warnings",
    "No Archive Warnings Apply", "Graphic Depictions Of Violence", "Major Character Death",
    "Rape/Non-Con", "Underage", "Underage Sex",
)


def split_list(text: str) -> list[str]:
    return [v.strip() for v in text.split(",") if v.strip()]


def _label(text: str) -> str:
    return _WS.sub(" ", text).strip().rstrip(":").strip().lower()


def _put(tags: GivenTags, field_: str, values: list[str]) -> None:
    if not values:
        return
    if field_ == "rating":
        if tags.rating is None:
            tags.rating = values[0]
        return
    current = getattr(tags, field_)
    for v in values:
        if v not in current:
            current.append(v)


# -- FanFicFare title pages ----------------------------------------------------------------------


def parse_label_lines(root) -> dict[str, str]:
    """``<b>Label:</b> value<br/>`` entries of a FanFicFare title page (also its table layout)."""
    entries: dict[str, str] = {}
    for b in iter_elements(root):
        if tag_of(b) not in ("b", "strong"):
            continue
        label = inline_text(b)
        if not label.endswith(":"):
            continue
        pieces = [b.tail or ""]
        sib = b.getnext()
        while sib is not None and tag_of(sib) not in ("br", "b", "strong") and not (
            tag_of(sib) in BLOCK_TAGS and tag_of(sib) not in ("div", "p", "blockquote")
        ):
            pieces.append("".join(t for t in sib.itertext() if isinstance(t, str)))
            pieces.append(sib.tail or "")
            sib = sib.getnext()
        value = _WS.sub(" ", "".join(pieces)).strip()
        if not value:
            parent = b.getparent()
            if parent is not None and tag_of(parent) == "td":
                nxt = parent.getnext()
                if nxt is not None and tag_of(nxt) == "td":
                    value = inline_text(nxt)
        key = _label(label)
        if key and key not in entries:
            entries[key] = value
    return entries


def given_from_labels(entries: dict[str, str]) -> GivenTags | None:
    """GivenTags from FanFicFare title-page entries.

    FanFicFare calls the fandom "Category" and puts AO3's freeform tags (and, by default, AO3's
    categories) in "Genre"; "AO3 Categories" and "Fandoms" are used when present.
    """
    tags = GivenTags()
    has_fandoms = any(k in entries for k in ("fandom", "fandoms"))
    for key, value in entries.items():
        values = split_list(value)
        if key in ("category", "categories") and not has_fandoms:
            cats = [v for v in values if v in AO3_CATEGORIES]
            _put(tags, "categories", cats)
            _put(tags, "fandoms", [v for v in values if v not in AO3_CATEGORIES])
        elif key in ("genre", "genres"):
            _put(tags, "categories", [v for v in values if v in AO3_CATEGORIES])
            _put(tags, "freeform", [v for v in values if v not in AO3_CATEGORIES])
        elif key in ("words", "word count"):
            tags.words = parse_word_count(value)
        elif key in _LABELS:
            _put(tags, _LABELS[key], values)
    return None if tags.is_empty() else tags


def given_from_subjects(subjects: list[str]) -> GivenTags | None:
    """Classify a flat tag list (EPUB dc:subject) by AO3's fixed vocabularies; the rest is freeform."""
    tags = GivenTags()
    for s in subjects:
        s = s.strip()
        if not s or s == "Fanworks":
            continue
        if s in AO3_RATINGS:
            _put(tags, "rating", [s])
        elif s in AO3_WARNINGS:
            _put(tags, "warnings", [s])
        elif s in AO3_CATEGORIES:
            _put(tags, "categories", [s])
        else:
            _put(tags, "freeform", [s])
    return None if tags.is_empty() else tags
