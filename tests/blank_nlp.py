"""A blank English pipeline (tokenizer and sentencizer) standing in for the model, for fast tests of the
whole analysis path (CLI, batches, fuzzing): ``use_blank_pipeline(monkeypatch)``."""

from __future__ import annotations

from functools import lru_cache

import pytest
import spacy
from spacy.language import Language


@lru_cache(maxsize=1)
def blank_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def use_blank_pipeline(monkeypatch: pytest.MonkeyPatch) -> Language:
    import ficlens.pipeline

    nlp = blank_nlp()
    monkeypatch.setattr(ficlens.pipeline, "load", lambda models=(): nlp)
    return nlp
