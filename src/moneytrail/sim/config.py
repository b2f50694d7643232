"""The parameters of a synthetic world: one pydantic model per part, unknown keys forbidden.

`load_config` starts from the defaults of a scale (`scales.py`), lays a YAML or TOML file
over them and validates the result before any work starts; an error names the key and
the reason.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from moneytrail.errors import ConfigError
from moneytrail.sim.scales import SCALES, Scale, defaults


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PopulationConfig(_Part):
    """Who lives in the country."""

    people: int = Field(gt=0, le=20_000_000)
    companies_per_1000: float = Field(gt=0, le=200)
    employment_rate: float = Field(ge=0, le=1)
    student_share_of_young: float = Field(ge=0, le=1)
    migrant_share: float = Field(ge=0, le=0.5)
    second_account_share: float = Field(ge=0, le=1)
    friends: int = Field(ge=1, le=32)


class NormalConfig(_Part):
    """Mean rates of ordinary activity per person (or company) and day."""

    card_payments_per_day: float = Field(ge=0)
    activity_sigma: float = Field(ge=0, le=3)
    p2p_per_day: float = Field(ge=0)
    atm_per_day: float = Field(ge=0)
    cash_deposit_per_day: float = Field(ge=0)
    b2b_per_company_day: float = Field(ge=0)
    foreign_card_share: float = Field(ge=0, le=1)
    inbound_foreign_per_day: float = Field(ge=0)
    informal_sales_per_day: float = Field(ge=0)
    """Customers paying each self-employed person by transfer per day (0: no informal trade)."""
    salary_median_kzt: float = Field(gt=0)
    pension_median_kzt: float = Field(gt=0)


class DrugConfig(_Part):
    """The drug economy: shops, buyers, droppers, exchangers, organizers."""

    shops: int = Field(ge=1)
    buyer_share: float = Field(ge=0, le=0.5)
    orders_per_buyer_week: float = Field(gt=0)
    price_per_gram_kzt: tuple[int, int] = (10_000, 25_000)
    live_cards_per_shop: int = Field(ge=1, le=50)
    card_life_days_median: float = Field(gt=0, le=60)
    tier2_per_shop: int = Field(ge=1, le=20)
    cash_out_per_shop: int = Field(ge=1, le=20)
    couriers_per_shop: int = Field(ge=1, le=200)
    exchangers: int = Field(ge=1)
    forward_delay_minutes: float = Field(gt=0)
    crypto_order_share: float = Field(ge=0, le=1)
    phone_order_share: float = Field(ge=0, le=1)
    atm_daily_limit_kzt: int = Field(gt=0)
    transfer_limit_kzt: int = Field(gt=0)
    exchanger_spread: tuple[float, float] = (0.01, 0.04)

    @model_validator(mode="after")
    def _ranges(self) -> DrugConfig:
        low, high = self.price_per_gram_kzt
        if not 0 < low <= high:
            raise ValueError("price_per_gram_kzt must be [low, high] with 0 < low <= high")
        if not 0 <= self.exchanger_spread[0] <= self.exchanger_spread[1] < 0.5:
            raise ValueError("exchanger_spread must be [low, high] with 0 <= low <= high < 0.5")
        if self.crypto_order_share + self.phone_order_share > 1:
            raise ValueError("crypto_order_share + phone_order_share must not exceed 1")
        return self


class CryptoConfig(_Part):
    """Markets and background activity on the chains."""

    usdt_kzt: float = Field(gt=0)
    btc_usd: float = Field(gt=0)
    tron_noise_per_day: int = Field(ge=0)
    btc_noise_per_day: int = Field(ge=0)


class ContentConfig(_Part):
    """How much the content, customs and passenger generators make."""

    posts_per_shop: int = Field(ge=0)
    negative_posts: int = Field(ge=0)
    photos: int = Field(ge=0)
    negative_photos: int = Field(ge=0)
    declarations: int = Field(ge=0)
    flights: int = Field(ge=0)
    travellers: int = Field(ge=1)


class OutputConfig(_Part):
    """How files are written."""

    row_group_rows: int = Field(ge=1_000, le=10_000_000)
    compression: Literal["zstd", "snappy", "none"] = "zstd"


class SimConfig(_Part):
    """Everything a world is made from; with the seed it fixes every byte of the output."""

    scale: Scale
    start: date
    days: int = Field(ge=7, le=3660)
    population: PopulationConfig
    normal: NormalConfig
    drug: DrugConfig
    crypto: CryptoConfig
    content: ContentConfig
    output: OutputConfig

    @model_validator(mode="after")
    def _enough_people(self) -> SimConfig:
        needed = self.drug.shops * (
            4 + self.drug.tier2_per_shop + self.drug.cash_out_per_shop + self.drug.couriers_per_shop
        )
        if self.population.people < 20 * needed:
            raise ValueError(
                f"population.people must be at least {20 * needed} for {self.drug.shops} shops"
            )
        return self


def load_config(scale: Scale | None, path: Path | None) -> SimConfig:
    """The defaults of `scale` overlaid with the file at `path`, validated."""
    overlay = read_file(path) if path is not None else {}
    chosen = scale or overlay.get("scale") or "tiny"
    if chosen not in SCALES:
        raise ConfigError(f"{path}: scale: must be one of {', '.join(SCALES)}, not {chosen!r}")
    merged = deep_merge(defaults(chosen), {**overlay, "scale": chosen})
    try:
        return SimConfig.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(describe(exc, path)) from None


def read_file(path: Path) -> dict[str, Any]:
    """A YAML or TOML mapping from a file (by extension; YAML otherwise)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        data = tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: not valid {path.suffix.lstrip('.') or 'YAML'}: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the top level must be a mapping of keys")
    return data


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`base` with the keys of `over` laid on top, mappings merged key by key."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def describe(exc: ValidationError, path: Path | None) -> str:
    """One line per problem: `file: dotted.key: reason`."""
    where = f"{path}: " if path is not None else ""
    lines = []
    for err in exc.errors():
        key = ".".join(str(part) for part in err["loc"]) or "(top level)"
        reason = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        lines.append(f"{where}{key}: {reason}")
    return "; ".join(lines)
