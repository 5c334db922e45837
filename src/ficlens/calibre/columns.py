"""ficlens's custom columns in a Calibre library: their definitions (``calibre/data/columns.toml``) and their
values for one analysis, as the strings ``calibredb set_metadata --field`` takes."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError, Errors
from ..lexicons import table
from ..model import Analysis, Evidence, TagValue

_DATA = "calibre/data/columns.toml"


@dataclass(frozen=True)
class ColumnSpec:
    """One ficlens column.

    key (str): the name --columns takes ("warnings").
    label (str): calibre's lookup name without '#' ("ficlens_warnings").
    name (str): the heading calibre shows.
    datatype (str): calibre's datatype (text, enumeration, comments).
    multiple (bool): a tag-like column of several values.
    enum_values (tuple[str, ...]): the values of an enumeration column.
    help (str): the column's description in calibre.
    """

    key: str
    label: str
    name: str
    datatype: str
    multiple: bool = False
    enum_values: tuple[str, ...] = ()
    help: str = ""

    @property
    def field(self) -> str:
        return f"#{self.label}"

    def display(self) -> dict[str, Any]:
        out: dict[str, Any] = {"description": self.help}
        if self.enum_values:
            out["enum_values"] = list(self.enum_values)
        return out


def _spec(key: str, raw: dict[str, Any]) -> ColumnSpec:
    return ColumnSpec(key=key, label=raw["label"], name=raw["name"], datatype=raw["datatype"],
                      multiple=bool(raw.get("multiple", False)), enum_values=tuple(raw.get("enum_values", ())),
                      help=raw.get("help", ""))


def all_columns() -> dict[str, ColumnSpec]:
    """Every column --columns can name, in file order."""
    return {k: _spec(k, v) for k, v in table(_DATA)["columns"].items()}


def fingerprint_column() -> ColumnSpec:
    return _spec("fingerprint", table(_DATA)["fingerprint"])


def settings() -> dict[str, Any]:
    return dict(table(_DATA)["settings"])


def select_columns(names: Sequence[str] | None) -> list[ColumnSpec]:
    """The columns named (all when None or empty); raises E405 for an unknown name."""
    known = all_columns()
    if not names:
        return list(known.values())
    out = []
    for n in names:
        key = n.strip().lower().lstrip("#")
        key = key.removeprefix("ficlens_")
        if not key:
            continue
        if key not in known:
            raise ConfigError(Errors.E405.format(name=n, known=", ".join(known)))
        if known[key] not in out:
            out.append(known[key])
    return out


def _clean(value: str) -> str:
    """A value fit for a tag-like calibre column: calibre splits on ',' and stores '|' as a separator."""
    return " ".join(value.replace(",", ";").replace("|", "/").split())


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        v = _clean(v)
        if v and v.lower() not in (s.lower() for s in seen):
            seen[v] = None
    return list(seen)


def pov_values(a: Analysis) -> list[str]:
    """'first person' / 'third person' and the scenes' focal characters, most scenes first."""
    names = {c.id: c.name for c in a.characters}
    persons = Counter(s.person for s in a.scenes if s.person)
    focal = Counter(names.get(s.pov, s.pov) for s in a.scenes if s.pov)
    return _unique([f"{p} person" for p, _ in persons.most_common()] + [n for n, _ in focal.most_common()])


def values(a: Analysis, spec: ColumnSpec, fmt: str = "", fingerprint: str = "") -> list[str] | str:
    """The column's value for an analysis: a list for tag-like columns, else a string."""
    t = a.tags
    if spec.key == "warnings":
        return _unique([w.value for w in t.warnings])
    if spec.key == "rating":
        rating = t.rating.value if t.rating else ""
        return rating if not spec.enum_values or rating in spec.enum_values else ""
    if spec.key == "pairings":
        return _unique([r.value for r in t.relationships])
    if spec.key == "characters":
        return _unique([c.value for c in t.characters])
    if spec.key == "tags":
        return _unique([c.value for c in t.categories] + [f.value for f in t.freeform])
    if spec.key == "pov":
        return pov_values(a)
    if spec.key == "evidence":
        return evidence_html(a, fmt, fingerprint)
    raise ConfigError(Errors.E405.format(name=spec.key, known=", ".join(all_columns())))


def as_field(spec: ColumnSpec, value: list[str] | str) -> str:
    """The value as calibredb's ``--field #label:VALUE`` text."""
    return ",".join(value) if isinstance(value, list) else value


def same(spec: ColumnSpec, current: Any, new: list[str] | str) -> bool:
    """Whether the library's current value (from ``calibredb list --for-machine``) equals the new one."""
    if isinstance(new, list):
        cur = current if isinstance(current, list) else ([] if not current else [str(current)])
        return sorted(c.lower() for c in cur) == sorted(n.lower() for n in new)
    return (current or "") == new


def _snippets(evidence: list[Evidence], per_tag: int, chars: int) -> str:
    out = []
    for ev in evidence[:per_tag]:
        text = " ".join(ev.text.split())
        if len(text) > chars:
            text = text[: chars - 1] + "…"
        out.append(f"<blockquote>{html.escape(text)}</blockquote>")
    return "".join(out)


def _tag_items(tags: list[TagValue], per_tag: int, chars: int) -> str:
    items = []
    for tv in tags:
        items.append(f"<li><b>{html.escape(tv.value)}</b> ({tv.confidence:.2f})"
                     f"{_snippets(tv.evidence, per_tag, chars)}</li>")
    return "".join(items)


def evidence_html(a: Analysis, fmt: str = "", fingerprint: str = "") -> str:
    """The evidence column: each warning, the rating, relationships and tags with their passages (all text
    from the story escaped)."""
    cfg = settings()
    per, chars = int(cfg["evidence_per_tag"]), int(cfg["evidence_chars"])
    t = a.tags
    parts = []
    if t.warnings:
        parts.append(f"<p><b>Warnings</b></p><ul>{_tag_items(t.warnings, per, chars)}</ul>")
    if t.rating:
        parts.append(f"<p><b>Rating</b></p><ul>{_tag_items([t.rating], per, chars)}</ul>")
    if t.relationships:
        rel = "".join(
            f"<li><b>{html.escape(r.value)}</b> ({r.kind}, {r.confidence:.2f})"
            f"{_snippets(r.evidence, per, chars)}</li>"
            for r in t.relationships
        )
        parts.append(f"<p><b>Relationships</b></p><ul>{rel}</ul>")
    extra = t.categories + t.freeform
    if extra:
        parts.append(f"<p><b>Tags</b></p><ul>{_tag_items(extra, per, chars)}</ul>")
    version = a.tool.get("version", "")
    source = f" from the {html.escape(fmt)}" if fmt else ""
    parts.append(f"<p><i>ficlens {html.escape(version)}{source}, {a.work.words} words. "
                 f"Suggestions from the text, not the author's tags.</i></p>")
    return "".join(parts)
