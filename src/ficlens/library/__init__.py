"""``ficlens library``: analyse a folder of downloads (or reuse earlier analyses) and write a browsable site: an
index page listing every work, filterable and sortable, each linking to its HTML report. The site is static
files that work offline from ``file://``.

Layout of the output folder::

    index.html                 the list of works
    works/<name>.html          one report per work
    works/<name>.json          its analysis (with the text), reused when the source file has not changed
    .ficlens-library.json      what ficlens wrote here (files it did not create are never overwritten)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import ingest
from ..about import __version__
from ..batch import analyze_files, output_names
from ..config import Options
from ..errors import DataError, Errors, FiclensError
from ..ingest import EXTENSIONS
from ..ingest.records import RECORD_EXTENSIONS, is_records_file, record_names
from ..model import Analysis
from ..outputs import input_identities, written_by_ficlens
from ..report.html import render_html, template
from .rows import work_row
from .site import render_index
from .store import Store, file_hash

__all__ = ["LibraryResult", "build_library", "find_sources"]


@dataclass
class LibraryResult:
    index: Path
    works: int = 0
    analysed: int = 0
    reused: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


def find_sources(inputs: Sequence[str | Path], exclude: Path | None = None) -> list[Path]:
    """Story files and analysis JSON files under ``inputs`` (files or folders, searched recursively), sorted,
    leaving out hidden files, reports and summaries ficlens wrote, and anything under ``exclude`` (the library's
    own folder)."""
    found: list[Path] = []
    ex = exclude.resolve() if exclude is not None else None
    for item in inputs:
        p = Path(item)
        if not p.exists():
            raise DataError(Errors.E353.format(path=p))
        if p.is_dir() and (p / "_batch" / "manifest.json").is_file():
            # a ``ficlens batch`` folder: its per-work analyses are the works (the tables are for queries)
            if not (p / "json").is_dir():
                raise DataError(Errors.E354.format(path=p))
            p = p / "json"
        candidates = [p] if p.is_file() else sorted(x for x in p.rglob("*") if x.is_file())
        for f in candidates:
            rel_parts = f.relative_to(p).parts if p.is_dir() else ()
            if any(part.startswith(".") for part in rel_parts):
                continue
            if ex is not None and (f.resolve() == ex or ex in f.resolve().parents):
                continue
            suffix = f.suffix.lower()
            if suffix in EXTENSIONS and written_by_ficlens(f):
                continue  # a report or summary ficlens wrote (e.g. next to the downloads) is not a story
            if suffix in EXTENSIONS or suffix in RECORD_EXTENSIONS or suffix == ".json":
                found.append(f)
    return list(dict.fromkeys(found))


def report_version() -> str:
    """Changes whenever the report would look different: ficlens's version and the report's templates."""
    h = hashlib.sha256(__version__.encode())
    for name in ("report.css", "report.js"):
        h.update(template(name).encode("utf-8"))
    return h.hexdigest()[:16]


def _story_text(story: Path, a: Analysis) -> str | None:
    """The text of ``story`` as ficlens reads it, when it fits the analysis's offsets (else None)."""
    try:
        text = ingest.read(story).text
    except FiclensError:
        return None
    ends = [s.end for s in a.scenes] + [q.end for q in a.quotes] + [c.end for c in a.chapters]
    return text if all(end <= len(text) for end in ends) else None


def _analysis_json(path: Path) -> Analysis | None:
    """The analysis in ``path`` when it is a ficlens analysis JSON, else None."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if '"schema_version"' not in text[:200]:
        return None
    try:
        return Analysis.from_json(text)
    except FiclensError:
        return None


def build_library(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    options: Options | None = None,
    title: str = "Fan fiction library",
    on_work: Callable[[str, str], None] | None = None,
) -> LibraryResult:
    """Analyse (or reuse) every work under ``inputs`` and write the library site into ``out_dir``.

    on_work (callable): told ``(path, "analysed" | "reused" | "failed: reason")`` after each work.
    """
    root = Path(out_dir)
    store = Store.open(root)
    if not store.may_write("index.html"):
        raise DataError(Errors.E352.format(path=root / "index.html"))
    sources = find_sources(inputs, exclude=root)
    store.inputs = input_identities(sources)
    result = LibraryResult(index=root / "index.html")
    options = options or Options()
    # a CSV / JSON Lines file of many works contributes one work per record, named ``file#id``
    records = {str(s): record_names([str(s)]) for s in sources if is_records_file(s)}
    names = output_names([n for s in sources for n in records.get(str(s), [str(s)])], "")
    rows = []
    pending: list[Path] = []
    hashes: dict[str, str] = {}

    version = report_version()

    def emit(path: Path, analysis: Analysis | None, how: str, row: dict[str, Any] | None = None) -> None:
        """Write the work's report (unless fresh) and analysis (when new); ``analysis`` None: ``row`` is its
        unchanged index row from the last run, and nothing needs writing."""
        stem = names[str(path)]
        html_rel, json_rel = f"works/{stem}.html", f"works/{stem}.json"
        key = str(path.resolve())
        known = store.works.get(key, {})
        fresh = (how == "reused" and known.get("sha256") == hashes.get(str(path)) and known.get("report") == version
                 and html_rel in store.created and (root / html_rel).exists())
        try:
            if analysis is not None:
                if not fresh:
                    store.write(html_rel, render_html(analysis, home="../index.html"))
                if how == "analysed":
                    store.write(json_rel, analysis.to_json(include_text=True, indent=None) + "\n")
                row = work_row(analysis, html_rel, path.name)
            assert row is not None
            store.works[key] = {"sha256": hashes[str(path)], "stem": stem, "report": version, "row": row}
        except FiclensError as exc:
            result.failures.append((str(path), str(exc)))
            if on_work:
                on_work(str(path), f"failed: {exc}")
            return
        rows.append(row)
        result.works += 1
        if how == "analysed":
            result.analysed += 1
        else:
            result.reused += 1
        if on_work:
            on_work(str(path), how)

    stories = {s.name: s for s in sources if s.suffix.lower() != ".json" and str(s) not in records}
    handled: set[Path] = set()

    def reusable() -> Iterator[tuple[Path, Analysis | None, dict[str, Any] | None]]:
        # 1. analysis JSON files (``ficlens analyze -o out/``, ``ficlens batch --json``) are used as they are; one
        #    of a story that is also among the inputs stands for that story (its text read from the story file
        #    when the JSON carries none), so the story is not analysed again
        for src in sources:
            if src.suffix.lower() != ".json":
                continue
            a = _analysis_json(src)
            if a is None:
                continue
            digest = file_hash(src)
            story = stories.get(Path(a.work.source.replace("\\", "/")).name)
            if story is not None and story not in handled:
                handled.add(story)
                hashes[str(story)] = digest[:32] + file_hash(story)[:32]
                if a.text is None:
                    a.text = _story_text(story, a)
                yield story, a, None
            else:
                hashes[str(src)] = digest
                yield src, a, None
        # 2. stories: this library's own earlier analysis while the file is unchanged, else analysed below
        for src in sources:
            if src.suffix.lower() == ".json" or src in handled:
                continue
            digest = file_hash(src)
            hashes[str(src)] = digest
            if str(src) in records:  # reused only as a whole: every record's analysis of this very file
                recs = records[str(src)]
                found = []
                for rec in recs:
                    hashes[rec] = digest
                    known = store.works.get(str(Path(rec).resolve()))
                    json_rel = f"works/{names[rec]}.json"
                    if known and known.get("sha256") == digest and json_rel in store.created:
                        a = _analysis_json(root / json_rel)
                        if a is not None:
                            found.append((Path(rec), a))
                if found and len(found) == len(recs):
                    yield from ((rec, a, None) for rec, a in found)
                else:
                    pending.append(src)
                continue
            known = store.works.get(str(src.resolve()))
            json_rel = f"works/{names[str(src)]}.json"
            html_rel = f"works/{names[str(src)]}.html"
            if known and known.get("sha256") == digest and known.get("stem") == names[str(src)] \
                    and json_rel in store.created and (root / json_rel).exists():
                if known.get("report") == version and isinstance(known.get("row"), dict) \
                        and html_rel in store.created and (root / html_rel).exists():
                    yield src, None, known["row"]  # nothing changed: not even the analysis is read
                    continue
                a = _analysis_json(root / json_rel)
                if a is not None:
                    yield src, a, None
                    continue
            pending.append(src)

    for src, a, row in reusable():
        emit(src, a, "reused", row)
    for outcome in analyze_files([str(p) for p in pending], options) if pending else ():
        path = Path(outcome.path)
        if outcome.analysis is None:
            result.failures.append((outcome.path, outcome.error or "unknown error"))
            if on_work:
                on_work(outcome.path, f"failed: {outcome.error}")
            continue
        emit(path, outcome.analysis, "analysed")
    rows.sort(key=lambda r: (str(r["title"]).lower(), r["href"]))
    store.write("index.html", render_index(rows, title))
    store.save()
    return result
