"""The shipped JSON Schema of the analysis JSON, and validation against it."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import DataError, Errors


@lru_cache(maxsize=1)
def analysis_schema() -> dict[str, Any]:
    raw = resources.files("ficlens").joinpath("schema/analysis.schema.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def validate(data: dict[str, Any]) -> None:
    """Raise DataError (E033) when ``data`` does not follow the analysis schema, naming the first problem."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(analysis_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.absolute_path) or "(top level)"
        raise DataError(Errors.E033.format(reason=f"{where}: {e.message}"))
