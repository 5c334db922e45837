"""The library folder's record of what ficlens wrote there (``.ficlens-library.json``): which files it created,
and for each source file the hash it had when analysed, so an unchanged download is not analysed again and a file
ficlens did not create is never overwritten."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..batch import write_atomic
from ..errors import DataError, Errors

MANIFEST = ".ficlens-library.json"
_ABOUT = "files ficlens created in this library; do not edit"


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class Store:
    root: Path
    created: set[str] = field(default_factory=set)  # paths relative to root
    works: dict[str, dict[str, Any]] = field(default_factory=dict)  # source path -> {"sha256", "stem"}
    inputs: set[tuple[int, int]] = field(default_factory=set)  # (device, inode) of the inputs: never written

    @classmethod
    def open(cls, root: Path) -> Store:
        store = cls(root)
        path = root / MANIFEST
        if root.exists() and not root.is_dir():
            raise DataError(Errors.E350.format(path=root))
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("about") != _ABOUT:
                    raise ValueError("not a library record")
                store.created = set(data.get("created", []))
                store.works = dict(data.get("works", {}))
            except (OSError, ValueError, AttributeError, TypeError):
                raise DataError(Errors.E351.format(path=path)) from None
        return store

    def may_write(self, rel: str) -> bool:
        """True when ``rel`` does not exist yet or ficlens created it."""
        return rel in self.created or not (self.root / rel).exists()

    def write(self, rel: str, content: str) -> None:
        if not self.may_write(rel):
            raise DataError(Errors.E352.format(path=self.root / rel))
        # a file this library created may be replaced (force); anything else only if ficlens.outputs allows it
        write_atomic(self.root / rel, content, self.inputs, force=rel in self.created)
        self.created.add(rel)

    def save(self) -> None:
        data = {"about": _ABOUT, "created": sorted(self.created), "works": self.works}
        path = self.root / MANIFEST
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n", self.inputs,
                     force=path.exists())  # an existing record was read and checked by open()
