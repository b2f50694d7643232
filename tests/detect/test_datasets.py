"""AMLGentex and AMLSim are read through the ingest readers: labels, days, rejected rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from moneytrail.detect.datasets import load
from moneytrail.detect.errors import DetectError

NODES = "nodeid,isFraud,init_balance,fraudStep\n1,1,100.0,3\n2,1,50.0,3\n3,0,70.0,-1\n"
TRANSACTIONS = "sourceNodeId,targetNodeId,value,time\n1,2,10.5,1\n2,3,4.0,2\n3,1,1.0,5\n"


def _amlsim(root: Path, transactions: str = TRANSACTIONS) -> Path:
    (root / "nodes.csv").write_text(NODES)
    (root / "transactions.csv").write_text(transactions)
    return root


def test_amlsim_transfer_is_laundering_when_both_ends_are_fraud(tmp_path: Path) -> None:
    ds = load(f"amlsim:{_amlsim(tmp_path)}")
    rows = sorted(
        zip(
            ds.transfers["src_instrument"].to_pylist(),
            ds.labels["label"].to_pylist(),
            ds.labels["period"].to_pylist(),
            strict=True,
        )
    )
    assert rows == [("amlsim:1", 1, 1), ("amlsim:2", 0, 2), ("amlsim:3", 0, 5)]
    assert ds.transfers["amount_minor"].to_pylist()[0] == 1050


def test_rejected_row_names_file_and_line(tmp_path: Path) -> None:
    bad = TRANSACTIONS + "3,2,-7,6\n"
    with pytest.raises(DetectError, match=r"transactions\.csv line 5: value"):
        load(f"amlsim:{_amlsim(tmp_path, bad)}")


def test_amlgentex_keeps_account_to_account_transfers(agx_path: Path) -> None:
    ds = load(f"amlgentex:{agx_path}")
    assert all(s.startswith("amlgentex:") for s in ds.transfers["src_instrument"].to_pylist())
    assert "amlgentex:source" not in set(ds.transfers["src_instrument"].to_pylist())
    assert set(ds.labels["period"].to_pylist()) == set(range(40))
