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


def cpu_growth(fn, make, n: int, repeat: int = 20) -> float:  # type: ignore[no-untyped-def]
    """CPU time (this process only, so other load does not count) of 4n over n, best of three: about 4 when
    linear, 16 when quadratic."""
    import time

    def best(arg) -> float:  # type: ignore[no-untyped-def]
        out = float("inf")
        for _ in range(3):
            t = time.process_time()
            for _ in range(repeat):
                fn(arg)
            out = min(out, time.process_time() - t)
        return out

    small, large = make(n), make(4 * n)
    best(small)
    return best(large) / max(best(small), 1e-6)


def _sent_break():  # type: ignore[no-untyped-def]
    import importlib

    return importlib.import_module("ficlens.quotes.attribute")._SENT_BREAK


@pytest.mark.parametrize("unit", [".", "...", "!?", ".”"])
def test_sentence_break_search_is_linear_in_a_run_of_marks(unit):
    pattern = _sent_break()
    assert cpu_growth(pattern.search, lambda n: unit * n, 2000) < 10


def test_sentence_break_still_finds_sentence_ends():
    pattern = _sent_break()
    assert pattern.search("He left. She") and pattern.search("Wait…” he") and pattern.search("No!! Then")
    assert not pattern.search("Mr. Smith") and not pattern.search("no end") and not pattern.search("a.b")


def test_relationship_tags_split_in_linear_time():
    from ficlens.fandoms import learn

    assert learn._members("Dean Winchester / Castiel & Sam") == ["Dean Winchester", "Castiel", "Sam"]
    assert cpu_growth(learn._members, lambda n: "a" + " " * n + "b", 2000) < 10
    assert learn._strip_disambiguation("Castiel (Supernatural)  ") == "Castiel"
    assert cpu_growth(learn._strip_disambiguation, lambda n: "a" + " " * n + "b", 2000) < 10
