"""One typed settings object, read from `MONEYTRAIL_*` variables and an optional TOML file.

Precedence: explicit overrides > environment > config file > defaults. An unknown or
misspelled key, in the environment or in the file, fails with the key and a suggestion.
"""

from __future__ import annotations

import difflib
import os
import secrets
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, SecretStr, ValidationError

from moneytrail.errors import ConfigError

ENV_PREFIX = "MONEYTRAIL_"
CONFIG_ENV = f"{ENV_PREFIX}CONFIG"


class Settings(BaseModel):
    """Everything moneytrail can be configured with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    data_dir: Path = Path("var")
    """Where the lake, the cases database and generated secrets live."""
    token_secret: SecretStr | None = None
    """HMAC key for tokenizing card numbers and other personal identifiers.
    When unset, a random key is created once in `data_dir/token.key` (mode 0600)."""
    card_bin_table: Path | None = None
    """A CSV (`start,end,bank,country,network`) of issuer ranges added to the built-in one."""
    engine: Literal["duckdb", "spark"] = "duckdb"
    spark_master: str = "local[2]"
    database_url: str | None = None
    """SQLAlchemy URL for cases; default SQLite in `data_dir`. PostgreSQL: postgresql+psycopg://..."""
    nats_url: str = "nats://127.0.0.1:4222"
    goaml_schema: Path | None = None
    """The goAML XSD (e.g. goAMLSchema-5.0.2.xsd) every goAML export is validated against;
    goAML exports are refused while it is unset."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    def resolved_database_url(self) -> str:
        """The cases database URL, defaulting to SQLite inside `data_dir`."""
        return self.database_url or f"sqlite:///{self.data_dir / 'cases.sqlite'}"

    def token_key(self) -> bytes:
        """The tokenization key: the configured secret, or one created once and kept on disk."""
        if self.token_secret is not None:
            return self.token_secret.get_secret_value().encode()
        path = self.data_dir / "token.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
        return path.read_text().strip().encode()


FIELDS = tuple(Settings.model_fields)


def _suggest(key: str) -> str:
    close = difflib.get_close_matches(key.lower(), FIELDS, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _check_keys(keys: Mapping[str, Any], where: str) -> None:
    for key in keys:
        if key not in FIELDS:
            known = ", ".join(FIELDS)
            raise ConfigError(f"{where}: unknown setting '{key}'{_suggest(key)}; known: {known}")


def _from_env(environ: Mapping[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name == CONFIG_ENV:
            continue
        key = name[len(ENV_PREFIX) :].lower()
        if key not in FIELDS:
            raise ConfigError(f"environment: unknown variable {name}{_suggest(key)}")
        values[key] = value
    return values


def _from_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text())
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    section = data.get("moneytrail", data)
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [moneytrail] must be a table")
    _check_keys(section, str(path))
    return section


def _describe(exc: ValidationError, where: str) -> str:
    parts = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"])
        parts.append(f"{where}: setting '{field}': {err['msg']}")
    return "; ".join(parts)


def load_settings(
    config: Path | None = None,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Read settings from a TOML file (or `$MONEYTRAIL_CONFIG`), the environment and overrides."""
    env = os.environ if environ is None else environ
    path = config or (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None)
    values: dict[str, Any] = _from_file(path) if path else {}
    values.update(_from_env(env))
    _check_keys(overrides, "overrides")
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings(**values)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, str(path) if path else "settings")) from exc
