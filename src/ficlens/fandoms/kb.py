"""The fandom knowledge base: characters, names and terms of AO3 fandoms, read from TOML files.

The format is described in ``docs/kb-format.md``. Files are read in this order, a later file with the same
fandom ``name`` extending the earlier one:

1. the packaged files in ``ficlens/fandoms/data/``;
2. the user folder, ``~/.config/ficlens/kb/`` (or the folder named by the ``FICLENS_KB_DIR`` variable);
3. each extra path given to :meth:`KnowledgeBase.load` (a ``.toml`` file, or a folder of them).

Extending a fandom: its aliases, terms, weak terms and ``characters_from`` are joined; ``universe`` and
``works`` are replaced when the later file gives them; characters are joined by ``tag``, and a character
whose tag is already known keeps its earlier fields except those the later file gives (lists are joined).

Reading and checking the files is ``kb_files.py``, merging them into fandoms ``kb_merge.py``, the records
``kb_model.py``, the lookup keys ``surfaces.py``; this module holds :class:`KnowledgeBase`, its loading and its
indexes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ficlens.errors import DataError, Warnings

from .kb_files import _FandomRecord, _packaged_records, _read_file, _toml_files, user_kb_dir
from .kb_merge import _build
from .kb_model import KBCharacter, KBFandom
from .surfaces import normalize_surface

__all__ = ["KnowledgeBase"]


class KnowledgeBase:
    """The fandoms known to ficlens, with lookups by character name, description and term.

    Build it with :meth:`load`. Indexes are built on first use.
    """

    def __init__(self, records: Iterable[_FandomRecord] = ()) -> None:
        self._records = tuple(records)
        self.warnings: list[str] = []  # coded warnings of loading (W103: a skipped user file)
        self._fandoms = _build(self._records)
        self._by_key: dict[str, KBFandom] = {}
        for fandom in self._fandoms.values():
            for alias in fandom.aliases:
                self._by_key.setdefault(normalize_surface(alias), fandom)
        for fandom in self._fandoms.values():
            self._by_key[normalize_surface(fandom.name)] = fandom
        self._surfaces: dict[str, list[KBCharacter]] | None = None
        self._descriptions: dict[str, list[KBCharacter]] | None = None
        self._surnames: dict[str, list[KBCharacter]] | None = None
        self._terms: dict[str, list[tuple[KBFandom, bool]]] | None = None
        self._non_persons: dict[str, frozenset[str]] | None = None

    @classmethod
    def load(cls, extra_paths: Sequence[str | Path] = (), include_user: bool = True) -> KnowledgeBase:
        """Read the packaged files, then the user folder, then each extra path.

        extra_paths (Sequence[str | Path]): more ``.toml`` files or folders of them, read last.
        include_user (bool): read the user folder (``$FICLENS_KB_DIR`` or ``~/.config/ficlens/kb``).
        RETURNS (KnowledgeBase): the merged knowledge base.
        RAISES (DataError): E040 when a file is malformed or an extra path does not exist.
        """
        user_records: list[_FandomRecord] = []
        warnings: list[str] = []
        if include_user:
            user_dir = user_kb_dir()
            if user_dir.is_dir():
                # a broken file in the user's folder (hand-edited, or written by an older ficlens) is skipped
                # with a warning naming it: it must never stop every later analysis
                for p in _toml_files(user_dir):
                    try:
                        user_records.append(_read_file(p))
                    except DataError as err:
                        warnings.append(Warnings.W103.format(path=p, reason=str(err)))
        paths = [p for extra in extra_paths for p in _toml_files(Path(extra).expanduser())]
        if not paths and not user_records and not warnings:
            return _packaged_kb()
        extra_records = [_read_file(p) for p in paths]
        while True:
            try:
                kb = cls((*_packaged_records(), *user_records, *extra_records))
                break
            except DataError as err:  # a user file that breaks the whole (characters_from a missing fandom)
                bad = next((r for r in user_records if str(r.path) in str(err)), None)
                if bad is None:
                    raise
                user_records.remove(bad)
                warnings.append(Warnings.W103.format(path=bad.path, reason=str(err)))
        kb.warnings = warnings
        return kb

    # fandoms --------------------------------------------------------------------------------------------

    @property
    def fandoms(self) -> list[KBFandom]:
        """Every fandom, in the order their files were read."""
        return list(self._fandoms.values())

    def __len__(self) -> int:
        return len(self._fandoms)

    def __iter__(self) -> Iterator[KBFandom]:
        return iter(self._fandoms.values())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.fandom(name) is not None

    def fandom(self, name: str) -> KBFandom | None:
        """Return the fandom with this AO3 name (or one of its aliases, any case), or None."""
        found = self._fandoms.get(name)
        return found if found is not None else self._by_key.get(normalize_surface(name))

    def universe_of(self, name: str) -> str:
        """Return the universe of a fandom; a fandom not in the knowledge base is its own universe."""
        fandom = self.fandom(name)
        return fandom.universe if fandom is not None else f"unknown:{normalize_surface(name)}"

    def same_universe(self, a: str, b: str) -> bool:
        """Tell whether two fandoms are one canon (so a work tagged with both is no crossover)."""
        return self.universe_of(a) == self.universe_of(b)

    # indexes --------------------------------------------------------------------------------------------

    def _unique_characters(self) -> Iterator[KBCharacter]:
        seen: set[tuple[str, str]] = set()
        for fandom in self._fandoms.values():
            for char in fandom.characters:
                key = (char.fandom, char.tag)
                if key not in seen:
                    seen.add(key)
                    yield char

    def _surface_index(self) -> dict[str, list[KBCharacter]]:
        if self._surfaces is None:
            index: dict[str, list[KBCharacter]] = {}
            for char in self._unique_characters():
                for surface in {normalize_surface(s) for s in char.surfaces}:
                    index.setdefault(surface, []).append(char)
            self._surfaces = index
        return self._surfaces

    def characters_by_surface(self, surface: str) -> list[KBCharacter]:
        """Return the characters called ``surface`` (tag, name, alias or nickname; any case).

        surface (str): a name as written in a story, e.g. "Sammy".
        RETURNS (list[KBCharacter]): every match, of every fandom; empty when none.
        """
        return list(self._surface_index().get(normalize_surface(surface), ()))

    def characters_by_surname(self, word: str) -> list[KBCharacter]:
        """Return the characters whose full name ends in ``word`` ("weasley": Ron, Ginny, Molly...; any case)."""
        if self._surnames is None:
            index: dict[str, list[KBCharacter]] = {}
            for char in self._unique_characters():
                words = normalize_surface(char.name).split()
                if len(words) > 1:
                    index.setdefault(words[-1], []).append(char)
            self._surnames = index
        return list(self._surnames.get(normalize_surface(word), ()))

    def descriptions_index(self) -> dict[str, list[KBCharacter]]:
        """Return lowercased description ("the older winchester") -> the characters it describes."""
        if self._descriptions is None:
            index: dict[str, list[KBCharacter]] = {}
            for char in self._unique_characters():
                for desc in dict.fromkeys(normalize_surface(d) for d in char.descriptions):
                    index.setdefault(desc, []).append(char)
            self._descriptions = index
        return self._descriptions

    def terms_index(self) -> dict[str, list[tuple[KBFandom, bool]]]:
        """Return lowercased term -> (fandom, is_strong) for each fandom listing it."""
        if self._terms is None:
            index: dict[str, list[tuple[KBFandom, bool]]] = {}
            for fandom in self._fandoms.values():
                keyed = [(t, True) for t in fandom.terms] + [(t, False) for t in fandom.weak_terms]
                done: set[str] = set()
                for term, strong in keyed:
                    key = normalize_surface(term)
                    if key not in done:
                        done.add(key)
                        index.setdefault(key, []).append((fandom, strong))
            self._terms = index
        return self._terms

    def non_persons(self) -> dict[str, frozenset[str]]:
        """Normalised capitalised terms, weak terms and vocabulary that are no character's name in any fandom,
        each with the fandoms listing it: written in a story of those fandoms, they are never a person
        ("Hogsmeade", "Accio", "Jakku")."""
        if self._non_persons is None:
            surfaces = self._surface_index()
            words: dict[str, set[str]] = {}
            for fandom in self._fandoms.values():
                for w in (*fandom.terms, *fandom.weak_terms, *fandom.vocabulary_words):
                    if w[:1].isupper():
                        key = normalize_surface(w)
                        if key not in surfaces and ("the " + key) not in surfaces:
                            words.setdefault(key, set()).add(fandom.name)
            self._non_persons = {k: frozenset(v) for k, v in words.items()}
        return self._non_persons

    def __repr__(self) -> str:
        chars = sum(1 for _ in self._unique_characters())
        return f"<KnowledgeBase: {len(self._fandoms)} fandoms, {chars} characters>"


@functools.lru_cache(maxsize=1)
def _packaged_kb() -> KnowledgeBase:
    return KnowledgeBase(_packaged_records())
