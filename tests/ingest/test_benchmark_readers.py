"""AMLSim and AMLGentex read from the real files in shared/data/external: every row counted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from moneytrail.ingest.contract import Item, Landed, ReadContext, Rejected, RejectedBatch
from moneytrail.ingest.readers import detect
from moneytrail.ingest.readers.amlgentex import AmlGentexReader
from moneytrail.ingest.readers.amlsim import AmlSimReader
from moneytrail.model.ids.base import Tokenizer
from tests.ingest.external import AMLGENTEX, AMLSIM


def _collect(items: Iterator[Item]) -> tuple[dict[str, pa.Table], int]:
    landed: dict[str, list[pa.Table]] = {}
    rejected = 0
    for item in items:
        if isinstance(item, Landed):
            landed.setdefault(item.table, []).append(item.rows)
        elif isinstance(item, RejectedBatch):
            rejected += item.rows.num_rows
        elif isinstance(item, Rejected):
            rejected += 1
    return {name: pa.concat_tables(parts) for name, parts in landed.items()}, rejected


def _ctx(source: str) -> ReadContext:
    return ReadContext(Tokenizer(b"k"), source, file_id="x")


def test_formats_are_detected_from_the_files(amlsim_dir: Path) -> None:
    for path, name in [
        (AMLGENTEX, "amlgentex"),
        (AMLSIM, "amlsim"),
        (amlsim_dir / "nodes.csv", "amlsim"),
        (amlsim_dir / "transactions.csv", "amlsim"),
    ]:
        reader = detect(path, path.read_bytes()[:4096])
        assert reader is not None, path
        assert reader.name == name, path
    assert detect(amlsim_dir / "metadata.txt", b"nodes: 20,000") is None


def test_amlsim_archive_gives_every_account_transfer_and_label() -> None:
    tables, rejected = _collect(AmlSimReader().read(AMLSIM, _ctx("amlsim")))
    assert rejected == 0
    assert tables["instruments"].num_rows == 20_000
    assert tables["transfers"].num_rows == 120_558
    labels = tables["labels"]
    assert labels.num_rows == 1_804
    assert set(labels.column("subject_kind").to_pylist()) == {"instrument"}
    assert labels.column("since").null_count == 1_804 - 898
    first = tables["transfers"].slice(0, 1).to_pylist()[0]
    assert (first["src_instrument"], first["dst_instrument"]) == ("amlsim:216", "amlsim:14730")
    assert first["amount_minor"] == 16330
    assert first["ts"] == datetime(2017, 1, 2, tzinfo=UTC)
    assert first["file"] == f"{AMLSIM}!20K_fanin200cycle200/transactions.csv"
    assert first["row"] == 2


def test_amlsim_directory_reads_like_the_archive(amlsim_dir: Path) -> None:
    nodes, _ = _collect(AmlSimReader().read(amlsim_dir / "nodes.csv", _ctx("amlsim")))
    moves, _ = _collect(AmlSimReader().read(amlsim_dir / "transactions.csv", _ctx("amlsim")))
    archived, _ = _collect(AmlSimReader().read(AMLSIM, _ctx("amlsim")))
    for name, table in [("instruments", nodes), ("labels", nodes), ("transfers", moves)]:
        ours, theirs = table[name], archived[name]
        assert ours.drop_columns(["file"]).equals(theirs.drop_columns(["file"])), name


def test_amlgentex_gives_every_transfer_with_external_ends_apart() -> None:
    tables, rejected = _collect(AmlGentexReader().read(AMLGENTEX, _ctx("amlgentex")))
    transfers = tables["transfers"]
    assert rejected == 0
    assert transfers.num_rows == 679_386
    src_external = pc.equal(transfers.column("src_instrument_kind"), "external")
    dst_external = pc.equal(transfers.column("dst_instrument_kind"), "external")
    assert pc.sum(src_external).as_py() == 40_000
    assert pc.sum(dst_external).as_py() == 528_000
    both_accounts = pc.and_(pc.invert(src_external), pc.invert(dst_external))
    assert pc.sum(both_accounts).as_py() == 111_386
    externals = set(pc.filter(transfers.column("src_instrument"), src_external).to_pylist())
    assert externals == {"amlgentex:source"}
    bounds = pc.min_max(transfers.column("ts")).as_py()
    assert bounds == {
        "min": datetime(2023, 1, 1, tzinfo=UTC),
        "max": datetime(2023, 4, 10, tzinfo=UTC),
    }


def test_amlgentex_laundering_labels_carry_typology_and_pattern() -> None:
    tables, _ = _collect(AmlGentexReader().read(AMLGENTEX, _ctx("amlgentex")))
    labels = tables["labels"]
    assert labels.num_rows == 884
    typologies = pc.value_counts(labels.column("typology")).to_pylist()
    counts = {entry["values"]: entry["counts"] for entry in typologies}
    assert counts == {
        "fan_out": 66,
        "fan_in": 75,
        "cycle": 70,
        "bipartite": 397,
        "stack": 74,
        "scatter_gather": 131,
        "gather_scatter": 71,
    }
    assert labels.column("group_id").null_count == 0
    ids = set(tables["transfers"].column("transfer_id").to_pylist())
    assert set(labels.column("subject_id").to_pylist()) <= ids
