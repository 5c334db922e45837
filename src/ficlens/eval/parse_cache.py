"""A parse cache for evaluations and training on whole novels: the paragraphs' spaCy Docs, saved once per text
as a ``DocBin`` so that later runs (other features, other models) skip the parse, which is most of the time.

``CachedAnalyzer(cache_dir).analyze_text(text)`` behaves as ``Analyzer.analyze_text`` but reads the paragraphs'
parses from ``cache_dir`` when a file for this text, paragraphing and model exists, and writes it otherwise.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from ..config import Options
from ..pipeline import Analyzer

_ATTRS = ["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "POS", "MORPH", "SPACY", "SENT_START"]


class _CachingNLP:
    """Stands in for the Language in ``parse``: ``pipe`` yields cached Docs for texts parsed before."""

    def __init__(self, nlp: Language, cache_dir: Path) -> None:
        self._nlp = nlp
        self.cache_dir = cache_dir
        self.vocab = nlp.vocab

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)

    def pipe(self, texts: Iterable[str], batch_size: int = 128, **kw: Any) -> Iterator[Doc]:
        items = list(texts)
        h = hashlib.sha256()
        h.update(f"{self._nlp.meta.get('name')}-{self._nlp.meta.get('version')}".encode())
        for t in items:
            h.update(b"\x00" + t.encode("utf-8"))
        path = self.cache_dir / f"{h.hexdigest()[:24]}.spacy"
        if path.is_file():
            docs = list(DocBin().from_disk(path).get_docs(self._nlp.vocab))
            if len(docs) == len(items):
                yield from docs
                return
        out: list[Doc] = []
        for d in self._nlp.pipe(items, batch_size=batch_size, **kw):
            out.append(d)
        db = DocBin(attrs=_ATTRS, store_user_data=False)
        for d in out:
            db.add(d)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        db.to_disk(tmp)
        tmp.replace(path)
        yield from out


class CachedAnalyzer(Analyzer):
    def __init__(self, cache_dir: Path, options: Options | None = None) -> None:
        super().__init__(options)
        self.cache_dir = Path(cache_dir)
        self._caching: _CachingNLP | None = None

    @property
    def nlp(self) -> Language:
        if self._caching is None:
            self._caching = _CachingNLP(super().nlp, self.cache_dir)
        return self._caching  # type: ignore[return-value]
