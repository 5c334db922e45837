"""Evaluate the AO3 tag suggestions against annotated passages written by the ficlens team.

The gold data is a folder of passages: ``NAME.txt`` (the story) and ``NAME.toml`` with the tags its author would
post: ``rating``, ``warnings``, ``categories``, ``relationships`` ("A/B" romantic, "A & B" platonic),
``characters`` and ``freeform`` (additional tags); ``fandom`` is informative only. The default folder is
``tests/fixtures/tags`` of the source tree (``tests/fixtures/tags-heldback`` holds passages written only after
the detectors were done; pass it with ``--data``).

This is a regression check on passages written by the same team that wrote the detectors, not a measure of
accuracy on unseen fan fiction. Additional tags are scored over the tags ficlens can suggest (its detector
vocabulary); the gold tags outside it are counted and listed, not scored.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataError, Errors
from ..model import Analysis
from . import EvalResult, fixture_root, story_gold_pairs

RATINGS = ["General Audiences", "Teen And Up Audiences", "Mature", "Explicit"]
NO_WARNING = "No Archive Warnings Apply"


def default_root() -> Path:
    return fixture_root("tags")


def load_gold(root: Path) -> list[tuple[Path, dict[str, Any]]]:
    out = story_gold_pairs(root)
    return out


def _name_tokens(name: str) -> frozenset[str]:
    """A character name as a set of lowercase words, without a fandom disambiguator ("Castiel (Supernatural)")."""
    return frozenset(re.sub(r"\([^)]*\)", " ", name).lower().replace(".", " ").split())


def names_match(a: str, b: str) -> bool:
    """Whether two character tags name the same person: one's words contain the other's ("Dean" ~ "Dean
    Winchester"), fandom disambiguators ignored."""
    x, y = _name_tokens(a), _name_tokens(b)
    return bool(x) and bool(y) and (x <= y or y <= x)


def split_relationship(value: str) -> tuple[str, list[str]]:
    """("romantic" | "platonic", member names) of an AO3 relationship tag."""
    if "/" in value:
        return "romantic", [p.strip() for p in value.split("/")]
    return "platonic", [p.strip() for p in value.split("&")]


def _match_count(gold: list[list[str]], pred: list[list[str]]) -> int:
    """How many gold relationships (member lists) are matched one-to-one by predicted ones."""
    used: set[int] = set()
    hits = 0
    for g in gold:
        for i, p in enumerate(pred):
            if i in used or len(p) != len(g):
                continue
            if all(any(names_match(gn, pn) for pn in p) for gn in g) and all(
                any(names_match(gn, pn) for gn in g) for pn in p
            ):
                used.add(i)
                hits += 1
                break
    return hits


@dataclass
class _Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return round(p, 3), round(r, 3), round(f, 3)


@dataclass
class TagScores:
    """Running totals over passages; ``metrics()`` gives the figures."""

    vocabulary: frozenset[str]
    n: int = 0
    rating_exact: int = 0
    rating_within_one: int = 0
    warnings: _Counts = field(default_factory=_Counts)
    clean: int = 0
    clean_false: int = 0
    romantic: _Counts = field(default_factory=_Counts)
    platonic: _Counts = field(default_factory=_Counts)
    category_exact: int = 0
    characters: _Counts = field(default_factory=_Counts)
    freeform: _Counts = field(default_factory=_Counts)
    per_tag: dict[str, _Counts] = field(default_factory=dict)
    unscored: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    # (section, value) -> [suggested, right]: the dev-set precision behind calibration.toml
    calib: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def _cal(self, section: str, value: str, right: bool) -> None:
        c = self.calib.setdefault((section, value), [0, 0])
        c[0] += 1
        c[1] += int(right)

    def add(self, name: str, a: Analysis, gold: dict[str, Any]) -> None:
        t = a.tags
        self.n += 1
        got_rating = t.rating.value if t.rating else "General Audiences"
        want_rating = gold.get("rating", "General Audiences")
        self.rating_exact += got_rating == want_rating
        if got_rating in RATINGS and want_rating in RATINGS:
            self.rating_within_one += abs(RATINGS.index(got_rating) - RATINGS.index(want_rating)) <= 1
        self._cal("rating", got_rating, got_rating == want_rating)
        if got_rating != want_rating:
            self.notes.append(f"{name}: rating {got_rating!r}, expected {want_rating!r}")
        gw = set(gold.get("warnings", [])) - {NO_WARNING}
        pw = {w.value for w in t.warnings} - {NO_WARNING}
        self.warnings.add(len(gw & pw), len(pw - gw), len(gw - pw))
        for w in t.warnings:
            self._cal("warnings", w.value, (w.value in gw) if w.value != NO_WARNING else not gw)
        if not gw:
            self.clean += 1
            self.clean_false += bool(pw)
        if gw != pw:
            self.notes.append(f"{name}: warnings {sorted(pw)}, expected {sorted(gw)}")
        for kind, counts in (("romantic", self.romantic), ("platonic", self.platonic)):
            g = [m for k, m in map(split_relationship, gold.get("relationships", [])) if k == kind]
            p = [m for k, m in map(split_relationship, (r.value for r in t.relationships)) if k == kind]
            hit = _match_count(g, p)
            counts.add(hit, len(p) - hit, len(g) - hit)
            for one in p:
                self._cal("relationships", kind, _match_count(g, [one]) == 1)
            if kind == "romantic" and (hit != len(g) or len(p) != hit):
                self.notes.append(f"{name}: romantic {['/'.join(x) for x in p]}, expected {['/'.join(x) for x in g]}")
        gc = set(gold.get("categories", []))
        pc = {c.value for c in t.categories}
        self.category_exact += gc == pc
        if gc != pc:
            self.notes.append(f"{name}: categories {sorted(pc)}, expected {sorted(gc)}")
        gchars = list(gold.get("characters", []))
        pchars = [c.value for c in t.characters]
        hit = _match_count([[c] for c in gchars], [[c] for c in pchars])
        self.characters.add(hit, len(pchars) - hit, len(gchars) - hit)
        gf = set(gold.get("freeform", []))
        self.unscored.update(gf - self.vocabulary)
        gf &= self.vocabulary
        pf = {f.value for f in t.freeform} & self.vocabulary
        self.freeform.add(len(gf & pf), len(pf - gf), len(gf - pf))
        for tag in pf:
            self._cal("freeform", tag, tag in gf)
        for tag in gf | pf:
            c = self.per_tag.setdefault(tag, _Counts())
            c.add(int(tag in gf and tag in pf), int(tag in pf and tag not in gf), int(tag in gf and tag not in pf))
        if gf != pf:
            self.notes.append(f"{name}: freeform +{sorted(pf - gf)} -{sorted(gf - pf)}")

    def metrics(self) -> dict[str, float]:
        n = self.n or 1
        wp, wr, wf = self.warnings.prf()
        rp, rr, rf = self.romantic.prf()
        _, pr, _ = self.platonic.prf()
        cp, cr, _ = self.characters.prf()
        fp_, fr, ff = self.freeform.prf()
        return {
            "rating_exact": round(self.rating_exact / n, 3),
            "rating_within_one": round(self.rating_within_one / n, 3),
            "warnings_precision": wp,
            "warnings_recall": wr,
            "warnings_f1": wf,
            "clean_without_false_warning": round(1 - self.clean_false / self.clean, 3) if self.clean else 1.0,
            "romantic_precision": rp,
            "romantic_recall": rr,
            "romantic_f1": rf,
            "platonic_recall": pr,
            "category_exact": round(self.category_exact / n, 3),
            "characters_precision": cp,
            "characters_recall": cr,
            "freeform_precision": fp_,
            "freeform_recall": fr,
            "freeform_f1": ff,
            "passages": float(self.n),
        }

    def table(self) -> list[tuple[str, str]]:
        rows = [("additional tag", "gold / suggested / right  P R F1")]
        for tag in sorted(self.per_tag, key=lambda k: (-(self.per_tag[k].tp + self.per_tag[k].fn), k)):
            c = self.per_tag[tag]
            p, r, f = c.prf()
            rows.append((tag, f"{c.tp + c.fn} / {c.tp + c.fp} / {c.tp}  {p:.2f} {r:.2f} {f:.2f}"))
        return rows


def calibration_toml(scores: TagScores) -> str:
    """calibration.toml: each suggested value's smoothed dev-set precision, (right + 1) / (suggested + 2)."""
    lines = ["# Confidences by tag, from the precision each reached on the dev set (tests/fixtures/tags), smoothed:",
             "# (right + 1) / (suggested + 2). Written by `python -m ficlens.eval.tags --calibrate`.", ""]
    for section in ("rating", "warnings", "relationships", "freeform"):
        lines.append(f"[{section}]")
        for (sec, value), (n, right) in sorted(scores.calib.items()):
            if sec == section:
                lines.append(f'"{value}" = {round((right + 1) / (n + 2), 2)}  # {right} of {n}')
        lines.append("")
    return "\n".join(lines)


def score(data: Path | None = None, limit: int | None = None) -> tuple[TagScores, float]:
    """The running totals over the passages, and the share of analysis time the tag stage took."""
    from ..pipeline import Analyzer
    from ..tags import freeform_vocabulary

    root = Path(data) if data is not None else default_root()
    stories = load_gold(root)
    if not stories:
        raise DataError(Errors.E250.format(path=root))
    if limit is not None:
        stories = stories[:limit]
    analyzer = Analyzer()
    scores = TagScores(vocabulary=frozenset(freeform_vocabulary()))
    tag_seconds = total_seconds = 0.0
    for path, gold in stories:
        a = analyzer.analyze_path(path)
        scores.add(path.stem, a, gold)
        tag_seconds += a.stats.get("stage_seconds", {}).get("tags", 0.0)
        total_seconds += a.stats.get("seconds", 0.0)
    return scores, (tag_seconds / total_seconds if total_seconds else 0.0)


def evaluate(data: Path | None = None, limit: int | None = None) -> EvalResult:
    """Score the tag stage on the annotated passages."""
    scores, share = score(data, limit)
    metrics = scores.metrics()
    metrics["tags_time_share"] = round(share, 4)
    notes = [
        "A regression check on passages written by the ficlens team, not accuracy on unseen fan fiction.",
        f"gold additional tags outside the detector vocabulary (not scored): {sum(scores.unscored.values())}",
        *scores.notes,
    ]
    return EvalResult(name="tags", metrics=metrics, table=scores.table(), notes=notes)


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    import argparse

    parser = argparse.ArgumentParser(description="Tag evaluation tools.")
    parser.add_argument("--calibrate", action="store_true", help="print calibration.toml from the dev set")
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    if args.calibrate:
        print(calibration_toml(score(args.data)[0]))
