"""Settings: environment, config file, precedence, and loud failures on unknown keys."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from moneytrail.errors import ConfigError
from moneytrail.settings import load_settings


def test_defaults_without_environment() -> None:
    settings = load_settings(environ={})
    assert settings.engine == "duckdb"
    assert settings.data_dir == Path("var")


def test_environment_is_read_and_typed() -> None:
    settings = load_settings(environ={"MONEYTRAIL_ENGINE": "spark", "MONEYTRAIL_DATA_DIR": "/x"})
    assert settings.engine == "spark"
    assert settings.data_dir == Path("/x")


def test_misspelled_environment_variable_fails_with_suggestion() -> None:
    with pytest.raises(ConfigError, match=r"MONEYTRAIL_ENGNE.*did you mean 'engine'"):
        load_settings(environ={"MONEYTRAIL_ENGNE": "spark"})


def test_invalid_value_names_the_setting() -> None:
    with pytest.raises(ConfigError, match="setting 'engine'"):
        load_settings(environ={"MONEYTRAIL_ENGINE": "oracle"})


def test_config_file_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "mt.toml"
    path.write_text('[moneytrail]\nnats_ulr = "nats://x"\n')
    with pytest.raises(ConfigError, match=r"mt\.toml: unknown setting 'nats_ulr'.*'nats_url'"):
        load_settings(config=path, environ={})


def test_precedence_overrides_then_environment_then_file(tmp_path: Path) -> None:
    path = tmp_path / "mt.toml"
    path.write_text('engine = "spark"\nlog_level = "DEBUG"\nspark_master = "local[1]"\n')
    env = {"MONEYTRAIL_CONFIG": str(path), "MONEYTRAIL_LOG_LEVEL": "ERROR"}
    settings = load_settings(environ=env, spark_master="spark://h:7077")
    assert settings.engine == "spark"
    assert settings.log_level == "ERROR"
    assert settings.spark_master == "spark://h:7077"


def test_missing_and_broken_config_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(config=tmp_path / "none.toml", environ={})
    broken = tmp_path / "broken.toml"
    broken.write_text("engine = \n")
    with pytest.raises(ConfigError, match=r"broken\.toml: not valid TOML"):
        load_settings(config=broken, environ={})


def test_token_key_is_created_once_private(tmp_path: Path) -> None:
    settings = load_settings(environ={}, data_dir=tmp_path)
    key = settings.token_key()
    assert len(key) == 64
    assert settings.token_key() == key
    mode = (tmp_path / "token.key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_configured_secret_wins(tmp_path: Path) -> None:
    settings = load_settings(environ={"MONEYTRAIL_TOKEN_SECRET": "s3cret"}, data_dir=tmp_path)
    assert settings.token_key() == b"s3cret"
    assert not (tmp_path / "token.key").exists()
    assert "s3cret" not in repr(settings)


def test_database_url_defaults_to_sqlite_in_data_dir(tmp_path: Path) -> None:
    settings = load_settings(environ={}, data_dir=tmp_path)
    assert settings.resolved_database_url() == f"sqlite:///{tmp_path / 'cases.sqlite'}"
