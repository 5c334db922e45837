"""``ficlens kb learn``: mine the tags of downloaded works (AO3 HTML/EPUB, FanFicFare EPUB) into a user
knowledge base, one TOML file per fandom in the format of ``docs/kb-format.md``.

Each file's own tags say its fandoms, characters and relationships. A character tag of a work with one fandom
belongs to that fandom; a character seen only in crossovers goes to its fandom in the packaged knowledge base,
else to the fandom it is seen with most (all of them on a tie). The
members of relationship tags ("Dean Winchester/Castiel", "Sam & Dean") count as character tags too. Files
already in the output folder are merged: their characters and fields are kept, new characters are added.
Fandoms the packaged knowledge base knows under another spelling are written under its canonical name, so
the user file extends the packaged one. Freeform tags that name a thing of one canon (seen in two or more works of
one fandom and no other, capitalised, no character's name) go into the fandom's ``[vocabulary] learned`` list.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from ..errors import FiclensError
from ..ingest.base import Work
from .kb import KnowledgeBase
from .kb_files import user_kb_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_SUFFIXES = {".html", ".htm", ".epub", ".txt", ".md", ".docx", ".xhtml", ".csv", ".jsonl", ".ndjson"}
_REL_SPLIT = re.compile(r"[/&]")  # members are stripped after the split: linear in any run of spaces


@dataclass
class LearnReport:
    """What ``learn`` read and wrote.

    files: files read with tags; skipped: (path, reason) of files that could not be read or had no fandom;
    fandoms: fandom -> works; characters: fandom -> character tag -> works; relationships: fandom ->
    relationship tag -> works; written: the TOML files written (new or merged).
    """

    files: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    fandoms: Counter[str] = field(default_factory=Counter)
    characters: dict[str, Counter[str]] = field(default_factory=dict)
    relationships: dict[str, Counter[str]] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)


def slug(name: str) -> str:
    """The file name stem of a fandom (the rule the packaged files follow)."""
    return re.sub(r"[^0-9a-z]+", "-", name.casefold()).strip("-") or "fandom"


def _files(dirs: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for d in dirs:
        p = Path(d).expanduser()
        if p.is_file():
            out.append(p)
        elif p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in _SUFFIXES))
    return out


def _works(paths: list[Path], report: LearnReport) -> Iterator[tuple[str, Work]]:
    """(name, work) for each story file, and for each record of a CSV / JSON Lines file (``file#id``); what
    cannot be read goes to ``report.skipped``."""
    from .. import ingest
    from ..ingest.records import is_records_file, iter_records

    for path in paths:
        try:
            if is_records_file(path):
                for name, work, error in iter_records(path):
                    if work is None:
                        report.skipped.append((name, error or "unreadable record"))
                    else:
                        yield name, work
                continue
            yield str(path), ingest.read(path)
        except (FiclensError, OSError, ValueError) as err:
            report.skipped.append((str(path), str(err)))


def _members(relationship: str) -> list[str]:
    return [m.strip() for m in _REL_SPLIT.split(relationship) if m.strip()]


def _strip_disambiguation(tag: str) -> str:
    """"Castiel (Supernatural)" -> "Castiel": a final parenthesised part removed (no regex: linear)."""
    s = tag.rstrip()
    if s.endswith(")"):
        i = s.rfind("(")
        if i >= 0 and ")" not in s[i + 1 : -1]:
            return s[:i].strip()
    return s.strip()


def character_entry(tag: str) -> dict[str, Any]:
    """A knowledge-base character from an AO3 character tag: name without disambiguation, first name alias."""
    name = _strip_disambiguation(tag) or tag
    aliases = [name]
    words = name.split()
    if len(words) > 1 and words[0][:1].isupper():
        aliases.insert(0, words[0])
    return {"tag": tag, "name": name, "aliases": aliases}


def render(fandom: dict[str, Any], note: str = "") -> str:
    """A fandom (the dict shape of a KB file) as TOML text, written by tomli-w: every string a story's tags
    put in it (control characters, quotes, backslashes) is escaped as TOML requires."""
    top: dict[str, Any] = {"name": fandom["name"]}
    for key in ("aliases", "characters_from", "terms", "weak_terms"):
        if fandom.get(key):
            top[key] = list(fandom[key])
    if fandom.get("universe"):
        top["universe"] = fandom["universe"]
    if isinstance(fandom.get("works"), int):
        top["works"] = fandom["works"]
    characters = []
    for ch in fandom.get("characters", []):
        entry: dict[str, Any] = {}
        for key in ("tag", "name", "gender"):
            if ch.get(key):
                entry[key] = ch[key]
        for key in ("aliases", "nicknames", "descriptions"):
            if ch.get(key):
                entry[key] = list(ch[key])
        for key in ("main", "uncertain"):
            if key in ch:
                entry[key] = bool(ch[key])
        characters.append(entry)
    if characters:
        top["characters"] = characters
    vocab = {k: list(v) for k, v in (fandom.get("vocabulary") or {}).items() if v}
    if vocab:
        top["vocabulary"] = vocab
    comment = "".join(f"# {line}\n" for line in note.splitlines()) if note else ""
    return comment + tomli_w.dumps(top)


_WORLD_WORD = re.compile(r"^[A-Z][\w'’.-]*(?: (?:of|the|de|[A-Z][\w'’.-]*)){0,3}$")


def learned_vocabulary(freeform: dict[str, Counter[str]], names: dict[str, set[str]], min_works: int = 2) -> dict[
    str, list[str]
]:
    """Freeform tags that name a thing of one canon ("Quidditch", "Diagon Alley"): capitalised, seen in at least
    ``min_works`` works of that fandom and in no other fandom's works, and no character's name or a word of one."""
    seen_in: dict[str, set[str]] = defaultdict(set)
    for f, tags in freeform.items():
        for t in tags:
            seen_in[t].add(f)
    out: dict[str, list[str]] = {}
    for f, tags in freeform.items():
        words = {w.casefold() for n in names.get(f, set()) for w in n.split()}
        keep = [
            t for t, n in sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))
            if n >= min_works and seen_in[t] == {f} and _WORLD_WORD.match(t)
            and not ({w.casefold() for w in t.split()} & words)
        ]
        if keep:
            out[f] = keep
    return out


def learn(dirs: Iterable[str | Path], out_dir: str | Path | None = None) -> LearnReport:
    """Read every story file under ``dirs`` and write its tags into a user knowledge base.

    dirs: folders (searched recursively) or files. out_dir: where the TOML files go; default the user
    knowledge-base folder (``user_kb_dir()``).
    RETURNS (LearnReport): counts, skipped files and the files written.
    """
    out = Path(out_dir).expanduser() if out_dir is not None else user_kb_dir()
    packaged = KnowledgeBase.load(include_user=False)
    report = LearnReport()
    freeform: dict[str, Counter[str]] = defaultdict(Counter)  # fandom -> freeform tag -> single-fandom works
    sure: dict[str, Counter[str]] = defaultdict(Counter)  # fandom -> character -> single-fandom works
    shared: dict[str, Counter[str]] = defaultdict(Counter)  # fandom -> character -> crossover works
    for source, work in _works(_files(dirs), report):
        given = work.given
        if given is None or not given.fandoms:
            report.skipped.append((source, "no fandom tags"))
            continue
        report.files += 1
        fandoms = []
        for f in given.fandoms:
            known = packaged.fandom(f)
            name = known.name if known is not None else f.strip()
            if name and name not in fandoms:
                fandoms.append(name)
        chars = list(dict.fromkeys(c.strip() for c in given.characters if c.strip()))
        for rel in given.relationships:
            chars.extend(m for m in _members(rel) if m not in chars)
        target = sure if len(fandoms) == 1 else shared
        if len(fandoms) == 1:
            freeform[fandoms[0]].update(list(dict.fromkeys(t.strip() for t in given.freeform if t.strip())))
        for f in fandoms:
            report.fandoms[f] += 1
            report.characters.setdefault(f, Counter()).update(c for c in given.characters if c.strip())
            report.relationships.setdefault(f, Counter()).update(r for r in given.relationships if r.strip())
            target[f].update(chars)
    # each character to its fandoms: those of single-fandom works, else the crossover fandom seen most
    placed: dict[str, list[str]] = defaultdict(list)
    all_chars = {c for cs in (*sure.values(), *shared.values()) for c in cs}
    for c in sorted(all_chars):
        homes = [f for f in sure if sure[f][c]]
        if not homes:  # seen in crossovers only: the packaged knowledge base may know its fandom
            homes = sorted({k.fandom for k in packaged.characters_by_surface(c)} & set(shared))
        if not homes:
            counts = {f: shared[f][c] for f in shared if shared[f][c]}
            top = max(counts.values())
            homes = [f for f, n in counts.items() if n == top]
        for f in homes:
            placed[f].append(c)
    names = {f: {_strip_disambiguation(c) for c in placed.get(f, [])} for f in report.fandoms}
    for f in report.fandoms:
        known = packaged.fandom(f)
        if known is not None:
            names[f] |= {s for k in known.characters for s in k.surfaces}
    vocab = learned_vocabulary(freeform, names)
    out.mkdir(parents=True, exist_ok=True)
    for fandom in sorted(report.fandoms):
        path = out / f"{slug(fandom)}.toml"
        data: dict[str, Any] = {"name": fandom, "characters": []}
        if path.is_file():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as err:
                report.skipped.append((str(path), f"existing file not merged: {err}"))
                continue
            if data.get("name") != fandom:
                path = out / f"{slug(fandom)}-learned.toml"
                data = {"name": fandom, "characters": []}
        known_tags = {ch.get("tag") for ch in data.get("characters", [])}
        counts = Counter({c: sure[fandom][c] + shared[fandom][c] for c in placed.get(fandom, [])})
        for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if c not in known_tags:
                data.setdefault("characters", []).append(character_entry(c))
                known_tags.add(c)
        if vocab.get(fandom):
            old_vocab = dict(data.get("vocabulary") or {})
            have = set(old_vocab.get("learned", []))
            old_vocab["learned"] = [*old_vocab.get("learned", []), *(t for t in vocab[fandom] if t not in have)]
            data["vocabulary"] = old_vocab
        note = f"learned by `ficlens kb learn` from {report.fandoms[fandom]} downloaded work(s)"
        path.write_text(render(data, note), encoding="utf-8")
        report.written.append(path)
    return report
