"""Quotations: find them (``detect``) and say who speaks them, to whom (``attribute``)."""

from __future__ import annotations

from .attribute import attribute
from .detect import detect
from .speakers import add_character

__all__ = ["add_character", "attribute", "detect"]
