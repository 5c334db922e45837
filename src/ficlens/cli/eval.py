"""``ficlens eval NAME``: run an evaluation and print its figures beside the pinned floors."""

from __future__ import annotations

from pathlib import Path

import click

from .. import eval as evaluation
from ..errors import FiclensError
from ._util import fail


@click.command("eval")
@click.argument("name", type=click.Choice([*evaluation.EVALUATIONS, "all"]))
@click.option("--data", type=click.Path(path_type=Path), default=None,
              help="Data folder (LitBank: default ../shared/data/litbank; pov, tags: a folder of NAME.txt + NAME.toml; "
              "pdnc-characters: the PDNC data folder, one folder per novel).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first N documents.")
@click.option("--novels", default=None, help="pdnc: only these novels (comma-separated folder names).")
@click.option("--cv", is_flag=True, help="pdnc: leave-one-novel-out speaker models (each novel's model never saw it).")
@click.option("--cache", type=click.Path(path_type=Path), default=None,
              help="pdnc: folder for cached parses (default ~/.cache/ficlens/parses).")
@click.option("--litbank", type=click.Path(path_type=Path), default=None,
              help="pdnc --cv: also LitBank 5-fold cross-validation (models trained on PDNC + the other folds).")
@click.option("--speaker-model", default=None,
              help="pdnc, litbank-quotes, speakers: score with this speaker model (learned, rules or a model file) "
              "instead of the default.")
@click.option("--layout", type=click.Choice(["real", "rebuilt"]), default="real", show_default=True,
              help="litbank, litbank-quotes: the texts' real paragraphs (from the original editions) or the ones "
              "ficlens rebuilds from the sentences alone.")
def eval_cmd(name: str, data: Path | None, limit: int | None, novels: str | None, cv: bool,
             cache: Path | None, litbank: Path | None, speaker_model: str | None, layout: str) -> None:
    """Run evaluation NAME (litbank, litbank-quotes, pov, tags, cast, speakers, pdnc-characters,
    pdnc, or all) and print its figures.

    LitBank: Bamman et al. 2019-2020, CC BY 4.0. PDNC (--data DIR; not shipped, never in "all"):
    Vishnubhotla, Hammond and Hirst, LREC 2022.
    """
    from rich.console import Console
    from rich.table import Table

    console = Console()
    names = [n for n in evaluation.EVALUATIONS if n not in evaluation.NEEDS_DATA] if name == "all" else [name]
    floors = evaluation.baseline()
    below = []
    for n in names:
        try:
            # --data names LitBank for "all"; the POV evaluation takes it only when run alone
            passed = data
            if n == "pdnc":
                from ..eval.pdnc import evaluate as pdnc_evaluate

                chosen = [v.strip() for v in novels.split(",") if v.strip()] if novels else None
                result = pdnc_evaluate(data, limit, novels=chosen, cv=cv, cache_dir=cache, litbank=litbank,
                                       progress=lambda line: console.print(f"  {line}"), speaker_model=speaker_model)
            elif n == "litbank-quotes":
                from ..eval.litbank_quotes import evaluate as quotes_evaluate

                result = quotes_evaluate(data, limit, speaker_model=speaker_model, layout=layout)
            elif n == "litbank":
                from ..eval.litbank_coref import evaluate as coref_evaluate

                result = coref_evaluate(data, limit, layout=layout)
            elif n == "speakers" and speaker_model is not None:
                from ..eval.speakers import evaluate as speakers_evaluate

                result = speakers_evaluate(data if name == n else None, limit, speaker_model=speaker_model)
            else:
                if n == "pdnc-characters" and name == "all":
                    continue  # needs its own --data
                own_data = n not in ("pov", "cast", "speakers", "pdnc-characters", "tags") or name == n
                passed = data if own_data else None
                result = evaluation.get(n)(passed, limit)
        except FiclensError as exc:
            raise fail(exc) from None
        table = Table(title=f"ficlens eval {n}", show_lines=False)
        table.add_column("metric")
        table.add_column("value", justify="right")
        table.add_column("floor", justify="right")
        # floors are pinned for the shipped scorer; another one ("rules") has its own, a model file none
        pinned = floors.get(n if speaker_model in (None, "learned") else f"{n}:{speaker_model}", {})
        for metric, value in result.metrics.items():
            floor = pinned.get(metric)
            shown: str = f"{value:.3f}" if isinstance(value, float) else str(value)
            mark = ""
            # floors are pinned on the default data (another --data folder, e.g. held-back passages, is only shown)
            checked = limit is None and (passed is None or n.startswith(("litbank", "pdnc")))
            if floor is not None and checked and value < floor:
                mark = " ✗"
                below.append(f"{n}.{metric}")
            table.add_row(metric, shown + mark, "" if floor is None else f"{floor:.3f}")
        for label, cell in result.table:
            table.add_row(label, cell, "")
        console.print(table)
        for note in result.notes:
            console.print(f"  {note}")
    if below:
        raise click.ClickException("below the pinned floor: " + ", ".join(below))
