"""Numeric weights and thresholds of the analysis stages, read from data files (``data/settings.toml``).

The packaged defaults live in ``ficlens/data/settings.toml``; a TOML file named by the ``FICLENS_SETTINGS``
environment variable overrides any value, table by table (``[fandoms] support_min = 2.0``), so the analysis can
be tuned without editing code. An unknown table or key, or a value of the wrong type, is an error (``[E152]``).
Read once per process; ``reload()`` re-reads (tests, tuning loops).
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError, Errors

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ENV = "FICLENS_SETTINGS"
__all__ = ["ENV", "reload", "settings"]


def _defaults() -> dict[str, dict[str, Any]]:
    raw = resources.files("ficlens").joinpath("data/settings.toml").read_text(encoding="utf-8")
    data: dict[str, dict[str, Any]] = tomllib.loads(raw)
    return data


def _merge(base: dict[str, dict[str, Any]], extra: dict[str, Any], path: str) -> dict[str, dict[str, Any]]:
    out = {k: dict(v) for k, v in base.items()}
    for table, values in extra.items():
        if table not in out or not isinstance(values, dict):
            raise ConfigError(Errors.E152.format(path=path, reason=f"unknown table [{table}]"))
        for key, value in values.items():
            if key not in out[table]:
                raise ConfigError(Errors.E152.format(path=path, reason=f"unknown setting {table}.{key}"))
            old = out[table][key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                isinstance(old, int) and not isinstance(old, bool) and not isinstance(value, int)
            ):
                raise ConfigError(
                    Errors.E152.format(path=path, reason=f"{table}.{key} must be a {type(old).__name__}")
                )
            out[table][key] = value
    return out


@lru_cache(maxsize=1)
def settings() -> dict[str, dict[str, Any]]:
    """Every setting: table name -> key -> value (defaults, then the ``FICLENS_SETTINGS`` file)."""
    data = _defaults()
    path = os.environ.get(ENV)
    if path:
        try:
            extra = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(Errors.E152.format(path=path, reason=str(exc).splitlines()[0])) from exc
        data = _merge(data, extra, path)
    return data


def reload() -> dict[str, dict[str, Any]]:
    settings.cache_clear()
    return settings()
