"""A faster, equivalent replacement for the English pipelines' ``attribute_ruler``.

The attribute ruler maps each token's fine tag (and, for a few words, its form and dependency label) to its
coarse part of speech and morphology with ~180 Matcher patterns. Run as a Matcher over every token it costs about
a tenth of the whole parse. Nearly all its patterns look at one token only, through four attributes (TAG, LOWER,
DEP, IS_SPACE), so their outcome is a function of those four values: this component evaluates the patterns once
per distinct combination, caches the result, and writes POS and MORPH for a whole Doc at once. Patterns spanning
several tokens keep a small Matcher of their own; patterns that only set LEMMA are dropped (the lemmatizer is not
run). The result is the same POS, MORPH, TAG and DEP as the original, token for token (tested).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

FACTORY = "ficlens_attributes"
_KEEP = ("POS", "MORPH", "TAG", "DEP")
_FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}

# A rule: (order, attrs to set as {name: value}); a one-token rule also has its spec.
Attrs = tuple[tuple[str, str], ...]
# per (TAG, LOWER, DEP, IS_SPACE): the POS and MORPH keys the one-token rules leave (None: unchanged), their TAG /
# DEP changes, whether a multi-token rule may start here, and the rules themselves (to merge with multi-token ones)
_Entry = tuple[int | None, int | None, Attrs, bool, list[tuple[int, Attrs]]]


def _value_ok(spec: Any, value: Any) -> bool:
    if isinstance(spec, dict):
        for op, arg in spec.items():
            if op == "IN" and value not in arg:
                return False
            if op == "NOT_IN" and value in arg:
                return False
            if op == "REGEX" and not re.search(arg, value):
                return False
            if op not in ("IN", "NOT_IN", "REGEX"):
                raise ValueError(f"unsupported attribute-ruler operator {op}")
        return True
    return bool(spec == value)


def _token_ok(spec: dict[str, Any], values: tuple[str, str, str, bool]) -> bool:
    return all(_value_ok(v, values[_FIELDS[k]]) for k, v in spec.items())


class FastAttributes:
    """Applies the rules of an ``AttributeRuler`` (its ``patterns``) with a per-key cache."""

    def __init__(self, nlp: Language, patterns: Iterable[dict[str, Any]]) -> None:
        patterns = list(patterns)
        self.vocab = nlp.vocab
        self.single: list[tuple[int, dict[str, Any], Attrs]] = []
        self.multi: dict[int, tuple[int, Attrs]] = {}
        self.matcher = Matcher(nlp.vocab)
        for order, p in enumerate(patterns):
            attrs: Attrs = tuple((k, str(v)) for k, v in p["attrs"].items() if k in _KEEP)
            if not attrs:
                continue  # LEMMA only
            for pattern in p["patterns"]:
                if len(pattern) == 1 and set(pattern[0]) <= set(_FIELDS):
                    self.single.append((order, pattern[0], attrs))
                else:
                    key = self.vocab.strings.add(f"ficlens_attr_{order}")
                    self.matcher.add(key, [pattern])
                    self.multi[key] = (order, attrs)
        self._index = {k: 0 for k in self.multi}
        for order, p in enumerate(patterns):
            key = self.vocab.strings.add(f"ficlens_attr_{order}")
            if key in self.multi:
                self._index[key] = int(p.get("index", 0))
        self._cache: dict[tuple[int, int, int, int], _Entry] = {}
        # the first token of each multi-token pattern (None: not decidable from the four attributes)
        self._firsts: list[dict[str, Any] | None] = [
            pattern[0] if set(pattern[0]) <= set(_FIELDS) else None
            for p in patterns if any(k in _KEEP for k in p["attrs"])
            for pattern in p["patterns"] if not (len(pattern) == 1 and set(pattern[0]) <= set(_FIELDS))
        ]
        self._morphs: dict[str, int] = {}

    def _morph(self, value: str) -> int:
        """The key of a morphology string as ``Token.set_morph`` stores it (normalised; "_" is empty)."""
        key = self._morphs.get(value)
        if key is None:
            key = self._morphs[value] = int(self.vocab.morphology.add(value))
        return key

    def _entry(self, key: tuple[int, int, int, int]) -> _Entry:
        """What the one-token rules do to a token with these (TAG, LOWER, DEP, IS_SPACE) hashes, cached."""
        hit = self._cache.get(key)
        if hit is None:
            s = self.vocab.strings
            values = (s[key[0]] if key[0] else "", s[key[1]] if key[1] else "", s[key[2]] if key[2] else "",
                      bool(key[3]))
            rules = [(order, attrs) for order, spec, attrs in self.single if _token_ok(spec, values)]
            pos, morph, late = self._apply(rules)
            starts = any(_token_ok(first, values) if first is not None else True for first in self._firsts)
            hit = self._cache[key] = (pos, morph, late, starts, rules)
        return hit

    def _apply(self, rules: list[tuple[int, Attrs]]) -> tuple[int | None, int | None, tuple[tuple[str, str], ...]]:
        pos = morph = None
        late: list[tuple[str, str]] = []
        for _order, attrs in rules:
            for name, value in attrs:
                if name == "POS":
                    pos = int(self.vocab.strings.add(value))
                elif name == "MORPH":
                    morph = self._morph(value)
                else:
                    late.append((name, value))
        return pos, morph, tuple(late)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        keys = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        entries = [self._entry((k[0], k[1], k[2], k[3])) for k in keys]
        extra: dict[int, list[tuple[int, Attrs]]] = {}
        if self.multi and any(e[3] for e in entries):
            for match_id, start, end in self.matcher(doc):
                order, attrs = self.multi[match_id]
                i = list(range(start, end))[self._index[match_id]]
                extra.setdefault(i, []).append((order, attrs))
        pos_morph = doc.to_array([POS, MORPH])
        changed = False
        late: list[tuple[int, str, str]] = []  # TAG / DEP changes (whitespace tokens only, in practice)
        for i, (pos, morph, lt, _starts, rules) in enumerate(entries):
            if i in extra:
                pos, morph, lt = self._apply(sorted(rules + extra[i], key=lambda r: r[0]))
            if pos is not None:
                pos_morph[i, 0] = pos
                changed = True
            if morph is not None:
                pos_morph[i, 1] = morph
                changed = True
            for name, value in lt:
                late.append((i, name, value))
        if changed:
            doc.from_array([POS, MORPH], pos_morph.astype(numpy.uint64))  # type: ignore[arg-type]
        for i, name, value in late:
            if name == "TAG":
                doc[i].tag_ = value
            else:
                doc[i].dep_ = value
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory(FACTORY)
def make_fast_attributes(nlp: Language, name: str) -> FastAttributes:
    """The component, built from the pipeline's own ``attribute_ruler``."""
    return FastAttributes(nlp, nlp.get_pipe("attribute_ruler").patterns)  # type: ignore[attr-defined]


def install(nlp: Language) -> Language:
    """Run the fast equivalent in place of ``attribute_ruler`` (a pipeline without one is left as it is)."""
    if "attribute_ruler" not in nlp.component_names or FACTORY in nlp.component_names:
        return nlp
    nlp.add_pipe(FACTORY, after="attribute_ruler")
    nlp.disable_pipe("attribute_ruler")
    return nlp
