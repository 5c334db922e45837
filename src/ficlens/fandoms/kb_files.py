"""Reading knowledge-base files: finding them (packaged, the user folder, extra paths) and checking each one.

The format is described in ``docs/kb-format.md``. :func:`_read_file` parses one TOML file and checks every key
it sets (``DataError`` E040 when it breaks the format); merging the files into fandoms is ``kb_merge.py``.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ficlens.errors import DataError, Errors

from .kb_model import GENDERS, VOCABULARY_KINDS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["DATA_DIR", "ENV_KB_DIR", "user_kb_dir"]

DATA_DIR = Path(__file__).resolve().parent / "data"
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


def user_kb_dir() -> Path:
    """Return the user's knowledge-base folder: ``$FICLENS_KB_DIR`` if set, else ``~/.config/ficlens/kb``."""
    env = os.environ.get(ENV_KB_DIR)
    if env:
        return Path(env).expanduser()
    return Path.home() / ".config" / "ficlens" / "kb"


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
