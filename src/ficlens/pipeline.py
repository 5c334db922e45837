"""The analysis pipeline: the one place that shows the stages in order."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from . import characters, ingest, network, pov, quotes, tags
from .about import __title__, __version__
from .characters.narrator_pov import narrator_from_pov
from .characters.roles import assign_roles
from .config import Options
from .document import Document
from .errors import Errors, FiclensError, StageError
from .fandoms import detect as fandom_detect
from .fandoms.kb import KnowledgeBase
from .ingest.base import GivenTags, Work
from .ingest.limits import Deadline, Limits
from .model import Analysis, CharacterTag, RelationshipTag, Tags, TagValue, WorkInfo
from .nlp import kept_out_of_gc, load, parse
from .parses import PackedDocs, sentence_count, word_count
from .segment import segment

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Stage:
    """One analysis stage: ``run(doc, kb)`` reads what ``needs`` names and sets what ``provides`` names.

    Names of what stages provide: "paragraphs" and "parses" (before the stages), "quote_spans", "mentions",
    "characters", "fandoms", "narrator_self", "speakers", "quoted_pronouns", "introductions", "narrator_name", "pov",
    "presence", "narrator_pov", "ids" (the final character ids), "roles", "interactions", "tags".
    """

    name: str
    run: Callable[[Document, KnowledgeBase], None]
    needs: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()


def _reconcile(doc: Document, kb: KnowledgeBase) -> None:
    """The one final renumbering of character ids (after every stage that adds or merges characters)."""
    doc.registry.renumber()


# The stages, in order. Each reads what earlier ones set on ``doc``/``analysis`` and sets its own; merges a stage
# proposes through ``doc.registry`` are applied to every reference after it (``registry.reconcile``).
STAGES: tuple[Stage, ...] = (
    Stage("quotes.detect", lambda d, kb: quotes.detect(d), ("parses",), ("quote_spans",)),
    Stage("characters", characters.run, ("parses", "quote_spans"), ("mentions", "characters")),
    Stage("fandoms", fandom_detect.run, ("characters",), ("fandoms",)),
    # a narrator who names themself in the narration is that character before attribution sees the candidates
    Stage("characters.self_named", lambda d, kb: characters.name_self_named(d), ("characters",), ("narrator_self",)),
    Stage(
        "quotes.attribute", lambda d, kb: quotes.attribute(d), ("quote_spans", "characters", "narrator_self"),
        ("speakers",),
    ),
    Stage("characters.quoted", lambda d, kb: characters.resolve_quoted(d), ("speakers",), ("quoted_pronouns",)),
    Stage("characters.introductions", lambda d, kb: characters.introduce(d), ("speakers",), ("introductions",)),
    Stage("characters.narrator", lambda d, kb: characters.name_narrator(d), ("speakers",), ("narrator_name",)),
    Stage("pov", lambda d, kb: pov.run(d), ("mentions", "speakers"), ("pov", "presence")),
    Stage("characters.narrator_pov", lambda d, kb: narrator_from_pov(d), ("pov",), ("narrator_pov",)),
    Stage("characters.reconcile", _reconcile, ("characters", "narrator_pov"), ("ids",)),
    Stage("roles", lambda d, kb: assign_roles(d), ("ids", "presence"), ("roles",)),
    Stage("network", lambda d, kb: network.run(d), ("ids", "presence", "speakers"), ("interactions",)),
    Stage("tags", lambda d, kb: tags.run(d), ("roles", "interactions", "fandoms"), ("tags",)),
)


def check_stages(stages: tuple[Stage, ...] | list[Stage], given: tuple[str, ...] = ("paragraphs", "parses")) -> None:
    """Raise ``StageError`` (E151) when a stage needs something no earlier stage provides."""
    have = set(given)
    for st in stages:
        missing = [n for n in st.needs if n not in have]
        if missing:
            raise StageError(Errors.E151.format(stage=st.name, needs=missing[0]), stage=st.name)
        have.update(st.provides)


def run_stages(
    doc: Document,
    kb: KnowledgeBase,
    stages: tuple[Stage, ...] | list[Stage] = STAGES,
    deadline: Callable[[str], None] | None = None,
) -> dict[str, float]:
    """Run ``stages`` in order on ``doc``; return seconds per stage. A stage that raises becomes a coded
    ``StageError`` (E150) naming the stage and the file. ``deadline(stage)`` is called before each stage (the
    per-work time limit, issue 8: it raises to stop the work)."""
    check_stages(stages)
    timings: dict[str, float] = {}
    for st in stages:
        if deadline is not None:
            deadline(st.name)
        t = time.perf_counter()
        try:
            st.run(doc, kb)
            doc.registry.reconcile()
        except FiclensError:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure of a stage is reported as one coded line
            logger.debug("stage %s failed", st.name, exc_info=True)
            reason = f"{type(exc).__name__}: {exc}".strip().splitlines()[0][:200]
            raise StageError(
                Errors.E150.format(stage=st.name, path=doc.work.source, reason=reason),
                stage=st.name,
                path=doc.work.source,
            ) from exc
        timings[st.name] = time.perf_counter() - t
    return timings


def given_tags(given: GivenTags | None) -> Tags | None:
    """The file's own tags in the analysis tag shape (confidence 1: the author said so)."""
    if given is None or given.is_empty():
        return None
    return Tags(
        rating=TagValue(given.rating) if given.rating else None,
        warnings=[TagValue(v) for v in given.warnings],
        categories=[TagValue(v) for v in given.categories],
        fandoms=[TagValue(v) for v in given.fandoms],
        relationships=[
            RelationshipTag(v, "romantic" if "/" in v else "platonic", []) for v in given.relationships
        ],
        characters=[CharacterTag(v, None) for v in given.characters],
        freeform=[TagValue(v) for v in given.freeform],
        words=given.words,
    )


class Analyzer:
    """Loads the spaCy pipeline and the fandom knowledge base once; analyses many works."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self._nlp: Language | None = None
        self._kb: KnowledgeBase | None = None
        # the quote stage scores speakers with this analyzer's speaker model (options.speaker_model)
        self.stages: tuple[Stage, ...] = tuple(
            Stage(s.name, self._attribute, s.needs, s.provides) if s.name == "quotes.attribute" else s
            for s in STAGES
        )
        self.stage = "ingest"  # the stage running (for error reports)
        self._speaker_model: Any = None
        self._speaker_model_set = False

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load(tuple(self.options.models))
        return self._nlp

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = KnowledgeBase.load(self.options.kb_paths, include_user=self.options.user_kb)
        return self._kb

    @property
    def speaker_model(self) -> Any:
        """The speaker scorer (``options.speaker_model``: "" the rules, "learned" the packaged model, or a file)."""
        if not self._speaker_model_set:
            from .quotes.model import load_model

            self._speaker_model = load_model(self.options.speaker_model)
            self._speaker_model_set = True
        return self._speaker_model

    @speaker_model.setter
    def speaker_model(self, model: Any) -> None:
        self._speaker_model = model
        self._speaker_model_set = True

    def _attribute(self, doc: Document, kb: KnowledgeBase) -> None:
        quotes.attribute(doc, self.speaker_model)

    def analyze_path(self, path: str | Path, progress: Progress | None = None) -> Analysis:
        self.stage = "ingest"
        return self.analyze_work(ingest.read(path, Limits.from_options(self.options)), progress)

    def analyze_text(self, text: str, source: str = "<text>", progress: Progress | None = None) -> Analysis:
        self.stage = "ingest"
        return self.analyze_work(ingest.read_text_input(text, source, Limits.from_options(self.options)), progress)

    def analyze_work(self, work: Work, progress: Progress | None = None) -> Analysis:
        t0 = time.perf_counter()
        deadline = Deadline(work.source, self.options.max_seconds_per_work)  # issue 8: per-work time limit
        self.stage = "segment"
        seg = segment(work, self.options.max_paragraph_chars)
        info = WorkInfo(
            title=work.title,
            authors=list(work.authors),
            source=work.source,
            format=work.format,
            language=work.language or "en",
            words=0,
            given_tags=given_tags(work.given),
            summary=work.summary,
        )
        analysis = Analysis(
            work=info,
            chapters=seg.chapters,
            scenes=seg.scenes,
            tool={"name": __title__, "version": __version__},
            warnings=list(work.warnings),
        )
        doc = Document(work=work, analysis=analysis, paragraphs=seg.paragraphs)
        # The one spaCy pass, over paragraphs.
        timings: dict[str, float] = {"segment": time.perf_counter() - t0}
        t = time.perf_counter()
        texts = (work.text[p.start : p.end] for p in seg.paragraphs)
        total = len(seg.paragraphs)
        self.stage = "parse"
        batches = parse(self.nlp, texts, self.options.batch_size, self.options.parse_batch_chars)
        # a long work keeps its parses packed, a window of them alive at once (parses.py); others keep every Doc
        chars = sum(p.end - p.start for p in seg.paragraphs)
        parses: list[Doc] | PackedDocs = (
            PackedDocs(self.nlp.vocab, self.options.parse_store_window)
            if chars > self.options.parse_store_chars else []
        )
        words = sentences = 0
        for i, d in enumerate(batches):
            words += word_count(d)
            sentences += sentence_count(d)
            parses.append(d)
            deadline.check(self.stage)
            if progress is not None and (i % 64 == 0 or i + 1 == total):
                progress(i + 1, total)
        doc.docs = parses
        info.words = words
        timings["parse"] = time.perf_counter() - t
        self.stage = "stages"
        with kept_out_of_gc():
            timings.update(run_stages(doc, self.kb, self.stages, deadline.check))
        analysis.warnings.extend(w for w in self.kb.warnings if w not in analysis.warnings)  # issue 8: W103
        self.last_document = doc
        analysis.stats = _stats(doc, sentences, time.perf_counter() - t0)
        analysis.stats["stage_seconds"] = {k: round(v, 3) for k, v in timings.items()}
        # The text is kept for renderers (the HTML report); the JSON carries it only with include_text.
        analysis.text = work.text
        analysis.include_text = self.options.include_text
        return analysis


def _stats(doc: Document, sentences: int, seconds: float) -> dict[str, Any]:
    a = doc.analysis
    quoted = sum(q.end - q.start for q in a.quotes)
    story_chars = sum(p.end - p.start for p in doc.paragraphs) or 1
    return {
        "words": a.work.words,
        "sentences": sentences,
        "paragraphs": len(doc.paragraphs),
        "chapters": len(a.chapters),
        "scenes": len(a.scenes),
        "quotes": len(a.quotes),
        "dialogue_ratio": round(quoted / story_chars, 3),
        "seconds": round(seconds, 3),
    }
