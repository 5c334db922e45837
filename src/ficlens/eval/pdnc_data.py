"""Reading the Project Dialogism Novel Corpus (Vishnubhotla, Hammond and Hirst, LREC 2022) from its folder.

One folder per novel with ``novel_text.txt``, ``quotation_info.csv`` (quoteByteSpans are character offsets into
the text) and ``character_info.csv`` (names and aliases). The corpus states no licence: code takes its folder as
an argument, and nothing read from it is ever written into the project.
"""

from __future__ import annotations

import ast
import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, Errors

_QUALIFIER = re.compile(r"\s+-\s+[\w ]+$")


@dataclass
class PdncQuote:
    """One annotated quotation: its pieces (a tag may split it), speaker, addressees and type."""

    spans: list[tuple[int, int]]
    speaker: str
    addressees: list[str]
    qtype: str  # "Explicit" | "Anaphoric" | "Implicit"
    ref: str = ""  # the referring expression of the tag ("said his lady to him", "I said")


@dataclass
class PdncNovel:
    name: str
    text: str
    quotes: list[PdncQuote]
    # main name -> lower-cased names and aliases
    aliases: dict[str, set[str]] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)

    @property
    def narrator(self) -> str | None:
        """The first-person narrator: the speaker of most quotations tagged "I said" (None if none is)."""
        votes = Counter(q.speaker for q in self.quotes if re.search(r"\bI\b", q.ref))
        if not votes:
            return None
        who, n = votes.most_common(1)[0]
        return who if n >= 5 and n >= 0.6 * sum(votes.values()) else None


def _literal(raw: str) -> object:
    try:
        return ast.literal_eval(raw) if raw else None
    except (ValueError, SyntaxError):
        return None


def novel_names(root: Path) -> list[str]:
    """The novels under ``root`` (folders holding the three files), sorted."""
    if not root.is_dir():
        raise DataError(Errors.E200.format(path=root))
    names = sorted(
        p.name for p in root.iterdir()
        if (p / "novel_text.txt").is_file() and (p / "quotation_info.csv").is_file()
        and (p / "character_info.csv").is_file()
    )
    if not names:
        raise DataError(Errors.E200.format(path=root))
    return names


def _key(name: str) -> str:
    return " ".join(name.replace(".", " ").split()).lower()


def main_name(name: str, aliases: dict[str, set[str]]) -> str:
    """The main name of the character a quotation names: ``quotation_info.csv`` may name a speaker by an alias
    ("Henry" for the character "Mr. Wilcox", "Mrs Beaver" for "Mrs. Beaver"); the one character whose main name
    or aliases match it (dots and case aside) is meant. A name no character (or several) has stays as given."""
    if name in aliases:
        return name
    key = _key(name)
    hits = [m for m, al in aliases.items() if key == _key(m) or key in {_key(a) for a in al}]
    return hits[0] if len(hits) == 1 else name


def load_novel(root: Path, name: str) -> PdncNovel:
    folder = root / name
    if not (folder / "novel_text.txt").is_file():
        raise DataError(Errors.E201.format(name=name, path=root))
    text = (folder / "novel_text.txt").read_text(encoding="utf-8")
    aliases: dict[str, set[str]] = {}
    genders: dict[str, str] = {}
    with (folder / "character_info.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            main = row["Main Name"].strip()
            al = _literal(row.get("Aliases", ""))
            names = {main.lower()} | {str(a).strip().lower() for a in (al if isinstance(al, (set, list)) else [])}
            # PDNC's own disambiguation, "Christopher Robin - Story": the name is the part before the dash
            names |= {_QUALIFIER.sub("", n) for n in names}
            aliases.setdefault(main, set()).update(n for n in names if n)
            genders[main] = {"M": "male", "F": "female"}.get((row.get("Gender") or "").strip(), "unknown")
    quotes: list[PdncQuote] = []
    with (folder / "quotation_info.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            spans = _literal(row["quoteByteSpans"])
            if not isinstance(spans, list) or not spans:
                continue
            addr = _literal(row.get("addressees", ""))
            quotes.append(PdncQuote(
                spans=[(int(s), int(e)) for s, e in spans],
                speaker=row["speaker"].strip(),
                addressees=[str(a).strip() for a in addr] if isinstance(addr, list) else [],
                qtype=(row.get("quoteType") or "").strip().capitalize(),
                ref=(row.get("referringExpression") or "").strip(),
            ))
    quotes.sort(key=lambda q: q.spans[0][0])
    for q in quotes:
        q.speaker = main_name(q.speaker, aliases)
        q.addressees = [main_name(a, aliases) for a in q.addressees]
    return PdncNovel(name=name, text=text, quotes=quotes, aliases=aliases, genders=genders)


def load_pdnc(root: Path, novels: list[str] | None = None) -> list[PdncNovel]:
    names = novel_names(root)
    if novels:
        missing = [n for n in novels if n not in names]
        if missing:
            raise DataError(Errors.E201.format(name=missing[0], path=root))
        names = [n for n in names if n in novels]
    return [load_novel(root, n) for n in names]
