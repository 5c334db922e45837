"""Which names a POV header may give: a person's, never a heading or an e-text's editorial marker."""

from __future__ import annotations

import pytest

from ficlens.pov import _name_shaped


@pytest.mark.parametrize(
    ("name", "shaped"),
    [
        ("Hermione", True),
        ("Dean Winchester", True),
        ("III", False),  # a chapter number
        ("REAPING", False),  # a heading in capitals
        ("Illustration", False),  # "[Illustration]": where a picture stood in the printed book
        ("Footnote", False),
    ],
)
def test_pov_header_name_shaped(name: str, shaped: bool) -> None:
    assert _name_shaped(name) is shaped
