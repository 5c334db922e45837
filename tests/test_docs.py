"""The README documents every command, and every command has help text (as sqlite-utils checks its docs)."""

from __future__ import annotations

import click
import pytest

from ficlens.cli import cli
from ficlens_testutil import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "ficlens") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in group.commands.items():
        full = f"{prefix} {name}"
        out.append((full, cmd))
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, full))
    return out


@pytest.mark.parametrize("name,cmd", _commands(cli), ids=lambda x: x if isinstance(x, str) else "")
def test_docs_every_command_is_documented(name, cmd):
    assert name in README, f"README does not mention {name!r}"
    assert cmd.help and len(cmd.help.strip()) > 20


def test_docs_quick_start_is_the_two_make_targets():
    first_screen = README[:1500]
    assert "make run" in first_screen and "make test" in first_screen
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
