"""The fandom knowledge base: characters, names and terms of AO3 fandoms, read from TOML files.

The format is described in ``docs/kb-format.md``. Files are read in this order, a later file with the same
fandom ``name`` extending the earlier one:

1. the packaged files in ``ficlens/fandoms/data/``;
2. the user folder, ``~/.config/ficlens/kb/`` (or the folder named by the ``FICLENS_KB_DIR`` variable);
3. each extra path given to :meth:`KnowledgeBase.load` (a ``.toml`` file, or a folder of them).

Extending a fandom: its aliases, terms, weak terms and ``characters_from`` are joined; ``universe`` and
``works`` are replaced when the later file gives them; characters are joined by ``tag``, and a character
whose tag is already known keeps its earlier fields except those the later file gives (lists are joined).
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ficlens.errors import DataError, Errors, Warnings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
    "DATA_DIR",
    "GENDERS",
    "KBCharacter",
    "KBFandom",
    "KnowledgeBase",
    "normalize_surface",
    "user_kb_dir",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
GENDERS = ("male", "female", "nonbinary", "unknown")
ENV_KB_DIR = "FICLENS_KB_DIR"

_FANDOM_KEYS = {
    "name",
    "aliases",
    "universe",
    "works",
    "characters_from",
    "terms",
    "weak_terms",
    "vocabulary",
    "characters",
}
# kinds of world vocabulary: words of the canon that are never a person (docs/kb-format.md)
VOCABULARY_KINDS = ("spells", "places", "organisations", "species", "objects", "exclamations", "learned")
_FANDOM_LISTS = ("aliases", "characters_from", "terms", "weak_terms")
_CHARACTER_KEYS = {
    "tag",
    "name",
    "aliases",
    "nicknames",
    "descriptions",
    "gender",
    "main",
    "uncertain",
    "era",
}
_CHARACTER_LISTS = ("aliases", "nicknames", "descriptions")
_CHARACTER_BOOLS = ("main", "uncertain")

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"})


def normalize_surface(text: str) -> str:
    """Return the lookup key of a name or term: case-folded, curly quotes straightened, spaces collapsed.

    text (str): a name, alias, description or term as written.
    RETURNS (str): the key the indexes of :class:`KnowledgeBase` use.
    """
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip().casefold()


@functools.lru_cache(maxsize=8)
def first_word_ids(words: frozenset[str]) -> frozenset[int]:
    """The string hashes of ``words`` (spaCy's ``Token.lower`` of a token whose ``lower_`` is one of them), so
    a scan can test a paragraph's ``Doc.to_array(LOWER)`` without making a Token per word."""
    from spacy.strings import hash_string  # type: ignore[attr-defined]

    return frozenset(hash_string(w) for w in words)


@dataclass(frozen=True)
class KeyEnds:
    """How the key of a span of tokens (``normalize_surface`` of its text) can end, for a set of keys: lets a
    search over n-grams skip a span whose last token ends no key without normalising the span's text.

    words: the last word of every key; tails: every ending of those words (a token glued to the one before it,
    "'s" of "Merlin's", ends a key's last word without being all of it).
    """

    words: frozenset[str]
    tails: frozenset[str]
    # token text -> (may end a key after a space, may end one glued, not judged); tokens repeat, most often
    _seen: dict[str, tuple[bool, bool, bool]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, keys: Iterable[str]) -> KeyEnds:
        words = {k.rsplit(" ", 1)[-1] for k in keys}
        return cls(frozenset(words), frozenset(w[i:] for w in words for i in range(len(w))))

    def may_end(self, token: str, glued: bool) -> bool:
        """Whether a span whose last token is ``token`` may have one of the keys: a token after a space (or the
        span's only token) must be a key's whole last word, a token glued to the one before it an ending of
        one. A token holding whitespace (never in practice) is not judged."""
        hit = self._seen.get(token)
        if hit is None:
            if len(self._seen) > 200_000:
                self._seen.clear()
            piece = token.translate(_QUOTES).casefold()
            odd = " " in piece or not piece.isprintable()
            hit = self._seen[token] = (piece in self.words, piece in self.tails, odd)
        return hit[1 if glued else 0] or hit[2]


def user_kb_dir() -> Path:
    """Return the user's knowledge-base folder: ``$FICLENS_KB_DIR`` if set, else ``~/.config/ficlens/kb``."""
    env = os.environ.get(ENV_KB_DIR)
    if env:
        return Path(env).expanduser()
    return Path.home() / ".config" / "ficlens" / "kb"


@dataclass(frozen=True)
class KBCharacter:
    """One character of a fandom.

    tag (str): the AO3 character tag.
    name (str): the full name a reader would write.
    aliases (tuple[str, ...]): names that may appear alone in a story (first names, surnames).
    nicknames (tuple[str, ...]): nicknames and diminutives.
    descriptions (tuple[str, ...]): descriptive mentions ("the older Winchester").
    gender (str): one of ``GENDERS``.
    main (bool): a principal character of the canon.
    uncertain (bool): the AO3 spelling of ``tag`` is not certain.
    fandom (str): the name of the fandom whose file defines the character.
    era (str): the generation or period of the canon the character belongs to ("next-gen"), "" when one.
    """

    tag: str
    name: str
    aliases: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    gender: str = "unknown"
    main: bool = False
    uncertain: bool = False
    fandom: str = ""
    era: str = ""

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every name the character may be called by: tag, name, aliases and nicknames (no duplicates)."""
        return tuple(dict.fromkeys((self.tag, self.name, *self.aliases, *self.nicknames)))


@dataclass(frozen=True)
class KBFandom:
    """One fandom, after its files are merged and ``characters_from`` is resolved.

    name (str): the AO3 canonical fandom tag.
    aliases (tuple[str, ...]): other names written for the fandom.
    universe (str): fandoms with the same universe are one canon.
    works (int): the AO3 works count (2021), 0 when unknown.
    terms (tuple[str, ...]): distinctive terms, good evidence alone.
    weak_terms (tuple[str, ...]): terms that support the fandom only with other evidence.
    characters (tuple[KBCharacter, ...]): its own characters, then those of ``characters_from``.
    path (str): the file that first defined the fandom.
    characters_from (tuple[str, ...]): the fandoms whose characters also belong here.
    """

    name: str
    aliases: tuple[str, ...]
    universe: str
    works: int
    terms: tuple[str, ...]
    weak_terms: tuple[str, ...]
    characters: tuple[KBCharacter, ...]
    path: str
    characters_from: tuple[str, ...] = ()
    vocabulary: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def vocabulary_words(self) -> tuple[str, ...]:
        """Every word of the fandom's vocabulary (spells, places, organisations, species, objects, ...)."""
        return tuple(dict.fromkeys(w for kind in VOCABULARY_KINDS for w in self.vocabulary.get(kind, ())))

    def character(self, tag: str) -> KBCharacter | None:
        """Return the character with this AO3 tag, or None."""
        for char in self.characters:
            if char.tag == tag:
                return char
        return None


# --------------------------------------------------------------------------------------------------------
# Reading one file


@dataclass(frozen=True)
class _FandomRecord:
    """One fandom as one file gives it: only the keys the file sets, checked."""

    path: str
    fields: Mapping[str, Any]
    characters: tuple[Mapping[str, Any], ...]


def _fail(path: Path | str, reason: str) -> DataError:
    return DataError(Errors.E040.format(path=path, reason=reason))


def _check_str(path: Path, where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, f"{where} must be a non-empty string, not {value!r}")
    return value.strip()


def _check_list(path: Path, where: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _fail(path, f"{where} must be a list of strings, not {value!r}")
    items = [_check_str(path, f"an item of {where}", item) for item in value]
    return tuple(dict.fromkeys(items))


def _check_character(path: Path, index: int, raw: Any) -> dict[str, Any]:
    where = f"characters[{index}]"
    if not isinstance(raw, dict):
        raise _fail(path, f"{where} must be a table")
    unknown = sorted(set(raw) - _CHARACTER_KEYS)
    if unknown:
        raise _fail(path, f"{where} has unknown keys {unknown} (known: {sorted(_CHARACTER_KEYS)})")
    if "tag" not in raw:
        raise _fail(path, f"{where} has no 'tag'")
    out: dict[str, Any] = {"tag": _check_str(path, f"{where}.tag", raw["tag"])}
    where = f"character {out['tag']!r}"
    if "name" in raw:
        out["name"] = _check_str(path, f"{where}: name", raw["name"])
    if "era" in raw:
        out["era"] = _check_str(path, f"{where}: era", raw["era"])
    for key in _CHARACTER_LISTS:
        if key in raw:
            out[key] = _check_list(path, f"{where}: {key}", raw[key])
    if "gender" in raw:
        gender = raw["gender"]
        if gender not in GENDERS:
            raise _fail(path, f"{where}: gender must be one of {', '.join(GENDERS)}, not {gender!r}")
        out["gender"] = gender
    for key in _CHARACTER_BOOLS:
        if key in raw:
            if not isinstance(raw[key], bool):
                raise _fail(path, f"{where}: {key} must be true or false, not {raw[key]!r}")
            out[key] = raw[key]
    return out


def _read_file(path: Path) -> _FandomRecord:
    """Parse and check one knowledge-base file.

    path (Path): the TOML file.
    RETURNS (_FandomRecord): the keys the file sets.
    RAISES (DataError): E040 when the file cannot be read or breaks the format.
    """
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as err:
        raise _fail(path, err.strerror or str(err)) from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise _fail(path, f"not valid TOML: {err}") from err
    unknown = sorted(set(data) - _FANDOM_KEYS)
    if unknown:
        raise _fail(path, f"unknown keys {unknown} (known: {sorted(_FANDOM_KEYS)})")
    if "name" not in data:
        raise _fail(path, "no 'name' (the AO3 fandom tag)")
    fields: dict[str, Any] = {"name": _check_str(path, "name", data["name"])}
    if "universe" in data:
        fields["universe"] = _check_str(path, "universe", data["universe"])
    if "works" in data:
        works = data["works"]
        if isinstance(works, bool) or not isinstance(works, int) or works < 0:
            raise _fail(path, f"works must be a whole number >= 0, not {works!r}")
        fields["works"] = works
    for key in _FANDOM_LISTS:
        if key in data:
            fields[key] = _check_list(path, key, data[key])
    if "vocabulary" in data:
        vocab = data["vocabulary"]
        if not isinstance(vocab, dict):
            raise _fail(path, "vocabulary must be a table ([vocabulary])")
        bad = sorted(set(vocab) - set(VOCABULARY_KINDS))
        if bad:
            raise _fail(path, f"vocabulary has unknown kinds {bad} (known: {list(VOCABULARY_KINDS)})")
        fields["vocabulary"] = {k: _check_list(path, f"vocabulary.{k}", v) for k, v in vocab.items()}
    raw_chars = data.get("characters", [])
    if not isinstance(raw_chars, list):
        raise _fail(path, "characters must be an array of tables ([[characters]])")
    chars = tuple(_check_character(path, i, raw) for i, raw in enumerate(raw_chars))
    seen: set[str] = set()
    for char in chars:
        if char["tag"] in seen:
            raise _fail(path, f"character tag {char['tag']!r} is given twice")
        seen.add(char["tag"])
    return _FandomRecord(path=str(path), fields=fields, characters=chars)


def _toml_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix == ".toml" and p.is_file())
    if path.is_file():
        return [path]
    raise _fail(path, "no such file or folder")


@functools.lru_cache(maxsize=1)
def _packaged_records() -> tuple[_FandomRecord, ...]:
    """Parse every packaged file once per process."""
    return tuple(_read_file(p) for p in _toml_files(DATA_DIR)) if DATA_DIR.is_dir() else ()


@functools.lru_cache(maxsize=1)
def _packaged_kb() -> KnowledgeBase:
    return KnowledgeBase(_packaged_records())


# --------------------------------------------------------------------------------------------------------
# Merging files and building the fandoms


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", text.casefold()).strip("-") or "fandom"


def _join(first: Iterable[str], second: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*first, *second)))


class _Draft:
    """A fandom while its files are merged."""

    def __init__(self, record: _FandomRecord) -> None:
        self.path = record.path
        self.paths = [record.path]
        self.fields: dict[str, Any] = dict(record.fields)
        self.characters: dict[str, dict[str, Any]] = {c["tag"]: dict(c) for c in record.characters}

    def extend(self, record: _FandomRecord) -> None:
        self.paths.append(record.path)
        for key, value in record.fields.items():
            if key in _FANDOM_LISTS:
                self.fields[key] = _join(self.fields.get(key, ()), value)
            elif key == "vocabulary":
                old_vocab = self.fields.get("vocabulary", {})
                self.fields[key] = {
                    k: _join(old_vocab.get(k, ()), value.get(k, ())) for k in dict.fromkeys([*old_vocab, *value])
                }
            else:
                self.fields[key] = value
        for char in record.characters:
            old = self.characters.get(char["tag"])
            if old is None:
                self.characters[char["tag"]] = dict(char)
                continue
            for key, value in char.items():
                old[key] = _join(old.get(key, ()), value) if key in _CHARACTER_LISTS else value

    def own_characters(self) -> tuple[KBCharacter, ...]:
        name = self.fields["name"]
        return tuple(
            KBCharacter(
                tag=c["tag"],
                name=c.get("name", c["tag"]),
                aliases=c.get("aliases", ()),
                nicknames=c.get("nicknames", ()),
                descriptions=c.get("descriptions", ()),
                gender=c.get("gender", "unknown"),
                main=c.get("main", False),
                uncertain=c.get("uncertain", False),
                fandom=name,
                era=c.get("era", ""),
            )
            for c in self.characters.values()
        )


def _build(records: Iterable[_FandomRecord]) -> dict[str, KBFandom]:
    drafts: dict[str, _Draft] = {}
    for record in records:
        name = record.fields["name"]
        if name in drafts:
            drafts[name].extend(record)
        else:
            drafts[name] = _Draft(record)
    own = {name: draft.own_characters() for name, draft in drafts.items()}

    def referenced(name: str) -> list[str]:
        """The fandoms whose characters ``name`` takes, transitively, nearest first."""
        order: list[str] = []
        queue = list(drafts[name].fields.get("characters_from", ()))
        while queue:
            ref = queue.pop(0)
            if ref == name or ref in order:
                continue
            if ref not in drafts:
                raise _fail(
                    drafts[name].paths[-1],
                    f"characters_from names {ref!r}, which is no fandom of the knowledge base",
                )
            order.append(ref)
            queue.extend(drafts[ref].fields.get("characters_from", ()))
        return order

    fandoms: dict[str, KBFandom] = {}
    for name, draft in drafts.items():
        chars = {c.tag: c for c in own[name]}
        for ref in referenced(name):
            for char in own[ref]:
                chars.setdefault(char.tag, char)
        f = draft.fields
        strong = set(f.get("terms", ()))
        fandoms[name] = KBFandom(
            name=name,
            aliases=f.get("aliases", ()),
            universe=f.get("universe", _slug(name)),
            works=f.get("works", 0),
            terms=f.get("terms", ()),
            weak_terms=tuple(t for t in f.get("weak_terms", ()) if t not in strong),
            characters=tuple(chars.values()),
            path=draft.path,
            characters_from=f.get("characters_from", ()),
            vocabulary=dict(f.get("vocabulary", {})),
        )
    return fandoms


# --------------------------------------------------------------------------------------------------------
# The knowledge base


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
