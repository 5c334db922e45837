"""The training labels: which candidates of a recorded conversation are the gold speaker and addressees."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ficlens.quotes.conversation import _Turn
from ficlens.quotes.features import N_STATIC_ADDRESSEE, SPEAKER_FEATURES, ConversationFeatures
from ficlens.quotes.learned import Record


def test_the_narrator_is_labelled_as_an_addressee_as_it_is_as_a_speaker() -> None:
    # a first-person novel: our narrator character is called "I" only; the gold calls it "Hastings". Spoken to,
    # it must be a positive addressee example, or the addressee scorer learns that the narrator is never addressed
    from ficlens.eval.pdnc_data import PdncNovel, PdncQuote
    from ficlens.quotes.labels import label_pdnc
    from ficlens.quotes.learned import Collector

    spans = [(20 * k, 20 * k + 10) for k in range(6)]
    gold = [PdncQuote(spans=[s], speaker="Hastings" if k % 2 == 0 else "Poirot",
                      addressees=["Poirot"] if k % 2 == 0 else ["Hastings"], qtype="Explicit",
                      ref="I said" if k % 2 == 0 else "said Poirot") for k, s in enumerate(spans)]
    novel = PdncNovel("n", "x" * 200, gold, aliases={"Hastings": {"hastings", "_narr"}, "Poirot": {"poirot"}})
    assert novel.narrator is None  # needs five "I said" quotations
    novel.quotes = gold + [replace(gold[0], spans=[(150 + 8 * k, 155 + 8 * k)]) for k in range(3)]
    assert novel.narrator == "Hastings"
    n, m = 6, 2
    X = np.zeros((n, m, len(SPEAKER_FEATURES)))
    X[:, 0, SPEAKER_FEATURES.index("is_narrator")] = 1.0
    turns = [_Turn(k, [k], None, False, None) for k in range(n)]
    cf = ConversationFeatures(turns, ["c0", "c1"], X, np.ones(n), np.zeros((n, m, N_STATIC_ADDRESSEE)),
                              [{} for _ in range(n)])
    col = Collector(records=[Record(cf, [[s] for s in spans])], names={"c0": {"i"}, "c1": {"poirot"}})
    lab = label_pdnc(novel, col).convs[0]
    assert lab.speaker == [[k % 2 == 0, k % 2 == 1] for k in range(n)]
    assert lab.addressee == [[k % 2 == 1, k % 2 == 0] for k in range(n)]
