"""`moneytrail id check`: JSON shape, exit codes, no clear PAN in a failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from moneytrail.cli.main import app


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"MONEYTRAIL_DATA_DIR": str(tmp_path), "MONEYTRAIL_TOKEN_SECRET": "test-key"}


def _run(env: dict[str, str], *args: str) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(app, ["id", "check", *args, "--json"], env=env)
    last = result.output.strip().splitlines()[-1]
    return result.exit_code, json.loads(last)


def test_valid_card(env: dict[str, str]) -> None:
    code, data = _run(env, "4111 1111 1111 1111")
    assert code == 0
    assert data["kind"] == "card"
    assert data["valid"] is True
    assert data["masked"] == "411111******1111"
    assert str(data["token"]).startswith("card:")
    for key in ("kind", "valid", "reason", "normalized", "masked"):
        assert key in data


def test_invalid_iin_exits_1_and_names_rule(env: dict[str, str]) -> None:
    code, data = _run(env, "850101300001")
    assert code == 1
    assert data["kind"] == "iin"
    assert data["valid"] is False
    assert str(data["rule"]).startswith("iin.")


def test_invalid_card_never_echoes_the_number(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["id", "check", "4111111111111112", "--json"], env=env)
    assert result.exit_code == 1
    assert "4111111111111112" not in result.output


def test_table_output(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["id", "check", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"], env=env)
    assert result.exit_code == 0
    assert "tron" in result.output


def test_misspelled_setting_fails_clearly(env: dict[str, str]) -> None:
    bad = {**env, "MONEYTRAIL_TOKEN_SECRT": "x"}
    result = CliRunner().invoke(app, ["id", "check", "4111111111111111"], env=bad)
    assert result.exit_code != 0
    assert "MONEYTRAIL_TOKEN_SECRT" in str(result.exception)
