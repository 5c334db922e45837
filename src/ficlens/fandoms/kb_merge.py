"""Merging knowledge-base files into fandoms: a later file with the same fandom ``name`` extends the earlier
one, and ``characters_from`` is resolved.

Extending a fandom: its aliases, terms, weak terms and ``characters_from`` are joined; ``universe`` and
``works`` are replaced when the later file gives them; characters are joined by ``tag``, and a character
whose tag is already known keeps its earlier fields except those the later file gives (lists are joined).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .kb_files import _CHARACTER_LISTS, _FANDOM_LISTS, _fail, _FandomRecord
from .kb_model import KBCharacter, KBFandom


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", text.casefold()).strip("-") or "fandom"


def _join(first: Iterable[str], second: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*first, *second)))


class _Draft:
    """A fandom while its files are merged."""

    def __init__(self, record: _FandomRecord) -> None:
        self.path = record.path
        self.paths = [record.path]
        self.fields: dict[str, Any] = dict(record.fields)
        self.characters: dict[str, dict[str, Any]] = {c["tag"]: dict(c) for c in record.characters}

    def extend(self, record: _FandomRecord) -> None:
        self.paths.append(record.path)
        for key, value in record.fields.items():
            if key in _FANDOM_LISTS:
                self.fields[key] = _join(self.fields.get(key, ()), value)
            elif key == "vocabulary":
                old_vocab = self.fields.get("vocabulary", {})
                self.fields[key] = {
                    k: _join(old_vocab.get(k, ()), value.get(k, ())) for k in dict.fromkeys([*old_vocab, *value])
                }
            else:
                self.fields[key] = value
        for char in record.characters:
            old = self.characters.get(char["tag"])
            if old is None:
                self.characters[char["tag"]] = dict(char)
                continue
            for key, value in char.items():
                old[key] = _join(old.get(key, ()), value) if key in _CHARACTER_LISTS else value

    def own_characters(self) -> tuple[KBCharacter, ...]:
        name = self.fields["name"]
        return tuple(
            KBCharacter(
                tag=c["tag"],
                name=c.get("name", c["tag"]),
                aliases=c.get("aliases", ()),
                nicknames=c.get("nicknames", ()),
                descriptions=c.get("descriptions", ()),
                gender=c.get("gender", "unknown"),
                main=c.get("main", False),
                uncertain=c.get("uncertain", False),
                fandom=name,
                era=c.get("era", ""),
            )
            for c in self.characters.values()
        )


def _build(records: Iterable[_FandomRecord]) -> dict[str, KBFandom]:
    drafts: dict[str, _Draft] = {}
    for record in records:
        name = record.fields["name"]
        if name in drafts:
            drafts[name].extend(record)
        else:
            drafts[name] = _Draft(record)
    own = {name: draft.own_characters() for name, draft in drafts.items()}

    def referenced(name: str) -> list[str]:
        """The fandoms whose characters ``name`` takes, transitively, nearest first."""
        order: list[str] = []
        queue = list(drafts[name].fields.get("characters_from", ()))
        while queue:
            ref = queue.pop(0)
            if ref == name or ref in order:
                continue
            if ref not in drafts:
                raise _fail(
                    drafts[name].paths[-1],
                    f"characters_from names {ref!r}, which is no fandom of the knowledge base",
                )
            order.append(ref)
            queue.extend(drafts[ref].fields.get("characters_from", ()))
        return order

    fandoms: dict[str, KBFandom] = {}
    for name, draft in drafts.items():
        chars = {c.tag: c for c in own[name]}
        for ref in referenced(name):
            for char in own[ref]:
                chars.setdefault(char.tag, char)
        f = draft.fields
        strong = set(f.get("terms", ()))
        fandoms[name] = KBFandom(
            name=name,
            aliases=f.get("aliases", ()),
            universe=f.get("universe", _slug(name)),
            works=f.get("works", 0),
            terms=f.get("terms", ()),
            weak_terms=tuple(t for t in f.get("weak_terms", ()) if t not in strong),
            characters=tuple(chars.values()),
            path=draft.path,
            characters_from=f.get("characters_from", ()),
            vocabulary=dict(f.get("vocabulary", {})),
        )
    return fandoms
