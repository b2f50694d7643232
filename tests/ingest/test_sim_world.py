"""A whole simulated world ingested: every observable table lands, no card number in clear."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from moneytrail.lake.land import LandOptions, land
from moneytrail.model.ids.base import Tokenizer
from moneytrail.model.ids.card import luhn_valid
from moneytrail.sim.config import load_config
from moneytrail.sim.scales import SCALES
from moneytrail.sim.world import generate

DIGITS = re.compile(r"(?<![0-9])[0-9]{13,19}(?![0-9])")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("world")
    tiny = next(s for s in SCALES if s == "tiny")
    counts = generate(load_config(tiny, None), 7, out)
    return out, counts


def _clear_pans(lake: Path) -> list[str]:
    found = []
    for part in lake.rglob("*.parquet"):
        for column in pq.read_table(part).columns:
            for value in column.to_pylist():
                for match in DIGITS.findall(str(value)) if value is not None else ():
                    if luhn_valid(match) and len(match) == 16:
                        found.append(match)
    return found


def test_a_simulated_world_lands_whole_and_holds_no_card_in_clear(
    world: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    out, counts = world
    report = land([out], tmp_path / "lake", LandOptions(Tokenizer(b"k")))
    tables = report.tables()
    assert report.statuses()["failed"] == 0
    assert tables["transfers"].landed == counts["transfers"]
    assert tables["labels"].landed == counts["truth.transfer_labels"]
    assert tables["parties"].landed == counts["people"]
    assert tables["declarations"].landed == counts["customs.items"]
    assert all(c.quarantined == 0 for c in tables.values())
    assert _clear_pans(tmp_path / "lake") == []
    with duckdb.connect(str(tmp_path / "lake" / "catalog.duckdb"), read_only=True) as con:
        joined = con.execute(
            "SELECT count(*) FROM transfers t JOIN instruments i "
            "ON t.src_instrument = i.instrument_id AND i.instrument_kind = 'card' "
            "AND i.masked_cards IS NOT NULL AND len(i.masked_cards) = 1"
        ).fetchall()[0][0]
    assert joined > 0  # a card paying is found by its token, its masked number beside it
