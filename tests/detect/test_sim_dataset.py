"""A simulated world's layout is read as transfers with drug labels and ground-truth roles."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from moneytrail.detect.datasets import load
from moneytrail.detect.heldout import into_droppers, roles
from moneytrail.detect.training import REPORT_DELAY_S, known_before
from tests.features.conftest import T0, transfers


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


def test_known_requisites_are_the_laundering_parties_own_cards(tmp_path: Path) -> None:
    """A buyer's card, an ATM, a courier's card and a car dealer's account get drug money
    but are not a shop's requisites; the droppers' cards and the nominee's account are."""
    (tmp_path / "observable/bank/transfers").mkdir(parents=True)
    (tmp_path / "truth").mkdir()
    day = 60 * 24
    rows = [
        ("g1", 0, 1_000_000, "4000001", "4000002", "p2p"),  # buyer → drop
        ("g2", 10, 1_000_000, "4000002", "4000003", "p2p"),  # drop → drop
        ("g3", 20, 500_000, "4000003", "ATM01", "atm"),  # cash-out
        ("g4", 30, 9_000_000, "KZ01", "KZ02", "bank_transfer"),  # nominee buys a car
        ("g6", 40, 300_000, "4000003", "4000007", "p2p"),  # a courier's pay
        ("g5", 3 * day, 700_000, "4000002", "4000009", "p2p"),  # after the split
    ]
    table = transfers(rows)
    cards = ("4000001", "4000002", "4000003", "4000007", "4000009")
    kinds = dict.fromkeys(cards, "card")
    kinds |= {"ATM01": "cash", "KZ01": "account", "KZ02": "account"}
    for end in ("src", "dst"):
        col = pa.array([kinds[i] for i in table[f"{end}_instrument"].to_pylist()])
        table = table.set_column(
            table.schema.get_field_index(f"{end}_instrument_kind"), f"{end}_instrument_kind", col
        )
    pq.write_table(table, tmp_path / "observable/bank/transfers/transfers-1.parquet")
    stages = [
        "buyer_payment",
        "t1_forward",
        "cash_out",
        "asset_purchase",
        "courier_pay",
        "t1_forward",
    ]
    labels = pa.table(
        {
            "transfer_id": ["g1", "g2", "g3", "g4", "g6", "g5"],
            "ledger": ["bank"] * 6,
            "stage": stages,
            "shop_id": ["s1"] * 6,
            "is_drug": [True] * 6,
        }
    )
    pq.write_table(labels, tmp_path / "truth/transfer_labels.parquet")
    ds = load(f"sim:{tmp_path}")
    first = min(ds.labels["period"].to_pylist())
    known = known_before(ds, first + 2)  # all but g5
    assert sorted(set(known["instrument"].to_pylist())) == ["4000002", "4000003", "KZ01"]
    assert min(known["since"].to_pylist()) == T0.timestamp() + REPORT_DELAY_S
