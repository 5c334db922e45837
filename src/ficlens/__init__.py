"""ficlens: read fan fiction the way a careful fan does.

>>> import ficlens
>>> analysis = ficlens.analyze("story.txt")          # a path, or the story text itself
>>> print(analysis.to_json())
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .about import __version__
from .config import Options, load_options
from .errors import ConfigError, DataError, FiclensError, InputError
from .model import Analysis

if TYPE_CHECKING:
    from .tags.check import CheckResult

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Analysis",
    "ConfigError",
    "DataError",
    "FiclensError",
    "InputError",
    "Options",
    "__version__",
    "analyze",
    "check",
]


def analyze(path_or_text: str | Path, **options: Any) -> Analysis:
    """Analyse a story file (a path) or a story given as text.

    path_or_text (str | Path): a path to a .txt/.md/.html/.epub/.docx file, or the text of a story. A ``str``
        is taken as a path when it names an existing file or looks like one (one line, a known extension).
    **options: any field of :class:`ficlens.Options` (e.g. ``include_text=True``, ``kb_paths=[...]``).
    RETURNS (Analysis): the analysis; ``.to_json()`` writes the schema-version-1 JSON.
    """
    from .pipeline import Analyzer

    analyzer = Analyzer(load_options(**options))
    if isinstance(path_or_text, Path) or _looks_like_path(path_or_text):
        return analyzer.analyze_path(path_or_text)
    return analyzer.analyze_text(path_or_text)


def check(path: str | Path, min_confidence: float | None = None, **options: Any) -> CheckResult:
    """Analyse a downloaded work and compare its own tags with the suggested ones (``ficlens check``).

    min_confidence (float | None): only suggestions at or above it (default: the tag stage's threshold).
    RETURNS (CheckResult): per field the given and suggested tags, the missing and unsupported ones, and the
        archive warnings that look forgotten.
    """
    from .pipeline import Analyzer
    from .tags.check import compare

    opts = options.pop("options", None) or load_options(**options)
    analysis = Analyzer(opts).analyze_path(path)
    return compare(analysis, min_confidence or 0.0)


def _looks_like_path(s: str) -> bool:
    if "\n" in s or len(s) > 4096:
        return False
    p = Path(s)
    try:
        if p.exists():
            return True
    except OSError:
        return False
    return p.suffix.lower() in {".txt", ".md", ".markdown", ".html", ".htm", ".epub", ".docx"} and " " not in p.name
