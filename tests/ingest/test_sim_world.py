"""A whole simulated world ingested: every observable table lands, no card number in clear.

Counts are checked against the world's own files: its manifest's counts and its truth."""

from __future__ import annotations

import json
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
DIGEST = re.compile(r"[0-9a-f]{24,}")
"""Hex digests (ids, tokens, transaction hashes): a run of 16 decimal digits inside one is
no card number (ids that hash a file's path, different in every temporary folder, gave
one that passed Luhn by chance)."""


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
                text = DIGEST.sub(" ", str(value)) if value is not None else ""
                for match in DIGITS.findall(text):
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
    assert tables["parties"].landed == counts["people"] + counts["companies"]
    assert tables["declarations"].landed == counts["customs.items"]
    assert tables["posts"].landed == counts["online.posts"] + counts["online.pages"]
    truth = pq.read_table(out / "truth" / "passengers.parquet")
    listed = truth.column("paxlst_file").null_count + truth.column("pnrgov_file").null_count
    assert tables["passengers"].landed == 2 * truth.num_rows - listed
    assert all(c.quarantined == 0 for c in tables.values())
    assert _clear_pans(tmp_path / "lake") == []
    with duckdb.connect(str(tmp_path / "lake" / "catalog.duckdb"), read_only=True) as con:
        joined = con.execute(
            "SELECT count(*) FROM transfers t JOIN instruments i "
            "ON t.src_instrument = i.instrument_id AND i.instrument_kind = 'card' "
            "AND i.masked_cards IS NOT NULL AND len(i.masked_cards) = 1"
        ).fetchall()[0][0]
    assert joined > 0  # a card paying is found by its token, its masked number beside it


def _requisite_cards(out: Path) -> set[str]:
    """The card numbers the world's posts name, as its truth lists them."""
    cards = set()
    for line in (out / "truth" / "online" / "posts.jsonl").read_text().splitlines():
        for requisite in json.loads(line)["requisites"]:
            if requisite["kind"] == "card":
                cards.add(requisite["value"])
    return cards


def test_posts_companies_and_passengers_land_with_their_world_ids(
    world: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    out, _ = world
    observable = out / "observable"
    paths = [observable / "online", observable / "passengers", observable / "registry"]
    land(paths, tmp_path / "lake", LandOptions(Tokenizer(b"k")))
    with duckdb.connect(str(tmp_path / "lake" / "catalog.duckdb"), read_only=True) as con:
        texts = [r[0] for r in con.execute("SELECT text FROM posts").fetchall()]
        tokens = con.execute("SELECT count(*) FROM posts WHERE len(card_tokens) > 0").fetchall()
        kinds = dict(
            con.execute("SELECT party_kind, count(bin) FROM parties GROUP BY 1").fetchall()
        )
        ids = con.execute("SELECT post_id FROM posts ORDER BY post_id").fetchall()
    truth = out / "truth" / "online"
    truth_ids = [json.loads(line)["post_id"] for line in (truth / "posts.jsonl").open()]
    truth_ids += [json.loads(line)["page_id"] for line in (truth / "pages.jsonl").open()]
    assert [i[0] for i in ids] == sorted(truth_ids)
    assert kinds["company"] > 0
    assert kinds["person"] == 0
    cards = _requisite_cards(out)
    assert tokens[0][0] > 0 or not cards
    clear = "".join(texts).replace(" ", "").replace(".", "").replace("-", "")
    assert not [card for card in cards if card in clear]
