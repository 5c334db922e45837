"""Real FanFicFare EPUBs for tests: FanFicFare's built-in test site (test1.com) writes them offline from the
stories in tests/fixtures/fanficfare/sources (written for ficlens's tests) and the metadata in its
personal.ini.in. ``python tests/fanficfare_fixtures.py`` refreshes the committed copies in that folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "fixtures" / "fanficfare"
SOURCES = HERE / "sources"
STORY_IDS = (1001, 1002, 1003)


def fanficfare_exe() -> str | None:
    beside = Path(sys.executable).with_name("fanficfare")
    return str(beside) if beside.exists() else shutil.which("fanficfare")


def write_epubs(out_dir: Path, ids: tuple[int, ...] = STORY_IDS) -> dict[int, Path]:
    """Run FanFicFare once per story id into ``out_dir``: ``<title>-tst1_<id>.epub`` and, beside it, its
    ``--json-meta-file`` output ``<title>-tst1_<id>.epub.json``. Returns id -> EPUB path."""
    exe = fanficfare_exe()
    if exe is None:
        raise RuntimeError("FanFicFare is not installed (pip install fanficfare)")
    out_dir.mkdir(parents=True, exist_ok=True)
    ini = out_dir / "personal.ini"
    ini.write_text((HERE / "personal.ini.in").read_text(encoding="utf-8").replace("{SOURCES}", SOURCES.as_uri()),
                   encoding="utf-8")
    env = dict(os.environ, HOME=str(out_dir), XDG_CONFIG_HOME=str(out_dir))
    found: dict[int, Path] = {}
    for sid in ids:
        proc = subprocess.run([exe, "--json-meta-file", "-c", str(ini), f"http://test1.com?sid={sid}"],
                              cwd=out_dir, env=env, capture_output=True, text=True, check=False)
        epubs = sorted(out_dir.glob(f"*-tst1_{sid}.epub"))
        if proc.returncode != 0 or not epubs:
            raise RuntimeError(f"FanFicFare failed on story {sid}: {proc.stderr.strip()[-500:]}")
        found[sid] = epubs[0]
    ini.unlink()
    return found


if __name__ == "__main__":
    for old in HERE.glob("*.epub*"):
        old.unlink()
    for sid, path in write_epubs(HERE).items():
        print(sid, path.name, path.stat().st_size)
