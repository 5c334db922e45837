"""``ficlens text FILE``: print the plain text all offsets refer to."""

from __future__ import annotations

import sys

import click

from .. import ingest
from ..errors import FiclensError
from ..report.summary import terminal_safe
from ._util import fail


@click.command("text")
@click.argument("file", type=click.Path(path_type=str))
def text_cmd(file: str) -> None:
    """Print the plain text of FILE: the text every start/end offset of an analysis refers to."""
    try:
        work = ingest.read(file)
    except FiclensError as exc:
        raise fail(exc) from None
    # the exact text (offsets refer to it) when piped; on a terminal, control characters shown as escapes
    text = terminal_safe(work.text, keep="\t") if sys.stdout.isatty() else work.text
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")
