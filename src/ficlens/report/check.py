"""The terminal report of ``ficlens check``: forgotten warnings first, then each field of the posting form with
what the work gives beside what ficlens suggests. Story text (evidence) is shown as plain text: control
characters removed, no console markup interpreted."""

from __future__ import annotations

import re
from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..tags.check import LABELS, CheckResult, Suggestion

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def plain(s: str, limit: int = 220) -> str:
    s = _CONTROL.sub("", " ".join(s.split()))
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _ev(s: Suggestion) -> list[str]:
    return [f'    "{plain(e.text)}" (offset {e.start})' for e in s.evidence[:2]]


def render_check(result: CheckResult, show_evidence: bool = True, file: IO[str] | None = None) -> None:
    console = Console(file=file, highlight=False, soft_wrap=True)
    out = lambda s: console.print(Text(s))  # noqa: E731 - plain text, never markup
    if not result.has_given_tags:
        out("This file carries no tags of its own (not an AO3 or FanFicFare download?): showing suggestions only.")
    if result.forgotten_warnings:
        out("WARNINGS THAT LOOK FORGOTTEN")
        for s in result.forgotten_warnings:
            out(f"  ! {s.value}  (confidence {s.confidence:.2f})")
            if show_evidence:
                for line in _ev(s):
                    out(line)
    else:
        out("No archive warning looks forgotten.")
    table = Table(title="given vs suggested", show_lines=True)
    table.add_column("field")
    table.add_column("given")
    table.add_column("suggested")
    for f in result.fields:
        table.add_row(Text(LABELS[f.name]), Text("\n".join(plain(g, 80) for g in f.given) or "—"),
                      Text("\n".join(f"{plain(s.value, 80)} ({s.confidence:.2f})" for s in f.suggested) or "—"))
    console.print(table)
    missing = [(f.name, s) for f in result.fields for s in f.missing if f.name != "warnings"]
    if missing:
        out("SUGGESTED, NOT IN THE GIVEN TAGS")
        for name, s in missing:
            out(f"  + {LABELS[name]}: {s.value}  (confidence {s.confidence:.2f})")
            if show_evidence:
                for line in _ev(s):
                    out(line)
    unsupported = [(f.name, g) for f in result.fields for g in f.unsupported]
    if unsupported:
        out("GIVEN, NOT SUPPORTED BY THE TEXT (as far as ficlens can tell)")
        for name, g in unsupported:
            out(f"  - {LABELS[name]}: {plain(g, 120)}")
    judged = sum(len(f.not_judged) for f in result.fields)
    agreed = sum(len(f.agreed) for f in result.fields)
    out(f"{agreed} tags agree; {judged} given tags are outside what ficlens can judge.")
