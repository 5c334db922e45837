"""``ficlens eval speakers``: who speaks each quotation of our own fan-fiction-style passages, scored for the
hand-weighted decoder and the learned scorer alike.

The gold data is a folder of ``NAME.txt`` passages (written for ficlens: first-person narrators, "said" tags,
texting, three- to five-person scenes, action beats without tags), or AO3-style ``NAME.html`` downloads, with
``NAME.toml`` beside each (default: ``tests/fixtures/speakers`` of the source tree):

- ``quotes``: ``[snippet, speaker]`` or ``[snippet, speaker, addressee]`` per quotation in reading order;
  ``snippet`` is a piece of the quotation's text, ``speaker`` the gold speaker (``"A|B"`` accepts either name),
  ``addressee`` whom it is said to (``"A|B"``: one of them among the predicted addressees is right; ``""``: no
  one in particular, not scored);
- ``narrator``: the first-person narrator's names (``"A|B"``), when there is one: a line of the narrator's is
  also right when it goes to the character ficlens made for an unnamed narrator (``Narrator``).

A gold quotation is matched to the first detected quotation (not scare quotes or titles) after the last one
matched whose text contains the snippet; a missed or unattributed quotation counts as wrong. A predicted speaker
is right when one of its names or aliases, or one word of them, is a gold name. Addressees are scored the same
way over the quotations whose gold gives one (``addressee_accuracy``; a wrong or missing addressee counts as
wrong).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import DataError, Errors
from ..model import Analysis, Character, Quote
from . import EvalResult, fixture_root, story_gold_pairs

SCORERS = ("rules", "learned")


def default_root() -> Path:
    return fixture_root("speakers")


def load(root: Path) -> list[tuple[Path, dict[str, Any]]]:
    out = [(p, g) for p, g in story_gold_pairs(root, (".txt", ".html")) if g.get("quotes")]
    if not out:
        raise DataError(Errors.E206.format(path=root))
    for p, g in out:
        for entry in g["quotes"]:
            if not isinstance(entry, list) or len(entry) not in (2, 3) or not all(isinstance(x, str) for x in entry):
                raise DataError(Errors.E251.format(path=p.with_suffix(".toml"), entry=entry))
    return out


def _low(s: str) -> str:
    return " ".join(s.replace("’", "'").lower().split())


def _names(names: list[str]) -> set[str]:
    out: set[str] = set()
    for n in names:
        low = _low(n)
        if low:
            out.add(low)
            out.update(low.split())
    return out


def _match(analysis: Analysis, gold: dict[str, Any], text: str, source: str) -> list[tuple[list[str], Quote | None]]:
    """Each gold entry with the detected quotation it names (None when missed)."""
    quotes = [q for q in analysis.quotes if q.kind != "other"]
    out: list[tuple[list[str], Quote | None]] = []
    at = 0
    for entry in gold["quotes"]:
        snippet = entry[0]
        j = next((i for i in range(at, len(quotes)) if _low(snippet) in _low(quotes[i].text)), None)
        if j is None:
            if _low(snippet) not in _low(text):
                raise DataError(Errors.E207.format(path=source, snippet=snippet))
            out.append((entry, None))
            continue
        at = j + 1
        out.append((entry, quotes[j]))
    return out


def _is(c: Character, want: str, narrator: set[str]) -> bool:
    """Whether ``c`` is one of the gold alternatives ``want`` ("A|B"); the narrator's names admit "Narrator"."""
    alts = {_low(x) for x in want.split("|")}
    if alts & narrator:
        alts.add("narrator")
    return bool(alts & _names([c.name, *c.aliases]))


def check(analysis: Analysis, gold: dict[str, Any], text: str, source: str = "") -> list[tuple[str, str, str]]:
    """(snippet, gold speaker, predicted speaker name or "") for every gold quotation of one passage."""
    by_id = {c.id: c for c in analysis.characters}
    narrator = {_low(x) for x in str(gold.get("narrator", "")).split("|") if x}
    out: list[tuple[str, str, str]] = []
    for entry, q in _match(analysis, gold, text, source):
        snippet, want = entry[0], entry[1]
        c = by_id.get(q.speaker or "") if q is not None else None
        if c is None:
            out.append((snippet, want, ""))
        else:
            out.append((snippet, want, c.name if _is(c, want, narrator) else c.name + " ✗"))
    return out


def check_addressees(
    analysis: Analysis, gold: dict[str, Any], text: str, source: str = ""
) -> list[tuple[str, str, str]]:
    """(snippet, gold addressee, predicted addressee names or "") for every gold quotation that gives one."""
    by_id = {c.id: c for c in analysis.characters}
    narrator = {_low(x) for x in str(gold.get("narrator", "")).split("|") if x}
    out: list[tuple[str, str, str]] = []
    for entry, q in _match(analysis, gold, text, source):
        if len(entry) < 3 or not entry[2]:
            continue
        got = [by_id[a] for a in (q.addressees if q is not None else []) if a in by_id]
        names = ", ".join(c.name for c in got)
        ok = any(_is(c, entry[2], narrator) for c in got)
        out.append((entry[0], entry[2], names if ok or not got else names + " ✗"))
    return out


def right(rows: list[tuple[str, str, str]]) -> int:
    return sum(1 for _s, _w, got in rows if got and not got.endswith(" ✗"))


def evaluate(data: Path | None, limit: int | None = None, speaker_model: str | None = None) -> EvalResult:
    """Each passage's quotations scored with the hand-weighted decoder and the packaged learned model, or, with
    ``speaker_model`` (a model file), with the decoder and that model (its figures named ``model_...``)."""
    from ..config import Options
    from ..pipeline import Analyzer

    root = Path(data) if data is not None else default_root()
    items = load(root)
    if limit:
        items = items[:limit]
    scorers = dict(zip(SCORERS, SCORERS, strict=True))  # label -> the scorer it names
    default = speaker_model or Options().speaker_model or "rules"
    if speaker_model not in (None, *SCORERS):
        scorers = {"rules": "rules", "model": str(speaker_model)}
        default = "model"
    metrics: dict[str, float] = {"passages": float(len(items))}
    table: list[tuple[str, str]] = []
    notes: list[str] = []
    per: dict[str, list[str]] = {}
    for scorer, spec in scorers.items():
        analyzer = Analyzer(Options(speaker_model=spec))
        ok = total = a_ok = a_total = 0
        for txt, gold in items:
            text = txt.read_text(encoding="utf-8")
            analysis = analyzer.analyze_path(txt)
            rows = check(analysis, gold, text, str(txt.with_suffix(".toml")))
            ok += right(rows)
            total += len(rows)
            arows = check_addressees(analysis, gold, text, str(txt.with_suffix(".toml")))
            a_ok += right(arows)
            a_total += len(arows)
            per.setdefault(txt.stem, []).append(f"{right(rows)}/{len(rows)}")
            if scorer == default:
                notes += [f"{txt.stem}: {s!r} {got or 'unattributed'} (want {w})"
                          for s, w, got in rows if not got or got.endswith(" ✗")]
        metrics[f"{scorer}_speaker_accuracy"] = round(ok / total, 3) if total else 0.0
        metrics["quotations"] = float(total)
        if a_total:
            metrics[f"{scorer}_addressee_accuracy"] = round(a_ok / a_total, 3)
            metrics["addressed_quotations"] = float(a_total)
    metrics["speaker_accuracy"] = metrics[f"{default}_speaker_accuracy"]
    table = [(name, "  ".join(f"{s} {v}" for s, v in zip(scorers, vals, strict=True))) for name, vals in per.items()]
    notes.insert(0, f"default scorer: {default}")
    return EvalResult("speakers", metrics, table, notes)
