"""Shared CLI helpers: error reporting and the exit-code policy (0 ok, 1 analysis error, 2 usage error)."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import FiclensError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class AnalysisFailed(click.ClickException):
    """An error in the input or the analysis: one line on stderr, exit 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"ficlens: error: {self.format_message()}", err=True)


def debug_enabled() -> bool:
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if ctx.obj and ctx.obj.get("debug"):
            return True
        ctx = ctx.parent
    return "--debug" in sys.argv


def fail(exc: BaseException) -> AnalysisFailed:
    """Turn a library error into a clean CLI error (or re-raise it under --debug)."""
    if debug_enabled():
        raise exc
    return AnalysisFailed(str(exc))


def run_guarded(cli: click.Group, args: list[str]) -> None:
    """Run the CLI; any unexpected exception becomes one line and exit 1 unless --debug is given."""
    try:
        cli.main(args=args, prog_name="ficlens", standalone_mode=True)
    except SystemExit:
        raise
    except FiclensError as exc:
        if "--debug" in args:
            raise
        click.echo(f"ficlens: error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("ficlens: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback for users
        if "--debug" in args:
            raise
        click.echo(f"ficlens: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
        sys.exit(1)
