"""A tiny world generated once per test session, and helpers to read it."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from moneytrail.sim.config import SimConfig, load_config
from moneytrail.sim.report import views
from moneytrail.sim.world import generate

SEED = int(os.environ.get("MONEYTRAIL_SIM_TEST_SEED", "7"))
"""The world's seed; set the variable to run the invariant tests on other worlds."""


def tiny_config() -> SimConfig:
    """The tiny scale with little content, so that a world takes about a second."""
    base = load_config("tiny", None)
    content = base.content.model_copy(update={"photos": 1, "negative_photos": 1, "flights": 1})
    return base.model_copy(update={"content": content})


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of a tiny world of seed `SEED`."""
    out = tmp_path_factory.mktemp("world")
    generate(tiny_config(), SEED, out)
    return out


@pytest.fixture(scope="session")
def db(world: Path) -> duckdb.DuckDBPyConnection:
    """DuckDB with the world's tables as views (names as in `moneytrail.sim.report.views`)."""
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    views(con, world)
    extra = {
        "accounts": "observable/bank/accounts.parquet",
        "cards": "observable/bank/cards.parquet",
        "merchants": "observable/bank/merchants.parquet",
        "people": "observable/registry/people.parquet",
        "companies": "observable/registry/companies.parquet",
        "accounts_truth": "truth/accounts.parquet",
        "wallets_truth": "truth/wallets.parquet",
        "requisites": "truth/shop_requisites.parquet",
        "shops": "truth/shops.parquet",
        "tron_opening": "observable/crypto/tron_opening_balances.parquet",
        "path_portions": "truth/path_portions.parquet",
    }
    for name, pattern in extra.items():
        con.execute(
            f"create view {name} as select * from read_parquet('{(world / pattern).as_posix()}')"
        )
    return con
