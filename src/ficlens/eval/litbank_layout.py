"""LitBank's real paragraph layout: where each text's paragraphs start, read off the original Project Gutenberg
texts that LitBank's repository publishes (``original/``, one file per text, e.g. ``105_persuasion.txt``).

LitBank's annotated files are tokenised one sentence a line and keep no paragraph breaks. ``align`` walks the
tokens through the original text (ignoring whitespace; quotation marks and dashes compared loosely)
and ``paragraph_starts`` lists the (sentence, token) positions whose token follows a blank line there. The
derived table (``data/litbank_paragraphs.tsv``) holds only those positions, never the texts; ``load_layout``
reads it, and ``python -m ficlens.eval.litbank_layout ORIGINALS [--litbank DIR] -o FILE`` derives it again.
"""

from __future__ import annotations

import argparse
import re
from importlib import resources
from pathlib import Path

# loose comparison: every quotation mark is one of two, every dash run one "-"
_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "`": "'", "‘": "'", "’": "'",
                       "—": "-", "–": "-"})
_DASHES = re.compile(r"-+")
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_RESYNC_TOKENS = 4  # tokens looked up together when the walk loses its place
_RESYNC_WINDOW = 600  # characters of the original searched ahead for them
_TABLE = "litbank_paragraphs.tsv"
_SPEECH_LINE = re.compile(r"\n([ \t]*)(?=[\"“‘]|--|—)")
_MIN_SPEECH_LINES = 5  # lines opening with a quotation mark or dash needed to judge the layout
_MIN_BLANK_BEFORE = 0.5  # share of them after a blank line, below which blank lines are not paragraph breaks

Position = tuple[int, int]  # (sentence, token)


def _fold(s: str) -> str:
    s = s.translate(_FOLD).replace("''", '"')
    return _DASHES.sub("-", s)


def _stream(original: str) -> tuple[str, list[int], list[int]]:
    """The original without whitespace, folded, and where each kept character starts and ends in the original
    (a dash run kept as one "-" ends where the run does)."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, c in enumerate(original):
        if c.isspace():
            continue
        f = _fold(c)
        if f == "-" and chars and chars[-1] == "-" and ends[-1] == i:
            ends[-1] = i + 1
            continue
        chars.append(f)
        starts.append(i)
        ends.append(i + 1)
    return "".join(chars), starts, ends


def align(sentences: list[list[str]], original: str) -> dict[Position, tuple[int, int]]:
    """(sentence, token) -> (start, end) offsets in ``original`` of every token the walk could place.

    The walk expects each token right where the one before ended; when it is not there, it looks for the token
    together with the next few ahead (a short token alone would match too easily) and picks the walk up there.
    A token found nowhere near is left out (LitBank's text and the edition may differ by a word here and there).
    """
    flat: list[tuple[Position, str]] = []
    for si, words in enumerate(sentences):
        for ti, w in enumerate(words):
            f = _fold(w).replace(" ", "")
            if f:
                flat.append(((si, ti), f))
    stream, starts, ends = _stream(original)
    out: dict[Position, tuple[int, int]] = {}
    pos = -1  # not placed yet: the first tokens are searched for in the whole text
    for k, (at, f) in enumerate(flat):
        if pos >= 0 and stream.startswith(f, pos):
            start = pos
        else:
            key = "".join(g for _a, g in flat[k:k + _RESYNC_TOKENS])
            lo = max(pos, 0)
            hi = len(stream) if pos < 0 else lo + _RESYNC_WINDOW + len(key)
            found = stream.find(key, lo, hi)
            if found < 0:
                continue
            start = found
        end = start + len(f)
        out[at] = (starts[start], ends[end - 1])
        pos = end
    return out


def blank_lines_are_paragraphs(original: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``original[start:end]`` marks paragraphs with blank lines: most lines that open with a quotation
    mark or a dash (a speech, which starts a paragraph in print) come after a blank line. An edition that
    starts each paragraph on a new line without one (some Gutenberg files) does not, and its blank lines would
    merge a whole conversation into a paragraph."""
    region = original[start:end]
    speech = [m.start() for m in _SPEECH_LINE.finditer(region)]
    if len(speech) < _MIN_SPEECH_LINES:
        return True
    after_blank = sum(1 for i in speech if _BLANK_LINE.search(region, max(0, i - 4), i + 1))
    return after_blank >= _MIN_BLANK_BEFORE * len(speech)


def paragraph_starts(sentences: list[list[str]], original: str) -> tuple[list[Position], float, bool]:
    """The (sentence, token) positions that start a paragraph in ``original`` (a blank line before the token;
    the first token is left out: it always starts one), the share of tokens the walk placed, and whether the
    original marks paragraphs with blank lines at all (``blank_lines_are_paragraphs``)."""
    placed = align(sentences, original)
    total = sum(len(ws) for ws in sentences)
    starts: list[Position] = []
    prev_end: int | None = None
    for at in sorted(placed):
        s, e = placed[at]
        if prev_end is not None and _BLANK_LINE.search(original, prev_end, s):
            starts.append(at)
        prev_end = e
    spans = list(placed.values())
    blank = not spans or blank_lines_are_paragraphs(original, min(a for a, _b in spans), max(b for _a, b in spans))
    return starts, (len(placed) / total if total else 0.0), blank


def format_row(name: str, starts: list[Position]) -> str:
    """One table line: the text's name, then its paragraph starts as ``sentence`` (at the sentence's first
    token) or ``sentence.token`` (inside a sentence), space-separated."""
    cells = [str(s) if t == 0 else f"{s}.{t}" for s, t in starts]
    return f"{name}\t{' '.join(cells)}"


def parse_row(line: str) -> tuple[str, set[Position]]:
    name, _tab, rest = line.rstrip("\n").partition("\t")
    out: set[Position] = set()
    for cell in rest.split():
        s, _dot, t = cell.partition(".")
        out.add((int(s), int(t or 0)))
    return name, out


def load_layout(path: Path | None = None) -> dict[str, set[Position]]:
    """Text name (e.g. ``105_persuasion_brat``) -> the (sentence, token) positions that start a paragraph, from
    the packaged table (or ``path``)."""
    if path is None:
        text = resources.files("ficlens.eval").joinpath("data").joinpath(_TABLE).read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    table: dict[str, set[Position]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, starts = parse_row(line)
            table[name] = starts
    return table


def original_for(originals: Path, name: str) -> Path:
    """The original of LitBank text ``name`` (``105_persuasion_brat`` -> ``105_persuasion.txt``)."""
    return originals / f"{name.removesuffix('_brat')}.txt"


def derive(originals: Path, litbank: Path, min_placed: float = 0.95) -> tuple[list[str], list[str]]:
    """Table lines for every LitBank text whose original is in ``originals``, whose tokens the walk places (at
    least ``min_placed`` of them) and whose original marks paragraphs with blank lines; a report line per text."""
    from .litbank_data import _read_tokens, names

    rows: list[str] = []
    report: list[str] = []
    for name in names(litbank):
        orig = original_for(originals, name)
        if not orig.is_file():
            report.append(f"{name}: no original")
            continue
        txt = litbank / "coref" / "tsv" / f"{name}.txt"
        if not txt.is_file():
            txt = litbank / "quotations" / "tsv" / f"{name}.txt"
        sentences = _read_tokens(txt)
        starts, placed, blank = paragraph_starts(sentences, orig.read_text(encoding="utf-8-sig"))
        mid = sum(1 for _s, t in starts if t)
        report.append(
            f"{name}: placed {placed:.3f}, {len(starts)} paragraph starts ({mid} inside a sentence)"
            + ("" if blank else "; left out: its paragraphs are not apart by blank lines")
        )
        if placed >= min_placed and blank:
            rows.append(format_row(name, starts))
    return rows, report


_HEADER = """\
# LitBank's real paragraph starts, derived from the original Project Gutenberg texts published in LitBank's
# repository (github.com/dbamman/litbank, original/; CC BY 4.0, Bamman et al.) by
# `python -m ficlens.eval.litbank_layout ORIGINALS --litbank DIR -o FILE`. One line per text: its name, a tab,
# then the positions that start a paragraph: "S" (sentence S of LitBank's tokenised file, its first token) or
# "S.T" (token T inside sentence S). Sentence 0 always starts one and is not listed. See data/README.md.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("originals", type=Path, help="LitBank's original/ folder (Project Gutenberg texts)")
    ap.add_argument("--litbank", type=Path, default=Path("../shared/data/litbank"), help="LitBank's data")
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args(argv)
    rows, report = derive(args.originals, args.litbank)
    args.output.write_text(_HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    for line in report:
        print(line)
    print(f"{len(rows)} texts written to {args.output}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
