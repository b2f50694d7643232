"""A simulated world's layout is read as transfers with drug labels and ground-truth roles."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from moneytrail.detect.datasets import load
from moneytrail.detect.heldout import into_droppers, roles
from tests.features.conftest import transfers


def _world(root: Path) -> Path:
    (root / "observable/bank/transfers").mkdir(parents=True)
    (root / "truth").mkdir()
    rows = [
        ("g1", 0, 1_000_000, "4000001", "4000002", "p2p"),
        ("g2", 60 * 24 * 3, 900_000, "4000002", "KZ01", "p2p"),
    ]
    pq.write_table(transfers(rows), root / "observable/bank/transfers/transfers-1.parquet")
    labels = pa.table(
        {
            "transfer_id": ["g1"],
            "ledger": ["bank"],
            "stage": ["buyer_payment"],
            "shop_id": ["s1"],
            "is_drug": [True],
        }
    )
    pq.write_table(labels, root / "truth/transfer_labels.parquet")
    pq.write_table(
        pa.table({"pan": ["4000002"], "role": ["drop_t1"]}), root / "truth/cards.parquet"
    )
    pq.write_table(
        pa.table({"iban": ["KZ01"], "role": ["ordinary"]}), root / "truth/accounts.parquet"
    )
    return root


def test_sim_world_loads_with_labels_and_days(tmp_path: Path) -> None:
    ds = load(f"sim:{_world(tmp_path)}")
    got = {r["transfer_id"]: (r["label"], r["period"]) for r in ds.labels.to_pylist()}
    assert got["g1"][0] == 1
    assert got["g2"][0] == 0
    assert got["g2"][1] - got["g1"][1] == 3
    assert ds.transfers.column("src_instrument_kind").to_pylist() == ["card", "card"]


def test_roles_cover_cards_and_accounts(tmp_path: Path) -> None:
    assert roles(_world(tmp_path)) == {"4000002": "drop_t1", "KZ01": "ordinary"}


def test_into_droppers_keeps_drug_money_paid_to_droppers(tmp_path: Path) -> None:
    world = _world(tmp_path)
    ds = load(f"sim:{world}")

    def labels(truth: dict[str, str]) -> dict[str, int]:
        out = into_droppers(ds, truth).labels
        return dict(zip(out["transfer_id"].to_pylist(), out["label"].to_pylist(), strict=True))

    assert labels(roles(world)) == {"g1": 1, "g2": 0}
    assert labels({"4000002": "exchanger"}) == {"g1": 0, "g2": 0}
