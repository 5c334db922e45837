"""The ``ficlens`` command: a click group; each command lives in its own module and calls the library."""

from __future__ import annotations

import sys

import click

from ..about import __version__
from ._util import CONTEXT_SETTINGS, run_guarded
from .analyze import analyze_cmd
from .batch import batch_cmd
from .calibre import calibre_cmd
from .check import check_cmd
from .eval import eval_cmd
from .kb import kb_group
from .library import library_cmd
from .text import text_cmd
from .train import train_group


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="ficlens")
@click.option("--debug", is_flag=True, help="Show full tracebacks and debug logging.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Read fan fiction the way a careful fan does: characters, speakers, scenes, POV, fandoms, AO3 tags."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")


cli.add_command(analyze_cmd)
cli.add_command(check_cmd)
cli.add_command(text_cmd)
cli.add_command(batch_cmd)
cli.add_command(eval_cmd)
cli.add_command(kb_group)
cli.add_command(library_cmd)
cli.add_command(calibre_cmd)
cli.add_command(train_group)


def main() -> None:
    run_guarded(cli, sys.argv[1:])
