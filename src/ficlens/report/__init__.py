"""Renderers of an analysis, by format name."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ConfigError, Errors
from ..model import Analysis
from .ao3 import render_ao3
from .html import render_html
from .markdown import render_markdown
from .summary import render_summary

Renderer = Callable[[Analysis, bool], str]


def _json(analysis: Analysis, include_text: bool) -> str:
    return analysis.to_json(include_text=include_text) + "\n"


def _summary(analysis: Analysis, include_text: bool) -> str:
    return render_summary(analysis)


def _html(analysis: Analysis, include_text: bool) -> str:
    return render_html(analysis)


def _md(analysis: Analysis, include_text: bool) -> str:
    return render_markdown(analysis)


def _ao3(analysis: Analysis, include_text: bool) -> str:
    return render_ao3(analysis)


RENDERERS: dict[str, Renderer] = {"json": _json, "summary": _summary, "html": _html, "md": _md, "ao3": _ao3}
EXTENSIONS = {"json": ".json", "summary": ".txt", "html": ".html", "md": ".md", "ao3": ".ao3.txt"}


def render(analysis: Analysis, fmt: str = "json", include_text: bool = False) -> str:
    """The analysis written in format ``fmt`` (one of ``RENDERERS``)."""
    if fmt not in RENDERERS:
        raise ConfigError(Errors.E030.format(fmt=fmt, known=", ".join(RENDERERS)))
    return RENDERERS[fmt](analysis, include_text)
