"""``ficlens check FILE``: the tags a work already has beside the ones ficlens suggests, forgotten warnings first."""

from __future__ import annotations

import sys

import click

from ..config import load_options
from ..errors import FiclensError
from ._util import fail

EXIT_MISSING_WARNING = 3


@click.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.option("--strict", is_flag=True, help=f"Exit {EXIT_MISSING_WARNING} when an archive warning looks missing.")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=None,
              help="Only suggestions at or above this confidence (default: the tag stage's threshold).")
@click.option("--evidence/--no-evidence", default=True, show_default=True, help="Show the evidence sentences.")
def check_cmd(file: str, strict: bool, min_confidence: float | None, evidence: bool) -> None:
    """Compare the tags FILE carries (an AO3 or FanFicFare download) with the tags its text suggests.

    Prints forgotten warnings first, then suggestions missing from the given tags (with evidence), given tags
    the text does not seem to support, and the tags both agree on. Exit 0; with --strict, exit 3 when a warning
    looks missing.
    """
    from .. import check

    try:
        result = check(file, options=load_options(), min_confidence=min_confidence)
    except FiclensError as exc:
        raise fail(exc) from None
    from ..report.check import render_check

    render_check(result, show_evidence=evidence)
    if strict and result.forgotten_warnings:
        sys.exit(EXIT_MISSING_WARNING)
