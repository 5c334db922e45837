"""The parses of a work's paragraphs (one spaCy Doc each), as the stages read them: ``doc.docs``.

A work of ordinary length keeps its Docs in a list. A long one (its paragraphs longer than the option
``parse_store_chars`` in all) keeps them packed in a ``PackedDocs``: each Doc's token attributes as one numpy
array (~120 bytes a token, a third of a live Doc), rebuilt into a Doc on access (~25 µs a paragraph). The
``window`` Docs rebuilt last are kept (least recently used out first), so however long the work, at most that
many rebuilt Docs are alive at once, and a stage that walks the paragraphs in order rebuilds each once. A
rebuilt Doc has the same text, tokens, tags, POS, morphology, dependencies, sentence starts and entities as the
parse (tested); the tok2vec tensor, which no stage reads, is not kept. Stages must not keep Spans or Tokens
after they return (they would keep their Docs alive): they keep paragraph and token indexes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import overload

import numpy
from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_IOB,
    ENT_KB_ID,
    ENT_TYPE,
    HEAD,
    LEMMA,
    MORPH,
    NORM,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.tokens import Doc
from spacy.vocab import Vocab

# what a Doc keeps (ORTH first: the words; SPACY last: the spaces after them, given to the constructor)
_ATTRS = [ORTH, NORM, TAG, HEAD, DEP, ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID, LEMMA, MORPH, POS, SENT_START]
_PACKED = [*_ATTRS, SPACY]


class PackedDocs(Sequence[Doc]):
    """Docs kept as token-attribute arrays and rebuilt on access; the ``window`` rebuilt last stay alive.

    vocab (Vocab): the vocabulary of the pipeline that parsed the Docs (it holds their strings).
    window (int): how many rebuilt Docs to keep.
    """

    def __init__(self, vocab: Vocab, window: int = 256) -> None:
        self.vocab = vocab
        self.window = max(1, window)
        self._packed: list[numpy.ndarray] = []
        self._recent: OrderedDict[int, Doc] = OrderedDict()
        self.rebuilt = 0  # Docs rebuilt so far (benchmarks and tests read it)

    def append(self, doc: Doc) -> None:
        """Pack ``doc`` (it is not kept)."""
        self._packed.append(doc.to_array(_PACKED))

    def __len__(self) -> int:
        return len(self._packed)

    @overload
    def __getitem__(self, i: int) -> Doc: ...

    @overload
    def __getitem__(self, i: slice) -> list[Doc]: ...

    def __getitem__(self, i: int | slice) -> Doc | list[Doc]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self._packed)
        if not 0 <= i < len(self._packed):
            raise IndexError(f"paragraph {i} of {len(self._packed)}")
        doc = self._recent.get(i)
        if doc is not None:
            self._recent.move_to_end(i)
            return doc
        doc = self._rebuild(self._packed[i])
        self._recent[i] = doc
        if len(self._recent) > self.window:
            self._recent.popitem(last=False)
        return doc

    def __iter__(self) -> Iterator[Doc]:
        for i in range(len(self._packed)):
            yield self[i]

    def _rebuild(self, arr: numpy.ndarray) -> Doc:
        self.rebuilt += 1
        if len(arr) == 0:
            return Doc(self.vocab, words=[])
        strings = self.vocab.strings
        words = [strings[h] for h in arr[:, 0].tolist()]
        doc = Doc(self.vocab, words=words, spaces=[bool(s) for s in arr[:, -1].tolist()])
        doc.from_array(_ATTRS, numpy.ascontiguousarray(arr[:, :-1]))  # type: ignore[arg-type]
        return doc

    @property
    def nbytes(self) -> int:
        """Bytes of the packed arrays."""
        return sum(a.nbytes for a in self._packed)


def word_count(doc: Doc) -> int:
    """Words of a parse as the analysis counts them: alphabetic or number-like tokens."""
    return sum(1 for t in doc if t.is_alpha or t.like_num)


def sentence_count(doc: Doc) -> int:
    """Sentences of a parse (the number of ``doc.sents``)."""
    return sum(1 for _ in doc.sents) if len(doc) else 0
