"""Quotations: find them (``detect``) and say who speaks them, to whom (``attribute``)."""

from __future__ import annotations

from .attribute import add_character, attribute
from .detect import detect

__all__ = ["add_character", "attribute", "detect"]
