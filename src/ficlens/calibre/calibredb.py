"""Talk to a Calibre library only through Calibre's own ``calibredb`` program (never its database file).

A library is a folder holding ``metadata.db`` or the URL of a running Content server
(``http://localhost:8080#library_id``). Every call returns parsed output or raises a coded CalibreError.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Errors, FiclensError

_OPEN_ELSEWHERE = "Another calibre program"
# calibredb holds one lock per user (not per library) while it runs, as do the calibre program and
# calibre-server: a calibredb of another tool that happens to run at the same moment only delays us.
_DEFAULT_WAIT_SECONDS = 15.0


class CalibreError(FiclensError):
    """calibredb is missing, the library cannot be used, or a calibredb command failed."""


@dataclass(frozen=True)
class ColumnInfo:
    """A custom column as calibre describes it (``calibredb custom_columns --details``)."""

    label: str
    datatype: str
    is_multiple: bool


def find_calibredb() -> str:
    """The calibredb executable: $FICLENS_CALIBREDB, else the one on PATH; raises E400."""
    exe = os.environ.get("FICLENS_CALIBREDB") or shutil.which("calibredb")
    if not exe:
        raise CalibreError(Errors.E400)
    return exe


def is_server(library: str) -> bool:
    return library.startswith(("http://", "https://"))


class Calibredb:
    """One Calibre library, reached through calibredb.

    library (str): a library folder or a Content server URL.
    username, password (str | None): for a Content server that asks for them (passed to calibredb as is,
        so ``<stdin>`` and ``<f:/path/to/file>`` work as calibredb documents).

    calibre lets one program at a time (per user, whatever the library) open a library folder: while another
    holds that lock, a call is retried for up to $FICLENS_CALIBREDB_WAIT seconds (default 15) before E402.
    """

    def __init__(
        self, library: str, username: str | None = None, password: str | None = None, exe: str | None = None
    ) -> None:
        if not is_server(library):
            path = Path(library)
            if not (path / "metadata.db").is_file():
                # calibredb would silently create a new, empty library at a mistyped path
                raise CalibreError(Errors.E401.format(path=library))
            library = str(path.resolve())
        self.library = library
        self.remote = is_server(library)
        self.exe = exe or find_calibredb()
        try:
            self.wait_seconds = float(os.environ.get("FICLENS_CALIBREDB_WAIT", _DEFAULT_WAIT_SECONDS))
        except ValueError:
            self.wait_seconds = _DEFAULT_WAIT_SECONDS
        self._auth: list[str] = []
        if username:
            self._auth += ["--username", username]
        if password:
            self._auth += ["--password", password]

    # -- plumbing -----------------------------------------------------------------------------------

    def run(self, command: str, args: Sequence[str]) -> str:
        """Run ``calibredb COMMAND ARGS`` on this library; its stdout, or a coded error."""
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed (cover rendering on add)
        cmd = [self.exe, command, "--with-library", self.library, *self._auth, *args]
        deadline = time.monotonic() + self.wait_seconds
        pause = 0.25
        while True:
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace",
                                      env=env, check=False)
            except OSError as exc:
                raise CalibreError(Errors.E404.format(command=command, reason=exc.strerror or str(exc))) from None
            locked = proc.returncode != 0 and _OPEN_ELSEWHERE in f"{proc.stderr}\n{proc.stdout}"
            if not locked or time.monotonic() + pause > deadline:
                break
            time.sleep(pause)  # another calibre program holds calibre's lock: wait for a short one to end
            pause = min(pause * 2, 2.0)
        if proc.returncode != 0:
            out = f"{proc.stderr}\n{proc.stdout}"
            if locked:
                raise CalibreError(Errors.E402.format(library=self.library))
            if self.remote and re.search(r"\bForbidden\b", out):
                raise CalibreError(Errors.E403.format(library=self.library))
            raise CalibreError(Errors.E404.format(command=command, reason=_last_line(out)))
        return proc.stdout

    # -- reading --------------------------------------------------------------------------------------

    def custom_columns(self) -> dict[str, ColumnInfo]:
        """The library's custom columns by label (without '#')."""
        out = self.run("custom_columns", ["--details"])
        columns: dict[str, ColumnInfo] = {}
        blocks: list[list[str]] = []
        for line in out.splitlines():
            if line.startswith(("{", " ")) and blocks:
                blocks[-1].append(line)
            elif line.strip():
                blocks.append([])
        for block in blocks:
            try:
                details = ast.literal_eval("\n".join(block))
            except (ValueError, SyntaxError):
                continue
            if isinstance(details, dict) and isinstance(details.get("label"), str):
                columns[details["label"]] = ColumnInfo(details["label"], str(details.get("datatype", "")),
                                                       bool(details.get("is_multiple")))
        return columns

    def list_books(self, fields: Sequence[str], search: str | None = None) -> list[dict[str, Any]]:
        """``calibredb list --for-machine``: one dict per book; custom columns come back as ``*label``."""
        args = ["--for-machine", "--fields", ",".join(fields), "--limit", "1000000000"]
        if search:
            args += ["--search", search]
        out = self.run("list", args)
        try:
            books = json.loads(out) if out.strip() else []
        except json.JSONDecodeError as exc:
            raise CalibreError(Errors.E404.format(command="list", reason=f"unreadable output ({exc})")) from None
        return [b for b in books if isinstance(b, dict)]

    def export_format(self, book_id: int, fmt: str, to_dir: Path) -> Path | None:
        """Copy one format of a book out of a (remote) library into ``to_dir``; its path, or None."""
        self.run("export", ["--dont-save-cover", "--dont-write-opf", "--dont-update-metadata",
                            "--single-dir", "--formats", fmt.lower(), "--to-dir", str(to_dir),
                            "--template", f"book-{book_id}", str(book_id)])
        found = sorted(to_dir.glob(f"book-{book_id}.*"))
        return found[0] if found else None

    # -- writing --------------------------------------------------------------------------------------

    def add_custom_column(self, label: str, name: str, datatype: str, is_multiple: bool = False,
                          display: dict[str, Any] | None = None) -> None:
        args = ["--is-multiple"] if is_multiple else []
        if display:
            args += ["--display", json.dumps(display)]
        self.run("add_custom_column", [*args, label, name, datatype])

    def set_fields(self, book_id: int, values: dict[str, str]) -> None:
        """Set several fields of one book in one call (``set_metadata --field name:value``)."""
        args: list[str] = []
        for name, value in values.items():
            args += ["--field", f"{name}:{value}"]
        self.run("set_metadata", [*args, str(book_id)])


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1][:300] if lines else "no message"
