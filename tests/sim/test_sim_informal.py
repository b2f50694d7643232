"""Informal trade: with `normal.informal_sales_per_day` on, innocent cards take many people's
transfers (drop-card look-alikes) and pay suppliers; off, there are none."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from moneytrail.sim.world import generate
from tests.sim.conftest import SEED, tiny_config

BUSY_INNOCENT = """
    select count(*) from (
      select t.dst_instrument
      from read_parquet('{w}/observable/bank/transfers/*.parquet') t
      left join read_parquet('{w}/truth/transfer_labels.parquet') l using (transfer_id)
      where t.channel = 'p2p' and l.transfer_id is null
      group by 1 having count(distinct t.src_instrument) >= 25)
"""
RESTOCKS = """
    select count(*) from read_parquet('{w}/observable/bank/transfers/*.parquet') t
    join read_parquet('{w}/observable/bank/accounts.parquet') a on a.iban = t.src_instrument
    join read_parquet('{w}/observable/registry/people.parquet') p on p.iin = a.holder
    where t.channel = 'bank_transfer' and t.reference = 'Оплата по счету'
"""


@pytest.fixture(scope="module")
def informal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tiny_config()
    normal = base.normal.model_copy(update={"informal_sales_per_day": 3.0})
    out = tmp_path_factory.mktemp("informal")
    generate(base.model_copy(update={"normal": normal}), SEED, out)
    return out


def _count(sql: str, world: Path) -> int:
    row = duckdb.connect().execute(sql.format(w=world.as_posix())).fetchone()
    assert row is not None
    return int(row[0])


def test_sellers_take_many_peoples_transfers_with_no_drug_label(
    informal: Path, world: Path
) -> None:
    assert _count(BUSY_INNOCENT, informal) >= 5
    assert _count(BUSY_INNOCENT, world) == 0


def test_sellers_pay_suppliers_from_their_own_accounts(informal: Path, world: Path) -> None:
    assert _count(RESTOCKS, informal) >= 50
    assert _count(RESTOCKS, world) == 0
