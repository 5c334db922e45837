"""Additional (freeform) tags: one detector per tag of ``tags/data/freeform.toml``.

A detector is either a cue-group count (sentences holding a cue of its groups, from ``min_sentences`` and, in
long works, ``min_per_10k``) or a *signal* below, reading stage outputs: sentence sentiment (VADER) and cue
groups over the whole work and its ending, the warning findings (deaths, non-consent), the relationship tags,
scene person/tense/POV, the dialogue ratio, the word count, letters. Thresholds: ``freeform_settings.toml``.
Each suggestion carries the sentences that support it (form tags: a short opening span) and a confidence from
the tag's dev-set precision (``calibration.toml``), a little higher with more evidence than needed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..document import Document
from ..lexicons import table
from ..model import Evidence, RelationshipTag, TagValue, evidence_from
from .text import Sentence
from .warnings import WarningFindings

_LETTER_OPEN = re.compile(r"^\s*(?:dear|dearest|my dear|to)\s+[A-Z][\w.' -]{0,40},\s*$", re.IGNORECASE | re.MULTILINE)
_LETTER_CLOSE = re.compile(r"^\s*(?:yours(?: always| truly| sincerely| ever)?|ever yours|love|sincerely|"
                           r"with love|all my love|regards|your [a-z]+),?\s*$", re.IGNORECASE | re.MULTILINE)


@dataclass
class Context:
    doc: Document
    sents: list[Sentence]
    found: WarningFindings
    relationships: list[RelationshipTag]
    th: dict[str, float]
    fandoms: dict[str, list[str]]
    groups: dict[str, list[str]]

    @property
    def words(self) -> int:
        return max(1, self.doc.analysis.work.words)

    memo: dict[Any, Any] = field(default_factory=dict)

    def with_cue(self, *groups: str, within: list[Sentence] | None = None) -> list[Sentence]:
        if within is not None:
            return [s for s in within if not s.cues.keys().isdisjoint(groups)]
        key = ("cue", groups)
        if key not in self.memo:
            by_group = self.memo.get("by_group")
            if by_group is None:  # group -> positions of the sentences holding it, built once
                by_group = self.memo["by_group"] = {}
                for i, s in enumerate(self.sents):
                    for g in s.cues:
                        by_group.setdefault(g, []).append(i)
            at = sorted({i for g in groups for i in by_group.get(g, ())})
            self.memo[key] = [self.sents[i] for i in at]
        hits: list[Sentence] = self.memo[key]
        return hits

    def share(self, pred: Callable[[Sentence], bool], within: list[Sentence] | None = None) -> float:
        pool = self.sents if within is None else within
        return sum(1 for s in pool if pred(s)) / len(pool) if pool else 0.0

    def neg(self, s: Sentence) -> bool:
        return s.sentiment <= -self.th["neg_cut"]

    def pos(self, s: Sentence) -> bool:
        return s.sentiment >= self.th["pos_cut"]

    def ending(self) -> list[Sentence]:
        n = max(2, int(len(self.sents) * self.th["ending_share"]))
        return self.sents[-n:]

    def body(self) -> list[Sentence]:
        n = max(2, int(len(self.sents) * self.th["ending_share"]))
        return self.sents[:-n] if len(self.sents) > n else self.sents

    def romantic(self) -> bool:
        return any(r.kind == "romantic" for r in self.relationships)


# A signal returns (fired, strength over its threshold, evidence sentences).
Result = tuple[bool, float, list[Sentence]]


def _most(sents: list[Sentence], key: Callable[[Sentence], float], n: int = 3) -> list[Sentence]:
    return sorted(sents, key=key)[:n]


def _flag(c: Context, name: str, s: Sentence) -> bool:
    key = ("flag", name)
    if key not in c.memo:
        cut = c.th["neg_cut"] if name == "dark" else c.th["pos_cut"]
        c.memo[key] = [
            (x.sentiment <= -cut if name == "dark" else x.sentiment >= cut) or any(x.cues[g] for g in c.groups[name])
            for x in c.sents
        ]
    flags: list[bool] = c.memo[key]
    return flags[s.index]


def _dark(c: Context, s: Sentence) -> bool:
    return _flag(c, "dark", s)


def _warm(c: Context, s: Sentence) -> bool:
    return _flag(c, "warm", s)


def levity(c: Context) -> float:
    if "levity" in c.memo:
        cached: float = c.memo["levity"]
        return cached
    fun = c.share(lambda s: bool(s.cues["humor"]))
    marks = c.share(lambda s: s.text.rstrip().rstrip("\"\u201d\u2019'").endswith(("!", "?")))
    short = c.share(lambda s: s.quoted and len(s.text.split()) <= 7)
    c.memo["levity"] = fun + 0.5 * marks + 0.5 * short
    return fun + 0.5 * marks + 0.5 * short


def _angst(c: Context) -> Result:
    dark = c.share(lambda s: _dark(c, s))
    fired = dark >= c.th["angst_dark_share"]
    return fired, (dark - c.th["angst_dark_share"]) * 10, _most([s for s in c.sents if _dark(c, s)],
                                                                lambda s: s.sentiment)


def _fluff(c: Context) -> Result:
    dark, warm, lev = c.share(lambda s: _dark(c, s)), c.share(lambda s: _warm(c, s)), levity(c)
    warned = bool(c.found.graphic or c.found.major_deaths or c.found.noncon or c.found.underage)
    violent = c.share(lambda s: bool(s.cues["violence"] or s.cues["gore"] or s.cues["blood"]))
    fired = dark <= c.th["fluff_max_dark"] and not warned and not _smut(c)[0] and violent <= c.th[
        "fluff_max_violent"] and (
        warm >= c.th["fluff_warm_share"] or (warm >= c.th["fluff_warm_with_levity"] and lev >= c.th["fluff_levity"])
    )
    return fired, (warm - c.th["fluff_warm_share"]) * 10, _most([s for s in c.sents if _warm(c, s)],
                                                                 lambda s: -s.sentiment)


def _humor(c: Context) -> Result:
    dark, lev = c.share(lambda s: _dark(c, s)), levity(c)
    fired = lev >= c.th["humor_levity"] and dark <= c.th["humor_max_dark"]
    ev = c.with_cue("humor") or [s for s in c.sents if s.quoted][:3]
    return fired, (lev - c.th["humor_levity"]) * 10, ev[:3]


def _hurt_comfort(c: Context) -> Result:
    hurt = c.with_cue("hurt", "injury", "nightmare", "sadness")
    if len(hurt) < c.th["hc_hurt_sentences"]:
        return False, 0.0, []
    first = hurt[0].index
    comfort = [s for s in c.with_cue("comfort") if s.index > first]
    fired = len(comfort) >= c.th["hc_comfort_sentences"]
    return fired, min(len(hurt), len(comfort)) - c.th["hc_comfort_sentences"], [hurt[0], *comfort[:2]]


def _romance(c: Context) -> Result:
    cues = c.with_cue("romance", "love", "love_confession")
    fired = c.romantic() and len(cues) >= c.th["romance_cue_sentences"] and not _smut(c)[0]
    return fired, len(cues) - c.th["romance_cue_sentences"], cues[:3]


def _smut(c: Context) -> Result:
    cues = c.with_cue("sex_explicit")
    return len(cues) >= 3, len(cues) - 3.0, cues[:3]


def _ending_mean(c: Context) -> float:
    end = c.ending()
    return sum(s.sentiment for s in end) / len(end) if end else 0.0


def _angst_happy_ending(c: Context) -> Result:
    body = c.body()
    dark_body = c.share(lambda s: _dark(c, s), body)
    end_mean = _ending_mean(c)
    hurt = c.with_cue("sadness", "hurt", "injury", "suicide", "self_harm", within=body)
    fired = (dark_body >= c.th["angst_dark_share"] and len(hurt) >= c.th["angst_cue_sentences"]
             and end_mean >= c.th["happy_ending_mean"] and not c.found.major_deaths)
    return fired, end_mean, [*hurt[:1], *_most(c.ending(), lambda s: -s.sentiment, 2)]


def _happy_ending(c: Context) -> Result:
    end_mean = _ending_mean(c)
    fired = end_mean >= c.th["happy_ending_mean"] and c.share(lambda s: _dark(c, s)) >= c.th["angst_dark_share"]
    return fired, end_mean, _most(c.ending(), lambda s: -s.sentiment, 2)


def _sad_ending(c: Context) -> Result:
    end_mean = _ending_mean(c)
    return end_mean <= c.th["sad_ending_mean"], -end_mean, _most(c.ending(), lambda s: s.sentiment, 2)


def _arc(c: Context, group: str, key: str) -> list[Sentence]:
    return c.with_cue(group) if c.romantic() else []


def _established(c: Context) -> Result:
    est = _arc(c, "established", "established_sentences")
    kiss = c.with_cue("first_kiss")
    fired = len(est) >= c.th["established_sentences"] and not kiss
    return fired, len(est) - c.th["established_sentences"], est[:3]


def _getting_together_cues(c: Context) -> list[Sentence]:
    if not c.romantic() or c.with_cue("established"):
        return []
    return c.with_cue("getting_together", "first_kiss")


def _first_kiss(c: Context) -> Result:
    kiss = _arc(c, "first_kiss", "first_kiss_sentences")
    fired = len(kiss) >= c.th["first_kiss_sentences"] and not c.with_cue("established")
    return fired, len(kiss) - c.th["first_kiss_sentences"], kiss[:3]


def _getting_together(c: Context) -> Result:
    gt = _getting_together_cues(c)
    return len(gt) >= c.th["getting_together_sentences"], len(gt) - 1.0, gt[:3]


def _friends_to_lovers(c: Context) -> Result:
    gt = _getting_together_cues(c)
    friends = c.with_cue("friendship")
    fired = bool(gt) and len(friends) >= c.th["friends_to_lovers_sentences"]
    return fired, len(friends) - c.th["friends_to_lovers_sentences"], [*friends[:2], *gt[:1]]


def _enemies_to_lovers(c: Context) -> Result:
    gt = _getting_together_cues(c)
    foes = c.with_cue("enmity")
    fired = bool(gt) and len(foes) >= c.th["enemies_to_lovers_sentences"]
    return fired, len(foes) - c.th["enemies_to_lovers_sentences"], [*foes[:2], *gt[:1]]


def _unrequited(c: Context) -> Result:
    un = c.with_cue("unrequited")
    longing = c.with_cue("pining", "romance", "love")
    fired = len(un) >= c.th["unrequited_sentences"] and len(longing) >= 2 and not c.with_cue("first_kiss")
    return fired, len(un) - 1.0, [*un[:2], *longing[:1]]


def _love_confessions(c: Context) -> Result:
    conf = c.with_cue("love_confession")
    fired = bool(conf) and c.romantic() and not c.with_cue("established")
    return fired, len(conf) - 1.0, conf[:3]


def _character_death(c: Context) -> Result:
    sents = [d.sentence for d in c.found.deaths]
    return bool(sents), len(sents) - 1.0, sents[:3]


def _grief(c: Context) -> Result:
    grief = c.with_cue("grief")
    deaths = c.found.deaths or c.with_cue("death")
    fired = len(grief) >= c.th["grief_sentences"] and bool(deaths)
    return fired, len(grief) - c.th["grief_sentences"], grief[:3]


def _rape_aftermath(c: Context) -> Result:
    noncon = c.found.noncon
    comfort = c.with_cue("comfort", "sadness", "trauma")
    return bool(noncon) and len(comfort) >= 2, len(comfort) - 2.0, noncon[:2]


def _past_child_abuse(c: Context) -> Result:
    ev = [s for s in c.found.underage if s in c.found.noncon] or (c.found.underage if c.found.noncon else [])
    return bool(ev), 0.0, ev[:2]


def _first_time(c: Context) -> Result:
    ev = [s for s in c.with_cue("sex_reference", "sex_explicit") if "first time" in s.text.lower()]
    return bool(ev), 0.0, ev[:2]


def _friendship(c: Context) -> Result:
    friends = c.with_cue("friendship")
    platonic = [r for r in c.relationships if r.kind == "platonic"]
    fired = len(friends) >= c.th["friendship_sentences"] and not c.romantic() or (bool(platonic) and bool(friends))
    return fired, len(friends) - c.th["friendship_sentences"], friends[:3]


def _siblings(c: Context) -> Result:
    sib = c.with_cue("siblings")
    return len(sib) >= c.th["siblings_sentences"], len(sib) - c.th["siblings_sentences"], sib[:3]


def _brothers(c: Context) -> Result:
    sib = [s for s in c.with_cue("siblings") if re.search(r"\bbrothers?\b|\bsammy\b", s.text, re.IGNORECASE)]
    return len(sib) >= c.th["siblings_sentences"], len(sib) - c.th["siblings_sentences"], sib[:3]


def _domestic_fluff(c: Context) -> Result:
    dom = c.with_cue("domestic")
    fluff = _fluff(c)[0]
    fired = fluff and len(dom) >= c.th["domestic_sentences"]
    return fired, len(dom) - c.th["domestic_sentences"], dom[:3]


def _scene_share(c: Context, pred: Callable[[Any], bool]) -> float:
    scenes = c.doc.analysis.scenes
    total = sum(s.end - s.start for s in scenes) or 1
    return sum(s.end - s.start for s in scenes if pred(s)) / total


def _opening(c: Context) -> list[Sentence]:
    return c.sents[:1]


def _pov_first(c: Context) -> Result:
    share = _scene_share(c, lambda s: s.person == "first")
    return share >= c.th["pov_share"], share - c.th["pov_share"], _opening(c)


def _pov_second(c: Context) -> Result:
    share = _scene_share(c, lambda s: s.person == "second")
    return share >= c.th["pov_share"], share - c.th["pov_share"], _opening(c)


def _present_tense(c: Context) -> Result:
    share = _scene_share(c, lambda s: s.tense == "present")
    return share >= c.th["present_share"], share - c.th["present_share"], _opening(c)


def _alternating_pov(c: Context) -> Result:
    a = c.doc.analysis
    povs = [s.pov for s in a.scenes if s.pov]
    distinct = list(dict.fromkeys(povs))
    fired = len(distinct) >= 2 and len(povs) >= 2
    firsts = [next((x for x in c.sents if x.start >= s.start), None) for s in a.scenes if s.pov in distinct[:3]]
    return fired, len(distinct) - 2.0, [x for x in firsts if x is not None][:3]


def _dialogue_heavy(c: Context) -> Result:
    ratio = float(c.doc.analysis.stats.get("dialogue_ratio", _dialogue_ratio(c)))
    return ratio >= c.th["dialogue_heavy_ratio"], ratio - c.th["dialogue_heavy_ratio"], [
        s for s in c.sents if s.quoted
    ][:2]


def _dialogue_ratio(c: Context) -> float:
    quoted = sum(q.end - q.start for q in c.doc.analysis.quotes)
    story = sum(p.end - p.start for p in c.doc.paragraphs) or 1
    return quoted / story


def _introspection(c: Context) -> Result:
    ratio = _dialogue_ratio(c)
    cast = [ch for ch in c.doc.analysis.characters if ch.role in ("main", "supporting") and ch.gender != "unknown"]
    fired = ratio <= c.th["introspection_max_dialogue"] and len(cast) <= c.th["introspection_max_cast"]
    return fired, c.th["introspection_max_dialogue"] - ratio, _opening(c)


def _drabble(c: Context) -> Result:
    w = c.doc.analysis.work.words
    fired = c.th["drabble_min_words"] <= w <= c.th["drabble_max_words"] and len(c.doc.analysis.chapters) <= 1
    return fired, 0.0, _opening(c)


def _one_shot(c: Context) -> Result:
    fired = len(c.doc.analysis.chapters) <= 1 and c.doc.analysis.work.words >= c.th["one_shot_min_words"]
    return fired, 0.0, _opening(c)


def _epistolary(c: Context) -> Result:
    text = c.doc.text
    opens = list(_LETTER_OPEN.finditer(text))
    closes = list(_LETTER_CLOSE.finditer(text))
    fired = len(opens) >= c.th["epistolary_letters"] and len(closes) >= c.th["epistolary_letters"]
    ev = [s for s in c.sents if any(s.start <= m.start() < s.end for m in opens)]
    return fired, len(opens) - c.th["epistolary_letters"], ev[:3]


def _crossover(c: Context) -> Result:
    return bool(c.doc.analysis.crossover), 0.0, []


SIGNALS: dict[str, Callable[[Context], Result]] = {
    "angst": _angst, "fluff": _fluff, "humor": _humor, "hurt_comfort": _hurt_comfort, "romance": _romance,
    "smut": _smut, "angst_happy_ending": _angst_happy_ending, "happy_ending": _happy_ending,
    "sad_ending": _sad_ending, "established": _established, "first_kiss": _first_kiss,
    "getting_together": _getting_together, "friends_to_lovers": _friends_to_lovers,
    "enemies_to_lovers": _enemies_to_lovers, "unrequited": _unrequited, "love_confessions": _love_confessions,
    "character_death": _character_death, "grief": _grief, "rape_aftermath": _rape_aftermath,
    "past_child_abuse": _past_child_abuse, "first_time": _first_time, "friendship": _friendship,
    "siblings": _siblings, "brothers": _brothers, "domestic_fluff": _domestic_fluff, "pov_first": _pov_first,
    "pov_second": _pov_second, "present_tense": _present_tense, "alternating_pov": _alternating_pov,
    "dialogue_heavy": _dialogue_heavy, "introspection": _introspection, "drabble": _drabble,
    "one_shot": _one_shot, "epistolary": _epistolary, "crossover": _crossover,
}


def detectors() -> list[dict[str, Any]]:
    tags: list[dict[str, Any]] = table("tags/data/freeform.toml")["tag"]
    return tags


def vocabulary() -> list[str]:
    return [t["name"] for t in detectors()]


def _requirements_met(req: list[str], c: Context) -> bool:
    fandoms = [f.name for f in c.doc.analysis.fandoms]
    original = not fandoms or fandoms[0] == "Original Work"
    for r in req:
        if r == "romantic_pair" and not c.romantic():
            return False
        if r == "fandom" and original:
            return False
        if r == "original_work" and not original:
            return False
        if r == "not_school_canon" and any(f in c.fandoms["school_canon"] for f in fandoms):
            return False
        if r == "premodern_canon" and not any(f in c.fandoms["premodern_canon"] for f in fandoms[:1]):
            return False
    return True


def detect(
    doc: Document, sents: list[Sentence], found: WarningFindings, relationships: list[RelationshipTag],
    min_confidence: float,
) -> list[TagValue]:
    data = table("tags/data/freeform_settings.toml")
    th = {**{k: float(v) for k, v in data["settings"].items()}, **{k: float(v) for k, v in data["signals"].items()}}
    c = Context(doc, sents, found, relationships, th, {k: list(v) for k, v in data["fandoms"].items()},
                {k: list(v) for k, v in data["groups"].items()})
    calibration: dict[str, float] = table("tags/data/calibration.toml").get("freeform", {})
    out = []
    for det in detectors():
        name = det["name"]
        if not _requirements_met(det.get("requires", []), c):
            continue
        if "signal" in det:
            fired, strength, ev = SIGNALS[det["signal"]](c)
        else:
            ev = c.with_cue(*det["groups"])
            need = float(det.get("min_sentences", 1))
            per10k = len(ev) * 10000 / c.words
            fired = len(ev) >= need and per10k >= float(det.get("min_per_10k", 0.0))
            strength = len(ev) - need
        if not fired:
            continue
        conf = min(0.95, float(calibration.get(name, 0.5)) + 0.03 * max(0.0, min(strength, 5.0)))
        if conf < min_confidence:
            continue
        out.append(TagValue(name, round(conf, 2), _evidence(doc, ev)))
    return out


def _evidence(doc: Document, sents: list[Sentence]) -> list[Evidence]:
    seen: set[int] = set()
    out = []
    for s in sents:
        if s.index in seen:
            continue
        seen.add(s.index)
        out.append(evidence_from(doc.text, s.start, s.end))
    return out[:3]


def taxonomy() -> dict[str, tuple[str, str]]:
    """tag -> (fine, coarse) label of the trigger-warning taxonomy, for the tags that map to one."""
    import json
    from importlib import resources

    coarse = json.loads(resources.files("ficlens").joinpath("tags/data/trigger_warnings_map.json").read_text())
    return {d["name"]: (d["taxonomy"], coarse.get(d["taxonomy"], "")) for d in detectors() if d.get("taxonomy")}
