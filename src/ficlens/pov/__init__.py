"""Narration person and tense, the point-of-view character of each scene, and who is present in it.

One pass over the tokens of each scene (no re-parsing) gathers, outside quotations only:

- person: first-person ("I", "my"), second-person ("you") and third-person pronouns of the narration;
- tense: the finite verb of each main clause (its auxiliary when it has one), past or present;
- focal evidence per character: subject of a verb of perception, thought or feeling ("she knew"), possessor
  of an inner-body noun ("his heart pounded"), subject of a question in the narration (free indirect
  discourse: "What was he supposed to do?"), possessor of a kinship noun ("his brother": said from his side),
  and, weakly, being the subject of the narration at all;
- presence: characters who act (subjects and objects of narration verbs, not under "remembered", "missed",
  nor in the past perfect of a past-tense scene) or who speak or are spoken to.

Then, per scene: a POV header before the scene ("Dean's POV", "~Castiel~") names the POV character; in first
person the narrator is named by a header, by self-naming ("my name is X"), or by the names other characters
call the narrator in dialogue; in second person there is no POV character (a reader-insert); in third person
the character with the most focal evidence is the POV, and a scene whose first and second parts clearly belong
to two different characters records the second in ``pov_shifts``. See docs/pov.md.
"""


from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from ..characters.italics import ItalicSpans
from ..document import Document
from ..lexicons import pronoun_class, wordlist
from ..model import Quote, Scene
from ..segment import break_rules, header_lines
from .lex import (
    _CONTINUITY_SCENES,
    _CONTINUITY_SHARE,
    _NAMED_MIN,
    _PERSON_MIN,
    _PERSON_SHARE,
    _SHIFT_DOMINANCE,
    _SHIFT_MIN,
    _SHIFT_MIN_PARAS,
    _SHIFT_MIN_SHARE,
    _TENSE_SHARE,
    W_OPENING,
    Scores,
    _best,
    _lex,
)
from .narrator import (
    _carry_narrator,
    _first_person,
    _letter,
    _resolve_name,
)
from .presence import (
    _presence,
)
from .scan import (
    _head_mentions,
    _ParaStats,
    _scan_paragraph,
)

__all__ = ["run"]


def _label_person(first: float, second: float, third: float) -> str:
    top = max(first, second)
    if top >= _PERSON_MIN and top >= _PERSON_SHARE * third:
        if min(first, second) >= 0.5 * top:
            return "mixed"
        return "first" if first >= second else "second"
    return "third"


def _label_tense(past: int, present: int) -> str:
    total = past + present
    if total == 0 or past >= _TENSE_SHARE * total:
        return "past"
    if present >= _TENSE_SHARE * total:
        return "present"
    return "mixed"




def _find_shift(stats: list[_ParaStats]) -> tuple[int, str, str, float] | None:
    """(paragraph offset k, pov before, pov from k on, confidence) of a clear change of focal character."""
    n = len(stats)
    min_paras = max(_SHIFT_MIN_PARAS, math.ceil(_SHIFT_MIN_SHARE * n))
    if n < 2 * min_paras:
        return None
    total = Scores()
    for s in stats:
        total.add(s.strong)
    prefix = Scores()
    best = None
    for k in range(1, n):
        prefix.add(stats[k - 1].strong)
        if k < min_paras or n - k < min_paras:
            continue
        suffix = total.minus(prefix)
        a, sa, _ = _best(prefix)
        b, sb, _ = _best(suffix)
        if a is None or b is None or a == b or sa < _SHIFT_MIN or sb < _SHIFT_MIN:
            continue
        if sa < _SHIFT_DOMINANCE * prefix[b] or sb < _SHIFT_DOMINANCE * suffix[a]:
            continue
        score = sa + sb - prefix[b] - suffix[a]
        if best is None or score > best[0]:
            best = (score, k, a, b, min(sa, sb))
    if best is None:
        return None
    _, k, a, b, strength = best
    # each part's character needs evidence in two of its paragraphs, not one burst of thoughts
    if sum(1 for s in stats[:k] if s.strong[a] > 0) < 2 or sum(1 for s in stats[k:] if s.strong[b] > 0) < 2:
        return None
    return k, a, b, round(min(0.9, 0.4 + strength / 10), 2)


def _flashback_break(doc: Document, scene: Scene, prev_end: int, markers: tuple[str, ...]) -> bool:
    """Whether a break line before the scene opens or closes a flashback ("~ flashback ~", "Present day")."""
    return any(
        re.search(r"\b" + re.escape(w) + r"\b", line.lower()) for line in header_lines(doc.text, prev_end, scene.start)
        for w in markers
    )


def _keep_shift(shift: tuple[int, str, str, float], opener: str | None) -> bool:
    """A change of focal character stands unless the scene opens with the second part's character (the first
    subject of its narration): then the scene is told through them throughout, and the first part's evidence
    is someone they watch."""
    _, a, b, _ = shift
    return not (b == opener and a != opener)


def _header_name(doc: Document, scene: Scene, prev_end: int) -> tuple[bool, str | None]:
    """(whether a POV header precedes the scene, the name it gives) from the lines between scenes."""
    rules = break_rules()
    found, name = False, None
    for line in header_lines(doc.text, prev_end, scene.start):
        if rules.is_pov_line(line):
            got = rules.pov_name(line)
            if got is not None and not _name_shaped(got):
                continue  # a chapter number or heading ("III", "REAPING"), not a POV header
            found = True
            name = got or name
    return found, name


_ROMAN = re.compile(r"^[IVXLCDM]+\.?$")


def _name_shaped(name: str) -> bool:
    """A header's name looks like a person's: not a roman numeral, not a heading in capitals, not a word that is
    never a name (an e-text's "[Illustration]")."""
    words = name.split()
    not_names = wordlist("data/lexicons/not_names.txt")
    return (
        bool(words) and not any(_ROMAN.match(w) or w.lower() in not_names for w in words)
        and not (len(name) > 3 and name.isupper())
    )


def run(doc: Document) -> None:
    """Set ``person``, ``tense``, ``pov``, ``pov_confidence``, ``pov_shifts``, ``pov_note`` and ``characters``
    of every scene."""
    lex = _lex()
    pclass = pronoun_class()
    heads = _head_mentions(doc)
    analysis = doc.analysis
    scene_paras: dict[int, list[int]] = defaultdict(list)
    for p in doc.paragraphs:
        scene_paras[p.scene].append(p.index)
    scene_quotes: dict[int, list[Quote]] = defaultdict(list)
    for q in analysis.quotes:
        if doc.paragraphs:
            scene_quotes[doc.paragraphs[doc.paragraph_at(q.start)].scene].append(q)
    chapter_start = {c.index: c.start for c in analysis.chapters}
    gender = {c.id: c.gender for c in analysis.characters}
    work_vocatives: dict[str, Counter[str]] = {}
    narrators: list[tuple[Scene, str | None, bool]] = []  # first-person scenes: (scene, narrator, by header)
    italics = ItalicSpans(doc.text)
    named = {m.character for m in doc.mentions if m.kind == "name" and m.character is not None}
    prev_end = 0
    remembering: str | None = None  # the POV of the last scene told outside a flashback
    weak: list[tuple[Scene, Scores, bool]] = []  # third-person scenes told by evidence: (scene, focal, weak?)
    for scene in analysis.scenes:
        paras = scene_paras.get(scene.index, [])
        chain: dict[str, str] = {}
        topics: dict[str, Counter[str]] = {}
        stats = [
            _scan_paragraph(doc, pi, doc.docs[pi], heads, lex, pclass, chain, gender, italics, topics) for pi in paras
        ]
        gap_start = max(prev_end, chapter_start.get(scene.chapter, 0))
        has_header, header = _header_name(doc, scene, gap_start)
        flashback = scene.index > 0 and _flashback_break(doc, scene, gap_start, lex.flashback)
        prev_end = scene.end
        first = sum(s.first for s in stats)
        second = sum(s.second for s in stats)
        third = sum(s.third for s in stats)
        letter = _letter(doc, paras, lex)
        if letter[0] is not None or letter[1] is not None:
            second = 0.0  # a letter's "you" is its addressee
        scene.person = _label_person(first, second, third)
        scene.tense = _label_tense(sum(s.past for s in stats), sum(s.present for s in stats))
        focal = Scores()
        for s in stats:
            focal.add(s.focal)
        quotes = scene_quotes.get(scene.index, [])
        reader_header = header is not None and header.lower() in lex.reader
        if reader_header:
            scene.person = "second" if scene.person != "first" else scene.person
        scene.pov, scene.pov_confidence, scene.pov_shifts, scene.pov_note = None, 0.0, [], None
        if scene.person == "second" or reader_header:
            scene.pov_note = "reader-insert"
        elif scene.person == "first":
            _first_person(doc, scene, paras, stats, quotes, heads, header, lex, letter[1], work_vocatives)
            narrators.append((scene, scene.pov, header is not None))
        elif header is not None:
            scene.pov = _resolve_name(doc, header)
            scene.pov_confidence = 0.95
            scene.pov_note = "header"
        else:
            opener = next((s.opener for s in stats if s.opener is not None), None)
            if opener is not None:
                focal[opener] += W_OPENING
            cid, top, runner = _best(focal)
            if cid is not None and cid not in named:
                # one known only by a description ("the butler") is seen from outside when a named character
                # has focal evidence too: the story is told through the named one
                by_name = Scores()
                by_name.add({k: v for k, v in focal.items() if k in named})
                alt, alt_top, alt_runner = _best(by_name)
                if alt is not None and alt_top >= _NAMED_MIN:
                    cid, top, runner = alt, alt_top, max(alt_runner, focal[cid])
            if cid is not None and top >= 0.5:
                scene.pov = cid
                scene.pov_confidence = round(min(0.9, (top - runner) / top * 0.6 + min(top, 10) / 25), 2)
                shift = _find_shift(stats)
                if shift is not None and not _keep_shift(shift, opener):
                    shift = None
                if shift is not None:
                    k, a, b, conf = shift
                    scene.pov = a
                    scene.pov_shifts = [{"start": doc.paragraphs[paras[k]].start, "pov": b, "confidence": conf}]
            elif has_header:
                scene.pov_note = "header without a name"
            strong = Scores()
            for s in stats:
                strong.add(s.strong)
            weak.append((scene, focal, _best(strong)[1] < _SHIFT_MIN))
            if flashback and remembering is not None and scene.pov != remembering:
                if _best(strong)[1] < _SHIFT_MIN:
                    # a memory (or the return from one) with little focal evidence of its own is told through
                    # the one remembering
                    scene.pov, scene.pov_confidence, scene.pov_shifts = remembering, 0.5, []
                    scene.pov_note = "flashback: the one remembering"
            elif not flashback and scene.pov is not None:
                remembering = scene.pov
        _presence(scene, stats, quotes, analysis.characters)
    _carry_narrator(narrators)
    _continuity(weak)


def _continuity(scenes: list[tuple[Scene, Scores, bool]]) -> None:
    """A work told through one character: a third-person scene with little strong evidence of its own for
    someone else, where that character has some evidence too, keeps the work's POV character (a scene that
    describes another from outside is not told through them). ``scenes``: (scene, focal evidence, weak)."""
    if len(scenes) < _CONTINUITY_SCENES:
        return
    povs = Counter(sc.pov for sc, _, _ in scenes if sc.pov is not None)
    if not povs:
        return
    main, n = povs.most_common(1)[0]
    if n < _CONTINUITY_SHARE * len(scenes):
        return
    for sc, focal, weak in scenes:
        if weak and sc.pov != main and sc.pov_note is None and not sc.pov_shifts and focal.get(main, 0.0) > 0:
            sc.pov, sc.pov_confidence, sc.pov_shifts = main, 0.45, []
            sc.pov_note = "the work's POV character"
