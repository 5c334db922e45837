"""``ficlens text FILE``: print the plain text all offsets refer to."""

from __future__ import annotations

import sys

import click

from .. import ingest
from ..errors import FiclensError
from ._util import fail


@click.command("text")
@click.argument("file", type=click.Path(path_type=str))
def text_cmd(file: str) -> None:
    """Print the plain text of FILE: the text every start/end offset of an analysis refers to."""
    try:
        work = ingest.read(file)
    except FiclensError as exc:
        raise fail(exc) from None
    sys.stdout.write(work.text)
    if not work.text.endswith("\n"):
        sys.stdout.write("\n")
