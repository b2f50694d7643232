"""Small parts: FIFO lots, the balance check of ordinary transfers, the Parquet writer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from moneytrail.model.transfers import Channel
from moneytrail.sim.drug.lots import LotBook
from moneytrail.sim.events import block
from moneytrail.sim.instruments import kz_ibans
from moneytrail.sim.ledger import Ledger
from moneytrail.sim.writer import TableWriter


def test_lots_leave_first_in_first_out_and_split() -> None:
    book = LotBook()
    book.put(1, [(10, 500), (11, 300)])
    assert book.take(1, 600) == [(10, 500), (11, 100)]
    assert book.total(1) == 200
    assert book.holdings() == [(1, 11, 200)]
    with pytest.raises(ValueError, match="cannot take"):
        book.take(1, 201)


def test_ordinary_spending_stops_at_the_start_of_day_balance() -> None:
    ledger = Ledger(np.array([1000, 0]), endpoint_acct=np.array([0, 1, -1]))
    ts = np.array([3, 1, 2, 4])
    events = block(
        ts,
        np.array([400, 500, 300, 50]),
        Channel.CARD_PAYMENT,
        np.array([0, 0, 0, 2]),
        np.array([2, 1, 2, 1]),
    )
    kept = ledger.settle(events, day=0)
    assert sorted(kept.ts.tolist()) == [1, 2, 4]  # 500 + 300 fit in 1000, then 400 does not
    assert ledger.balance.tolist() == [200, 0]
    ledger.credit(kept, day=0)
    assert ledger.balance.tolist() == [200, 550]


def test_accounts_handed_over_take_no_ordinary_transfers() -> None:
    ledger = Ledger(np.array([1000, 1000]), endpoint_acct=np.array([0, 1]))
    ledger.normal_until[1] = 5
    events = block(
        np.array([1, 2]), np.array([10, 10]), Channel.P2P, np.array([0, 0]), np.array([1, 1])
    )
    assert len(ledger.settle(events, day=4)) == 2
    assert len(ledger.settle(events, day=5)) == 0


def test_vectorised_kazakh_ibans_have_valid_check_digits() -> None:
    from moneytrail.model.ids.bank import make_kz_iban

    ibans = kz_ibans(np.array([111, 188]), np.array([1234567, 9_999_999_999_999]))
    assert ibans == [make_kz_iban("111", "0000001234567"), make_kz_iban("188", "9999999999999")]


def test_writer_makes_fixed_row_groups_and_the_same_bytes(tmp_path: Path) -> None:
    schema = pa.schema([("n", pa.int64()), ("s", pa.string())])
    digests = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.parquet"
        with TableWriter(path, schema, 1000, "zstd") as writer:
            for start in range(0, 2500, 700):
                n = np.arange(start, min(start + 700, 2500))
                writer.write(pa.table({"n": n, "s": [str(v) for v in n]}))
        meta = pq.ParquetFile(path).metadata
        assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [1000, 1000, 500]
        digests.append(path.read_bytes())
    assert digests[0] == digests[1]
