"""``ficlens library DIR... -o OUT``: a browsable site of a folder of downloads."""

from __future__ import annotations

import click

from ..config import load_options
from ..errors import FiclensError
from ..library import build_library
from ._util import fail


@click.command("library")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=str))
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=str),
              help="Folder to write the site into (created; files ficlens did not write are never overwritten).")
@click.option("--title", default="Fan fiction library", show_default=True, help="Title of the index page.")
@click.option("--kb", "kb_paths", multiple=True, type=click.Path(exists=True, path_type=str),
              help="Extra fandom knowledge file or folder (repeatable).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the final line and failures.")
def library_cmd(inputs: tuple[str, ...], output: str, title: str, kb_paths: tuple[str, ...], quiet: bool) -> None:
    """Analyse the stories in INPUTS (folders are searched recursively; analysis JSON files are reused) and
    write a browsable library into OUTPUT: index.html lists every work, filterable and sortable by fandom,
    rating, warnings, pairings, characters, words and POV, each linking to its report. Run it again after
    adding downloads: unchanged works are not analysed again."""

    def said(path: str, how: str) -> None:
        if not quiet or how.startswith("failed"):
            click.echo(f"  {how:<9} {path}", err=True)

    try:
        options = load_options(kb_paths=list(kb_paths) or None)
        result = build_library(list(inputs), output, options, title=title, on_work=said)
    except FiclensError as exc:
        raise fail(exc) from None
    click.echo(
        f"ficlens: library of {result.works} work(s) ({result.analysed} analysed, {result.reused} reused) "
        f"→ {result.index}", err=True,
    )
    if result.failures:
        click.echo(f"ficlens: {len(result.failures)} file(s) could not be added:", err=True)
        for path, err in result.failures:
            click.echo(f"  {path}: {err}", err=True)
        raise SystemExit(1)
