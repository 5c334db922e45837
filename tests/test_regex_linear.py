"""Text scans over story text are linear. The report's paragraph finder (once a regex whose lookahead made 200,000
whitespace-only lines quadratic) now makes one bounded search per line: counted here, never timed (a timing
ratio is measured in bench/hostile.py instead)."""

from __future__ import annotations

import pytest

from ficlens.report._common import Paragraphs


class CountingStr(str):
    """A str counting its ``find`` calls and the characters each call may scan (to the next newline)."""

    calls = 0
    scanned = 0

    def find(self, sub, start=0, *args):  # type: ignore[no-untyped-def, override]
        CountingStr.calls += 1
        found = super().find(sub, start, *args)
        CountingStr.scanned += (len(self) if found < 0 else found + 1) - start
        return found


@pytest.mark.parametrize("make", [lambda n: "  \n" * n, lambda n: "word\n" + " \t \n" * n,
                                  lambda n: "Words and words.\n\n" * n])
def test_report_paragraphs_scan_each_character_once(make):
    for n in (1_000, 4_000):
        CountingStr.calls = CountingStr.scanned = 0
        text = CountingStr(make(n))
        Paragraphs(text)
        assert CountingStr.calls == text.count("\n") + (0 if text.endswith("\n") else 1)
        assert CountingStr.scanned <= len(text)


def test_report_paragraphs_are_runs_of_non_blank_lines():
    assert Paragraphs("One\nstill one\n\n  \n  Two\n \n\nThree").spans == [(0, 13), (20, 23), (27, 32)]
