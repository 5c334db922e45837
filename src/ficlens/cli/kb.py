"""``ficlens kb``: look into the fandom knowledge base and learn from a library of downloads."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import FiclensError
from ..report.summary import terminal_safe
from ._util import fail


@click.group("kb")
def kb_group() -> None:
    """The fandom knowledge base (packaged files, your user folder, --kb files)."""


@kb_group.command("list")
@click.option("--kb", "kb_paths", multiple=True, type=click.Path(exists=True, path_type=str))
def kb_list(kb_paths: tuple[str, ...]) -> None:
    """List the fandoms the knowledge base knows, with their character counts."""
    from ..fandoms.kb import KnowledgeBase

    try:
        kb = KnowledgeBase.load(kb_paths)
    except FiclensError as exc:
        raise fail(exc) from None
    for warning in kb.warnings:
        click.echo(f"ficlens: warning: {terminal_safe(warning)}", err=True)
    for f in sorted(kb.fandoms, key=lambda f: f.name.lower()):
        # names may come from downloads' tags (kb learn): never control characters raw to the terminal
        click.echo(terminal_safe(f"{f.name}\t{len(f.characters)} characters\t{f.universe}", keep="\t"))


@kb_group.command("learn")
@click.argument("dirs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), default=None,
              help="Where to write the learned knowledge files (default: your user KB folder).")
def kb_learn(dirs: tuple[Path, ...], out: Path | None) -> None:
    """Mine the tags of AO3/FanFicFare downloads in DIRS into a user knowledge base."""
    from ..fandoms.learn import learn

    try:
        report = learn(list(dirs), out)
    except FiclensError as exc:
        raise fail(exc) from None
    click.echo(terminal_safe(str(report), keep="\t"))
