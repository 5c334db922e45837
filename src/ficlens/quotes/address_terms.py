"""Forms of address inside a quotation and the gender of the person they address.

"Yes, sir." speaks to a man, "Come here, my dear girl!" to a woman, "Mother, listen." to a woman: in a
conversation of a man and a woman, the other one speaks, and the answer to a line that says "sir" is likely the
man's. The terms, their modifiers and the words that may come right before them without a comma are data
(``data/lexicons/address_terms.toml``). A term counts as an address only when it stands set off in its
sentence: after the start of the quote, a punctuation mark or an opener ("yes", "thank you"), and before a
punctuation mark or the end; "Sir Thomas" or "I told Mother so" are not addresses.
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache

import numpy as np
import numpy.typing as npt

from ..lexicons import table

# what may stand right before or after an address: the quote's own bounds, clause punctuation, dashes, quote marks
_AFTER = r"(?=\s*(?:$|[,;:!?.)\-—–\"'’”]))"
_OPEN = r"(?:^|[,;:!?.(\-—–\"'‘“…]\s*)"


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for every address, and lowercase term -> gender."""
    lex = table("data/lexicons/address_terms.toml")
    gender: dict[str, str] = {}
    alone: list[str] = []
    modified: list[str] = []
    for g in ("male", "female"):
        for w in lex["alone"][g]:
            gender[w.lower()] = g
            alone.append(w.lower())
        for w in lex["modified"][g]:
            gender.setdefault(w.lower(), g)
            modified.append(w.lower())

    def alt(words: list[str]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))

    mods = alt(lex["words"]["modifiers"])
    openers = alt(lex["words"]["openers"])
    term = rf"(?P<term>(?:{mods})\s+(?P<mod>{alt(modified + alone)})|(?P<alone>{alt(alone)}))"
    lead = rf"(?:{_OPEN}|\b(?:{openers})\s+)"
    pat = re.compile(rf"(?:{lead}){term}\b{_AFTER}", re.IGNORECASE)
    return pat, gender


def address_genders(text: str) -> set[str]:
    """The genders ("male", "female") of the persons a quotation's forms of address speak to.

    >>> sorted(address_genders("Yes, sir. Good night, my dear girl!"))
    ['female', 'male']
    """
    return {g for _form, g in _terms(text) if g is not None}


def address_forms(text: str) -> list[str]:
    """The forms of address of a quotation as written, lower-cased, modifiers kept ("my dear girl", "sir"): who
    says "my dear" and who "ma'am" is a habit of the speaker's (``idiolect.py``).

    >>> address_forms("Yes, sir. Good night, my dear girl!")
    ['sir', 'my dear girl']
    """
    return [form for form, _g in _terms(text)]


@lru_cache(maxsize=8192)
def _terms(text: str) -> tuple[tuple[str, str | None], ...]:
    """Each form of address of a quotation as written (lower-cased, modifiers kept) with the gender it speaks to;
    cached: the features read every quotation twice (its turn's gender, and the speaker's habits)."""
    pat, gender = _pattern()
    body = text.strip().strip("\"'“”‘’").strip()
    out: list[tuple[str, str | None]] = []
    for m in pat.finditer(body):
        word = re.sub(r"\s+", " ", (m.group("mod") or m.group("alone")).lower())
        out.append((re.sub(r"\s+", " ", m.group("term").lower()), gender.get(word)))
    return tuple(out)


def address_gender(text: str) -> str | None:
    """The one gender the quotation's forms of address speak to, or None (none, or both)."""
    gs = address_genders(text)
    return next(iter(gs)) if len(gs) == 1 else None


ADDRESS_FEATURES = ("addr_this", "addr_prev", "addr_next", "addr_window")
# turns on either side that the window reads, and how fast their weight falls with distance
WINDOW = 4
WINDOW_DECAY = 2.0


def turn_address_gender(texts: list[str]) -> str | None:
    """The one gender a turn's quotations address, or None (no form of address, or both genders)."""
    gs: set[str] = set()
    for text in texts:
        gs |= address_genders(text)
    return next(iter(gs)) if len(gs) == 1 else None


def address_features(addressed: list[str | None], k: int, gender: str) -> tuple[float, float, float, float]:
    """The ``ADDRESS_FEATURES`` of a candidate of ``gender`` at turn ``k``, given the gender each turn of the
    conversation addresses: agreement with this turn's (the speaker is likely not the one addressed), with the
    turn before's and the turn after's (the speaker is likely the one the turn before spoke to, and the one the
    turn after answers), and the window's vote (``address_window``)."""
    return (
        gender_agreement(gender, addressed[k]),
        gender_agreement(gender, addressed[k - 1]) if k > 0 else 0.0,
        gender_agreement(gender, addressed[k + 1]) if k + 1 < len(addressed) else 0.0,
        address_window([gender_agreement(gender, a) for a in addressed], k),
    )


def address_window(agree: list[float], k: int) -> float:
    """How the turns around ``k`` vote for a candidate given its agreement with the gender each addresses
    (``agree``): while two people take turns, a turn at an odd distance speaks to this turn's speaker (agreement
    counts for the candidate) and one at an even distance is this speaker's own, spoken to the other (agreement
    counts against); nearer turns weigh more. Clipped to [-2, 2]."""
    total = 0.0
    for j in range(max(0, k - WINDOW), min(len(agree), k + WINDOW + 1)):
        d = abs(j - k)
        if d and agree[j]:
            total += (1.0 if d % 2 else -1.0) * agree[j] * math.exp(-(d - 1) / WINDOW_DECAY)
    return max(-2.0, min(2.0, total))


def gender_agreement(candidate: str, addressed: str | None) -> float:
    """1 when a candidate of known gender has the addressed gender, -1 when the other, else 0."""
    if addressed is None or candidate not in ("male", "female"):
        return 0.0
    return 1.0 if candidate == addressed else -1.0


def address_columns(addressed: list[str | None], genders: list[str]) -> npt.NDArray[np.float64]:
    """The ``ADDRESS_FEATURES`` of a whole conversation at once, (turns, candidates, 4): the same values as
    ``address_features`` turn by turn (the window's terms are added in the same order, so they are equal to the
    last bit), without a Python call per turn and candidate."""
    n, m = len(addressed), len(genders)
    agree = np.zeros((n, m))
    for k, a in enumerate(addressed):
        if a is not None:
            agree[k] = [gender_agreement(g, a) for g in genders]
    out = np.zeros((n, m, len(ADDRESS_FEATURES)))
    out[:, :, 0] = agree
    out[1:, :, 1] = agree[:-1]
    out[:-1, :, 2] = agree[1:]
    total = np.zeros((n, m))
    for off in range(-WINDOW, WINDOW + 1):
        d = abs(off)
        if not d or d >= n:
            continue
        weight = math.exp(-(d - 1) / WINDOW_DECAY)
        sign = 1.0 if d % 2 else -1.0
        if off < 0:
            total[d:] += (sign * agree[:-d]) * weight
        else:
            total[:-d] += (sign * agree[d:]) * weight
    out[:, :, 3] = np.clip(total, -2.0, 2.0)
    return out
