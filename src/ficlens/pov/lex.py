"""The POV stage's word lists, weights and thresholds (data files and data/settings.toml ``[pov]``)."""


from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from ..lexicons import phraselist, table, wordlist
from ..settings import settings

_PAST_TAGS = frozenset({"VBD"})
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})
_PRESENT_MODALS = frozenset({"will", "can", "shall", "may", "must", "wo", "ca", "'ll", "’ll"})
_SUBJ = frozenset({"nsubj", "nsubjpass"})
_ACT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "conj", "appos", "attr", "agent"})

# focal evidence weights
W_PERCEPTION = 1.0
W_FEELING = 0.7
W_QUESTION = 0.5
W_KIN = 0.5
W_SUBJECT = 0.15
W_OPENING = 1.0  # the first character named as a subject in the narration of a third-person scene
W_HEADER = 10.0

# thresholds (data/settings.toml [pov]): person_share/person_min: a first/second-person count at least this
# share of the third-person count makes the scene first/second; tense_share: the share of main clauses one tense
# needs; shift_*: a POV shift inside a scene needs this much strong evidence on each side, this dominance over
# the other, and each side this share of the scene's paragraphs (a few early paragraphs that describe another
# character are not a change of point of view in a long scene)
_CFG = settings()["pov"]
_PERSON_SHARE = _CFG["person_share"]
_PERSON_MIN = _CFG["person_min"]
_TENSE_SHARE = _CFG["tense_share"]
_SHIFT_MIN = _CFG["shift_min"]
_SHIFT_DOMINANCE = _CFG["shift_dominance"]
_SHIFT_MIN_PARAS = _CFG["shift_min_paras"]
_SHIFT_MIN_SHARE = _CFG["shift_min_share"]
# named_min: the focal evidence a named character needs to be the POV over one known only by a description
_NAMED_MIN = _CFG["named_min"]
# continuity_*: in a work of at least this many third-person scenes where one character is the POV of this share
# of them, a scene with weak evidence for someone else keeps that character
_CONTINUITY_SCENES = _CFG["continuity_scenes"]
_CONTINUITY_SHARE = _CFG["continuity_share"]


# a text-message or chat line, "Sam: where are you", "**Sam:** where are you", "[Sam]: where": dialogue written
# without quotation marks (the sender may be in bold or italics, or bracketed)
_CHAT_LINE = re.compile(
    r"^[ \t]*[*_\[(<]{0,3}[A-Z][\w'’.-]{0,20}(?: [A-Z][\w'’.-]{0,20})?"
    r"(?:[*_\])>]{0,3}:|:[*_\])>]{0,3})[ \t]+\S.*$",
    re.MULTILINE,
)
# a letter's salutation and signature lines
_SALUTATION = re.compile(
    r"^(?:(?:my )?(?:dear|dearest)|to|hello|hi|hey)\s+(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)\s*[,:!.]?$",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(r"^[-–—~\s]*(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’.-]+){0,2})\.?$")


class Scores(defaultdict[str, float]):
    """Evidence weights by character id: a Counter with float values (``add`` sums, ``minus`` keeps positives)."""

    def __init__(self) -> None:
        super().__init__(float)

    def add(self, other: dict[str, float]) -> None:
        for k, v in other.items():
            self[k] += v

    def minus(self, other: dict[str, float]) -> Scores:
        out = Scores()
        for k, v in self.items():
            d = v - other.get(k, 0.0)
            if d > 1e-9:
                out[k] = d
        return out

    def most_common(self, n: int | None = None) -> list[tuple[str, float]]:
        ranked = sorted(self.items(), key=lambda kv: -kv[1])
        return ranked if n is None else ranked[:n]


@dataclass(frozen=True)
class _Lex:
    perception: frozenset[str]
    feeling: frozenset[str]
    memory: frozenset[str]
    cognition: frozenset[str]
    kin: frozenset[str]
    speech: frozenset[str]
    reader: frozenset[str]
    not_names: frozenset[str]
    self_naming: tuple[re.Pattern[str], ...]
    hypothetical: frozenset[str]  # "if", "unless", "as though": a clause that imagines
    mental_state: frozenset[str]  # "certain", "afraid": after "be"/"feel", felt from inside
    state_verbs: frozenset[str]
    flashback: tuple[str, ...]  # "flashback", "present day": words of a break line around a memory
    thought_of: frozenset[str]  # perception, thought and memory verbs: what their complement says is imagined
    sensation: frozenset[str]  # "ached", "burned": a body part's sensation is felt by its possessor


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    name = r"(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"
    cues = table("data/lexicons/interaction_cues.toml")
    return _Lex(
        perception=wordlist("data/lexicons/perception_verbs.txt"),
        feeling=wordlist("data/lexicons/feeling_nouns.txt"),
        # the objects of "remember" and "know" are thought of, not there ("he knew his brother")
        memory=wordlist("data/lexicons/memory_verbs.txt") | wordlist("data/lexicons/knowing_verbs.txt"),
        cognition=wordlist("data/lexicons/cognition_verbs.txt"),
        kin=frozenset(w for w in cues["family"]["words"] if " " not in w),
        speech=wordlist("data/lexicons/speech_verbs.txt"),
        reader=wordlist("data/lexicons/reader_insert.txt"),
        not_names=wordlist("data/lexicons/not_names.txt")
        | wordlist("data/lexicons/pov_not_names.txt")
        | wordlist("data/lexicons/number_words.txt")
        | wordlist("data/lexicons/letter_words.txt"),
        self_naming=tuple(re.compile(p.replace("NAME", name)) for p in _raw_lines("data/lexicons/self_naming.txt")),
        hypothetical=wordlist("data/lexicons/hypothetical_marks.txt"),
        mental_state=wordlist("data/lexicons/mental_state_adjectives.txt"),
        state_verbs=wordlist("data/lexicons/state_verbs.txt"),
        flashback=phraselist("data/lexicons/flashback_markers.txt"),
        thought_of=wordlist("data/lexicons/perception_verbs.txt")
        | wordlist("data/lexicons/cognition_verbs.txt")
        | wordlist("data/lexicons/memory_verbs.txt"),
        sensation=wordlist("data/lexicons/sensation_verbs.txt"),
    )


def _raw_lines(name: str) -> list[str]:
    from importlib import resources

    raw = resources.files("ficlens").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]

def _best(c: Scores | Counter[str]) -> tuple[str | None, float, float]:
    """(top id, its score, the runner-up's score)."""
    top = c.most_common(2)
    if not top:
        return None, 0.0, 0.0
    return top[0][0], top[0][1], top[1][1] if len(top) > 1 else 0.0
