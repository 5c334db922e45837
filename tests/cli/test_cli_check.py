"""``ficlens check``: exit codes and the order of the report (forgotten warnings first)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import ficlens
from ficlens.cli import cli
from ficlens.model import Evidence
from ficlens.tags.check import CheckResult, FieldCheck, Suggestion

FIXTURE = Path(__file__).parents[1] / "fixtures" / "formats" / "ao3_download.html"


def _result(forgotten: bool) -> CheckResult:
    gdv = Suggestion("Graphic Depictions Of Violence", 0.8, [Evidence(5, 30, "Blood \x1b[31mpooled\x07 black.")])
    fields = [FieldCheck("warnings", ["No Archive Warnings Apply"], [gdv], missing=[gdv] if forgotten else []),
              FieldCheck("freeform", ["Fluff"], [Suggestion("Angst", 0.6)], missing=[Suggestion("Angst", 0.6)],
                         unsupported=["Fluff"])]
    return CheckResult(fields, [gdv] if forgotten else [], True)


@pytest.mark.parametrize("forgotten,strict,code", [(True, False, 0), (True, True, 3), (False, True, 0)])
def test_cli_check_exit_codes(monkeypatch: pytest.MonkeyPatch, forgotten: bool, strict: bool, code: int) -> None:
    monkeypatch.setattr(ficlens, "check", lambda *a, **k: _result(forgotten))
    args = ["check", str(FIXTURE)] + (["--strict"] if strict else [])
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == code, res.output
    out = res.output
    if forgotten:
        assert out.index("FORGOTTEN") < out.index("given vs suggested") < out.index("+ Additional Tags: Angst")
        assert "\x1b" not in out and "\x07" not in out  # story text is shown as plain text
    assert "- Additional Tags: Fluff" in out


@pytest.mark.integration
def test_cli_check_on_an_ao3_download() -> None:
    res = CliRunner().invoke(cli, ["check", str(FIXTURE)])
    assert res.exit_code == 0, res.output
    assert "Saltmarsh Chronicles (TV)" in res.output and "given vs suggested" in res.output
    ao3 = CliRunner().invoke(cli, ["analyze", str(FIXTURE), "--format", "ao3"])
    lines = ao3.output.splitlines()
    assert [ln.split(":")[0] for ln in lines[1:]] == ["Rating", "Archive Warnings", "Categories", "Fandoms",
                                                     "Relationships", "Characters", "Additional Tags"]
