"""A fandom's world words in the story ("Order of the Phoenix", "Merlin's beard", "Accio"): the knowledge
base's non-person terms found in each paragraph, and the tokens they mask from the name scan."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from spacy.attrs import LOWER
from spacy.tokens import Doc

from ..fandoms.kb import KnowledgeBase
from ..fandoms.surfaces import KeyEnds, first_word_ids, normalize_surface
from .lex import Lexicon

_MAX_WORLD_WORDS = 6


def _world_hits(
    d: Doc, world: Mapping[str, frozenset[str]], firsts: frozenset[str], ends: KeyEnds | None = None,
    text: str | None = None,
) -> list[tuple[int, int, str]]:
    """(first token, end token, key) of every world term or vocabulary entry of the knowledge base in ``d``
    ("Order of the Phoenix", "Merlin's beard", "Accio"), longest first. ``ends`` (``KeyEnds.of(world)``) skips
    the n-grams whose last token ends no term; ``text`` is ``d.text`` when the caller has it (building it walks
    every token)."""
    out: list[tuple[int, int, str]] = []
    n = len(d)
    text = d.text if text is None else text
    first_ids = first_word_ids(firsts)
    lows = d.to_array(LOWER).tolist() if n else []  # the lowercase forms' hashes, without a Token each
    i = 0
    while i < n:
        # world words mask names only, and names are capitalised: a term opens with a capital ("Order of the
        # Phoenix"); one that opens in lowercase ("the Burrow") is found by its capitalised word alone
        if lows[i] not in first_ids or not d[i].text[:1].isupper():
            i += 1
            continue
        hit = 0
        for k in range(min(n, i + _MAX_WORLD_WORDS), i, -1):
            if d[k - 1].is_punct and k - 1 > i:
                continue
            if ends is not None and not ends.may_end(
                d[k - 1].text, k - 1 > i and not text[d[k - 1].idx - 1].isspace()
            ):
                continue
            key = normalize_surface(text[d[i].idx : d[k - 1].idx + len(d[k - 1].text)])
            if key in world:
                hit = k
                out.append((i, k, key))
                break
        i = hit if hit else i + 1
    return out


def _shown(hits: list[list[tuple[int, int, str]]], world: Mapping[str, frozenset[str]]) -> set[str]:
    """The fandoms whose world shows in the story: two different terms of theirs."""
    distinct: dict[str, set[str]] = defaultdict(set)
    for para in hits:
        for _, _, key in para:
            for f in world[key]:
                distinct[f].add(key)
    return {f for f, keys in distinct.items() if len(keys) >= 2}


def _world_tokens(
    hits: list[list[tuple[int, int, str]]], world: Mapping[str, frozenset[str]]
) -> list[set[int]]:
    """Per paragraph, the tokens that are world words, never part of a name: a term of several words always; a
    single word only when its fandom shows in the story (two different terms of it: "Idris" is a place in one
    canon and a name elsewhere)."""
    shown = _shown(hits, world)
    out = []
    for para in hits:
        masked: set[int] = set()
        for i, k, key in para:
            if k - i > 1 or world[key] & shown:
                masked.update(range(i, k))
        out.append(masked)
    return out


_WORLD_CACHE: dict[int, dict[str, frozenset[str]]] = {}


_ENDS: dict[int, tuple[Mapping[str, object], KeyEnds]] = {}


def _world_ends(keys: Mapping[str, object]) -> KeyEnds:
    """How the keys of an index (world terms, knowledge-base descriptions) end, cached with the index."""
    got = _ENDS.get(id(keys))
    if got is None or got[0] is not keys:
        got = (keys, KeyEnds.of(keys))
        if len(_ENDS) > 8:
            _ENDS.clear()
        _ENDS[id(keys)] = got
    return got[1]


def _world(kb: KnowledgeBase, lx: Lexicon) -> dict[str, frozenset[str]]:
    """The knowledge base's non-person words, titles and first names aside ("Lady" is some fandom's term)."""
    got = _WORLD_CACHE.get(id(kb))
    if got is None:
        got = {w: f for w, f in kb.non_persons().items() if w not in lx.titles and w not in lx.name_gender}
        _WORLD_CACHE.clear()
        _WORLD_CACHE[id(kb)] = got
    return got
