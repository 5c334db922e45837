"""Renderers of an analysis, by format name."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ConfigError, Errors
from ..model import Analysis
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


RENDERERS: dict[str, Renderer] = {"json": _json, "summary": _summary, "html": _html, "md": _md}
EXTENSIONS = {"json": ".json", "summary": ".txt", "html": ".html", "md": ".md"}


def render(analysis: Analysis, fmt: str = "json", include_text: bool = False) -> str:
    """The analysis written in format ``fmt`` (one of ``RENDERERS``)."""
    if fmt not in RENDERERS:
        raise ConfigError(Errors.E030.format(fmt=fmt, known=", ".join(RENDERERS)))
    return RENDERERS[fmt](analysis, include_text)
