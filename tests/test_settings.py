"""Settings: packaged defaults in a data file, overridden by the FICLENS_SETTINGS file, checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens import settings as settings_mod
from ficlens.errors import ConfigError


@pytest.fixture(autouse=True)
def _fresh():  # type: ignore[no-untyped-def]
    settings_mod.settings.cache_clear()
    yield
    settings_mod.settings.cache_clear()


def test_defaults_hold_the_stage_tables() -> None:
    s = settings_mod.settings()
    assert {"roles", "narrator", "fandoms", "characters", "pov"} <= set(s)
    assert 0 < s["roles"]["main_share"] < 1


def test_a_user_file_overrides_one_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "s.toml"
    f.write_text("[fandoms]\nsupport_min = 2.5\n", encoding="utf-8")
    monkeypatch.setenv(settings_mod.ENV, str(f))
    s = settings_mod.reload()
    assert s["fandoms"]["support_min"] == 2.5
    assert s["fandoms"]["report_min"] == settings_mod._defaults()["fandoms"]["report_min"]


@pytest.mark.parametrize(
    ("text", "needle"),
    [("[fandomz]\nx = 1\n", "[fandomz]"), ("[fandoms]\nsupport_mni = 1.0\n", "support_mni"),
     ('[fandoms]\nsupport_min = "high"\n', "support_min"), ("[roles]\nmain_min = 2.5\n", "main_min"),
     ("not toml [", "s.toml")],
)
def test_a_bad_user_file_is_a_coded_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, needle: str
) -> None:
    f = tmp_path / "s.toml"
    f.write_text(text, encoding="utf-8")
    monkeypatch.setenv(settings_mod.ENV, str(f))
    with pytest.raises(ConfigError) as err:
        settings_mod.reload()
    assert str(err.value).startswith("[E152]") and needle in str(err.value)
