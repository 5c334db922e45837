"""AO3 tags: rating, archive warnings, categories, fandoms, relationships, characters and additional tags.

One module per concern: ``text`` (sentences, cue groups, sentiment), ``warnings`` (events on the page),
``rating`` (graded evidence), ``relationships`` (pairs and categories), ``cast`` (character tags) and
``freeform`` (additional tags). Every suggestion has a confidence and, where the text supports it, evidence
sentences; none is emitted below ``min_confidence`` (``tags/data/freeform_settings.toml``). See docs/tags.md.
"""

from __future__ import annotations

from ..document import Document
from ..lexicons import table
from ..model import Tags, TagValue
from . import cast, freeform, rating, relationships, warnings
from .text import sentences


def default_min_confidence() -> float:
    return float(table("tags/data/freeform_settings.toml")["settings"]["min_confidence"])


def freeform_vocabulary() -> list[str]:
    """The additional tags this stage can suggest."""
    return freeform.vocabulary()


def run(doc: Document, min_confidence: float | None = None) -> None:
    """Set ``doc.analysis.tags``."""
    threshold = default_min_confidence() if min_confidence is None else min_confidence
    a = doc.analysis
    sents = sentences(doc)
    tags = Tags()
    found = warnings.detect(doc, sents)
    tags.warnings = found.warnings
    tags.rating = rating.rate(doc, sents, found)
    rels, cats = relationships.detect(doc, sents)
    tags.relationships = [r for r in rels if r.confidence >= threshold]
    tags.categories = cats
    tags.fandoms = [TagValue(f.name, f.confidence, list(f.evidence[:2])) for f in a.fandoms]
    tags.characters = cast.character_tags(a)
    tags.freeform = freeform.detect(doc, sents, found, tags.relationships, threshold)
    a.tags = tags
