"""The per-account rolling-window pipeline, checked by hand on a small lake (DuckDB)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from moneytrail.ingest.readers.amlworld import HEADER
from moneytrail.lake.engine import DuckDBEngine, open_engine
from moneytrail.lake.land import LandOptions, land
from moneytrail.lake.layout import Lake
from moneytrail.lake.windows import COLUMNS, account_days
from moneytrail.model.ids.base import Tokenizer
from moneytrail.settings import Settings

# (day of September 2022, from, to, amount in cents)
MOVES = [
    (1, "A", "B", 1000),
    (1, "A", "C", 200),
    (2, "B", "C", 300),
    (5, "C", "A", 50),
    (8, "A", "B", 10),
    (9, "A", "D", 20),
    (20, "B", "A", 5),
]


def _lake(tmp_path: Path) -> Lake:
    lines = [HEADER]
    for day, src, dst, cents in MOVES:
        amount = f"{cents / 100:.2f}"
        lines.append(
            f"2022/09/{day:02d} 10:00,001,{src},001,{dst},{amount},Euro,{amount},Euro,ACH,0"
        )
    (tmp_path / "m_Trans.csv").write_text("\n".join(lines) + "\n")
    land([tmp_path / "m_Trans.csv"], tmp_path / "lake", LandOptions(Tokenizer(b"k")))
    return Lake.at(tmp_path / "lake")


def expected() -> list[dict[str, Any]]:
    """The same numbers, computed the slow, obvious way."""
    legs: dict[str, list[tuple[int, str, int, bool]]] = defaultdict(list)
    for day, src, dst, cents in MOVES:
        legs[f"amlworld:001:{src}"].append((day, f"amlworld:001:{dst}", cents, True))
        legs[f"amlworld:001:{dst}"].append((day, f"amlworld:001:{src}", cents, False))
    rows = []
    for account in sorted(legs):
        days = sorted({leg[0] for leg in legs[account]})
        for index, day in enumerate(days):
            today = [leg for leg in legs[account] if leg[0] == day]
            week = [leg for leg in legs[account] if day - 6 <= leg[0] <= day]
            row = {"account": account, "day": date(2022, 9, 1) + timedelta(days=day - 1)}
            for prefix, legs_of in (("", today), ("_7d", week)):
                row[f"n_out{prefix}"] = sum(1 for leg in legs_of if leg[3])
                row[f"sum_out{prefix}"] = sum(leg[2] for leg in legs_of if leg[3])
                row[f"n_in{prefix}"] = sum(1 for leg in legs_of if not leg[3])
                row[f"sum_in{prefix}"] = sum(leg[2] for leg in legs_of if not leg[3])
            row["counterparties_7d"] = len({leg[1] for leg in week})
            row["gap_days"] = day - days[index - 1] if index else None
            rows.append({name: row[name] for name in COLUMNS})
    return rows


def test_daily_and_rolling_numbers_match_a_hand_count(tmp_path: Path) -> None:
    engine = open_engine(_lake(tmp_path).root, Settings())
    assert isinstance(engine, DuckDBEngine)  # the default engine
    try:
        got = engine.to_arrow(account_days(engine)).to_pylist()
    finally:
        engine.close()
    assert got == expected()
