"""``ficlens eval pdnc-characters --data DIR``: the cast list against the Project Dialogism Novel Corpus.

PDNC (Vishnubhotla, Hammond and Hirst, LREC 2022) gives, per novel, ``character_info.csv``: each character's
main name, aliases and category (major, intermediate, minor). DIR holds one folder per novel with
``novel_text.txt`` and ``character_info.csv``; the corpus states no licence, so none of it is shipped: the folder
is an argument. Figures:

- ``recall``: share of the gold major and intermediate characters that one of our characters (any role but
  ``referenced``) matches;
- ``precision``: share of the characters we call main or supporting that match a gold character (any category);
- a character matches a gold one when one of its names or aliases equals one of the gold aliases (case, dots and
  spacing aside), or its one-word name opens the full name of exactly one gold character ("Jake" for "Jake
  Barnes"); our first-person narrator matches PDNC's narrator (alias ``_narr``).

Parses are cached (spaCy DocBin) under ``$FICLENS_CACHE`` or ``~/.cache/ficlens/pdnc`` keyed by the text and the
pipeline, so tuning runs the stages only.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataError, Errors
from . import EvalResult

_SPACES = re.compile(r"\s+")
_QUALIFIER = re.compile(r"\s+-\s+[\w ]+$")


@dataclass
class GoldCharacter:
    name: str
    aliases: set[str]
    category: str


def norm(name: str) -> str:
    """A name for matching: lower case, no dots, one space ("Mr. Darcy" -> "mr darcy")."""
    return _SPACES.sub(" ", name.replace(".", " ").replace("’", "'")).strip().lower()


def read_gold(path: Path) -> list[GoldCharacter]:
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            raw = row.get("Aliases") or ""
            try:
                parsed = ast.literal_eval(raw) if raw.strip() else []
            except (ValueError, SyntaxError):
                parsed = [a.strip() for a in raw.strip("{}[]").split(",")]
            aliases = {norm(str(a).strip("'\" ")) for a in parsed} | {norm(row.get("Main Name") or "")}
            # PDNC's own disambiguation, "Christopher Robin - Story": the name is the part before the dash
            aliases |= {_QUALIFIER.sub("", a) for a in aliases}
            aliases.discard("")
            out.append(GoldCharacter(row.get("Main Name") or "", aliases, (row.get("Category") or "").strip()))
    return out


def novels(root: Path) -> list[Path]:
    if not root.is_dir():
        raise DataError(Errors.E153.format(path=root))
    found = sorted(
        p for p in root.iterdir() if (p / "novel_text.txt").is_file() and (p / "character_info.csv").is_file()
    )
    if not found:
        raise DataError(Errors.E153.format(path=root))
    return found


def _names(c: Any) -> set[str]:
    return {norm(a) for a in [c.name, *c.aliases] if a and a[:1].isupper()}


def _matches(c: Any, g: GoldCharacter, first_words: dict[str, int]) -> bool:
    """By aliases; a one-word name also matches the one gold character whose full name it opens ("Jake" for
    "Jake Barnes"); our first-person narrator is PDNC's ``_narr``."""
    names = _names(c)
    if names & g.aliases:
        return True
    if "I" in c.aliases and g.aliases & {"_narr", "narr"}:
        return True
    return any(" " not in n and first_words.get(n) == 1 and any(a.split()[0] == n for a in g.aliases) for n in names)


def score(characters: list[Any], gold: list[GoldCharacter]) -> dict[str, Any]:
    """Matches of one novel: gold major+intermediate found, and our main/supporting characters that are gold."""
    first_words: dict[str, int] = {}
    for g in gold:
        for w in {a.split()[0] for a in g.aliases if " " in a}:
            first_words[w] = first_words.get(w, 0) + 1
    ours = [c for c in characters if c.role != "referenced"]
    want = [g for g in gold if g.category in ("major", "intermediate")]
    found = [g for g in want if any(_matches(c, g, first_words) for c in ours)]
    cast = [c for c in ours if c.role in ("main", "supporting")]
    good = [c for c in cast if any(_matches(c, g, first_words) for g in gold)]
    return {
        "gold": len(want), "found": len(found), "cast": len(cast), "good": len(good),
        "missed": [g.name for g in want if g not in found],
        "junk": [c.name for c in cast if c not in good],
    }


class CachedParser:
    """Stands in for the spaCy pipeline in ``nlp.parse``: parses of whole texts cached as DocBin files."""

    def __init__(self, nlp: Any, cache: Path) -> None:
        self.nlp = nlp
        self.cache = cache
        self.vocab = nlp.vocab

    def pipe(self, texts: Iterable[str], batch_size: int = 128, **kw: Any) -> Iterator[Any]:
        from spacy.tokens import DocBin

        items = list(texts)
        h = hashlib.sha256()
        h.update((self.nlp.meta.get("name", "") + self.nlp.meta.get("version", "")).encode())
        h.update(repr(self.nlp.pipe_names).encode())
        for t in items:
            h.update(t.encode("utf-8"))
            h.update(b"\x00")
        path = self.cache / f"{h.hexdigest()[:24]}.spacy"
        if path.is_file():
            yield from DocBin().from_disk(path).get_docs(self.vocab)
            return
        docs = list(self.nlp.pipe(items, batch_size=batch_size))
        self.cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        DocBin(store_user_data=False, docs=docs).to_disk(tmp)
        os.replace(tmp, path)
        yield from docs

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)


def cache_dir() -> Path:
    env = os.environ.get("FICLENS_CACHE")
    return Path(env) / "pdnc" if env else Path.home() / ".cache" / "ficlens" / "pdnc"


def evaluate(data: Path | None, limit: int | None = None) -> EvalResult:
    from ..ingest import read_text_input
    from ..pipeline import Analyzer

    if data is None:
        raise DataError(Errors.E153.format(path="(none: pass --data DIR)"))
    books = novels(Path(data))[:limit] if limit else novels(Path(data))
    analyzer = Analyzer()
    analyzer._nlp = CachedParser(analyzer.nlp, cache_dir())  # type: ignore[assignment]
    totals = {"gold": 0, "found": 0, "cast": 0, "good": 0}
    table: list[tuple[str, str]] = []
    notes: list[str] = []
    for book in books:
        text = (book / "novel_text.txt").read_text(encoding="utf-8")
        analysis = analyzer.analyze_work(read_text_input(text, book.name))
        r = score(analysis.characters, read_gold(book / "character_info.csv"))
        for k in totals:
            totals[k] += r[k]
        table.append(
            (book.name, f"recall {r['found']}/{r['gold']}  precision {r['good']}/{r['cast']}")
        )
        if r["missed"]:
            notes.append(f"{book.name} missed: {', '.join(r['missed'][:8])}")
        if r["junk"]:
            notes.append(f"{book.name} not in gold: {', '.join(r['junk'][:8])}")
    metrics = {
        "recall": round(totals["found"] / totals["gold"], 3) if totals["gold"] else 0.0,
        "precision": round(totals["good"] / totals["cast"], 3) if totals["cast"] else 0.0,
        "novels": float(len(books)),
    }
    return EvalResult("pdnc-characters", metrics, table, notes)
