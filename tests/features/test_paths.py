"""Cycles and scatter-gather are found, and only within the horizon."""

from __future__ import annotations

from collections.abc import Sequence

from moneytrail.features.engine import Engine, to_arrow
from moneytrail.features.paths import edges, pattern_events
from tests.features.conftest import Row, transfers

DAY = 60 * 24


def _events(duck: Engine, rows: Sequence[Row]) -> list[dict[str, object]]:
    frame = pattern_events(duck, edges(duck, duck.from_arrow(transfers(rows), "p_in")))
    return sorted(to_arrow(frame).to_pylist(), key=lambda r: (str(r["kind"]), str(r["account"])))


def test_three_cycle_marks_all_members(duck: Engine) -> None:
    rows = [
        ("a", 0, 100, "A", "B", "p2p"),
        ("b", 60, 100, "B", "C", "p2p"),
        ("c", 120, 100, "C", "A", "p2p"),
    ]
    cycles = {str(e["account"]) for e in _events(duck, rows) if e["kind"] == "cycle"}
    assert cycles == {"A", "B", "C"}


def test_cycle_beyond_horizon_is_not_one(duck: Engine) -> None:
    rows = [("a", 0, 100, "A", "B", "p2p"), ("b", 8 * DAY, 100, "B", "A", "p2p")]
    assert [e for e in _events(duck, rows) if e["kind"] == "cycle"] == []


def test_scatter_gather_counts_intermediaries(duck: Engine) -> None:
    rows = [
        ("1", 0, 100, "S", "M1", "p2p"),
        ("2", 0, 100, "S", "M2", "p2p"),
        ("3", 60, 100, "M1", "G", "p2p"),
        ("4", 90, 100, "M2", "G", "p2p"),
    ]
    sg = [e for e in _events(duck, rows) if e["kind"] == "scatter_gather"]
    assert {str(e["account"]): e["value"] for e in sg} == {"G": 2.0, "S": 2.0}
