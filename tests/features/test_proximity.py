"""Known requisites count only from when they became known; shared holders are counted."""

from __future__ import annotations

from datetime import timedelta

import pyarrow as pa

from moneytrail.features.engine import Engine, to_arrow
from moneytrail.features.legs import legs
from moneytrail.features.pipeline import transfer_features
from moneytrail.features.proximity import shared_counts, with_known
from tests.features.conftest import T0, transfers

ROWS = [
    ("1", 0, 100, "buyer", "mid", "p2p"),
    ("2", 60, 100, "mid", "shop_card", "p2p"),
    ("3", 120, 100, "other", "mid", "p2p"),
    ("4", 180, 100, "x", "buyer", "p2p"),
]


def _known(duck: Engine, minutes: int) -> dict[tuple[str, int], dict[str, object]]:
    since = int((T0 + timedelta(minutes=minutes)).timestamp())
    known = duck.from_arrow(pa.table({"instrument": ["shop_card"], "since": [since]}), "k")
    frame = with_known(duck, legs(duck, duck.from_arrow(transfers(ROWS), "k_in")), known)
    return {(str(r["transfer_id"]), int(r["incoming"])): r for r in to_arrow(frame).to_pylist()}


def test_one_and_two_hops(duck: Engine) -> None:
    rows = _known(duck, 0)
    assert rows[("2", 0)]["known_cp"] == 1
    assert rows[("2", 1)]["known_self"] == 1
    assert rows[("3", 0)]["known_cp2"] == 1
    assert rows[("4", 0)]["known_any"] == 0


def test_flag_raised_later_is_not_seen_earlier(duck: Engine) -> None:
    rows = _known(duck, 90)
    assert rows[("2", 0)]["known_cp"] == 0
    assert rows[("3", 0)]["known_cp2"] == 0


def test_shared_holder_counts_other_accounts(duck: Engine) -> None:
    table = transfers(
        ROWS, parties={"buyer": "900101300001", "mid": "900101300001", "other": "900101300001"}
    )
    out = to_arrow(shared_counts(duck, duck.from_arrow(table, "s_in"), None)).to_pylist()
    counts = {r["account"]: r["shared_iin"] for r in out}
    assert counts["mid"] == 2
    assert "shop_card" not in counts  # no known holder: no row, so the feature is missing


def test_known_counterparties_are_counted_per_account(duck: Engine) -> None:
    later = [
        ("5", 240, 100, "other", "shop_card", "p2p"),
        ("6", 300, 100, "mid", "shop_card", "p2p"),
    ]
    since = int(T0.timestamp())
    known = duck.from_arrow(pa.table({"instrument": ["shop_card"], "since": [since]}), "k30")
    frame = transfer_features(duck, duck.from_arrow(transfers([*ROWS, *later]), "k30_in"), known)
    out = {str(r["transfer_id"]): r for r in to_arrow(frame).to_pylist()}
    assert [out[t]["src_known_cp_30d"] for t in ("2", "5", "6")] == [1, 1, 2]
    assert out["6"]["dst_known_cp_30d"] == 0  # the requisite itself received, it sent nothing known


def test_linked_phones_and_devices_are_counted(duck: Engine) -> None:
    links = pa.table(
        {
            "instrument": ["buyer", "mid", "other", "mid"],
            "kind": ["phone", "phone", "device", "device"],
            "value": ["+77010000001", "+77010000001", "dev-1", "dev-1"],
        }
    )
    frame = shared_counts(
        duck, duck.from_arrow(transfers(ROWS), "l_in"), duck.from_arrow(links, "l_links")
    )
    counts = {
        r["account"]: (r["shared_phone"], r["shared_device"]) for r in to_arrow(frame).to_pylist()
    }
    assert counts == {"buyer": (1, 0), "mid": (1, 1), "other": (0, 1)}


def test_known_payers_share_counts_senders_one_hop_from_known(duck: Engine) -> None:
    week = 7 * 24 * 60
    rows = [
        ("p1", 0, 100, "b1", "shop_card", "p2p"),
        ("p2", 1, 100, "b2", "shop_card", "p2p"),
        ("n0", 10, 100, "stranger", "new", "p2p"),
        ("n1", 20, 100, "b1", "new", "p2p"),
        ("n2", 30, 100, "b2", "new", "p2p"),
        ("n3", 40, 100, "new", "x", "p2p"),
        ("n4", week + 25, 100, "stranger", "new", "p2p"),
    ]
    known = duck.from_arrow(pa.table({"instrument": ["shop_card"], "since": [0]}), "kp")
    frame = with_known(duck, legs(duck, duck.from_arrow(transfers(rows), "kp_in")), known)
    out = {(str(r["transfer_id"]), int(r["incoming"])): r for r in to_arrow(frame).to_pylist()}
    share = {key: out[key]["known_payers_7d"] for key in out}
    assert share[("n0", 1)] == 0.0  # a payer who never dealt with a known requisite
    assert share[("n2", 1)] == 2 / 4  # b1 and b2 of three payers (plus one)
    assert share[("n3", 0)] == 2 / 4  # the card's outgoing leg reads the same window
    assert share[("n4", 1)] == 1 / 3  # a week on: n1 has left the window, n2 not yet
    assert share[("p1", 1)] == 1 / 2  # paying a known requisite puts the payer one hop away
