"""Config: every scale's defaults are valid; a bad file fails with the key and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from moneytrail.errors import ConfigError
from moneytrail.sim.config import load_config
from moneytrail.sim.scales import SCALES


@pytest.mark.parametrize("scale", SCALES)
def test_every_scale_has_valid_defaults(scale: str) -> None:
    config = load_config(scale, None)  # type: ignore[arg-type]
    assert config.scale == scale
    assert config.days >= 7


def test_yaml_overrides_one_key_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "world.yaml"
    path.write_text("days: 14\ndrug:\n  shops: 1\n")
    config = load_config("tiny", path)
    assert (config.days, config.drug.shops) == (14, 1)
    assert config.drug.exchangers == load_config("tiny", None).drug.exchangers


def test_toml_is_read_too_and_may_name_the_scale(tmp_path: Path) -> None:
    path = tmp_path / "world.toml"
    path.write_text('scale = "small"\n[crypto]\nusdt_kzt = 500.0\n')
    config = load_config(None, path)
    assert (config.scale, config.crypto.usdt_kzt) == ("small", 500.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("drug:\n  shopz: 3\n", "drug.shopz: unknown key"),
        (
            "drug:\n  exchangers: -1\n",
            "drug.exchangers: Input should be greater than or equal to 1",
        ),
        ("days: many\n", "days: Input should be a valid integer"),
        ("drug:\n  price_per_gram_kzt: [25000, 10000]\n", "drug: Value error, price_per_gram_kzt"),
        ("population:\n  people: 50\n", "(top level): Value error, population.people must be"),
    ],
)
def test_a_bad_value_names_the_key_and_the_reason(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config("tiny", path)
    assert expected in str(caught.value)
    assert str(path) in str(caught.value)


def test_a_file_that_is_not_a_mapping_or_not_parseable_is_refused(tmp_path: Path) -> None:
    listing = tmp_path / "list.yaml"
    listing.write_text("- 1\n- 2\n")
    broken = tmp_path / "broken.toml"
    broken.write_text("days = \n")
    with pytest.raises(ConfigError, match="top level must be a mapping"):
        load_config("tiny", listing)
    with pytest.raises(ConfigError, match="not valid toml"):
        load_config("tiny", broken)
    with pytest.raises(ConfigError, match="cannot read"):
        load_config("tiny", tmp_path / "missing.yaml")


def test_the_detection_benchmark_world_loads() -> None:
    path = Path(__file__).parents[2] / "benchmarks/worlds/detect.yaml"
    config = load_config(None, path)
    assert (config.scale, config.days, config.population.people) == ("small", 60, 3000)
    assert (config.drug.shops, config.drug.exchangers) == (3, 4)
