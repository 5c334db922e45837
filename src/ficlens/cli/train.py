"""``ficlens train speakers``: train the speaker and addressee scorers (needs the ``train`` extra)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import FiclensError
from ._util import fail


@click.group("train")
def train_group() -> None:
    """Train ficlens models on annotated corpora (pip install 'ficlens[train]')."""


@train_group.command("speakers")
@click.option("--pdnc", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="PDNC folder: one folder per novel (novel_text.txt, quotation_info.csv, character_info.csv).")
@click.option("--litbank", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="LitBank folder (with quotations/tsv).")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The model file to write (JSON).")
@click.option("--seed", type=int, default=13, show_default=True, help="Random seed (same data, same model).")
@click.option("--cache", type=click.Path(path_type=Path), default=None,
              help="Folder for cached parses (default ~/.cache/ficlens/parses).")
def train_speakers(pdnc: Path | None, litbank: Path | None, out: Path, seed: int, cache: Path | None) -> None:
    """Train the speaker model on PDNC novels and/or LitBank quotations; write it to OUT."""
    from ..quotes.train import train

    if pdnc is None and litbank is None:
        raise click.UsageError("give --pdnc and/or --litbank")
    try:
        model = train(pdnc, litbank, out, cache_dir=cache, seed=seed, progress=lambda s: click.echo(s, err=True))
    except FiclensError as exc:
        raise fail(exc) from None
    click.echo(f"wrote {out} ({len(model.speaker)} speaker features, seed {seed})")
